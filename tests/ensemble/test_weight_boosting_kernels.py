"""best_stump against a brute-force NumPy search of every threshold."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sklearn_notes.ensemble._weight_boosting_kernels import best_stump
from sklearn_notes.tree._classes import presort_features


def _brute_force(X32, y, w, n_classes):
    """Largest sum_k L_k^2/W_L + sum_k R_k^2/W_R over midpoints of distinct values."""
    best = (-np.inf, -1, 0.0)
    for f in range(X32.shape[1]):
        distinct = np.unique(X32[:, f])
        for lo, hi in zip(distinct[:-1], distinct[1:]):
            go_left = X32[:, f] <= lo
            L = np.bincount(y[go_left], weights=w[go_left], minlength=n_classes)
            R = np.bincount(y[~go_left], weights=w[~go_left], minlength=n_classes)
            proxy = np.sum(L**2) / L.sum() + np.sum(R**2) / R.sum()
            if proxy > best[0] * (1 + 1e-12):
                best = (proxy, f, lo / 2.0 + hi / 2.0)
    return best


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_best_stump_matches_brute_force(dtype, n_classes, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.normal(size=(60, 4)).astype(dtype)
    y = rng.randint(0, n_classes, size=60).astype(np.int64)
    w = rng.uniform(0.1, 1.0, size=60)
    X32 = np.asarray(X, dtype=np.float32)
    order, values = presort_features(X32, np.arange(60))
    class_total = np.bincount(y, weights=w, minlength=n_classes)
    left = np.zeros(n_classes)
    feature, threshold, n_left = best_stump(order, values, y, w, class_total, left)
    proxy, f_ref, t_ref = _brute_force(X32, y, w, n_classes)
    assert feature == f_ref
    assert_allclose(threshold, t_ref)
    go_left = X32[:, feature] <= threshold
    assert n_left == go_left.sum()
    assert_allclose(
        left, np.bincount(y[go_left], weights=w[go_left], minlength=n_classes)
    )


def test_constant_features_give_no_split():
    X32 = np.ones((5, 2), dtype=np.float32)
    y = np.array([0, 1, 0, 1, 1], dtype=np.int64)
    w = np.ones(5)
    order, values = presort_features(X32, np.arange(5))
    left = np.zeros(2)
    feature, _, _ = best_stump(order, values, y, w, np.bincount(y, weights=w), left)
    assert feature == -1
