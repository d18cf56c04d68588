"""Numba kernels of the naive Bayes classifiers (notes 3.1-3.2).

Each kernel is one pass over the rows, reads its inputs only (they may be
read-only memmaps) and writes into OUT buffers allocated by the caller in
``_naive_bayes.py``.  No validation happens here: the estimators validate in
Python first.

The per-class weighted means and squared deviations of Gaussian naive Bayes
come from the shared kernel ``class_means_and_squares`` of
:mod:`sklearn_notes.utils._weighted_stats`; this module holds the counting
kernels of the discrete models, the Gaussian joint log-likelihood and the
stable log-sum-exp normalisation.
"""

import numpy as np

from .._numba import njit


@njit
def gaussian_joint_log_likelihood(X, theta, inverse_var, class_constant, out):
    """Joint log-likelihood ``log p(c) + log p(x | c)`` of Gaussian naive Bayes.

    For row ``x`` and class ``k`` (notes eq. 3.7 in logs, with the naive
    factorisation ``p(x | c) = prod_j N(x_j; theta_kj, var_kj)``)::

        out[i, k] = class_constant[k]
                    - 1/2 sum_j (x_ij - theta_kj) ** 2 / var_kj

    where ``class_constant[k] = log p(c_k) - 1/2 sum_j log(2 pi var_kj)``.
    The deviation is formed before squaring (no expansion into ``x**2``,
    ``x theta`` and ``theta**2`` terms, which cancels catastrophically when
    the means are large compared with the spread).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float32 or float64, IN
    theta : ndarray of shape (n_classes, n_features), float64, IN
        Class means.
    inverse_var : ndarray of shape (n_classes, n_features), float64, IN
        ``1 / var_kj``.
    class_constant : ndarray of shape (n_classes,), float64, IN
    out : ndarray of shape (n_samples, n_classes), float32 or float64, OUT
    """
    n_samples, n_features = X.shape
    n_classes = theta.shape[0]
    for i in range(n_samples):
        for k in range(n_classes):
            mahalanobis = 0.0
            for j in range(n_features):
                deviation = X[i, j] - theta[k, j]
                mahalanobis += deviation * deviation * inverse_var[k, j]
            out[i, k] = class_constant[k] - 0.5 * mahalanobis


@njit
def normalize_log_rows(jll, out):
    """Log posterior ``log p(c | x) = jll - logsumexp(jll)`` row by row.

    The log-sum-exp is shifted by the row maximum ``m`` so that no ``exp``
    overflows, and is written as scikit-learn's (and SciPy's)::

        logsumexp = m + log(n_max) + log1p(s / n_max)

    with ``n_max`` the number of entries equal to ``m`` and ``s`` the sum of
    ``exp(a - m)`` over the others: ``log1p`` keeps the tiny posterior mass
    of the losing classes (``log p(c | x)`` of the winner is ``-s``, not 0).
    A row whose maximum is not finite uses no shift, as SciPy does.

    Parameters
    ----------
    jll : ndarray of shape (n_samples, n_classes), IN
    out : ndarray of shape (n_samples, n_classes), OUT
        May be ``jll`` itself (the row is read fully before it is written).
    """
    n_samples, n_classes = jll.shape
    for i in range(n_samples):
        row_max = jll[i, 0]
        for k in range(1, n_classes):
            if jll[i, k] > row_max:
                row_max = jll[i, k]
        shift = row_max if np.isfinite(row_max) else 0.0
        n_max = 0
        rest = 0.0
        for k in range(n_classes):
            if jll[i, k] == row_max:
                n_max += 1
            else:
                rest += np.exp(jll[i, k] - shift)
        log_norm = row_max + np.log(n_max) + np.log1p(rest / n_max)
        for k in range(n_classes):
            out[i, k] = jll[i, k] - log_norm


@njit
def count_features_dense(X, class_index, sample_weight, feature_count, class_count):
    """Add weighted feature totals per class (multinomial sufficient statistics).

    ``feature_count[k, j] += sum_{i in k} w_i x_ij`` and
    ``class_count[k] += sum_{i in k} w_i``: the counts ``N_kj`` and ``N_k``
    of the MLE/MAP estimates (notes eq. 3.3 and 3.5).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float32 or float64, IN
    class_index : ndarray of shape (n_samples,), int, IN
        Class of each row, in ``[0, n_classes)``.
    sample_weight : ndarray of shape (n_samples,), float64, IN
    feature_count : ndarray of shape (n_classes, n_features), float64, IN/OUT
        Accumulated into (``partial_fit`` keeps adding).
    class_count : ndarray of shape (n_classes,), float64, IN/OUT
        Accumulated into.

    Returns
    -------
    n_negative : int
        Number of negative entries of ``X`` (multinomial counts must not be
        negative; counted here so that ``X`` is read once).
    """
    n_samples, n_features = X.shape
    n_negative = 0
    for i in range(n_samples):
        k = class_index[i]
        w = sample_weight[i]
        class_count[k] += w
        for j in range(n_features):
            value = X[i, j]
            feature_count[k, j] += w * value
            n_negative += value < 0.0
    return n_negative


@njit
def count_binarized_features_dense(
    X, class_index, sample_weight, threshold, feature_count, class_count
):
    """Add weighted counts of ``x_ij > threshold`` per class (Bernoulli).

    ``feature_count[k, j] += sum_{i in k} w_i [x_ij > threshold]`` and
    ``class_count[k] += sum_{i in k} w_i``, without building the binarised
    copy of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float32 or float64, IN
    class_index : ndarray of shape (n_samples,), int, IN
    sample_weight : ndarray of shape (n_samples,), float64, IN
    threshold : float
    feature_count : ndarray of shape (n_classes, n_features), float64, IN/OUT
    class_count : ndarray of shape (n_classes,), float64, IN/OUT
    """
    n_samples, n_features = X.shape
    for i in range(n_samples):
        k = class_index[i]
        w = sample_weight[i]
        class_count[k] += w
        for j in range(n_features):
            if X[i, j] > threshold:
                feature_count[k, j] += w


@njit
def count_features_csr(
    data, indices, indptr, class_index, sample_weight, feature_count, class_count
):
    """:func:`count_features_dense` for a CSR matrix (stored entries only).

    Parameters
    ----------
    data : ndarray of shape (nnz,), float32 or float64, IN
    indices : ndarray of shape (nnz,), int32 or int64, IN
    indptr : ndarray of shape (n_samples + 1,), int32 or int64, IN
    class_index : ndarray of shape (n_samples,), int, IN
    sample_weight : ndarray of shape (n_samples,), float64, IN
    feature_count : ndarray of shape (n_classes, n_features), float64, IN/OUT
    class_count : ndarray of shape (n_classes,), float64, IN/OUT

    Returns
    -------
    n_negative : int
        Number of negative stored entries.
    """
    n_samples = indptr.shape[0] - 1
    n_negative = 0
    for i in range(n_samples):
        k = class_index[i]
        w = sample_weight[i]
        class_count[k] += w
        for p in range(indptr[i], indptr[i + 1]):
            value = data[p]
            feature_count[k, indices[p]] += w * value
            n_negative += value < 0.0
    return n_negative


@njit
def count_binarized_features_csr(
    data,
    indices,
    indptr,
    class_index,
    sample_weight,
    threshold,
    feature_count,
    class_count,
):
    """:func:`count_binarized_features_dense` for a CSR matrix.

    Implicit zeros are never above ``threshold >= 0``, so only stored
    entries are read.

    Parameters
    ----------
    data : ndarray of shape (nnz,), float32 or float64, IN
    indices : ndarray of shape (nnz,), int32 or int64, IN
    indptr : ndarray of shape (n_samples + 1,), int32 or int64, IN
    class_index : ndarray of shape (n_samples,), int, IN
    sample_weight : ndarray of shape (n_samples,), float64, IN
    threshold : float
        Non-negative.
    feature_count : ndarray of shape (n_classes, n_features), float64, IN/OUT
    class_count : ndarray of shape (n_classes,), float64, IN/OUT
    """
    n_samples = indptr.shape[0] - 1
    for i in range(n_samples):
        k = class_index[i]
        w = sample_weight[i]
        class_count[k] += w
        for p in range(indptr[i], indptr[i + 1]):
            if data[p] > threshold:
                feature_count[k, indices[p]] += w


@njit
def binarize_dense(X, threshold, out):
    """``out = (X > threshold)`` as 0.0/1.0, for the Bernoulli likelihood GEMM.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), float32 or float64, IN
    threshold : float
    out : ndarray of shape (n_samples, n_features), float64, OUT
    """
    n_samples, n_features = X.shape
    for i in range(n_samples):
        for j in range(n_features):
            out[i, j] = 1.0 if X[i, j] > threshold else 0.0
