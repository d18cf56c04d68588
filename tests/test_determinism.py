"""The same ``random_state`` gives bit-identical fits, within and across processes.

Every public fitted attribute (name ending in ``_``) is compared recursively:
arrays bit for bit, lists, dicts, and nested estimators (their parameters and
their own fitted attributes), so an ensemble's members are checked too.  Only
wall-clock timings (a search's ``refit_time_`` and ``*_time`` columns of
``cv_results_``) are left out.

Across processes: two fresh interpreters fit every case and pickle their
fitted attributes; both must equal each other and this process's fit.
Different processes get different hash seeds (PYTHONHASHSEED is random by
default), so an order drawn from a set or dict of strings would show here.
"""

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from _estimator_zoo import (
    assert_identical,
    case_ids,
    dataset,
    estimator_cases,
    fitted_attributes,
    get_case,
)
from sklearn.base import clone

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

TESTS_DIR = Path(__file__).parent

CASE_IDS = case_ids()


def _fit_attributes(estimator):
    X, y = dataset(estimator)
    attributes = fitted_attributes(clone(estimator).fit(X, y))
    assert attributes, "no fitted attribute to compare"
    return attributes


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_same_random_state_same_fit_in_process(case_id):
    estimator = get_case(case_id)
    first = _fit_attributes(estimator)
    second = _fit_attributes(estimator)
    assert_identical(second, first, case_id)


FIT_ALL_IN_FRESH_PROCESS = """
import pickle, sys, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, {tests_dir!r})
from _estimator_zoo import dataset, estimator_cases, fitted_attributes

fits = {{}}
for case_id, estimator in estimator_cases():
    X, y = dataset(estimator)
    fits[case_id] = fitted_attributes(estimator.fit(X, y))
with open(sys.argv[1], "wb") as file:
    pickle.dump(fits, file, protocol=pickle.HIGHEST_PROTOCOL)
"""


def test_same_random_state_same_fit_across_processes(tmp_path):
    code = textwrap.dedent(FIT_ALL_IN_FRESH_PROCESS.format(tests_dir=str(TESTS_DIR)))
    env = {key: value for key, value in os.environ.items() if key != "PYTHONHASHSEED"}
    paths = [tmp_path / "first.pkl", tmp_path / "second.pkl"]
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path)],
            env={**env, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path, seed in zip(paths, ["1", "2"])
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr
    first, second = (pickle.loads(path.read_bytes()) for path in paths)

    here = {
        case_id: _fit_attributes(estimator) for case_id, estimator in estimator_cases()
    }
    assert first.keys() == here.keys()
    for case_id in here:
        assert_identical(first[case_id], second[case_id], f"{case_id}, process 1 vs 2")
        assert_identical(
            first[case_id], here[case_id], f"{case_id}, process 1 vs pytest"
        )
