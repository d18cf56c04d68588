"""Every public estimator under threads and processes.

1. predict / predict_proba / predict_log_proba / decision_function / transform
   / score_samples called from 8 threads at once (started together by a
   barrier, several rounds, each thread cycling through the methods from a
   different one) give outputs bit-identical to serial calls.  Kernels are
   ``nogil``, so the threads really do run them at the same time.
2. Fitting under joblib's "threading" and "loky" backends (cross_val_score
   with n_jobs=2) gives the same scores as n_jobs=1.
3. ``parallel=True`` kernels survive concurrent callers on every Numba
   threading layer, including "workqueue", which aborts the process when two
   threads enter a parallel region at once: ``sklearn_notes._numba`` then
   serialises entry (proved in subprocesses, as an abort cannot be caught).
"""

import json
import os
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module

import joblib
import pytest
from _estimator_zoo import (
    assert_identical,
    case_ids,
    dataset,
    fit,
    get_case,
    outputs,
)
from numba.core.dispatcher import Dispatcher
from sklearn.base import clone
from sklearn.model_selection import cross_val_score

from sklearn_notes import _numba
from sklearn_notes.utils._discovery import public_modules

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

N_THREADS = 8
N_ROUNDS = 3

CASE_IDS = case_ids()


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_concurrent_inference_is_bit_identical_to_serial(case_id):
    estimator, X = fit(get_case(case_id))
    expected = outputs(estimator, X)
    assert expected, f"{case_id} has none of the inference methods"
    methods = list(expected)
    start = threading.Barrier(N_THREADS)

    def hammer(thread_index):
        results = []
        for round_index in range(N_ROUNDS):
            start.wait()  # every round starts in all threads at once
            # Each thread begins with a different method, so different
            # kernels of the same fitted estimator run side by side.
            for offset in range(len(methods)):
                method = methods[(thread_index + offset) % len(methods)]
                results.append((method, getattr(estimator, method)(X)))
        return results

    with ThreadPoolExecutor(max_workers=N_THREADS) as pool:
        per_thread = list(pool.map(hammer, range(N_THREADS)))

    for thread_index, results in enumerate(per_thread):
        assert len(results) == N_ROUNDS * len(methods)
        for method, result in results:
            assert_identical(
                result, expected[method], f"thread {thread_index} {method}"
            )


@pytest.mark.parametrize("backend", ["threading", "loky"])
@pytest.mark.parametrize("case_id", CASE_IDS)
def test_fitting_in_joblib_workers_gives_the_serial_scores(case_id, backend):
    """cross_val_score with n_jobs=2 under ``backend`` equals n_jobs=1."""
    estimator = get_case(case_id)
    X, y = dataset(estimator)
    serial = cross_val_score(clone(estimator), X, y, cv=3, n_jobs=1)
    with joblib.parallel_backend(backend, n_jobs=2):
        parallel = cross_val_score(clone(estimator), X, y, cv=3, n_jobs=2)
    assert_identical(parallel, serial, f"{backend} scores")


# --- parallel=True kernels and the threading layers --------------------------


def _package_dispatchers():
    """Every jitted kernel defined at module level anywhere in sklearn_notes."""
    import pkgutil

    import sklearn_notes

    kernels = {}
    for info in pkgutil.walk_packages(sklearn_notes.__path__, "sklearn_notes."):
        if ".tests" in info.name:
            continue
        module = import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Dispatcher) and value.py_func.__module__ == info.name:
                kernels[f"{info.name}.{name}"] = value
    return kernels


def test_every_parallel_kernel_is_thread_safe():
    """No parallel kernel bypasses ``_numba.njit`` (whose dispatcher serialises)."""
    assert public_modules()  # the walk below imports the whole package
    kernels = _package_dispatchers()
    assert kernels, "no kernels found: the walk is broken"
    unsafe = [
        name
        for name, kernel in kernels.items()
        if kernel.targetoptions.get("parallel")
        and not isinstance(kernel, _numba._ThreadSafeParallelDispatcher)
    ]
    assert not unsafe, (
        f"parallel kernels not compiled by sklearn_notes._numba.njit: {unsafe}"
    )


KERNEL_MODULE = """\
from numba import prange

{jit_import}


{decorator}
def row_sums(X, out):
    for i in prange(X.shape[0]):
        total = 0.0
        for j in range(X.shape[1]):
            total += X[i, j]
        out[i] = total
"""

HAMMER = """
import json, threading
from concurrent.futures import ThreadPoolExecutor
import numba
import numpy as np
from layerpkg import row_sums

X = np.random.default_rng(0).random((20000, 30))
expected = np.empty(X.shape[0])
row_sums(X, expected)
start = threading.Barrier(8)

def hammer(_):
    start.wait()
    out = np.empty(X.shape[0])
    same = True
    for _ in range(20):
        row_sums(X, out)
        same &= bool(np.array_equal(out, expected))
    return same

with ThreadPoolExecutor(8) as pool:
    same = all(pool.map(hammer, range(8)))
print(json.dumps({"layer": numba.threading_layer(), "same": same,
                  "reference": bool(np.allclose(expected, X.sum(axis=1)))}))
"""


def _hammer_parallel_kernel(tmp_path, jit_import, decorator, layer):
    """8 threads x 20 calls of a prange kernel under ``layer``, in a fresh process."""
    package = tmp_path / "layerpkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        KERNEL_MODULE.format(jit_import=jit_import, decorator=decorator)
    )
    env = {key: value for key, value in os.environ.items() if "NUMBA" not in key}
    env.update(
        NUMBA_THREADING_LAYER=layer,
        NUMBA_NUM_THREADS="2",
        NUMBA_CACHE_DIR=str(tmp_path / "numba_cache"),
        PYTHONPATH=os.pathsep.join([str(tmp_path), *sys.path]),
    )
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(HAMMER)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_parallel_kernel_survives_concurrent_callers_on_workqueue(tmp_path):
    done = _hammer_parallel_kernel(
        tmp_path,
        "from sklearn_notes._numba import njit",
        "@njit(parallel=True)",
        "workqueue",
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"layer": "workqueue", "same": True, "reference": True}


def test_control_plain_numba_parallel_kernel_aborts_on_workqueue(tmp_path):
    """Why the lock exists: numba's own parallel kernel kills the process."""
    done = _hammer_parallel_kernel(
        tmp_path,
        "from numba import njit",
        "@njit(parallel=True, nogil=True)",
        "workqueue",
    )
    assert done.returncode == -6, (done.returncode, done.stdout, done.stderr)  # SIGABRT
    assert "Concurrent access has been detected" in done.stderr
