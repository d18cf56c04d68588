"""LDA's kernel (and the one-pass class means it uses) against NumPy references."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_notes.discriminant_analysis._lda_kernels import class_sorted_deviations
from sklearn_notes.utils._weighted_stats import (
    class_means_and_squares,
    class_weights_and_means,
)

DTYPES = [np.float32, np.float64]
RTOL = {np.float32: 1e-5, np.float64: 1e-12}


def _problem(rng, dtype, n_samples=200, n_features=7, n_classes=4):
    X = (rng.standard_normal((n_samples, n_features)) * 3 + 5).astype(dtype)
    class_index = rng.integers(0, n_classes, size=n_samples)
    class_index[:n_classes] = np.arange(n_classes)  # every class present
    return X, class_index, n_classes


def _naive_means(X, class_index, weight, n_classes):
    X64 = X.astype(np.float64)
    class_weight = np.array([weight[class_index == k].sum() for k in range(n_classes)])
    class_mean = np.array(
        [
            (weight[class_index == k, None] * X64[class_index == k]).sum(axis=0)
            / class_weight[k]
            for k in range(n_classes)
        ]
    )
    return class_weight, class_mean


@pytest.mark.parametrize("dtype", DTYPES)
def test_class_sorted_deviations_matches_numpy(dtype, rng):
    X, class_index, n_classes = _problem(rng, dtype)
    class_mean = rng.standard_normal((n_classes, X.shape[1]))
    counts = np.bincount(class_index, minlength=n_classes)
    class_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    out = np.full(X.shape, np.nan)
    X.setflags(write=False)  # the kernel must accept read-only input

    class_sorted_deviations(X, class_index, class_mean, class_start, out)

    order = np.argsort(class_index, kind="stable")  # grouped, original order kept
    expected = X[order].astype(np.float64) - class_mean[class_index[order]]
    assert_allclose(out, expected, rtol=RTOL[dtype], atol=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_class_sorted_deviations_blocks_give_class_scatter(dtype, rng):
    X, class_index, n_classes = _problem(rng, dtype)
    _, class_mean = _naive_means(X, class_index, np.ones(len(X)), n_classes)
    counts = np.bincount(class_index, minlength=n_classes)
    class_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    out = np.empty(X.shape)
    class_sorted_deviations(X, class_index, class_mean, class_start, out)
    for k in range(n_classes):
        block = out[class_start[k] : class_start[k + 1]]
        expected = np.cov(X[class_index == k].astype(np.float64).T, bias=True)
        assert_allclose(block.T @ block / counts[k], expected, rtol=1e-9, atol=1e-12)
        assert_allclose(block.sum(axis=0), 0.0, atol=1e-9 * counts[k])


@pytest.mark.parametrize("dtype", DTYPES)
def test_class_weights_and_means_matches_numpy(dtype, rng):
    X, class_index, n_classes = _problem(rng, dtype)
    weight = rng.uniform(0.5, 2.0, size=len(X))
    class_weight, class_mean = class_weights_and_means(
        X, class_index, weight, n_classes
    )
    expected_weight, expected_mean = _naive_means(X, class_index, weight, n_classes)
    assert class_weight.dtype == np.float64 and class_mean.dtype == np.float64
    assert_allclose(class_weight, expected_weight, rtol=1e-12)
    assert_allclose(class_mean, expected_mean, rtol=RTOL[dtype])


def test_class_weights_and_means_equals_two_pass_version(rng):
    X, class_index, n_classes = _problem(rng, np.float64)
    weight = rng.uniform(0.5, 2.0, size=len(X))
    weight[class_index == 2] = 0.0  # a class of zero weight gets a zero mean
    class_weight, class_mean = class_weights_and_means(
        X, class_index, weight, n_classes
    )
    expected_weight, expected_mean, _ = class_means_and_squares(
        X, class_index, weight, n_classes
    )
    assert_array_equal(class_weight, expected_weight)
    assert_array_equal(class_mean, expected_mean)
    assert_array_equal(class_mean[2], 0.0)
