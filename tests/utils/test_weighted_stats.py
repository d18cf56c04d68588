"""The shared weighted-statistics kernels against naive NumPy references."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sklearn_notes.utils._weighted_stats import (
    class_means_and_squares,
    symmetric_gram,
    within_class_scatter,
)

RTOL = {np.float32: 1e-4, np.float64: 1e-10}


def _data(rng, dtype, n_samples=300, n_features=7, n_classes=4, offset=1e3):
    # A large offset: summing squares around the mean must keep the digits that
    # the one-pass formula sum(w x**2) - W mu**2 would lose.
    X = (rng.normal(size=(n_samples, n_features)) + offset).astype(dtype)
    class_index = rng.integers(0, n_classes, n_samples)
    sample_weight = rng.uniform(0.1, 3.0, n_samples)
    return X, class_index, sample_weight


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_class_means_and_squares_match_numpy(rng, dtype):
    X, class_index, sample_weight = _data(rng, dtype)
    weight, mean, squares = class_means_and_squares(X, class_index, sample_weight, 4)
    X64 = X.astype(np.float64)
    for k in range(4):
        rows = class_index == k
        w = sample_weight[rows]
        expected_mean = np.average(X64[rows], axis=0, weights=w)
        assert_allclose(weight[k], w.sum(), rtol=1e-12)
        assert_allclose(mean[k], expected_mean, rtol=RTOL[dtype])
        expected_squares = (w[:, None] * (X64[rows] - expected_mean) ** 2).sum(axis=0)
        assert_allclose(squares[k], expected_squares, rtol=RTOL[dtype] * 100)


def test_integer_weights_equal_repeated_rows(rng):
    X, class_index, _ = _data(rng, np.float64, n_samples=50)
    counts = rng.integers(0, 4, 50)
    weighted = class_means_and_squares(X, class_index, counts.astype(float), 4)
    repeated = class_means_and_squares(
        np.repeat(X, counts, axis=0), np.repeat(class_index, counts), np.ones(counts.sum()), 4
    )
    for got, expected in zip(weighted, repeated):
        assert_allclose(got, expected, rtol=1e-10)


def test_empty_class_has_zero_weight_and_finite_mean(rng):
    X, class_index, sample_weight = _data(rng, np.float64)
    class_index[class_index == 2] = 1
    weight, mean, squares = class_means_and_squares(X, class_index, sample_weight, 4)
    assert weight[2] == 0.0
    assert np.all(mean[2] == 0.0) and np.all(squares[2] == 0.0)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_symmetric_gram_is_at_a(rng, dtype):
    A = rng.normal(size=(200, 9)).astype(dtype)
    gram = symmetric_gram(A)
    assert gram.dtype == dtype
    expected = A.astype(np.float64).T @ A.astype(np.float64)
    assert_allclose(gram, expected, rtol=RTOL[dtype], atol=RTOL[dtype] * 10)
    assert np.array_equal(gram, gram.T)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_within_class_scatter_matches_numpy(rng, dtype):
    X, class_index, sample_weight = _data(rng, dtype)
    _, mean, _ = class_means_and_squares(X, class_index, sample_weight, 4)
    scatter = within_class_scatter(X, class_index, sample_weight, mean)
    X64 = X.astype(np.float64)
    deviations = X64 - mean[class_index]
    expected = (sample_weight[:, None] * deviations).T @ deviations
    scale = np.abs(expected).max()
    assert_allclose(scatter, expected, rtol=RTOL[dtype], atol=RTOL[dtype] * scale)


def test_kernels_read_only_inputs_untouched(rng):
    X, class_index, sample_weight = _data(rng, np.float64)
    for array in (X, class_index, sample_weight):
        array.setflags(write=False)
    before = X.copy()
    _, mean, _ = class_means_and_squares(X, class_index, sample_weight, 4)
    within_class_scatter(X, class_index, sample_weight, mean)
    assert np.array_equal(X, before)
