"""Numba kernels of the Gaussian mixture's EM algorithm (notes 3.4.4, 3.4.6).

Every kernel is one pass over the rows, writes into OUT buffers given by the
driver in ``_gaussian_mixture.py`` and never validates: the estimator has
already checked shapes, dtypes and finiteness.  Inputs are read only (they may
be read-only memmaps).

Notation (notes eq. 3.18-3.23), for ``n`` samples, ``K`` components and ``d``
features::

    log N(x | mu_k, Sigma_k) = -d/2 log(2 pi) + log|U_k| - 1/2 ||U_k^T (x - mu_k)||^2

where ``U_k`` is the upper-triangular Cholesky factor of the precision
``Sigma_k^{-1} = U_k U_k^T`` (``precisions_cholesky_``), so that
``log|Sigma_k|^{-1/2} = sum_j log U_k[j, j]``.  The E-step (eq. 3.19) is::

    log gamma_k(x) = log pi_k + log N(x | k) - log sum_j pi_j N(x | j)

computed with the log-sum-exp shift so that no density under- or overflows
(in the fit loop as two passes around NumPy's vectorised ``exp``).
The M-step (eq. 3.20-3.23) needs ``N_k = sum_n gamma_k(x_n)`` and the weighted
scatter ``sum_n gamma_k(x_n) (x_n - mu_k)(x_n - mu_k)^T``.

Large products (the projection ``X @ U_k`` of a full covariance, the scatter
``A^T A``) run in BLAS from the driver; what is left per row is small and runs
here (NUMBA.md section 5).
"""

import math

import numpy as np

from .._numba import njit


@njit
def _projected_log_prob(projected, projected_means, log_norm, component_stride, out):
    """Weighted log-probabilities from Cholesky-projected samples ("full", "tied").

    ``out[i, k] = log_norm[k] - 1/2 ||projected_i,k - projected_means[k]||^2``
    where ``projected_i,k = projected[i, k * component_stride : ... + d]`` is
    ``x_i U_k`` (full: one block of ``d`` columns per component, stride ``d``;
    tied: one shared block, stride 0).  This is the exponent of eq. (3.18)
    plus ``log pi_k``: the numerator of eq. (3.19) in log space.

    Parameters
    ----------
    projected : ndarray of shape (n_rows, n_columns), IN
        ``(x_i - c) @ U_k`` for every component, ``c`` any shift.
    projected_means : ndarray of shape (n_components, n_features), IN
        ``(mu_k - c) @ U_k``.
    log_norm : ndarray of shape (n_components,), float64, IN
        ``log pi_k + log|U_k| - d/2 log(2 pi)``.
    component_stride : int, IN
        Column offset between two components' blocks (``d`` or 0).
    out : ndarray of shape (n_rows, n_components), OUT
    """
    n_rows = projected.shape[0]
    n_components, n_features = projected_means.shape
    for i in range(n_rows):
        for k in range(n_components):
            offset = k * component_stride
            squared_norm = 0.0
            for j in range(n_features):
                y = projected[i, offset + j] - projected_means[k, j]
                squared_norm += y * y
            out[i, k] = log_norm[k] - 0.5 * squared_norm


@njit
def _diag_log_prob(X, means, precisions, log_norm, out):
    """Weighted log-probabilities for diagonal covariances ("diag").

    ``out[i, k] = log_norm[k] - 1/2 sum_j (x_ij - mu_kj)^2 / sigma_kj^2``:
    eq. (3.18) with ``Sigma_k = diag(sigma_k^2)``, plus ``log pi_k``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    means : ndarray of shape (n_components, n_features), IN
    precisions : ndarray of shape (n_components, n_features), IN
        ``1 / sigma_kj^2``.
    log_norm : ndarray of shape (n_components,), float64, IN
        ``log pi_k + 1/2 sum_j log(1 / sigma_kj^2) - d/2 log(2 pi)``.
    out : ndarray of shape (n_samples, n_components), OUT
    """
    n_samples, n_features = X.shape
    n_components = means.shape[0]
    for i in range(n_samples):
        for k in range(n_components):
            mahalanobis = 0.0
            for j in range(n_features):
                deviation = X[i, j] - means[k, j]
                mahalanobis += deviation * deviation * precisions[k, j]
            out[i, k] = log_norm[k] - 0.5 * mahalanobis


@njit
def _spherical_log_prob(X, means, precisions, log_norm, out):
    """Weighted log-probabilities for spherical covariances ("spherical").

    ``out[i, k] = log_norm[k] - 1/2 ||x_i - mu_k||^2 / sigma_k^2``: eq. (3.18)
    with ``Sigma_k = sigma_k^2 I`` (eq. 3.17 in every direction), plus
    ``log pi_k``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    means : ndarray of shape (n_components, n_features), IN
    precisions : ndarray of shape (n_components,), IN
        ``1 / sigma_k^2``.
    log_norm : ndarray of shape (n_components,), float64, IN
        ``log pi_k + d/2 log(1 / sigma_k^2) - d/2 log(2 pi)``.
    out : ndarray of shape (n_samples, n_components), OUT
    """
    n_samples, n_features = X.shape
    n_components = means.shape[0]
    for i in range(n_samples):
        for k in range(n_components):
            squared_distance = 0.0
            for j in range(n_features):
                deviation = X[i, j] - means[k, j]
                squared_distance += deviation * deviation
            out[i, k] = log_norm[k] - 0.5 * precisions[k] * squared_distance


@njit
def _row_log_sum_exp(row):
    """``log sum_k exp(row[k])``, shifted by the row maximum (never overflows).

    Returns ``-inf`` when every entry is ``-inf`` (a row of zero density).
    """
    row_max = -np.inf
    for value in row:
        if value > row_max:
            row_max = value
    if row_max == -np.inf:
        return row_max
    total = 0.0
    for value in row:
        total += math.exp(value - row_max)
    return row_max + math.log(total)


@njit
def _log_normalize_rows(weighted_log_prob, log_prob_norm):
    """Log-responsibilities, in place (eq. 3.19 in log space).

    Parameters
    ----------
    weighted_log_prob : ndarray of shape (n_samples, n_components), IN/OUT
        ``log pi_k + log N(x_i | k)`` on entry, ``log gamma_k(x_i)`` on exit.
        A row of zero density (all ``-inf``) stays all ``-inf``.
    log_prob_norm : ndarray of shape (n_samples,), OUT
        ``log p(x_i) = log sum_k pi_k N(x_i | k)``.

    Returns
    -------
    mean_log_likelihood : float
        ``1/n sum_i log p(x_i)``.
    """
    n_samples, n_components = weighted_log_prob.shape
    total = 0.0
    for i in range(n_samples):
        log_norm = _row_log_sum_exp(weighted_log_prob[i])
        log_prob_norm[i] = log_norm
        total += log_norm
        if log_norm != -np.inf:
            for k in range(n_components):
                weighted_log_prob[i, k] -= log_norm
    return total / n_samples


@njit
def _shift_rows_by_max(weighted_log_prob, row_max):
    """First half of the E-step: subtract each row's maximum (log-sum-exp shift).

    Parameters
    ----------
    weighted_log_prob : ndarray of shape (n_samples, n_components), IN/OUT
        ``log pi_k + log N(x_i | k)`` on entry; on exit the same minus the
        row maximum, so that ``exp`` of it lies in ``[0, 1]`` and is 1 for
        the most likely component.  A row of zero density (all ``-inf``)
        stays all ``-inf``.
    row_max : ndarray of shape (n_samples,), float64, OUT
        ``max_k (log pi_k + log N(x_i | k))``.
    """
    n_samples, n_components = weighted_log_prob.shape
    for i in range(n_samples):
        largest = -np.inf
        for k in range(n_components):
            if weighted_log_prob[i, k] > largest:
                largest = weighted_log_prob[i, k]
        row_max[i] = largest
        if largest == -np.inf:
            continue
        for k in range(n_components):
            weighted_log_prob[i, k] -= largest


@njit
def _normalize_densities(scaled_density, row_max, component_weight):
    """Second half of the E-step: responsibilities (eq. 3.19) and ``N_k`` (3.20).

    Between the two halves the driver takes ``exp`` with NumPy (its SIMD
    ``exp`` is several times faster than the scalar one Numba calls).

    Parameters
    ----------
    scaled_density : ndarray of shape (n_samples, n_components), IN/OUT
        ``pi_k N(x_i | k) / max_j pi_j N(x_i | j)`` on entry; the
        responsibilities ``gamma_k(x_i)`` on exit (rows sum to one; a row of
        zero density stays all zero).
    row_max : ndarray of shape (n_samples,), IN
        The row maxima of the log densities, from :func:`_shift_rows_by_max`.
    component_weight : ndarray of shape (n_components,), float64, OUT
        ``N_k = sum_i gamma_k(x_i)``.

    Returns
    -------
    mean_log_likelihood : float
        ``1/n sum_i log sum_k pi_k N(x_i | k)``, the quantity EM increases
        (``-inf`` if a row has zero density).
    """
    n_samples, n_components = scaled_density.shape
    component_weight[:] = 0.0
    total = 0.0
    for i in range(n_samples):
        density_sum = 0.0
        for k in range(n_components):
            density_sum += scaled_density[i, k]
        if density_sum == 0.0:  # zero density: no responsibility, log p = -inf
            total += -np.inf
            continue
        total += row_max[i] + math.log(density_sum)
        inverse_sum = 1.0 / density_sum
        for k in range(n_components):
            gamma = scaled_density[i, k] * inverse_sum
            scaled_density[i, k] = gamma
            component_weight[k] += gamma
    return total / n_samples


@njit
def _weighted_deviations(X, resp, means, start, n_rows, out):
    """A block of rows centred on every component's mean, scaled by ``sqrt(gamma)``.

    ``out[k].T @ out[k]``, summed over the blocks, is the numerator of
    eq. (3.23), ``sum_n gamma_k(x_n) (x_n - mu_k)(x_n - mu_k)^T``, which the
    driver accumulates with BLAS ``syrk``.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    resp : ndarray of shape (n_samples, n_components), IN
        Responsibilities (non-negative).
    means : ndarray of shape (n_components, n_features), IN
    start : int, IN
        First row of the block.
    n_rows : int, IN
        Number of rows of the block (at most ``out.shape[1]``).
    out : ndarray of shape (n_components, block_size, n_features), OUT
        ``out[k, i, :] = sqrt(gamma_k(x_{start + i})) (x_{start + i} - mu_k)``
        for ``i < n_rows``; the rest is left untouched.
    """
    n_components = out.shape[0]
    n_features = out.shape[2]
    for i in range(n_rows):
        row = start + i
        for k in range(n_components):
            root_gamma = math.sqrt(resp[row, k])
            for j in range(n_features):
                out[k, i, j] = root_gamma * (X[row, j] - means[k, j])


@njit
def _diag_weighted_squares(X, resp, means, out):
    """Diagonal of the numerator of eq. (3.23), for every component.

    ``out[k, j] = sum_n gamma_k(x_n) (x_nj - mu_kj)^2``, summed around the new
    mean (exact, no ``E[x^2] - mu^2`` cancellation).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    resp : ndarray of shape (n_samples, n_components), IN
    means : ndarray of shape (n_components, n_features), IN
    out : ndarray of shape (n_components, n_features), float64, OUT
    """
    n_samples, n_features = X.shape
    n_components = means.shape[0]
    out[:, :] = 0.0
    for i in range(n_samples):
        for k in range(n_components):
            gamma = resp[i, k]
            for j in range(n_features):
                deviation = X[i, j] - means[k, j]
                out[k, j] += gamma * deviation * deviation
