"""Tree kernels against naive NumPy references."""

import numpy as np
import pytest

from sklearn_notes.tree._classes import presort_features
from sklearn_notes.tree._tree_kernels import (
    ENTROPY,
    GINI,
    MISCLASSIFICATION,
    SQUARED_ERROR,
    partition,
    range_stats,
)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_presort_and_partition(dtype, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.rand(40, 3).astype(dtype)
    samples = np.arange(0, 40, 2, dtype=np.int64)
    order, values = presort_features(X, samples)
    for f in range(3):
        np.testing.assert_array_equal(values[f], np.sort(X[samples, f]))
        np.testing.assert_array_equal(X[order[f], f], values[f])
    pos = 7
    left = set(order[0, :pos])
    threshold = (float(values[0, pos - 1]) + float(values[0, pos])) / 2
    n_left = partition(
        order,
        values,
        0,
        20,
        0,
        threshold,
        False,
        np.zeros(40, dtype=bool),
        np.empty(20, dtype=np.int32),
        np.empty(20, dtype=dtype),
    )
    assert n_left == pos
    for f in range(3):
        assert set(order[f, :pos]) == left
        assert np.all(np.diff(values[f, :pos]) >= 0)
        assert np.all(np.diff(values[f, pos:]) >= 0)


@pytest.mark.parametrize("criterion", [GINI, ENTROPY, MISCLASSIFICATION])
def test_class_impurities(criterion, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    y = rng.randint(0, 3, size=(30, 1)).astype(np.float64)
    w = rng.rand(30)
    row = np.arange(30, dtype=np.int32)
    value = np.zeros((1, 3))
    weight, impurity = range_stats(
        row, 0, 30, y, y.astype(np.int64), w, criterion, value
    )
    p = np.array([w[y[:, 0] == k].sum() for k in range(3)]) / w.sum()
    expected = {
        GINI: 1 - np.sum(p**2),
        ENTROPY: -np.sum(p * np.log2(p)),
        MISCLASSIFICATION: 1 - p.max(),
    }[criterion]
    np.testing.assert_allclose(weight, w.sum())
    np.testing.assert_allclose(impurity, expected)
    np.testing.assert_allclose(value[0], p)


def test_variance_impurity(global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    y = rng.randn(25, 2)
    w = rng.rand(25)
    row = np.arange(25, dtype=np.int32)
    value = np.zeros((2, 1))
    _, impurity = range_stats(
        row, 5, 25, y, np.zeros((25, 2), np.int64), w, SQUARED_ERROR, value
    )
    mean = np.average(y[5:], axis=0, weights=w[5:])
    var = np.average((y[5:] - mean) ** 2, axis=0, weights=w[5:])
    np.testing.assert_allclose(value[:, 0], mean)
    np.testing.assert_allclose(impurity, var.mean())


def test_partition_sends_nan_to_the_chosen_side():
    X = np.array([[0.0, 5.0], [np.nan, 4.0], [2.0, 3.0], [np.nan, 2.0], [1.0, np.nan]])
    samples = np.arange(5, dtype=np.int64)
    for missing_left in (False, True):
        order, values = presort_features(X, samples)
        assert np.isnan(values[0, -2:]).all()  # NaN sorted last
        n_left = partition(
            order,
            values,
            0,
            5,
            0,
            0.5,
            missing_left,
            np.zeros(5, dtype=bool),
            np.empty(5, dtype=np.int32),
            np.empty(5),
        )
        expected_left = {0, 1, 3} if missing_left else {0}
        assert n_left == len(expected_left)
        assert set(order[1, :n_left]) == expected_left
        assert np.isnan(values[1, n_left - 1]) == (4 in expected_left)
