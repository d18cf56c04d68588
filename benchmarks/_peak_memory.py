"""Peak resident memory of one contender's operation, in a fresh process.

    python benchmarks/_peak_memory.py <family.Estimator> <label> <operation> <n> \
        [--stand-in]

Run by the harness for the cases with ``memory=True``, one process per
contender and operation, so that one estimator's garbage, caches or
fragmented heap cannot count against another.  The process draws the case's
data (``n`` training rows), fits the contender if the operation does not
start with ``fit`` (not measured), warms the operation up on a small slice
(imports, Numba compilation: not measured), then resets the kernel's
high-water mark of its resident set (``/proc/self/clear_refs``, Linux) and
runs the operation once.  It prints a JSON object:

- ``peak_rss_mib``: the process's peak resident set during the operation,
  data and fitted model included;
- ``baseline_rss_mib``: the resident set just before it;
- ``extra_mib``: the difference, the memory the operation itself needed
  (its result included);
- ``cpu_s``, ``wall_s``: the operation's process CPU time and wall time
  (one run: the harness's medians are the figures to compare);
- ``method``: ``"VmHWM"``, or ``"ru_maxrss"`` where the high-water mark
  cannot be reset (then the peak may be the data generation's, an upper
  bound).

The thread variables are inherited from run.py.
"""

import ctypes
import gc
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.append(str(Path(__file__).resolve().parent.parent))  # as run.py does

MiB = 2**20


def _status_kib(field):
    """A ``/proc/self/status`` figure in KiB (None if unavailable)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak():
    """Reset the kernel's peak-RSS counter (VmHWM); False if not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return _status_kib("VmHWM") is not None


def _release_free_heap():
    """Give the heap's free pages back to the OS (glibc ``malloc_trim``).

    Otherwise memory freed by the data generation or the fit stays resident,
    the operation's allocations reuse it, and ``extra_mib`` undercounts.
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: extra_mib is a lower bound
        pass


def _rss_now_mib():
    kib = _status_kib("VmRSS")
    if kib is None:  # not Linux: the peak so far is all we know
        return _maxrss_mib()
    return kib / 1024


def _maxrss_mib():
    # Linux reports KiB, macOS bytes
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / MiB


def main(title, label, operation, n, stand_in):
    from _harness import OPERATIONS, STEPS
    from cases import all_cases

    case = next(case for case in all_cases() if case.title == title)
    ours = case.ours
    if stand_in:
        ours = case.stand_in or case.ours.as_sklearn_stand_in()
    contender = next(c for c in (ours, *case.references) if c.label == label)
    X, y, X_test, _ = case.dataset.make(n)
    steps = OPERATIONS[operation]

    # warm-up on a slice: imports and compilation are not the operation's
    n_warm = min(case.n_warm_up, len(X))
    warm = (X[:n_warm], y[:n_warm], X_test[: max(n_warm // 5, 1)])
    warm_estimator = contender.make()
    for step in dict.fromkeys(("fit", *steps)):
        STEPS[step](warm_estimator, *warm)
    del warm_estimator

    estimator = contender.make()
    if steps[0] != "fit":
        estimator.fit(X, y)
    gc.collect()
    _release_free_heap()
    baseline = _rss_now_mib()
    method = "VmHWM" if _reset_peak() else "ru_maxrss"
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    for step in steps:
        STEPS[step](estimator, X, y, X_test)
    cpu, wall = time.process_time() - cpu_start, time.perf_counter() - wall_start
    peak = _status_kib("VmHWM") / 1024 if method == "VmHWM" else _maxrss_mib()
    return {
        "peak_rss_mib": peak,
        "baseline_rss_mib": baseline,
        "extra_mib": peak - baseline,
        "cpu_s": cpu,
        "wall_s": wall,
        "method": method,
    }


if __name__ == "__main__":
    title, label, operation, n = sys.argv[1:5]
    stand_in = "--stand-in" in sys.argv[5:]
    print(json.dumps(main(title, label, operation, int(n), stand_in)))
