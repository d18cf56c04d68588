"""Naive Bayes kernels against naive NumPy references, in float32 and float64."""

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from scipy.special import logsumexp

from sklearn_notes.naive_bayes._naive_bayes import _chan_update, _pooled_variance
from sklearn_notes.naive_bayes._naive_bayes_kernels import (
    binarize_dense,
    count_binarized_features_csr,
    count_binarized_features_dense,
    count_features_csr,
    count_features_dense,
    gaussian_joint_log_likelihood,
    normalize_log_rows,
)

DTYPES = [np.float32, np.float64]
RTOL = {np.float32: 1e-5, np.float64: 1e-12}


def _one_hot(class_index, n_classes):
    return np.eye(n_classes)[class_index]


@pytest.mark.parametrize("dtype", DTYPES)
def test_gaussian_joint_log_likelihood_matches_numpy(dtype, rng):
    n_samples, n_features, n_classes = 50, 7, 4
    X = rng.normal(size=(n_samples, n_features)).astype(dtype)
    theta = rng.normal(size=(n_classes, n_features))
    var = rng.uniform(0.1, 3.0, size=(n_classes, n_features))
    log_prior = np.log(rng.dirichlet(np.ones(n_classes)))
    class_constant = log_prior - 0.5 * np.log(2 * np.pi * var).sum(axis=1)

    out = np.empty((n_samples, n_classes), dtype=dtype)
    gaussian_joint_log_likelihood(X, theta, 1.0 / var, class_constant, out)

    X64 = X.astype(np.float64)
    expected = np.stack(
        [
            log_prior[k]
            - 0.5 * np.log(2 * np.pi * var[k]).sum()
            - 0.5 * (((X64 - theta[k]) ** 2) / var[k]).sum(axis=1)
            for k in range(n_classes)
        ],
        axis=1,
    )
    assert out.dtype == dtype
    assert_allclose(out, expected, rtol=RTOL[dtype])


def test_gaussian_joint_log_likelihood_large_offset_no_cancellation(rng):
    # Means of 1e8 with unit spread: an expanded x**2 - 2 x theta + theta**2
    # form would lose every digit; the deviation form keeps them.
    X = 1e8 + rng.normal(size=(20, 3))
    theta = np.full((2, 3), 1e8)
    theta[1] += 1.0
    var = np.ones((2, 3))
    out = np.empty((20, 2))
    gaussian_joint_log_likelihood(X, theta, 1.0 / var, np.zeros(2), out)
    expected = -0.5 * ((X[:, None, :] - theta[None]) ** 2).sum(axis=2)
    assert_allclose(out, expected, rtol=1e-7)


@pytest.mark.parametrize("dtype", DTYPES)
def test_normalize_log_rows_matches_scipy_logsumexp(dtype, rng):
    jll = (rng.normal(size=(40, 5)) * 300).astype(dtype)
    jll[0] = -np.inf
    jll[0, 2] = 0.0  # one finite class among -inf
    jll[1] = 5.0  # ties everywhere
    jll[2, :2] = 1e4  # two tied maxima, the rest far below
    expected = (
        jll.astype(np.float64) - logsumexp(jll.astype(np.float64), axis=1)[:, None]
    )

    out = np.empty_like(jll)
    normalize_log_rows(jll, out)
    assert out.dtype == dtype
    assert_allclose(out, expected, rtol=RTOL[dtype], atol=0)
    # probabilities sum to one and nothing overflowed
    assert_allclose(np.exp(out.astype(np.float64)).sum(axis=1), 1.0, rtol=1e-6)


def test_normalize_log_rows_keeps_tiny_losing_mass():
    # log p(winner | x) = -log1p(exp(-50)) ~ -1.9e-22, not 0.
    jll = np.array([[0.0, -50.0]])
    normalize_log_rows(jll, jll)  # in place is allowed
    assert_allclose(jll[0, 0], -np.log1p(np.exp(-50.0)), rtol=1e-14)
    assert jll[0, 0] < 0
    assert_allclose(jll[0, 1], -50.0 - np.log1p(np.exp(-50.0)), rtol=1e-14)


def test_normalize_log_rows_all_minus_inf_row_gives_nan_like_numpy():
    jll = np.full((1, 3), -np.inf)
    out = np.empty_like(jll)
    normalize_log_rows(jll, out)
    with np.errstate(invalid="ignore"):
        expected = jll - logsumexp(jll, axis=1)[:, None]
    assert_array_equal(np.isnan(out), np.isnan(expected))


def _count_problem(rng, dtype, n_samples=60, n_features=6, n_classes=3):
    X = rng.poisson(2.0, size=(n_samples, n_features)).astype(dtype)
    X += rng.uniform(size=X.shape).astype(dtype)  # fractional "counts"
    class_index = rng.integers(n_classes, size=n_samples).astype(np.intp)
    weights = rng.uniform(0.0, 3.0, size=n_samples)
    return X, class_index, weights


@pytest.mark.parametrize("dtype", DTYPES)
def test_count_features_dense_matches_one_hot_product(dtype, rng):
    X, class_index, weights = _count_problem(rng, dtype)
    X[3, 2] = -1.5
    X[7, 0] = -0.25
    n_classes = 3
    # accumulates into what is already there (partial_fit)
    feature_count = np.full((n_classes, X.shape[1]), 10.0)
    class_count = np.full(n_classes, 5.0)
    n_negative = count_features_dense(
        X, class_index, weights, feature_count, class_count
    )

    Y = _one_hot(class_index, n_classes) * weights[:, None]
    assert n_negative == 2
    assert_allclose(feature_count, 10.0 + Y.T @ X.astype(np.float64), rtol=1e-12)
    assert_allclose(class_count, 5.0 + Y.sum(axis=0), rtol=1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("threshold", [0.0, 2.5])
def test_count_binarized_features_dense_matches_one_hot_product(dtype, threshold, rng):
    X, class_index, weights = _count_problem(rng, dtype)
    n_classes = 3
    feature_count = np.zeros((n_classes, X.shape[1]))
    class_count = np.zeros(n_classes)
    count_binarized_features_dense(
        X, class_index, weights, threshold, feature_count, class_count
    )
    Y = _one_hot(class_index, n_classes) * weights[:, None]
    assert_allclose(feature_count, Y.T @ (X > threshold), rtol=1e-12)
    assert_allclose(class_count, Y.sum(axis=0), rtol=1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
def test_csr_counting_kernels_match_dense(dtype, index_dtype, rng):
    X, class_index, weights = _count_problem(rng, dtype)
    X[rng.uniform(size=X.shape) < 0.5] = 0
    X[0, 1] = -2.0
    csr = sp.csr_matrix(X)
    # an explicit stored zero and unsorted indices must not matter
    csr.data[0] = 0.0 if csr.indices[0] != 1 else csr.data[0]
    dense_view = csr.toarray()
    csr.indices = csr.indices.astype(index_dtype)
    csr.indptr = csr.indptr.astype(index_dtype)
    order = np.arange(csr.indptr[1])[::-1]
    csr.indices[: csr.indptr[1]] = csr.indices[order]
    csr.data[: csr.indptr[1]] = csr.data[order]
    assert_array_equal(csr.toarray(), dense_view)
    n_classes, n_features = 3, X.shape[1]

    fc_sparse, cc_sparse = np.zeros((n_classes, n_features)), np.zeros(n_classes)
    n_negative = count_features_csr(
        csr.data, csr.indices, csr.indptr, class_index, weights, fc_sparse, cc_sparse
    )
    fc_dense, cc_dense = np.zeros((n_classes, n_features)), np.zeros(n_classes)
    count_features_dense(dense_view, class_index, weights, fc_dense, cc_dense)
    assert n_negative == 1
    assert_allclose(fc_sparse, fc_dense, rtol=1e-12)
    assert_allclose(cc_sparse, cc_dense, rtol=1e-12)

    fc_sparse, cc_sparse = np.zeros((n_classes, n_features)), np.zeros(n_classes)
    count_binarized_features_csr(
        csr.data,
        csr.indices,
        csr.indptr,
        class_index,
        weights,
        1.0,
        fc_sparse,
        cc_sparse,
    )
    Y = _one_hot(class_index, n_classes) * weights[:, None]
    assert_allclose(fc_sparse, Y.T @ (dense_view > 1.0), rtol=1e-12)
    assert_allclose(cc_sparse, Y.sum(axis=0), rtol=1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
def test_binarize_dense_matches_numpy(dtype, rng):
    X = rng.normal(size=(30, 4)).astype(dtype)
    X[0, 0] = 0.5  # exactly at the threshold: not above it
    out = np.empty(X.shape)
    binarize_dense(X, 0.5, out)
    assert_array_equal(out, (X > 0.5).astype(np.float64))


def test_kernels_accept_read_only_inputs(rng):
    X, class_index, weights = _count_problem(rng, np.float64)
    for array in (X, class_index, weights):
        array.setflags(write=False)
    feature_count, class_count = np.zeros((3, X.shape[1])), np.zeros(3)
    count_features_dense(X, class_index, weights, feature_count, class_count)
    assert_allclose(class_count.sum(), weights.sum())


def test_chan_update_equals_statistics_of_concatenated_batches(rng):
    n_classes, n_features = 3, 4
    batches = [rng.normal(loc=3.0, size=(40, n_features)) for _ in range(2)]
    labels = [rng.integers(n_classes, size=40) for _ in range(2)]
    labels[0][labels[0] == 2] = 1  # class 2 first appears in the second batch

    def stats(X, y):
        count = np.array([(y == k).sum() for k in range(n_classes)], dtype=float)
        mean = np.array(
            [
                X[y == k].mean(axis=0) if (y == k).any() else np.zeros(n_features)
                for k in range(n_classes)
            ]
        )
        var = np.array(
            [
                X[y == k].var(axis=0) if (y == k).any() else np.zeros(n_features)
                for k in range(n_classes)
            ]
        )
        return count, mean, var

    count_a, mean_a, var_a = stats(batches[0], labels[0])
    count_b, mean_b, var_b = stats(batches[1], labels[1])
    mean_a_before = mean_a.copy()
    mean, var = _chan_update(count_a, mean_a, var_a, count_b, mean_b, var_b)
    _, mean_all, var_all = stats(np.vstack(batches), np.concatenate(labels))
    assert_allclose(mean, mean_all, rtol=1e-12)
    assert_allclose(var, var_all, rtol=1e-12)
    assert_array_equal(mean_a, mean_a_before)  # inputs untouched

    # a class with no new weight keeps its old statistics
    mean, var = _chan_update(count_a, mean_a, var_a, np.zeros(n_classes), mean_b, var_b)
    assert_array_equal(mean, mean_a)
    assert_array_equal(var, var_a)


def test_pooled_variance_is_the_total_variance(rng):
    X = rng.normal(loc=5.0, size=(100, 3))
    y = rng.integers(4, size=100)
    count = np.array([(y == k).sum() for k in range(4)], dtype=float)
    mean = np.array([X[y == k].mean(axis=0) for k in range(4)])
    squares = np.array([((X[y == k] - mean[k]) ** 2).sum(axis=0) for k in range(4)])
    assert_allclose(_pooled_variance(count, mean, squares), X.var(axis=0), rtol=1e-12)
