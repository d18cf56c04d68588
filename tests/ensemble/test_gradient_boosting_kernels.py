"""Gradient-boosting kernels against naive NumPy references."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.ensemble._gradient_boosting import _random_sample_mask
from sklearn.tree import DecisionTreeRegressor as SkDecisionTreeRegressor

from sklearn_notes.ensemble._gradient_boosting import _bin_edges
from sklearn_notes.ensemble._gradient_boosting_kernels import (
    apply_binned,
    bin_features,
    build_histogram,
    find_best_split,
    grow_tree,
    leaf_newton_step,
    leaf_percentile,
    predict_stages,
    random_sample_mask,
    weighted_percentile,
)


def _binned(X, max_bins=255):
    X32 = np.ascontiguousarray(X, dtype=np.float32)
    edges, n_edges = _bin_edges(X32, max_bins)
    binned = np.empty(X.shape, dtype=np.uint8)  # row-major codes
    bin_features(X32, edges, n_edges, binned)
    return X32, edges, n_edges, binned


def _naive_histogram(binned, rows, g, w, n_bins):
    p = binned.shape[1]
    hist = np.zeros((p, n_bins, 3))
    for f in range(p):
        codes = binned[rows, f]
        hist[f, :, 0] = np.bincount(codes, weights=g[rows], minlength=n_bins)
        hist[f, :, 1] = np.bincount(codes, weights=w[rows], minlength=n_bins)
        hist[f, :, 2] = np.bincount(codes, minlength=n_bins)
    return hist


def _naive_best_split(X32, edges, n_edges, rows, g, w, min_leaf=1):
    """Largest G_L^2/W_L + G_R^2/W_R over every feature and bin edge."""
    best = (-np.inf, -1, -1)
    for f in range(X32.shape[1]):
        for b in range(n_edges[f]):
            go_left = X32[rows, f] <= edges[f, b]
            n_left = go_left.sum()
            if n_left < min_leaf or rows.shape[0] - n_left < min_leaf:
                continue
            gl, wl = g[rows][go_left].sum(), w[rows][go_left].sum()
            gr, wr = g[rows][~go_left].sum(), w[rows][~go_left].sum()
            proxy = gl**2 / wl + gr**2 / wr
            if best[1] < 0 or proxy > best[0] * (1 + 1e-10):
                best = (proxy, f, b)
    return best


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_bin_features_matches_searchsorted(dtype, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = np.column_stack(
        [
            rng.normal(size=1000),  # many distinct values: quantile edges
            rng.randint(0, 7, size=1000),  # few: midpoints
            np.ones(1000),  # constant: no edge
        ]
    ).astype(dtype)
    X32, edges, n_edges, binned = _binned(X, max_bins=32)
    assert list(n_edges[1:]) == [6, 0]
    assert n_edges[0] <= 31
    for f in range(3):
        expected = np.searchsorted(edges[f, : n_edges[f]], X32[:, f].astype(np.float64))
        assert_array_equal(binned[:, f], expected)
        # bin b holds edges[b - 1] < x <= edges[b]: the split bin <= b is x <= edge
        for b in range(n_edges[f]):
            assert_array_equal(binned[:, f] <= b, X32[:, f] <= edges[f, b])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("unit_weight", [True, False])
def test_build_histogram_matches_bincount(dtype, unit_weight, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.normal(size=(300, 4)).astype(dtype)
    X32, edges, n_edges, binned = _binned(X, max_bins=16)
    g = rng.normal(size=300).astype(dtype)
    w = (
        np.ones(300, dtype=dtype)
        if unit_weight
        else rng.uniform(0.1, 2, 300).astype(dtype)
    )
    samples = rng.permutation(300).astype(np.int64)
    start, end = 40, 250
    hist = np.full((4, 16, 3), np.nan)
    build_histogram(
        binned,
        samples,
        start,
        end,
        g,
        w,
        unit_weight,
        hist,
    )
    expected = _naive_histogram(
        binned, samples[start:end], g.astype(np.float64), w.astype(np.float64), 16
    )
    tol = 1e-5 if dtype == np.float32 else 1e-12
    assert_allclose(hist, expected, rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("min_leaf", [1, 15])
def test_find_best_split_matches_brute_force(dtype, min_leaf, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.normal(size=(120, 5)).astype(dtype)
    X32, edges, n_edges, binned = _binned(X, max_bins=20)
    g = (X32[:, 2] > 0.3) * 2.0 + rng.normal(size=120)
    w = rng.uniform(0.5, 1.5, 120)
    rows = np.arange(120, dtype=np.int64)
    hist = np.empty((5, 20, 3))
    build_histogram(binned, rows, 0, 120, g * w, w, False, hist)
    proxy, f, b, gl, wl, cl = find_best_split(
        hist,
        n_edges + 1,
        np.arange(5),
        5,
        (g * w).sum(),
        w.sum(),
        120.0,
        float(min_leaf),
        0.0,
    )
    ref_proxy, ref_f, ref_b = _naive_best_split(
        X32, edges, n_edges, rows, g * w, w, min_leaf
    )
    assert (f, b) == (ref_f, ref_b)
    assert_allclose(proxy, ref_proxy, rtol=1e-10)
    go_left = X32[:, f] <= edges[f, b]
    assert_allclose(
        [gl, wl, cl],
        [(g * w)[go_left].sum(), w[go_left].sum(), go_left.sum()],
        rtol=1e-10,
    )
    assert min(cl, 120 - cl) >= min_leaf


def test_find_best_split_respects_max_features():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(100, 3))
    X32, edges, n_edges, binned = _binned(X, max_bins=10)
    g = X32[:, 0] * 5.0  # feature 0 is by far the best
    w = np.ones(100)
    hist = np.empty((3, 10, 3))
    build_histogram(binned, np.arange(100), 0, 100, g, w, True, hist)
    args = (g.sum(), 100.0, 100.0, 1.0, 0.0)
    assert find_best_split(hist, n_edges + 1, np.array([0, 1, 2]), 3, *args)[1] == 0
    # only the first drawn feature is scanned
    assert find_best_split(hist, n_edges + 1, np.array([2, 0, 1]), 1, *args)[1] == 2


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_grow_tree_equals_exact_tree_when_every_value_has_its_bin(
    dtype, global_random_seed
):
    # fewer than 255 distinct values: bin edges are the exact tree's midpoints
    rng = np.random.RandomState(global_random_seed)
    X = rng.normal(size=(200, 4)).astype(dtype)
    y = np.sin(3 * X[:, 0]) + X[:, 1] * X[:, 2] + 0.1 * rng.normal(size=200)
    X32, edges, n_edges, binned = _binned(X)
    w = np.ones(200)
    leaf = np.full(200, -1, dtype=np.int64)
    left, right, feature, bin_threshold, value, impurity, count, weight = grow_tree(
        binned,
        n_edges + 1,
        y.astype(np.float64),
        w,
        True,
        np.arange(200, dtype=np.int64),
        3,
        2,
        1,
        0.0,
        -1,
        0.0,
        4,
        0,
        leaf,
    )
    exact = SkDecisionTreeRegressor(max_depth=3, random_state=0).fit(X32, y)
    ours = value[leaf]
    assert_allclose(ours, exact.predict(X32), rtol=1e-10)
    assert (left >= 0).sum() == (exact.tree_.children_left >= 0).sum()
    # the leaves from the partition agree with routing the binned rows
    routed = np.empty(200, dtype=np.int64)
    apply_binned(
        binned,
        np.arange(200, dtype=np.int64),
        left,
        right,
        feature,
        bin_threshold,
        routed,
    )
    assert_array_equal(routed, leaf)
    # node statistics
    for node in range(left.shape[0]):
        rows = _rows_under(node, left, right, leaf)
        assert count[node] == rows.shape[0]
        assert_allclose(value[node], y[rows].mean(), rtol=1e-10, atol=1e-12)
        assert_allclose(impurity[node], y[rows].var(), rtol=1e-8, atol=1e-12)


def _rows_under(node, left, right, leaf):
    stack, leaves = [node], []
    while stack:
        j = stack.pop()
        if left[j] < 0:
            leaves.append(j)
        else:
            stack += [left[j], right[j]]
    return np.flatnonzero(np.isin(leaf, leaves))


def test_grow_tree_best_first_respects_max_leaf_nodes(global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.normal(size=(500, 3))
    y = X[:, 0] + np.sign(X[:, 1]) + 0.1 * rng.normal(size=500)
    X32, edges, n_edges, binned = _binned(X)
    leaf = np.empty(500, dtype=np.int64)
    left, right, feature, bin_threshold, *_, count, weight = grow_tree(
        binned,
        n_edges + 1,
        y,
        np.ones(500),
        True,
        np.arange(500, dtype=np.int64),
        -1,
        2,
        5,
        0.0,
        7,
        0.0,
        3,
        0,
        leaf,
    )
    assert (left < 0).sum() == 7
    assert count[left < 0].min() >= 5
    assert_array_equal(
        np.bincount(leaf, minlength=left.shape[0])[left < 0], count[left < 0]
    )
    # the root split is the best one
    _, f_ref, b_ref = _naive_best_split(
        X32, edges, n_edges, np.arange(500), y, np.ones(500), 5
    )
    assert (feature[0], bin_threshold[0]) == (f_ref, b_ref)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_weighted_percentile_matches_numpy_inverted_cdf(dtype, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    values = rng.normal(size=50).astype(dtype)
    weights = rng.randint(0, 4, size=50).astype(dtype)
    weights[0] = 1.0
    for rank in (0.1, 0.5, 0.9):
        expected = np.percentile(
            values, 100 * rank, weights=weights, method="inverted_cdf"
        )
        assert weighted_percentile(values, weights, rank) == expected


@pytest.mark.parametrize("huber_delta", [-1.0, 0.7])
def test_leaf_percentile_matches_per_leaf_numpy(huber_delta, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    leaf = rng.choice([1, 3, 4], size=80).astype(np.int64)
    inbag = rng.uniform(size=80) < 0.8
    w = rng.uniform(0.2, 2.0, 80)
    r = rng.standard_t(2, size=80)
    out = leaf_percentile(leaf, inbag, w, r, 0.5, huber_delta, 5)
    for j in range(5):
        rows = np.flatnonzero((leaf == j) & inbag)
        if rows.shape[0] == 0:
            assert out[j] == 0.0
            continue
        median = np.percentile(r[rows], 50, weights=w[rows], method="inverted_cdf")
        if huber_delta >= 0:
            diff = r[rows] - median
            median += np.average(
                np.sign(diff) * np.minimum(huber_delta, np.abs(diff)), weights=w[rows]
            )
        assert_allclose(out[j], median, rtol=1e-12)


def test_leaf_newton_step_matches_ratio_of_sums(global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    leaf = rng.randint(0, 4, size=60).astype(np.int64)
    inbag = rng.uniform(size=60) < 0.7
    w, num, den = rng.uniform(size=60), rng.normal(size=60), rng.uniform(size=60)
    den[leaf == 3] = 0.0  # zero hessian: no update
    out = leaf_newton_step(leaf, inbag, w, num, den, 4)
    for j in range(3):
        rows = (leaf == j) & inbag
        assert_allclose(out[j], (w * num)[rows].sum() / (w * den)[rows].sum())
    assert out[3] == 0.0


def test_random_sample_mask_same_as_sklearn(global_random_seed):
    mask = np.empty(101, dtype=bool)
    random_sample_mask(
        np.random.RandomState(global_random_seed).uniform(size=101), 37, mask
    )
    expected = _random_sample_mask(101, 37, np.random.RandomState(global_random_seed))
    assert_array_equal(mask, expected)
    assert mask.sum() == 37


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_predict_stages_sums_the_trees(dtype, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.normal(size=(100, 3)).astype(dtype)
    trees = [
        SkDecisionTreeRegressor(max_depth=2, random_state=0).fit(
            X, rng.normal(size=100)
        )
        for _ in range(6)
    ]  # 3 stages x K=2
    sizes = [t.tree_.node_count for t in trees]
    roots = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    shift = np.repeat(roots, sizes)
    left = np.concatenate([t.tree_.children_left for t in trees]).astype(np.int64)
    right = np.concatenate([t.tree_.children_right for t in trees]).astype(np.int64)
    left = np.where(left >= 0, left + shift, -1)
    right = np.where(right >= 0, right + shift, -1)
    feature = np.concatenate([t.tree_.feature for t in trees]).astype(np.int64)
    threshold = np.concatenate([t.tree_.threshold for t in trees])
    value = np.concatenate([t.tree_.value[:, 0, 0] for t in trees])
    X32 = np.ascontiguousarray(X, dtype=np.float32)
    raw = np.ones((100, 2))
    predict_stages(
        X32, left, right, feature, threshold, value, roots, 1, 3, 2, 0.5, raw
    )
    expected = np.ones((100, 2))
    for stage in (1, 2):
        for k in range(2):
            expected[:, k] += 0.5 * trees[2 * stage + k].predict(X32)
    assert_allclose(raw, expected, rtol=1e-12)
