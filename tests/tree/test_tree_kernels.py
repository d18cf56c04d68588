"""Tree kernels against naive NumPy references."""

import numpy as np
import pytest

from sklearn_notes.tree._classes import presort_features
from sklearn_notes.tree._tree_kernels import (
    ENTROPY,
    GINI,
    MISCLASSIFICATION,
    SQUARED_ERROR,
    mark_sides,
    partition_features,
    partition_into,
    range_stats,
)


def _naive_partition(order, values, start, end, feature, threshold, missing_left):
    """Stable partition of every feature's list of ``[start, end)`` (IN/OUT),
    in NumPy: the rows with ``x[feature] <= threshold`` (NaN: ``missing_left``)
    first.  Returns the number of rows on the left."""
    x = values[feature, start:end].astype(np.float64)
    to_left = np.where(np.isnan(x), missing_left, x <= threshold)
    left_rows = order[feature, start:end][to_left]
    for f in range(order.shape[0]):
        keep = np.isin(order[f, start:end], left_rows)
        for rows in (order, values):
            part = rows[f, start:end].copy()
            rows[f, start:end] = np.concatenate([part[keep], part[~keep]])
    return left_rows.shape[0]


def _partition_in_place(order, values, start, end, feature, threshold, missing_left):
    """:func:`partition_into` written back into ``order``/``values``."""
    order_out, values_out = order.copy(), values.copy()
    n_left = partition_into(
        order,
        values,
        start,
        end,
        feature,
        threshold,
        missing_left,
        np.zeros(order.max() + 1, dtype=bool),
        order_out,
        values_out,
        True,
    )
    order[:] = order_out
    values[:] = values_out
    return n_left


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
    n_left = _partition_in_place(order, values, 0, 20, 0, threshold, False)
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
    totals = np.zeros((1, 3))
    weight, impurity = range_stats(
        row, 0, 30, y, y.astype(np.int64), w, criterion, value, totals
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
    np.testing.assert_allclose(totals[0], p * w.sum())


def test_variance_impurity(global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    y = rng.randn(25, 2)
    w = rng.rand(25)
    row = np.arange(25, dtype=np.int32)
    value = np.zeros((2, 1))
    totals = np.zeros((2, 1))
    _, impurity = range_stats(
        row, 5, 25, y, np.zeros((25, 2), np.int64), w, SQUARED_ERROR, value, totals
    )
    mean = np.average(y[5:], axis=0, weights=w[5:])
    var = np.average((y[5:] - mean) ** 2, axis=0, weights=w[5:])
    np.testing.assert_allclose(value[:, 0], mean)
    np.testing.assert_allclose(totals[:, 0], (w[5:, None] * y[5:]).sum(axis=0))
    np.testing.assert_allclose(impurity, var.mean())


def test_partition_sends_nan_to_the_chosen_side():
    X = np.array([[0.0, 5.0], [np.nan, 4.0], [2.0, 3.0], [np.nan, 2.0], [1.0, np.nan]])
    samples = np.arange(5, dtype=np.int64)
    for missing_left in (False, True):
        order, values = presort_features(X, samples)
        assert np.isnan(values[0, -2:]).all()  # NaN sorted last
        n_left = _partition_in_place(order, values, 0, 5, 0, 0.5, missing_left)
        expected_left = {0, 1, 3} if missing_left else {0}
        assert n_left == len(expected_left)
        assert set(order[1, :n_left]) == expected_left
        assert np.isnan(values[1, n_left - 1]) == (4 in expected_left)


# ----------------------------------------------------------------------------
# kernels of the forests' fast path
# ----------------------------------------------------------------------------
from sklearn_notes.tree._tree_kernels import (  # noqa: E402
    SCAN_GINI_TWO_CLASSES,
    SCAN_SQUARED_ERROR,
    build_tree,
    build_tree_with_columns,
    scan_sorted_feature,
    select_presorted,
)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("missing_left", [False, True])
def test_partition_into_equals_a_naive_partition(
    dtype, missing_left, global_random_seed
):
    rng = np.random.RandomState(global_random_seed)
    X = rng.rand(50, 4).astype(dtype)
    X[::6, 2] = np.nan
    order, values = presort_features(X, np.arange(50, dtype=np.int64))
    # a node below the root: its rows fill [start, 50) of every feature's list
    start = _naive_partition(order, values, 0, 50, 0, 0.3, False)
    assert 0 < start < 40
    expected_order, expected_values = order.copy(), values.copy()
    n_left = _naive_partition(
        expected_order, expected_values, start, 50, 2, 0.5, missing_left
    )
    for move_values in (True, False):
        order_out = order.copy()
        values_out = values.copy()
        got = partition_into(
            order,
            values,
            start,
            50,
            2,
            0.5,
            missing_left,
            np.zeros(50, dtype=bool),
            order_out,
            values_out,
            move_values,
        )
        assert got == n_left
        # both are stable: the same lists exactly
        np.testing.assert_array_equal(order_out, expected_order)
        if move_values:
            np.testing.assert_array_equal(values_out, expected_values)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_partition_features_only_writes_the_features_asked(dtype, global_random_seed):
    # the builder partitions feature 0 first and the others only when a
    # child will be split: each feature range matches the naive partition
    # and the features outside it are left untouched
    rng = np.random.RandomState(global_random_seed)
    X = rng.rand(30, 4).astype(dtype)
    order, values = presort_features(X, np.arange(30, dtype=np.int64))
    expected_order, expected_values = order.copy(), values.copy()
    n_left = _naive_partition(expected_order, expected_values, 0, 30, 1, 0.4, False)
    goes_left = np.zeros(30, dtype=bool)
    assert mark_sides(order, values, 0, 30, 1, 0.4, False, goes_left) == n_left
    np.testing.assert_array_equal(goes_left, X[:, 1].astype(np.float64) <= 0.4)
    order_out = np.full_like(order, -1)
    values_out = np.full_like(values, -1.0)
    for first, stop in ((0, 1), (1, 4)):
        partition_features(
            order,
            values,
            0,
            30,
            n_left,
            goes_left,
            order_out,
            values_out,
            True,
            first,
            stop,
        )
        np.testing.assert_array_equal(order_out[:stop], expected_order[:stop])
        np.testing.assert_array_equal(values_out[:stop], expected_values[:stop])
        assert np.all(order_out[stop:] == -1)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_select_presorted_equals_a_new_presort(dtype, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.rand(60, 3).astype(dtype)
    X[::9, 1] = np.nan
    order, values = presort_features(X, np.arange(60, dtype=np.int64))
    weight = np.bincount(rng.randint(0, 60, 60), minlength=60).astype(np.float64)
    kept_order, kept_values = select_presorted(order, values, weight, True)
    expected_order, expected_values = presort_features(X, np.flatnonzero(weight > 0))
    np.testing.assert_array_equal(kept_values, expected_values)
    for f in range(3):
        assert set(kept_order[f]) == set(np.flatnonzero(weight > 0))
        np.testing.assert_array_equal(X[kept_order[f], f], kept_values[f])
    # without the values: the same lists
    order_only, _ = select_presorted(order, values, weight, False)
    np.testing.assert_array_equal(order_only, kept_order)


def _naive_best_position(values, y, w, min_samples_leaf, criterion):
    """Best split position of sorted values by brute force (naive impurities)."""
    best, best_i = -np.inf, -1
    n = values.shape[0]
    for i in range(n - 1):
        if values[i + 1] <= values[i] + 1e-7:
            continue
        if i + 1 < min_samples_leaf or n - i - 1 < min_samples_leaf:
            continue
        total = 0.0
        for side in (slice(0, i + 1), slice(i + 1, n)):
            ws, ys = w[side], y[side]
            weight = ws.sum()
            if criterion == GINI:
                p = np.array([ws[ys == k].sum() for k in (0, 1)]) / weight
                total += weight * (1 - np.sum(p**2))
            else:
                mean = np.average(ys, weights=ws)
                total += np.sum(ws * (ys - mean) ** 2)
        if -total > best + 1e-9 * abs(best if np.isfinite(best) else 1):
            best, best_i = -total, i
    return best, best_i


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("criterion", [GINI, SQUARED_ERROR])
def test_scan_sorted_feature_finds_the_best_split(dtype, criterion, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    n = 40
    x = rng.randint(0, 15, n).astype(dtype)  # ties: only between distinct values
    y = (
        rng.randint(0, 2, n).astype(np.float64)
        if criterion == GINI
        else x + rng.randn(n)
    )
    w = rng.randint(1, 4, n).astype(np.float64)
    order = np.argsort(x, kind="stable").astype(np.int32)
    values = x[order]
    if criterion == GINI:
        kind = SCAN_GINI_TWO_CLASSES
        per_sample = np.zeros((n, 2))
        per_sample[np.arange(n), y.astype(int)] = w
        total_a, total_b = per_sample.sum(axis=0)
    else:
        kind = SCAN_SQUARED_ERROR
        per_sample = np.zeros((n, 2))
        per_sample[:, 0] = w * y
        total_a, total_b = per_sample[:, 0].sum(), 0.0
    proxy, position = scan_sorted_feature(
        order, values, 0, n, w, per_sample, kind, total_a, total_b, w.sum(), 3, 0.0
    )
    expected, expected_position = _naive_best_position(
        values, y[order], w[order], 3, criterion
    )
    assert position == expected_position
    # the proxies differ from -(weighted impurity) by a constant of the node
    if criterion == SQUARED_ERROR:
        expected += np.sum(w * y**2)
    np.testing.assert_allclose(proxy, expected, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("criterion", [GINI, ENTROPY, SQUARED_ERROR])
@pytest.mark.parametrize("max_features", [2, 8])
def test_builders_grow_the_same_tree(criterion, max_features, global_random_seed):
    """build_tree (X.T rebuilt from the lists when the values are read lazily)
    and build_tree_with_columns (X.T given) grow the same tree."""
    rng = np.random.RandomState(global_random_seed)
    X = rng.rand(300, 8).astype(np.float32)
    X[rng.rand(300) < 0.05, 3] = np.nan
    if criterion == SQUARED_ERROR:
        y = (X[:, :1] * 3 + rng.randn(300, 1)).astype(np.float64)
        y[np.isnan(y)] = 0.0
        n_classes = np.ones(1, dtype=np.int64)
    else:
        y = rng.randint(0, 2 if criterion == GINI else 3, (300, 1)).astype(np.float64)
        n_classes = np.array([int(y.max()) + 1], dtype=np.int64)
    weight = np.bincount(rng.randint(0, 300, 300), minlength=300).astype(np.float64)
    samples = np.flatnonzero(weight > 0)
    rest = (y, weight, n_classes, criterion, False, 2**31 - 1, 2, 1, 0.0)
    rest = rest + (max_features, -1, 0.0, 7)
    order, values = presort_features(X, samples)
    trees = [
        build_tree(order.copy(), values.copy(), *rest),
        build_tree_with_columns(
            order.copy(), values.copy(), np.ascontiguousarray(X.T), *rest
        ),
    ]
    # X.T given or rebuilt from the lists: the same arithmetic, the same tree
    for a, b in zip(trees[0][:-1], trees[1][:-1]):
        np.testing.assert_array_equal(a, b)
    # every leaf holds the weighted class fractions / mean of its rows
    leaves = np.flatnonzero(trees[0][0] == -1)
    assert trees[0][6][leaves].sum() == pytest.approx(weight.sum())
