"""The benchmark harness: what a case is, and how it is timed.

The method is the project's ``BENCHMARKS.md`` (and the README's):

* ours and each scikit-learn reference run **side by side in one process**,
  alternating A, B, A, B ... on the same arrays, so that a slow minute on a
  shared machine hits both;
* a **warm-up** call on a small slice comes first, excluded from the steady
  state.  Ours' "first call" (the Numba compilation) is reported
  separately; in the full suite it is measured in a fresh Python process per
  case with an empty Numba cache (``_first_call.py``), so that neither the
  on-disk cache nor kernels compiled by an earlier case hide this case's
  compile cost; ``--quick`` reports the warm-up's first calls instead;
* **one thread** (pinned by ``run.py`` before numpy is imported);
* **process CPU time** and wall time, the **median** of the repeats, and the
  ratio ours / scikit-learn on CPU time;
* a **quality** figure for both on a held-out split (n/5 rows from the same
  generator call), next to the speed;
* for the cases with ``memory=True``, the **peak resident memory** of each
  contender's operation, each in a fresh process (``_peak_memory.py``).

A case is declarative (see :class:`Case`); the families register theirs in
``benchmarks/cases/<family>.py``.  This module knows nothing about any family.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

# --------------------------------------------------------------------------
# What a case is
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """A data generator with a held-out split.

    ``make(n)`` returns ``(X_train, y_train, X_test, y_test)`` with ``n``
    training rows and ``n // 5`` test rows, both drawn from **one** generator
    call with ``random_state=0`` (a second call with another seed would be a
    different problem: ``make_classification`` draws its class centroids from
    the seed).  ``key`` identifies the data so that consecutive cases on the
    same data (GaussianNB, BernoulliNB) share one copy.
    """

    key: str
    description: str  # "make_classification {n}×100, ...": {n} is filled in
    make: Callable[[int], tuple]

    def describe(self, n):
        return self.description.format(n=_short_count(n), n_test=_short_count(n // 5))


@dataclass(frozen=True)
class Contender:
    """An estimator class (imported lazily) and its constructor parameters."""

    label: str  # how it shows in the tables: "ours", "sklearn svd_solver=full"
    module: str  # "sklearn_notes.naive_bayes"
    name: str  # "GaussianNB"
    params: dict = field(default_factory=dict)

    def estimator_class(self):
        return getattr(importlib.import_module(self.module), self.name)

    def make(self):
        return self.estimator_class()(**self.params)

    def as_sklearn_stand_in(self):
        """The same class from scikit-learn (``--stand-in``: an A/A check)."""
        module = self.module.replace("sklearn_notes.", "sklearn.", 1)
        return Contender(self.label, module, self.name, dict(self.params))


@dataclass(frozen=True)
class Target:
    """The ratio to reach for one operation.

    ``against`` is a reference label, or ``"fastest"``: the reference with the
    smallest median CPU time for that operation in this very run.
    """

    operation: str
    max_ratio: float
    against: str = "fastest"


@dataclass(frozen=True)
class Case:
    """One benchmark: an estimator of ours against one or more references.

    Parameters
    ----------
    family : str
        The subpackage, ``"naive_bayes"``; ``--only`` matches it.
    estimator : str
        The class name, ``"GaussianNB"``; ``--only`` matches it too.
    dataset : Dataset
    n_standard, n_quick : int
        Training rows in the full suite and in ``--quick``.
    ours : Contender
    references : list of Contender
        scikit-learn's twin(s), e.g. PCA's solvers.
    operations : tuple of str
        Keys of :data:`OPERATIONS`, timed in this order.
    quality : callable (fitted, X_test, y_test) -> float
    quality_name : str
        "accuracy", "R²", "held-out explained variance" ...
    agreement : callable (ours_fitted, reference_fitted, X_test) -> str, optional
        How close ours is to the reference (fraction of equal predictions...).
    targets : tuple of Target
    throughput : callable (operation, ours_fitted, X, X_test, cpu_s) -> str, optional
        Ours' rate, to compare with the machine's ceiling (machine.md):
        by default the bytes of the input read once, in GB/s
        (:func:`input_bandwidth`); an iterative or compute-bound algorithm
        gives its own (k-means: GFLOP/s of the distance products).
    variant : str, optional
        Tells apart several cases of one estimator (shown after its name).
    stand_in : Contender, optional
        What ``--stand-in`` puts in ours' slot when scikit-learn has no class
        of the same name (default: ours' class name from ``sklearn.<module>``).
    memory : bool, default=False
        Also measure the peak resident memory (RSS) of each contender's
        operations, each in a fresh process (:func:`peak_memory_in_fresh_process`);
        full suite only, not with ``--quick``.
    """

    family: str
    estimator: str
    dataset: Dataset
    n_standard: int
    n_quick: int
    ours: Contender
    references: tuple
    operations: tuple
    quality: Callable
    quality_name: str
    agreement: Callable | None = None
    targets: tuple = ()
    n_warm_up: int = 1000  # rows of the warm-up slice (all classes present)
    stand_in: Contender | None = None  # for --stand-in when sklearn has no twin
    throughput: Callable | None = None  # default: input_bandwidth
    variant: str = ""  # tells apart several cases of one estimator: "d=2, fft"
    memory: bool = False  # also measure peak RSS per operation (fresh processes)

    @property
    def name(self):
        """The estimator, with the variant if any: "KernelDensity (d=2, fft)"."""
        return f"{self.estimator} ({self.variant})" if self.variant else self.estimator

    @property
    def title(self):
        """Unique over the registry (cases.all_cases numbers any duplicates)."""
        return f"{self.family}.{self.name}"

    def matches(self, names):
        wanted = {name.lower() for name in names}
        return bool(wanted & {self.family.lower(), self.estimator.lower(),
                              self.name.lower(), self.title.lower()})


# --------------------------------------------------------------------------
# Operations: sequences of steps, so that "fit+predict" is timed as one call
# and its first call is the sum of its steps' first calls.
# --------------------------------------------------------------------------


def _step_fit(estimator, X, y, X_test):
    estimator.fit(X, y)


def _step_predict(estimator, X, y, X_test):
    estimator.predict(X_test)


def _step_transform(estimator, X, y, X_test):
    estimator.transform(X_test)


def _step_score_samples(estimator, X, y, X_test):
    estimator.score_samples(X_test)


STEPS = {
    "fit": _step_fit,
    "predict": _step_predict,
    "transform": _step_transform,
    "score_samples": _step_score_samples,
}

#: operation name -> its steps.  predict/transform/score_samples act on the
#: held-out X_test (n/5 rows); fit on the n training rows.
OPERATIONS = {
    "fit": ("fit",),
    "predict": ("predict",),
    "transform": ("transform",),
    "score_samples": ("score_samples",),
    "fit+predict": ("fit", "predict"),
    "fit+transform": ("fit", "transform"),
}


def _run_steps(estimator, steps, X, y, X_test):
    for step in steps:
        STEPS[step](estimator, X, y, X_test)


# --------------------------------------------------------------------------
# Timing
# --------------------------------------------------------------------------


def timed(function):
    """Run ``function()`` once; return (result, CPU seconds, wall seconds).

    The cyclic garbage collector is paused during the call, as :mod:`timeit`
    does, so that no contender pays for a collection of another's garbage
    (arrays are freed by reference counting anyway).  The harness empties it
    with :func:`gc.collect` before each block of calls, not before each call:
    a full collection of this process's heap costs ~0.1 s, more than a
    quick-run call.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        result = function()
        wall, cpu = time.perf_counter() - wall_start, time.process_time() - cpu_start
    finally:
        if was_enabled:
            gc.enable()
    return result, cpu, wall


class DataCache:
    """Keeps the last generated dataset only: consecutive cases share it,
    and an 800 MB array is freed as soon as a case needs other data."""

    def __init__(self):
        self._key = None
        self._data = None

    def get(self, dataset, n):
        key = (dataset.key, n)
        if key != self._key:
            self.clear()
            self._data = dataset.make(n)
            self._key = key
        return self._data

    def clear(self):
        self._key = self._data = None
        gc.collect()


class PlainProgress:
    """Stands in for tqdm when it is not installed: one line per stage."""

    def __init__(self, total, file=sys.stderr, **ignored):
        self.total, self.n, self.file = total, 0, file
        self._description = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        print(f"done: {self.n}/{self.total} calls", file=self.file, flush=True)

    def update(self, count=1):
        self.n += count

    def set_description_str(self, description):
        if description != self._description:
            self._description = description
            print(f"[{self.n}/{self.total}] {description}", file=self.file, flush=True)

    @staticmethod
    def write(message, file=sys.stderr):
        print(message, file=file, flush=True)


class _StageClock:
    """Shows the stage in the progress bar and adds up this process's CPU
    time per stage (stored in results.json: where a run's time goes)."""

    def __init__(self, name, progress):
        self.name, self.progress = name, progress
        self.cpu = {}
        self._stage, self._start = None, time.process_time()

    def __call__(self, stage):
        now = time.process_time()
        if self._stage is not None:
            self.cpu[self._stage] = self.cpu.get(self._stage, 0.0) + now - self._start
        self._stage, self._start = stage, now
        if stage is not None:
            self.progress.set_description_str(f"{self.name}: {stage}")

    def finish(self):
        self(None)
        return self.cpu


def first_call_in_fresh_process(case, stand_in=False):
    """Ours' first calls, each step, in a new Python process with an empty
    Numba cache (see _first_call.py): the compile cost, whatever ran before.

    The full suite only: ``--quick`` takes the first calls of the timing
    process's warm-up instead (a second interpreter per case costs ~1 s).

    Returns {step: (cpu_s, wall_s)}, or None (and a message) if it failed.
    """
    script = Path(__file__).resolve().parent / "_first_call.py"
    command = [sys.executable, str(script), case.title] + (
        ["--stand-in"] if stand_in else [])
    try:
        with tempfile.TemporaryDirectory(prefix="sklearn_notes_bench_") as cache:
            completed = subprocess.run(
                command, capture_output=True, text=True, timeout=900, check=True,
                env={**os.environ, "NUMBA_CACHE_DIR": cache})
        measured = json.loads(completed.stdout.strip().splitlines()[-1])
    except (subprocess.SubprocessError, ValueError, IndexError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        print(f"first call of {case.title} in a fresh process failed: {exc}\n"
              f"{detail[-2000:]}", file=sys.stderr)
        return None
    return {step: tuple(times) for step, times in measured.items()}


def peak_memory_in_fresh_process(case, label, operation, n, stand_in=False):
    """Peak RSS of one contender's operation, in a new Python process.

    See ``_peak_memory.py``: the process draws the data, fits (unless the
    operation fits), warms up on a slice, resets its peak-RSS counter and
    runs the operation once.

    Returns {"peak_rss_mib", "baseline_rss_mib", "extra_mib", "method"}, or
    None (and a message) if it failed.
    """
    script = Path(__file__).resolve().parent / "_peak_memory.py"
    command = [sys.executable, str(script), case.title, label, operation, str(n)] + (
        ["--stand-in"] if stand_in else [])
    try:
        completed = subprocess.run(command, capture_output=True, text=True,
                                   timeout=3600, check=True)
        return json.loads(completed.stdout.strip().splitlines()[-1])
    except (subprocess.SubprocessError, ValueError, IndexError) as exc:
        detail = getattr(exc, "stderr", "") or ""
        print(f"peak memory of {case.title} {label} {operation} in a fresh "
              f"process failed: {exc}\n{detail[-2000:]}", file=sys.stderr)
        return None


def n_timed_calls(case, repeats):
    """How many calls a case makes (for the progress bar)."""
    contenders = 1 + len(case.references)
    steps = {step for op in case.operations for step in OPERATIONS[op]}
    memory_runs = contenders * len(case.operations) if case.memory else 0
    return (1 + contenders * (len(steps | {"fit"}) + repeats * len(case.operations))
            + memory_runs)


def run_case(case, *, quick, repeats, data_cache, progress, stand_in=False):
    """Time one case; return its result dict (rows and raw times).

    ``progress`` is a tqdm bar (or anything with ``update`` and
    ``set_description_str``).
    """
    n = case.n_quick if quick else case.n_standard
    stage = _StageClock(case.name, progress)
    ours = case.ours
    if stand_in:
        ours = case.stand_in or case.ours.as_sklearn_stand_in()
    contenders = [ours, *case.references]

    # Import (and construct) everything first: a missing estimator is an
    # error for this case, reported at once, not after generating its data.
    for contender in contenders:
        contender.make()

    # ---- ours' first call, in a fresh process (full suite) ----------------
    fresh_first_call = None
    if not quick:
        stage("first call (new process)")
        fresh_first_call = first_call_in_fresh_process(case, stand_in)
    progress.update()

    # ---- peak RSS, one fresh process per contender and operation ----------
    # Full suite only (as the fresh-process first call: --quick saves the
    # interpreters), before this process holds the data: the two copies
    # never coexist.
    memory = {}  # label -> operation -> dict or None
    if case.memory and not quick:
        stage("peak memory (new processes)")
        data_cache.clear()
        for op in case.operations:
            for contender in contenders:
                memory.setdefault(contender.label, {})[op] = (
                    peak_memory_in_fresh_process(case, contender.label, op, n,
                                                 stand_in))
                progress.update()

    stage("data")
    X, y, X_test, y_test = data_cache.get(case.dataset, n)

    # ---- warm-up on a small slice (first calls in this process) -----------
    stage("warm-up")
    n_warm = min(case.n_warm_up, n)
    warm = (X[:n_warm], y[:n_warm], X_test[: max(n_warm // 5, 1)])
    steps_in_order = ["fit"]  # the other steps need a fitted estimator
    for op in case.operations:
        for step in OPERATIONS[op]:
            if step not in steps_in_order:
                steps_in_order.append(step)
    first_call = {}  # label -> step -> (cpu, wall)
    gc.collect()
    for contender in contenders:
        estimator = contender.make()
        first_call[contender.label] = {}
        for step in steps_in_order:
            _, cpu, wall = timed(lambda: STEPS[step](estimator, *warm[:2], warm[2]))
            first_call[contender.label][step] = (cpu, wall)
            progress.update()

    # ---- steady state: A, B, A, B ... per operation -----------------------
    times = {c.label: {op: {"cpu": [], "wall": []} for op in case.operations}
             for c in contenders}
    fitted = {}
    for op in case.operations:
        steps = OPERATIONS[op]
        refits = steps[0] == "fit"
        if not refits:
            # predict/transform need a fitted estimator (not timed)
            for contender in contenders:
                if contender.label not in fitted:
                    fitted[contender.label] = contender.make().fit(X, y)
        stage(op)
        gc.collect()
        for _ in range(repeats):
            for contender in contenders:
                estimator = contender.make() if refits else fitted[contender.label]
                _, cpu, wall = timed(lambda: _run_steps(estimator, steps, X, y, X_test))
                times[contender.label][op]["cpu"].append(cpu)
                times[contender.label][op]["wall"].append(wall)
                if refits:
                    fitted[contender.label] = estimator
                progress.update()

    # ---- quality on the held-out split ------------------------------------
    stage("quality")
    for contender in contenders:
        if contender.label not in fitted:
            fitted[contender.label] = contender.make().fit(X, y)
    quality = {c.label: float(case.quality(fitted[c.label], X_test, y_test))
               for c in contenders}
    agreement = {}
    if case.agreement is not None:
        for reference in case.references:
            agreement[reference.label] = case.agreement(
                fitted[ours.label], fitted[reference.label], X_test)
    ours_fitted = fitted[ours.label]
    del fitted

    result = _result(case, n, contenders, times, first_call, fresh_first_call,
                     quality, agreement, stand_in, ours_fitted, X, X_test, quick,
                     memory)
    result["stage_cpu_s"] = stage.finish()
    return result


def _median(values):
    return statistics.median(values) if values else float("nan")


def _memory_figure(memory, label, op, key):
    measured = memory.get(label, {}).get(op)
    return None if measured is None else measured[key]


def _result(case, n, contenders, times, first_call, fresh_first_call, quality,
            agreement, stand_in, ours_fitted, X, X_test, quick, memory=None):
    ours, references = contenders[0], contenders[1:]
    memory = memory or {}
    rows = []
    for op in case.operations:
        medians = {c.label: {kind: _median(times[c.label][op][kind])
                             for kind in ("cpu", "wall")} for c in contenders}
        fastest = min(references, key=lambda r: medians[r.label]["cpu"]).label
        input_bytes = sum(X.nbytes if step == "fit" else X_test.nbytes
                          for step in OPERATIONS[op])
        throughput = (case.throughput or input_bandwidth)(
            op, ours_fitted, X, X_test, medians[ours.label]["cpu"])
        steps = OPERATIONS[op]
        in_process_first = [sum(first_call[ours.label][s][i] for s in steps)
                            for i in (0, 1)]  # CPU, wall
        ours_first = in_process_first  # --quick
        if fresh_first_call is not None:
            ours_first = [sum(fresh_first_call[s][i] for s in steps) for i in (0, 1)]
        elif not quick:
            ours_first = [None, None]  # the fresh process failed: no figure
            # rather than one that an earlier case's compilation may have hidden
        for reference in references:
            ratio = medians[ours.label]["cpu"] / medians[reference.label]["cpu"]
            target = _target_for(case, op, reference.label, fastest)
            rows.append({
                "family": case.family,
                "estimator": case.name,
                "estimator_class": case.estimator,
                "variant": case.variant,
                "data": case.dataset.describe(n),
                # (a case's data may hold other sizes than n and n/5)
                "n_train": X.shape[0],
                "n_test": X_test.shape[0],
                "operation": op,
                "reference": reference.label,
                # flagged where a target is against the fastest reference
                "reference_is_fastest": reference.label == fastest and any(
                    t.operation == op and t.against == "fastest"
                    for t in case.targets),
                "ours_cpu_s": medians[ours.label]["cpu"],
                "sklearn_cpu_s": medians[reference.label]["cpu"],
                "ratio": ratio,
                "ours_wall_s": medians[ours.label]["wall"],
                "sklearn_wall_s": medians[reference.label]["wall"],
                "ours_first_call_s": ours_first[1],  # wall
                "ours_first_call_cpu_s": ours_first[0],
                "ours_input_gbs": input_bytes / medians[ours.label]["cpu"] / 1e9,
                "ours_throughput": throughput,
                "ours_import_s": None if fresh_first_call is None
                else fresh_first_call["import"][1],
                "ours_first_call_in_process_s": in_process_first[1],
                "sklearn_first_call_s": sum(first_call[reference.label][s][1]
                                            for s in OPERATIONS[op]),
                "quality_name": case.quality_name,
                "quality_ours": quality[ours.label],
                "quality_sklearn": quality[reference.label],
                "agreement": agreement.get(reference.label, ""),
                "target_ratio": None if target is None else target.max_ratio,
                "target_against": None if target is None else target.against,
                "target_met": None if target is None else bool(
                    ratio <= target.max_ratio),
                # peak RSS (MiB) during the operation, and its growth over the
                # RSS before it (None: not measured, see Case.memory)
                "ours_peak_rss_mib": _memory_figure(memory, ours.label, op,
                                                    "peak_rss_mib"),
                "sklearn_peak_rss_mib": _memory_figure(memory, reference.label, op,
                                                       "peak_rss_mib"),
                "ours_extra_rss_mib": _memory_figure(memory, ours.label, op,
                                                     "extra_mib"),
                "sklearn_extra_rss_mib": _memory_figure(memory, reference.label, op,
                                                        "extra_mib"),
                "ours_cpu_all_s": times[ours.label][op]["cpu"],
                "sklearn_cpu_all_s": times[reference.label][op]["cpu"],
                "ours_wall_all_s": times[ours.label][op]["wall"],
                "sklearn_wall_all_s": times[reference.label][op]["wall"],
            })
    return {
        "case": case.title,
        "family": case.family,
        "estimator": case.name,
        "ours": f"{ours.module}.{ours.name}({_params(ours.params)})",
        "references": [f"{r.module}.{r.name}({_params(r.params)})"
                       for r in references],
        "stand_in": stand_in,
        "rows": rows,
        "error": None,
    }


def _target_for(case, op, reference_label, fastest_label):
    for target in case.targets:
        if target.operation != op:
            continue
        if target.against == reference_label or (
            target.against == "fastest" and reference_label == fastest_label
        ):
            return target
    return None


def summarise_warnings(caught):
    """Distinct warnings of a case: "Category: first line" and a count."""
    counts = {}
    for warning in caught:
        first_line = str(warning.message).strip().splitlines()[0] if str(
            warning.message).strip() else ""
        key = f"{warning.category.__name__}: {first_line}"
        counts[key] = counts.get(key, 0) + 1
    return [{"warning": key, "count": count} for key, count in counts.items()]


def error_result(case, exc):
    """The result of a case that raised: reported, and the run goes on."""
    return {
        "case": case.title,
        "family": case.family,
        "estimator": case.name,
        "rows": [],
        "error": "".join(traceback.format_exception_only(type(exc), exc)).strip(),
        "traceback": traceback.format_exc(),
    }


# --------------------------------------------------------------------------
# Small helpers shared by the cases
# --------------------------------------------------------------------------


def _params(params):
    def show(value):  # an init array is not worth printing in full
        if hasattr(value, "shape"):
            return f"<{value.dtype} array of shape {value.shape}>"
        return repr(value)

    return ", ".join(f"{k}={show(v)}" for k, v in params.items())


def _short_count(n):
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def input_bandwidth(operation, ours_fitted, X, X_test, cpu_seconds):
    """The default throughput: bytes of the input arrays (X for fit, X_test
    for the other steps), read once, per CPU second."""
    nbytes = sum(X.nbytes if step == "fit" else X_test.nbytes
                 for step in OPERATIONS[operation])
    return f"{nbytes / cpu_seconds / 1e9:.2g} GB/s"


def accuracy(estimator, X_test, y_test):
    """Fraction of held-out labels predicted right."""
    return float(np.mean(estimator.predict(X_test) == y_test))


def same_predictions(ours, reference, X_test):
    """Fraction of held-out rows on which both predict the same label."""
    same = int(np.sum(ours.predict(X_test) == reference.predict(X_test)))
    return f"{same:,} of {len(X_test):,} same"
