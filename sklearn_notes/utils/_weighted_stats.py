"""Weighted per-class statistics shared by naive Bayes, LDA and PCA.

Kernels (``@njit``, one pass each, no validation, OUT buffers written in
place) and the thin Python drivers that allocate their buffers.  Inputs are
read only: they may be read-only memmaps.

A sample weight ``w_i`` is a frequency weight: a row of weight 2 counts as the
row repeated twice.  For class ``k`` with rows ``i`` in ``k``::

    W_k   = sum_i w_i                                   (weight of the class)
    mu_k  = sum_i w_i x_i / W_k                         (weighted mean)
    S_k   = sum_i w_i (x_i - mu_k) ** 2                 (per feature)
    Sw    = sum_k sum_{i in k} w_i (x_i - mu_k)(x_i - mu_k)^T   (scatter)

The squares are summed around the mean (two passes), not as
``sum w x**2 - W mu**2``, which loses every digit when the mean is large
compared with the spread.
"""

import numpy as np
from scipy.linalg import blas

from .._numba import njit


@njit
def _class_weighted_sums(X, class_index, sample_weight, class_weight, class_sum):
    """Per-class sums of weights and of weighted rows.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    class_index : ndarray of shape (n_samples,), int, IN
        Class of each row, in ``[0, n_classes)``.
    sample_weight : ndarray of shape (n_samples,), IN
    class_weight : ndarray of shape (n_classes,), float64, OUT
        ``W_k``; set to zero here first.
    class_sum : ndarray of shape (n_classes, n_features), float64, OUT
        ``sum_i w_i x_i``; set to zero here first.
    """
    class_weight[:] = 0.0
    class_sum[:, :] = 0.0
    n_samples, n_features = X.shape
    for i in range(n_samples):
        k = class_index[i]
        w = sample_weight[i]
        class_weight[k] += w
        for j in range(n_features):
            class_sum[k, j] += w * X[i, j]


@njit
def _class_weighted_squares(X, class_index, sample_weight, class_mean, class_squares):
    """Per-class weighted sums of squared deviations from the class mean.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    class_index : ndarray of shape (n_samples,), int, IN
    sample_weight : ndarray of shape (n_samples,), IN
    class_mean : ndarray of shape (n_classes, n_features), IN
    class_squares : ndarray of shape (n_classes, n_features), float64, OUT
        ``S_k``; set to zero here first.
    """
    class_squares[:, :] = 0.0
    n_samples, n_features = X.shape
    for i in range(n_samples):
        k = class_index[i]
        w = sample_weight[i]
        for j in range(n_features):
            deviation = X[i, j] - class_mean[k, j]
            class_squares[k, j] += w * deviation * deviation


@njit
def _weighted_class_deviations(X, class_index, sample_weight, class_mean, out):
    """Rows centred on their class mean and scaled by ``sqrt(w_i)``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    class_index : ndarray of shape (n_samples,), int, IN
    sample_weight : ndarray of shape (n_samples,), IN
    class_mean : ndarray of shape (n_classes, n_features), IN
    out : ndarray of shape (n_samples, n_features), OUT
        ``sqrt(w_i) (x_i - mu_{k(i)})``, so that ``out.T @ out`` is ``Sw``.
    """
    n_samples, n_features = X.shape
    for i in range(n_samples):
        k = class_index[i]
        root_w = np.sqrt(sample_weight[i])
        for j in range(n_features):
            out[i, j] = root_w * (X[i, j] - class_mean[k, j])


def class_weights_and_means(X, class_index, sample_weight, n_classes):
    """Class weights and weighted class means (one pass).

    :func:`class_means_and_squares` without its second pass, for callers that
    need the means only (LDA takes its squares from the scatter matrix).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        C-contiguous float32 or float64.
    class_index : ndarray of shape (n_samples,)
        Integer class codes in ``[0, n_classes)``.
    sample_weight : ndarray of shape (n_samples,)
        Non-negative frequency weights.
    n_classes : int
        Number of classes ``K``.

    Returns
    -------
    class_weight : ndarray of shape (n_classes,), float64
        ``W_k``, the summed weight of each class.
    class_mean : ndarray of shape (n_classes, n_features), float64
        ``mu_k``; zero for a class of zero weight.
    """
    n_features = X.shape[1]
    class_weight = np.empty(n_classes)
    class_sum = np.empty((n_classes, n_features))
    _class_weighted_sums(X, class_index, sample_weight, class_weight, class_sum)
    safe_weight = np.where(class_weight > 0, class_weight, 1.0)
    return class_weight, class_sum / safe_weight[:, None]


def class_means_and_squares(X, class_index, sample_weight, n_classes):
    """Class weights, means and summed squared deviations (two passes).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        C-contiguous float32 or float64.
    class_index : ndarray of shape (n_samples,)
        Integer class codes in ``[0, n_classes)``.
    sample_weight : ndarray of shape (n_samples,)
        Non-negative frequency weights.
    n_classes : int

    Returns
    -------
    class_weight : ndarray of shape (n_classes,), float64
    class_mean : ndarray of shape (n_classes, n_features), float64
        Zero for a class of zero weight.
    class_squares : ndarray of shape (n_classes, n_features), float64
    """
    class_weight, class_mean = class_weights_and_means(
        X, class_index, sample_weight, n_classes
    )
    class_squares = np.empty((n_classes, X.shape[1]))
    _class_weighted_squares(X, class_index, sample_weight, class_mean, class_squares)
    return class_weight, class_mean, class_squares


def symmetric_gram(A):
    """``A.T @ A`` through BLAS ``syrk`` (half the flops of a GEMM).

    Parameters
    ----------
    A : ndarray of shape (n_samples, n_features)
        C-contiguous float32 or float64; read, never copied.

    Returns
    -------
    gram : ndarray of shape (n_features, n_features), A.dtype
        Symmetric (both triangles filled).
    """
    syrk = blas.dsyrk if A.dtype == np.float64 else blas.ssyrk
    # A.T is F-contiguous, so BLAS reads A in place: syrk(a) = a @ a.T.
    upper = syrk(1.0, A.T, lower=0)
    gram = np.triu(upper)
    gram += np.triu(upper, 1).T
    return gram


def within_class_scatter(X, class_index, sample_weight, class_mean):
    """Within-class scatter ``Sw`` (LDA, notes 6.2), centred exactly.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    class_index : ndarray of shape (n_samples,)
    sample_weight : ndarray of shape (n_samples,)
    class_mean : ndarray of shape (n_classes, n_features)

    Returns
    -------
    scatter : ndarray of shape (n_features, n_features), X.dtype
        ``sum_i w_i (x_i - mu_{k(i)})(x_i - mu_{k(i)})^T``; a single class
        with ``class_index`` all zero gives the total scatter (PCA).
    """
    deviations = np.empty_like(X, order="C")
    _weighted_class_deviations(
        X, class_index, sample_weight, class_mean.astype(X.dtype, copy=False), deviations
    )
    return symmetric_gram(deviations)
