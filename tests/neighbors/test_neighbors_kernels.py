"""The k-NN kernels against naive NumPy references, in float32 and float64."""

import numpy as np
import pytest

from sklearn_notes.neighbors._neighbors_kernels import (
    CHEBYSHEV,
    HEAP_EMPTY,
    MANHATTAN,
    MINKOWSKI,
    SQEUCLIDEAN,
    finish_neighbors,
    merge_direct_block,
    merge_sq_euclidean_block,
    refine_candidates,
    repush_rows,
    screen_f32_block,
    sort_rows,
)

RTOL = {np.float32: 1e-5, np.float64: 1e-12}


def _naive_reduced(X, Y, metric, p):
    diff = np.abs(X[:, None, :].astype(np.float64) - Y[None, :, :].astype(np.float64))
    if metric == MANHATTAN:
        return diff.sum(-1)
    if metric == CHEBYSHEV:
        return diff.max(-1)
    if metric == MINKOWSKI:
        return (diff**p).sum(-1)
    return (diff**2).sum(-1)


def _empty_heaps(n, k, dtype):
    return (
        np.full(
            (n, k),
            HEAP_EMPTY if dtype == np.float64 else np.finfo(dtype).max,
            dtype=dtype,
        ),
        np.full((n, k), -1, dtype=np.int64),
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "metric, p",
    [(MANHATTAN, 1.0), (CHEBYSHEV, 1.0), (MINKOWSKI, 3.0), (SQEUCLIDEAN, 2.0)],
)
def test_merge_direct_sort_finish_vs_naive(dtype, metric, p, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.randn(23, 5).astype(dtype)
    Y = rng.randn(700, 5).astype(dtype)  # more than one DIRECT_TILE
    k = 7
    best_dist, best_index = _empty_heaps(X.shape[0], k, dtype)
    merge_direct_block(X, Y, metric, p, best_dist, best_index)
    sort_rows(best_dist, best_index)
    out = np.empty((X.shape[0], k))
    finish_neighbors(X, Y, metric, p, False, best_dist, best_index, out)

    reduced = _naive_reduced(X, Y, metric, p)
    expected_index = np.argsort(reduced, axis=1, kind="stable")[:, :k]
    expected = np.take_along_axis(reduced, expected_index, axis=1)
    if metric == SQEUCLIDEAN:
        expected = np.sqrt(expected)
    elif metric == MINKOWSKI:
        expected = expected ** (1 / p)
    np.testing.assert_array_equal(best_index, expected_index)
    np.testing.assert_allclose(out, expected, rtol=RTOL[dtype])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_merge_sq_euclidean_blocks_vs_naive(dtype, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.randn(31, 6).astype(dtype)
    Y = rng.randn(250, 6).astype(dtype)
    k = 4
    best_dist, best_index = _empty_heaps(X.shape[0], k, dtype)
    x_sq = (X.astype(np.float64) ** 2).sum(1).astype(dtype)
    y_sq = (Y.astype(np.float64) ** 2).sum(1).astype(dtype)
    # three tiles of training points, merged in index order
    for t0, t1 in [(0, 100), (100, 180), (180, 250)]:
        middle = np.ascontiguousarray(-2 * X @ Y[t0:t1].T)
        merge_sq_euclidean_block(middle, x_sq, y_sq[t0:t1], t0, best_dist, best_index)
    sort_rows(best_dist, best_index)
    out = np.empty((X.shape[0], k))
    finish_neighbors(X, Y, SQEUCLIDEAN, 2.0, True, best_dist, best_index, out)

    reduced = _naive_reduced(X, Y, SQEUCLIDEAN, 2.0)
    expected_index = np.argsort(reduced, axis=1, kind="stable")[:, :k]
    np.testing.assert_array_equal(best_index, expected_index)
    np.testing.assert_allclose(
        out, np.sqrt(np.take_along_axis(reduced, expected_index, 1)), rtol=RTOL[dtype]
    )


def _sklearn_heap_and_sort(values, k):
    """scikit-learn's heap_push + simultaneous_sort through its own test wrappers."""
    from sklearn.utils._sorting import _py_simultaneous_sort

    # heap_push is cdef-only: push through a Python transcription checked
    # against its documented example below
    heap_v = np.full(k, np.finfo(np.float64).max)
    heap_i = np.full(k, -1, dtype=np.intp)
    for j, val in enumerate(values):
        if val >= heap_v[0]:
            continue
        heap_v[0], heap_i[0] = val, j
        cur = 0
        while True:
            left, right = 2 * cur + 1, 2 * cur + 2
            if left >= k:
                break
            if right >= k:
                if heap_v[left] > val:
                    swap = left
                else:
                    break
            elif heap_v[left] >= heap_v[right]:
                if val < heap_v[left]:
                    swap = left
                else:
                    break
            elif val < heap_v[right]:
                swap = right
            else:
                break
            heap_v[cur], heap_i[cur] = heap_v[swap], heap_i[swap]
            cur = swap
        heap_v[cur], heap_i[cur] = val, j
    _py_simultaneous_sort(heap_v, heap_i, k, use_three_way_partition=False)
    return heap_v, heap_i


@pytest.mark.parametrize("k", [3, 5, 16, 40])
def test_heap_and_sort_match_sklearn_on_ties(k, global_random_seed):
    # integer distances: many ties, decided by the heap and the introsort
    rng = np.random.RandomState(global_random_seed)
    values = rng.randint(0, 6, size=300).astype(np.float64)
    expected_v, expected_i = _sklearn_heap_and_sort(values, k)

    best_dist = np.full((1, k), HEAP_EMPTY)
    best_index = np.full((1, k), -1, dtype=np.int64)
    Y = values.reshape(-1, 1)
    X = np.zeros((1, 1))
    merge_direct_block(X, Y, MANHATTAN, 1.0, best_dist, best_index)
    sort_rows(best_dist, best_index)
    np.testing.assert_array_equal(best_dist[0], expected_v)
    np.testing.assert_array_equal(best_index[0], expected_i)


def test_sort_rows_sorts_long_rows(global_random_seed):
    # rows longer than 15 go through the introsort partitioning
    rng = np.random.RandomState(global_random_seed)
    values = rng.randint(0, 50, size=(20, 200)).astype(np.float64)
    indices = np.tile(np.arange(200), (20, 1))
    original = values.copy()
    sort_rows(values, indices)
    np.testing.assert_array_equal(values, np.sort(original, axis=1))
    np.testing.assert_array_equal(np.take_along_axis(original, indices, 1), values)


def test_repush_rows_keeps_the_entries():
    rng = np.random.RandomState(0)
    values = rng.rand(10, 6)
    indices = np.tile(np.arange(6), (10, 1))
    out_v = np.empty_like(values)
    out_i = np.empty_like(indices)
    repush_rows(values, indices, out_v, out_i)
    np.testing.assert_array_equal(np.sort(out_v, 1), np.sort(values, 1))
    # a max-heap: the largest entry at the root
    np.testing.assert_array_equal(out_v[:, 0], values.max(1))
    np.testing.assert_array_equal(np.take_along_axis(values, out_i, 1), out_v)


@pytest.mark.parametrize("k", [1, 5])
def test_screen_and_refine_vs_naive(k, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.randn(40, 8)
    Y = rng.randn(900, 8)
    x_sq = (X**2).sum(1)
    y_sq = (Y**2).sum(1)
    margin = 2.0 * 12 * np.finfo(np.float32).eps
    bound_heap = np.full((40, k + 1), HEAP_EMPTY)
    bound_index = np.full((40, k + 1), -1, dtype=np.int64)
    capacity = 16 * (k + 1) + 64
    cand_index = np.empty((40, capacity), dtype=np.int64)
    cand_lower = np.empty((40, capacity))
    cand_count = np.zeros(40, dtype=np.int64)
    overflow = np.zeros(40, dtype=bool)
    x32 = X.astype(np.float32)
    y32 = (-2 * Y).astype(np.float32)
    for t0, t1 in [(0, 512), (512, 900)]:
        middle = np.ascontiguousarray(x32 @ y32[t0:t1].T)
        screen_f32_block(
            middle,
            x_sq,
            y_sq[t0:t1],
            t0,
            margin,
            bound_heap,
            bound_index,
            cand_index,
            cand_lower,
            cand_count,
            overflow,
        )
    assert not overflow.any()
    best_dist = np.zeros((40, k))
    best_index = np.zeros((40, k), dtype=np.int64)
    needs_exact = overflow.copy()
    refine_candidates(
        X,
        Y,
        x_sq,
        y_sq,
        cand_index,
        cand_count,
        4.0 * 12 * np.finfo(float).eps,
        best_dist,
        best_index,
        needs_exact,
    )
    assert not needs_exact.any()  # continuous random data: no near ties
    reduced = _naive_reduced(X, Y, SQEUCLIDEAN, 2.0)
    expected_index = np.argsort(reduced, axis=1)[:, :k]
    np.testing.assert_array_equal(best_index, expected_index)
    np.testing.assert_allclose(
        best_dist, np.take_along_axis(reduced, expected_index, 1), rtol=1e-10
    )


def test_refine_flags_ties():
    # two training points at exactly the same distance: sent to the exact path
    X = np.zeros((1, 2))
    Y = np.array([[1.0, 0.0], [0.0, 1.0], [3.0, 3.0]])
    y_sq = (Y**2).sum(1)
    cand_index = np.array([[0, 1, 2]])
    cand_count = np.array([3])
    best_dist = np.zeros((1, 1))
    best_index = np.zeros((1, 1), dtype=np.int64)
    needs_exact = np.zeros(1, dtype=bool)
    refine_candidates(
        X,
        Y,
        np.zeros(1),
        y_sq,
        cand_index,
        cand_count,
        1e-12,
        best_dist,
        best_index,
        needs_exact,
    )
    assert needs_exact[0]
