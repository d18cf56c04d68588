"""The KDE and histogram Numba kernels against naive NumPy references."""

import numpy as np
import pytest
from scipy.special import logsumexp

from sklearn_notes.neighbors import _kde_kernels as kk
from sklearn_notes.neighbors._histogram_kernels import find_rows

KERNEL_CODES = {
    "gaussian": kk.GAUSSIAN, "tophat": kk.TOPHAT, "epanechnikov": kk.EPANECHNIKOV,
    "exponential": kk.EXPONENTIAL, "linear": kk.LINEAR, "cosine": kk.COSINE,
    "hypercube": kk.HYPERCUBE,
}


def naive_log_kernel(dist, h, kernel):
    """Unnormalised log kernels, written from their textbook definitions."""
    dist = np.asarray(dist, dtype=np.float64)
    inside = dist < h
    with np.errstate(divide="ignore", invalid="ignore"):
        values = {
            "gaussian": -dist**2 / (2 * h**2),
            "tophat": np.where(inside, 0.0, -np.inf),
            "epanechnikov": np.where(inside, np.log(1 - dist**2 / h**2), -np.inf),
            "exponential": -dist / h,
            "linear": np.where(inside, np.log(1 - dist / h), -np.inf),
            "cosine": np.where(inside, np.log(np.cos(np.pi * dist / (2 * h))), -np.inf),
            "hypercube": np.where(dist <= h / 2, 0.0, -np.inf),
        }
    return values[kernel]


def naive_distances(Q, X, metric, p=2.0):
    diff = np.abs(Q[:, None, :].astype(np.float64) - X[None, :, :])
    if metric == kk.EUCLIDEAN:
        return np.sqrt((diff**2).sum(-1))
    if metric == kk.MANHATTAN:
        return diff.sum(-1)
    if metric == kk.CHEBYSHEV:
        return diff.max(-1)
    return (diff**p).sum(-1) ** (1 / p)


@pytest.mark.parametrize("kernel", KERNEL_CODES)
def test_log_kernel_array(kernel):
    h = 0.7
    dist = np.linspace(0, 2, 41)
    out = np.empty_like(dist)
    kk.log_kernel_array(dist, h, KERNEL_CODES[kernel], out)
    np.testing.assert_allclose(out, naive_log_kernel(dist, h, kernel), rtol=1e-12)


# An absolute error a in log space is a relative error a of the sum: atol is
# that relative error (the log sum itself may be near 0), rtol the log's own.
@pytest.mark.parametrize("dtype, rtol, atol", [(np.float32, 1e-4, 1e-5),
                                              (np.float64, 1e-10, 1e-12)])
@pytest.mark.parametrize("kernel", KERNEL_CODES)
@pytest.mark.parametrize("metric", [kk.EUCLIDEAN, kk.MANHATTAN, kk.CHEBYSHEV,
                                    kk.MINKOWSKI])
def test_log_sum_brute_matches_numpy(global_random_seed, dtype, rtol, atol, kernel,
                                     metric):
    rng = np.random.default_rng(global_random_seed)
    X = rng.normal(size=(60, 3)).astype(dtype)
    Q = rng.normal(size=(15, 3)).astype(dtype)
    w = rng.uniform(0.2, 2.0, size=60).astype(dtype)
    h, p = 1.3, 3.0
    out = np.empty(15, dtype=dtype)
    kk.kde_log_sum_brute(Q, X, w, h, KERNEL_CODES[kernel], metric, p, out)
    dist = naive_distances(Q, X, metric, p)
    expected = logsumexp(naive_log_kernel(dist, h, kernel), b=w.astype(np.float64),
                         axis=1)
    finite = np.isfinite(expected)
    np.testing.assert_array_equal(np.isfinite(out), finite)
    np.testing.assert_allclose(out[finite], expected[finite], rtol=rtol, atol=atol)

    # the same from a precomputed block of distances
    out2 = np.empty(15, dtype=dtype)
    kk.kde_log_sum_from_distances(dist.astype(dtype), w, h, KERNEL_CODES[kernel], out2)
    np.testing.assert_array_equal(np.isfinite(out2), finite)
    np.testing.assert_allclose(out2[finite], expected[finite], rtol=rtol, atol=atol)


def test_log_sum_is_stable_far_from_the_data():
    # exp(-d^2 / 2h^2) underflows to 0 for every point; the log-sum-exp does not
    X = np.zeros((5, 1))
    Q = np.array([[100.0]])
    out = np.empty(1)
    kk.kde_log_sum_brute(Q, X, np.ones(5), 0.1, kk.GAUSSIAN, kk.EUCLIDEAN, 2.0, out)
    np.testing.assert_allclose(out, -0.5 * 100.0**2 / 0.1**2 + np.log(5), rtol=1e-14)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_linear_binning_1d(global_random_seed, dtype):
    rng = np.random.default_rng(global_random_seed)
    x = rng.uniform(0, 9, size=200).astype(dtype)
    w = rng.uniform(0.5, 1.5, size=200).astype(dtype)
    grid = np.empty(10, dtype=dtype)
    kk.linear_binning_1d(x, w, 0.0, 1.0, grid)
    expected = np.zeros(10)
    j = np.minimum(np.floor(x).astype(int), 8)
    t = x - j
    np.add.at(expected, j, (1 - t) * w)
    np.add.at(expected, j + 1, t * w)
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(grid, expected, rtol=rtol)
    # binning keeps the total weight and the weighted mean
    np.testing.assert_allclose(grid.sum(), w.sum(), rtol=rtol)
    np.testing.assert_allclose(grid @ np.arange(10), w @ x, rtol=rtol)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_linear_binning_2d(global_random_seed, dtype):
    rng = np.random.default_rng(global_random_seed)
    X = np.column_stack([rng.uniform(-1, 3, 150), rng.uniform(2, 4, 150)]).astype(dtype)
    w = rng.uniform(0.5, 1.5, size=150).astype(dtype)
    grid = np.empty((9, 5), dtype=dtype)
    kk.linear_binning_2d(X, w, -1.0, 0.5, 2.0, 0.5, grid)
    expected = np.zeros((9, 5))
    p0, p1 = (X[:, 0] + 1) / 0.5, (X[:, 1] - 2) / 0.5
    j0 = np.minimum(np.floor(p0).astype(int), 7)
    j1 = np.minimum(np.floor(p1).astype(int), 3)
    t0, t1 = p0 - j0, p1 - j1
    np.add.at(expected, (j0, j1), (1 - t0) * (1 - t1) * w)
    np.add.at(expected, (j0 + 1, j1), t0 * (1 - t1) * w)
    np.add.at(expected, (j0, j1 + 1), (1 - t0) * t1 * w)
    np.add.at(expected, (j0 + 1, j1 + 1), t0 * t1 * w)
    rtol = 1e-4 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(grid, expected, rtol=rtol, atol=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_interpolate_1d_and_2d(global_random_seed, dtype):
    rng = np.random.default_rng(global_random_seed)
    grid1 = rng.uniform(size=11).astype(dtype)
    x = np.array([-0.1, 0.0, 0.25, 3.7, 10.0, 10.5], dtype=dtype)
    out = np.empty(6, dtype=dtype)
    kk.interpolate_1d(grid1, 0.0, 1.0, x, out)
    expected = np.interp(x, np.arange(11), grid1)
    expected[[0, 5]] = np.nan
    np.testing.assert_allclose(out, expected, rtol=1e-6)

    grid2 = rng.uniform(size=(4, 6)).astype(dtype)
    X = rng.uniform([0, 0], [1.5, 2.5], size=(20, 2)).astype(dtype)
    out2 = np.empty(20, dtype=dtype)
    kk.interpolate_2d(grid2, 0.0, 0.5, 0.0, 0.5, X, out2)
    from scipy.interpolate import RegularGridInterpolator
    reference = RegularGridInterpolator((np.arange(4) * 0.5, np.arange(6) * 0.5),
                                        grid2.astype(np.float64))(X.astype(np.float64))
    np.testing.assert_allclose(out2, reference, rtol=1e-5)


def test_find_rows(global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    rows = np.unique(rng.integers(0, 4, size=(40, 3)), axis=0)
    queries = rng.integers(0, 5, size=(30, 3))
    out = np.empty(30, dtype=np.int64)
    find_rows(rows, queries, out)
    for q, position in zip(queries, out):
        matches = np.flatnonzero((rows == q).all(axis=1))
        assert position == (matches[0] if matches.size else -1)
