"""Every public estimator survives pickling, in this process and in a new one.

1. ``pickle`` and ``joblib`` dump/load round-trips predict bit-identically,
   and the pickle holds arrays and scalars only, never a Numba dispatcher
   (NUMBA.md rule 4: a pickled dispatcher recompiles in every new process).
2. All fitted estimators, pickled here, predict bit-identically in a fresh
   interpreter; a second fresh interpreter loads every kernel it runs from
   Numba's on-disk cache: no kernel of sklearn_notes is compiled (zero cache
   misses, read from each dispatcher's ``stats``: a dispatcher counts a miss
   for every signature it compiles, cache or not).
   Two subprocesses in all.
"""

import json
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import joblib
import pytest
from _estimator_zoo import (
    assert_identical,
    case_ids,
    estimator_cases,
    fit,
    get_case,
    outputs,
)

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

TESTS_DIR = Path(__file__).parent

CASE_IDS = case_ids()


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_pickle_and_joblib_round_trips_predict_identically(case_id, tmp_path):
    estimator, X = fit(get_case(case_id))
    expected = outputs(estimator, X)

    data = pickle.dumps(estimator, protocol=pickle.HIGHEST_PROTOCOL)
    assert b"numba" not in data, "the pickle references numba (a dispatcher?)"
    from_pickle = pickle.loads(data)
    assert_identical(outputs(from_pickle, X), expected, "pickle")

    path = tmp_path / "estimator.joblib"
    joblib.dump(estimator, path)
    from_joblib = joblib.load(path)
    assert_identical(outputs(from_joblib, X), expected, "joblib")

    # joblib's memory-mapped load gives read-only arrays: kernels must accept them.
    from_mmap = joblib.load(path, mmap_mode="r")
    assert_identical(outputs(from_mmap, X), expected, "joblib mmap_mode='r'")


# Run in a fresh interpreter: load the pickled estimators, predict, and report
# Numba's cache statistics for every kernel of the package.
PREDICT_IN_FRESH_PROCESS = """
import json, pickle, sys, time
from importlib import import_module
import pkgutil

from numba.core.dispatcher import Dispatcher

import sklearn_notes
from sklearn_notes._numba import package_digest

sys.path.insert(0, {tests_dir!r})
from _estimator_zoo import outputs

with open({pickle_path!r}, "rb") as file:
    fitted = pickle.load(file)
results = {{case_id: outputs(*fitted[case_id]) for case_id in fitted}}
with open({result_path!r}, "wb") as file:
    pickle.dump(results, file)

hits, misses = {{}}, {{}}
for info in pkgutil.walk_packages(sklearn_notes.__path__, "sklearn_notes."):
    module = sys.modules.get(info.name)
    for name, value in vars(module).items() if module else ():
        if isinstance(value, Dispatcher) and value.py_func.__module__ == info.name:
            stats = value.stats
            key = info.name + "." + name
            if sum(stats.cache_hits.values()):
                hits[key] = sum(stats.cache_hits.values())
            if sum(stats.cache_misses.values()):
                misses[key] = sum(stats.cache_misses.values())
print(json.dumps({{"hits": hits, "misses": misses,
                  "digest": package_digest("sklearn_notes")}}))
"""


def _predict_in_fresh_process(pickle_path, result_path):
    code = PREDICT_IN_FRESH_PROCESS.format(
        tests_dir=str(TESTS_DIR),
        pickle_path=str(pickle_path),
        result_path=str(result_path),
    )
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    with open(result_path, "rb") as file:
        return pickle.load(file), report


def test_fresh_process_predicts_identically_from_the_numba_cache(tmp_path):
    fitted, expected = {}, {}
    for case_id, estimator in estimator_cases():
        estimator, X = fit(estimator)
        fitted[case_id] = (estimator, X)
        expected[case_id] = outputs(estimator, X)
    pickle_path = tmp_path / "fitted.pkl"
    with open(pickle_path, "wb") as file:
        pickle.dump(fitted, file, protocol=pickle.HIGHEST_PROTOCOL)

    # Warm run: whatever this process did not compile is compiled and cached.
    warm_results, warm = _predict_in_fresh_process(pickle_path, tmp_path / "warm.pkl")
    assert_identical(warm_results, expected, "first fresh process")

    results, second = _predict_in_fresh_process(pickle_path, tmp_path / "second.pkl")
    assert_identical(results, expected, "second fresh process")
    assert second["digest"] == warm["digest"], "sklearn_notes changed during the test"
    # The signal: a dispatcher counts a cache miss each time it compiles.
    assert second["misses"] == {}, f"recompiled in a warm process: {second['misses']}"
    assert second["hits"], "no kernel was loaded from the cache at all"
