"""Shared fixtures.

``SCIPY_ARRAY_API=1`` must be set before scipy is imported for scikit-learn's
``check_array_api_input`` to run instead of being skipped.
"""

import os

os.environ.setdefault("SCIPY_ARRAY_API", "1")

# One Numba thread per process for the whole session, set before numba is imported.
# Numba re-reads NUMBA_NUM_THREADS at every compilation and raises if it differs from
# the size of its already-launched thread pool; dask's Nanny writes the workers'
# NUMBA_NUM_THREADS=1 (tests/test_dask.py) into this process's environment too, so
# any other value here would make every later compilation fail.
os.environ["NUMBA_NUM_THREADS"] = "1"

import numpy as np  # noqa: E402
import pytest  # noqa: E402

# Seeds drawn by the tests that take ``global_random_seed``; the environment
# variable SKLEARN_NOTES_TESTS_GLOBAL_RANDOM_SEED="0-99" runs them all, as
# scikit-learn's SKLEARN_TESTS_GLOBAL_RANDOM_SEED does.
_SEEDS = os.environ.get("SKLEARN_NOTES_TESTS_GLOBAL_RANDOM_SEED", "42")


def _parse_seeds(text):
    if "-" in text:
        low, high = (int(part) for part in text.split("-"))
        return list(range(low, high + 1))
    return [int(part) for part in text.split(",")]


@pytest.fixture(params=_parse_seeds(_SEEDS))
def global_random_seed(request):
    """A seed for tests whose assertions must hold for any seed."""
    return request.param


@pytest.fixture
def rng(global_random_seed):
    return np.random.default_rng(global_random_seed)
