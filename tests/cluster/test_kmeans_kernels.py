"""The k-means kernels against naive NumPy references, in float32 and float64."""

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_notes.cluster import _kmeans_kernels as kernels
from sklearn_notes.cluster._kmeans import _canonical_order, _inverse_cdf

DTYPES = [np.float32, np.float64]
RTOL = {np.float32: 1e-5, np.float64: 1e-12}


def _sq_dist(X, C):
    X = X.astype(np.float64)
    C = C.astype(np.float64)
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


def _data(rng, n_samples, n_features, n_clusters, dtype, offset=0.0):
    X = (rng.normal(size=(n_samples, n_features)) + offset).astype(dtype)
    C = (rng.normal(size=(n_clusters, n_features)) + offset).astype(dtype)
    w = rng.uniform(0.5, 2.0, size=n_samples).astype(dtype)
    return X, C, w


def _assert_nearest(X, C, labels, dtype):
    """Each label is a nearest centre, up to the rounding of the dtype."""
    d = _sq_dist(X, C)
    chosen = d[np.arange(X.shape[0]), labels]
    X, C = X.astype(np.float64), C.astype(np.float64)
    scale = (X**2).sum(1) + (C**2).sum(1).max()
    assert np.all(chosen - d.min(axis=1) <= 10 * np.finfo(dtype).eps * scale)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize(
    "n_samples, n_features, n_clusters",
    [(1, 1, 1), (5, 3, 2), (127, 4, 4), (300, 13, 9), (257, 8, 16), (129, 1, 5)],
)
def test_lloyd_iter_dense(global_random_seed, dtype, n_samples, n_features, n_clusters):
    rng = np.random.default_rng(global_random_seed)
    X, C, w = _data(rng, n_samples, n_features, n_clusters, dtype, offset=5.0)
    offset = C.mean(axis=0)
    sums = np.full((n_clusters, n_features), np.nan, dtype=dtype)
    weights = np.full(n_clusters, np.nan, dtype=dtype)
    labels = np.full(n_samples, -1, dtype=np.int32)

    kernels.lloyd_iter_dense(X, w, C, offset, sums, weights, labels, True)

    _assert_nearest(X, C, labels, dtype)
    one_hot = labels[:, None] == np.arange(n_clusters)[None, :]
    expected_weights = (one_hot * w[:, None].astype(np.float64)).sum(axis=0)
    expected_sums = (one_hot * w[:, None]).T.astype(np.float64) @ (
        X.astype(np.float64) - offset
    )
    assert_allclose(weights, expected_weights, rtol=RTOL[dtype])
    assert_allclose(sums, expected_sums, rtol=RTOL[dtype] * 10, atol=RTOL[dtype] * 10)


def test_lloyd_iter_dense_exact_labels_float64():
    """Well separated points: the labels are exactly NumPy's argmin."""
    rng = np.random.default_rng(0)
    X, C, w = _data(rng, 500, 7, 6, np.float64)
    labels = np.empty(500, dtype=np.int32)
    kernels.lloyd_iter_dense(
        X, w, C, C.mean(0), np.empty((6, 7)), np.empty(6), labels, True
    )
    assert_array_equal(labels, _sq_dist(X, C).argmin(axis=1))


@pytest.mark.parametrize("dtype", DTYPES)
def test_lloyd_iter_dense_assignment_only(dtype):
    rng = np.random.default_rng(1)
    X, C, w = _data(rng, 50, 3, 4, dtype)
    sums = np.full((4, 3), 7.0, dtype=dtype)
    weights = np.full(4, 7.0, dtype=dtype)
    labels = np.empty(50, dtype=np.int32)
    kernels.lloyd_iter_dense(X, w, C, C.mean(0), sums, weights, labels, False)
    _assert_nearest(X, C, labels, dtype)
    assert np.all(sums == 7) and np.all(weights == 7)


def test_lloyd_iter_dense_first_centre_wins_ties():
    X = np.array([[-0.75], [1.0]])
    C = np.array([[-1.0], [1.0], [-1.0]])  # centres 0 and 2 coincide
    labels = np.empty(2, dtype=np.int32)
    kernels.lloyd_iter_dense(
        X, np.ones(2), C, C.mean(0), np.empty((3, 1)), np.empty(3), labels, True
    )
    assert_array_equal(labels, [0, 1])


@pytest.mark.parametrize("dtype", DTYPES)
def test_finish_centers(dtype):
    rng = np.random.default_rng(2)
    old = rng.normal(size=(4, 3)).astype(dtype)
    offset = rng.normal(size=3).astype(dtype)
    sums = rng.normal(size=(4, 3)).astype(dtype)
    weights = np.array([2.0, 0.0, 5.0, 1.0], dtype=dtype)
    centers = sums.copy()
    shift = np.empty(4, dtype=dtype)

    total = kernels.finish_centers(old, offset, centers, weights, shift)

    safe_weights = np.where(weights > 0, weights, 1)[:, None]
    expected = sums.astype(np.float64) / safe_weights + offset
    expected[1] = expected[2]  # the empty cluster goes to the heaviest one
    assert_allclose(centers, expected, rtol=RTOL[dtype] * 10)
    expected_shift = np.sqrt(((expected - old) ** 2).sum(axis=1))
    assert_allclose(shift, expected_shift, rtol=RTOL[dtype] * 10)
    assert_allclose(total, (expected_shift**2).sum(), rtol=RTOL[dtype] * 10)


@pytest.mark.parametrize("dtype", DTYPES)
def test_inertia_and_distances(dtype):
    rng = np.random.default_rng(3)
    X, C, w = _data(rng, 40, 5, 3, dtype)
    labels = rng.integers(0, 3, size=40).astype(np.int32)
    d = _sq_dist(X, C)
    inertia = kernels.inertia_dense(X, w, C, labels)
    assert_allclose(inertia, (w * d[np.arange(40), labels]).sum(), rtol=RTOL[dtype])

    out = np.empty((40, 3), dtype=dtype)
    kernels.euclidean_distances_dense(X, C, out)
    assert_allclose(out, np.sqrt(d), rtol=RTOL[dtype] * 10)


@pytest.mark.parametrize("dtype", DTYPES)
def test_elkan_kernels(dtype):
    rng = np.random.default_rng(4)
    X, C, w = _data(rng, 200, 4, 5, dtype)
    true_dist = np.sqrt(_sq_dist(X, C))
    half = np.sqrt(_sq_dist(C, C)).astype(dtype) / 2
    labels = np.empty(200, dtype=np.int32)
    upper = np.empty(200, dtype=dtype)
    lower = np.zeros((200, 5), dtype=dtype)

    kernels.elkan_init_bounds(X, C, half, labels, upper, lower)
    _assert_nearest(X, C, labels, dtype)
    assert_allclose(upper, true_dist.min(axis=1), rtol=RTOL[dtype] * 10)
    assert np.all(lower <= true_dist * (1 + RTOL[dtype] * 10))

    # One Elkan pass from new centres gives Lloyd's assignment and sums.
    C_new = (C + rng.normal(scale=0.3, size=C.shape)).astype(dtype)
    shift = np.sqrt(((C_new.astype(np.float64) - C) ** 2).sum(axis=1)).astype(dtype)
    kernels.elkan_shift_bounds(labels, shift, upper, lower)
    assert np.all(lower >= 0)
    new_dist = np.sqrt(_sq_dist(X, C_new))
    assert np.all(upper >= new_dist[np.arange(200), labels] * (1 - RTOL[dtype] * 10))
    assert np.all(lower <= new_dist * (1 + RTOL[dtype] * 10) + RTOL[dtype])

    half_new = (np.sqrt(_sq_dist(C_new, C_new)) / 2).astype(dtype)
    next_center = np.partition(half_new, kth=1, axis=0)[1]
    offset = C_new.mean(0)
    sums = np.empty((5, 4), dtype=dtype)
    weights = np.empty(5, dtype=dtype)
    kernels.elkan_iter_dense(
        X, w, C_new, offset, half_new, next_center, upper, lower, labels, sums,
        weights, True,
    )
    _assert_nearest(X, C_new, labels, dtype)
    one_hot = labels[:, None] == np.arange(5)[None, :]
    assert_allclose(weights, (one_hot * w[:, None]).sum(axis=0), rtol=RTOL[dtype])
    assert_allclose(
        sums,
        (one_hot * w[:, None]).T.astype(np.float64) @ (X.astype(np.float64) - offset),
        rtol=RTOL[dtype] * 10,
        atol=RTOL[dtype] * 10,
    )


@pytest.mark.parametrize("dtype", DTYPES)
def test_kmeans_plusplus_kernels(dtype):
    rng = np.random.default_rng(5)
    X, _, w = _data(rng, 60, 3, 1, dtype)
    out = np.empty(60)
    kernels.sq_distances_to_row(X, 7, out)
    assert_allclose(out, _sq_dist(X, X[[7]])[:, 0], rtol=RTOL[dtype])

    candidates = np.array([3, 11, 42])
    trial = np.empty((3, 60))
    potential = np.empty(3)
    kernels.kmeans_plusplus_trials(X, w, candidates, out, trial, potential)
    expected = np.minimum(out[None, :], _sq_dist(X[candidates], X))
    assert_allclose(trial, expected, rtol=RTOL[dtype])
    assert_allclose(potential, expected @ w.astype(np.float64), rtol=RTOL[dtype])


def test_is_same_clustering():
    a = np.array([0, 0, 1, 2, 2], dtype=np.int32)
    assert kernels.is_same_clustering(a, np.array([2, 2, 0, 1, 1], dtype=np.int32), 3)
    b = np.array([2, 2, 0, 1, 0], dtype=np.int32)
    assert not kernels.is_same_clustering(a, b, 3)


def test_row_hashes_depend_on_values_only(global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    for dtype, unsigned in ((np.float64, np.uint64), (np.float32, np.uint32)):
        X = rng.integers(0, 3, size=(300, 5)).astype(dtype)
        X[0, 0] = -0.0
        X[1] = X[0]
        X[1, 0] = 0.0
        negative_zero = np.uint64(np.array(-0.0, dtype=dtype).view(unsigned))
        hashes = np.empty(300, dtype=np.uint64)
        kernels.row_hashes(X.view(unsigned), negative_zero, hashes)
        perm = rng.permutation(300)
        permuted = np.empty(300, dtype=np.uint64)
        X_perm = np.ascontiguousarray(X[perm])
        kernels.row_hashes(X_perm.view(unsigned), negative_zero, permuted)
        assert_array_equal(permuted, hashes[perm])
        # Equal rows (-0.0 == 0.0 included) share a hash, and only they do.
        _, row_ids = np.unique(X, axis=0, return_inverse=True)
        _, hash_ids = np.unique(hashes, return_inverse=True)
        same_row = row_ids[:, None] == row_ids[None]
        assert np.all(same_row == (hash_ids[:, None] == hash_ids[None]))


@pytest.mark.parametrize("collide", [False, True])
def test_canonical_order_ignores_row_positions(
    global_random_seed, monkeypatch, collide
):
    if collide:  # every row gets the same hash: the order falls back to lexsort
        import sklearn_notes.cluster._kmeans as kmeans_module

        def constant_hashes(X_bits, negative_zero, out):
            out[:] = 0

        monkeypatch.setattr(kmeans_module, "row_hashes", constant_hashes)
    rng = np.random.default_rng(global_random_seed)
    X = rng.integers(0, 3, size=(200, 4)).astype(np.float64)
    perm = rng.permutation(200)
    assert_array_equal(X[_canonical_order(X)], X[perm][_canonical_order(X[perm])])
    assert_array_equal(np.sort(_canonical_order(X)), np.arange(200))


def test_inverse_cdf_never_draws_zero_weight():
    weights = np.array([0.0, 1.0, 0.0, 0.0, 2.0, 0.0])
    cumulative = np.cumsum(weights)
    uniforms = np.concatenate([np.linspace(0, 1, 1001)[:-1], [np.nextafter(1, 0)]])
    drawn = _inverse_cdf(cumulative, uniforms)
    assert set(drawn) == {1, 4}
    # Frequencies follow the weights.
    assert abs(np.mean(drawn == 4) - 2 / 3) < 0.01


def _csr(X, rng):
    """CSR version of X with a third of the entries zeroed (some stored)."""
    X = X.copy()
    X[rng.uniform(size=X.shape) < 0.33] = 0
    X_csr = sp.csr_matrix(X)
    return X, X_csr


@pytest.mark.parametrize("dtype", DTYPES)
def test_sparse_kernels_against_numpy(global_random_seed, dtype):
    rng = np.random.default_rng(global_random_seed)
    X, C, w = _data(rng, 120, 7, 5, dtype)
    X, X_csr = _csr(X, rng)
    data, indices, indptr = X_csr.data, X_csr.indices, X_csr.indptr
    d = _sq_dist(X, C)

    labels = np.empty(120, dtype=np.int32)
    sums = np.empty((5, 7), dtype=dtype)
    weights = np.empty(5, dtype=dtype)
    kernels.lloyd_iter_sparse(data, indices, indptr, w, C, sums, weights, labels, True)
    _assert_nearest(X, C, labels, dtype)
    one_hot = labels[:, None] == np.arange(5)[None, :]
    assert_allclose(weights, (one_hot * w[:, None]).sum(axis=0), rtol=RTOL[dtype])
    expected_sums = (one_hot * w[:, None]).T.astype(np.float64) @ X
    assert_allclose(sums, expected_sums, rtol=RTOL[dtype] * 10, atol=RTOL[dtype] * 10)

    out = np.empty(120)
    kernels.sq_distances_to_centers_sparse(data, indices, indptr, C, labels, out)
    assert_allclose(out, d[np.arange(120), labels], rtol=RTOL[dtype] * 10)

    distances = np.empty((120, 5), dtype=dtype)
    kernels.euclidean_distances_sparse(data, indices, indptr, C, distances)
    assert_allclose(distances, np.sqrt(d), rtol=RTOL[dtype] * 10)

    closest = rng.uniform(0, 20, size=120)
    trial = np.empty((2, 120))
    potential = np.empty(2)
    kernels.kmeans_plusplus_trials_sparse(
        data, indices, indptr, w, C[:2].copy(), closest, trial, potential
    )
    expected = np.minimum(closest[None, :], d[:, :2].T)
    assert_allclose(trial, expected, rtol=RTOL[dtype] * 10)
    assert_allclose(potential, expected @ w.astype(np.float64), rtol=RTOL[dtype] * 10)


@pytest.mark.parametrize("dtype", DTYPES)
def test_sparse_elkan_kernels_match_dense(dtype):
    rng = np.random.default_rng(7)
    X, C, w = _data(rng, 150, 6, 4, dtype)
    X, X_csr = _csr(X, rng)
    csr = (X_csr.data, X_csr.indices, X_csr.indptr)
    half = (np.sqrt(_sq_dist(C, C)) / 2).astype(dtype)
    next_center = np.partition(half, kth=1, axis=0)[1]
    results = []
    for sparse in (False, True):
        labels = np.empty(150, dtype=np.int32)
        upper = np.empty(150, dtype=dtype)
        lower = np.zeros((150, 4), dtype=dtype)
        sums = np.empty((4, 6), dtype=dtype)
        weights = np.empty(4, dtype=dtype)
        zero = np.zeros(6, dtype=dtype)
        if sparse:
            kernels.elkan_init_bounds_sparse(*csr, C, half, labels, upper, lower)
            kernels.elkan_iter_sparse(
                *csr, w, C, half, next_center, upper, lower, labels, sums, weights,
                True,
            )
        else:
            kernels.elkan_init_bounds(X, C, half, labels, upper, lower)
            kernels.elkan_iter_dense(
                X, w, C, zero, half, next_center, upper, lower, labels, sums,
                weights, True,
            )
        results.append((labels, upper, sums, weights))
    for dense_result, sparse_result in zip(*results):
        assert_allclose(sparse_result, dense_result, rtol=RTOL[dtype] * 10)


def test_sparse_row_hashes_ignore_stored_zeros_and_positions():
    rng = np.random.default_rng(0)
    X = rng.integers(0, 3, size=(100, 6)).astype(np.float64)
    clean = sp.csr_matrix(X)
    stored = sp.csr_matrix(X + 1.0)
    stored.data -= 1.0  # same values, zeros stored explicitly
    hashes = []
    for X_csr in (clean, stored):
        out = np.empty(100, dtype=np.uint64)
        kernels.row_hashes_sparse(
            X_csr.data.view(np.uint64), X_csr.indices, X_csr.indptr,
            np.uint64(np.array(-0.0).view(np.uint64)), out,
        )
        hashes.append(out)
    assert_array_equal(hashes[0], hashes[1])
    perm = rng.permutation(100)
    order = _canonical_order(clean)
    assert_array_equal(X[order], X[perm][_canonical_order(sp.csr_matrix(X[perm]))])
