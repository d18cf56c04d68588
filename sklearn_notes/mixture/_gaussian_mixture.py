"""Gaussian mixture fitted by EM (notes 3.4.4 Mixture of Gaussians, 3.4.6 EM).

The model (eq. 3.17/3.18) is ``p(x) = sum_k pi_k N(x | mu_k, Sigma_k)``.  EM
alternates

- the E-step (eq. 3.19): responsibilities ``gamma_k(x_n)``, the posterior of
  component ``k`` given ``x_n`` under the current parameters;
- the M-step (eq. 3.20-3.23): ``N_k``, ``mu_k``, ``pi_k`` and ``Sigma_k`` as
  responsibility-weighted counts, means and covariances, plus ``reg_covar``
  on the diagonal (the notes' ``sigma_min I``, a variance: ``sigma_min^2 I``);

until the mean log-likelihood ``1/n sum_n log p(x_n)`` gains less than
``tol``.  Three layers, as scikit-learn's ``cluster/_kmeans.py``: the kernels
(``_gaussian_mixture_kernels.py``, one Numba pass each), the drivers below
(BLAS products, small Cholesky factorisations, the EM loop) and the estimator.
"""

import math
import warnings
from numbers import Integral, Real
from time import time

import numpy as np
from scipy import linalg
from scipy.linalg import blas
from sklearn.base import BaseEstimator, DensityMixin, _fit_context
from sklearn.cluster import kmeans_plusplus
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_array, check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import _num_samples, check_is_fitted, validate_data

from ._gaussian_mixture_kernels import (
    _diag_log_prob,
    _diag_weighted_squares,
    _log_normalize_rows,
    _normalize_densities,
    _projected_log_prob,
    _shift_rows_by_max,
    _spherical_log_prob,
    _weighted_deviations,
)

_ILL_DEFINED_COVARIANCE = (
    "Fitting the mixture model failed because some components have "
    "ill-defined empirical covariance (for instance caused by singleton "
    "or collapsed samples). Try to decrease the number of components, "
    "increase reg_covar, or scale the input data."
)
_FLOAT32_HINT = (
    " The numerical accuracy can also be improved by passing float64"
    " data instead of float32."
)

# Rows of X projected per BLAS call in the full/tied E-step: the block of
# projections (rows x n_components * n_features) stays in the L2 cache.
_PROJECTION_BLOCK_ELEMENTS = 1 << 16
# Same for the weighted deviations of the M-step (n_components blocks).
_SCATTER_BLOCK_ELEMENTS = 1 << 17
# ... but never so few rows that the Python loop over blocks dominates.
_MIN_BLOCK_ROWS = 256


###############################################################################
# Checks of the user-given initial parameters (same messages as scikit-learn)


def _check_shape(param, param_shape, name):
    if param.shape != param_shape:
        raise ValueError(
            "The parameter '%s' should have the shape of %s, but got %s"
            % (name, param_shape, param.shape)
        )


def _check_weights(weights, n_components):
    """Validate ``weights_init``: shape, range [0, 1], sum one."""
    weights = check_array(
        weights, dtype=[np.float64, np.float32], ensure_2d=False, input_name="weights",
        copy=True,  # fitted attributes must not alias the caller's array
    )
    _check_shape(weights, (n_components,), "weights")
    if np.any(weights < 0.0) or np.any(weights > 1.0):
        raise ValueError(
            "The parameter 'weights' should be in the range "
            "[0, 1], but got max value %.5f, min value %.5f"
            % (np.min(weights), np.max(weights))
        )
    atol = 1e-6 if weights.dtype == np.float32 else 1e-8
    if not np.allclose(float(np.abs(1.0 - np.sum(weights))), 0.0, atol=atol):
        raise ValueError(
            "The parameter 'weights' should be normalized, "
            "but got sum(weights) = %.5f" % np.sum(weights)
        )
    return weights


def _check_means(means, n_components, n_features):
    """Validate ``means_init``: shape ``(n_components, n_features)``, finite."""
    means = check_array(
        means, dtype=[np.float64, np.float32], ensure_2d=False, input_name="means",
        copy=True,  # fitted attributes must not alias the caller's array
    )
    _check_shape(means, (n_components, n_features), "means")
    return means


def _check_precision_positivity(precision, covariance_type):
    if np.any(precision <= 0.0):
        raise ValueError("'%s precision' should be positive" % covariance_type)


def _check_precision_matrix(precision, covariance_type):
    if not (
        np.allclose(precision, precision.T) and np.all(linalg.eigvalsh(precision) > 0.0)
    ):
        raise ValueError(
            "'%s precision' should be symmetric, positive-definite" % covariance_type
        )


def _check_precisions_full(precisions, covariance_type):
    for precision in precisions:
        _check_precision_matrix(precision, covariance_type)


_PRECISION_CHECKS = {
    "full": _check_precisions_full,
    "tied": _check_precision_matrix,
    "diag": _check_precision_positivity,
    "spherical": _check_precision_positivity,
}


def _precision_shape(covariance_type, n_components, n_features):
    return {
        "full": (n_components, n_features, n_features),
        "tied": (n_features, n_features),
        "diag": (n_components, n_features),
        "spherical": (n_components,),
    }[covariance_type]


def _check_precisions(precisions, covariance_type, n_components, n_features):
    """Validate ``precisions_init``: shape, symmetric positive definite."""
    precisions = check_array(
        precisions,
        dtype=[np.float64, np.float32],
        ensure_2d=False,
        allow_nd=covariance_type == "full",
        input_name="precisions",
        copy=True,  # fitted attributes must not alias the caller's array
    )
    _check_shape(
        precisions,
        _precision_shape(covariance_type, n_components, n_features),
        "%s precision" % covariance_type,
    )
    _PRECISION_CHECKS[covariance_type](precisions, covariance_type)
    return precisions


###############################################################################
# Precisions and their Cholesky factors


def _compute_precision_cholesky(covariances, covariance_type):
    """Upper Cholesky factors ``U`` of the precisions, ``Sigma^{-1} = U U^T``.

    With ``Sigma = L L^T`` (lower Cholesky), ``U = L^{-T}``.  A covariance that
    is not finite or not positive definite (a component collapsed on fewer
    points than dimensions, with too small a ``reg_covar``) raises a
    ValueError that says so; it never turns into NaN.
    """
    message = _ILL_DEFINED_COVARIANCE
    if covariances.dtype == np.float32:
        message += _FLOAT32_HINT
    if not np.all(np.isfinite(covariances)):
        raise ValueError(message)
    if covariance_type in ("full", "tied"):
        matrices = covariances if covariance_type == "full" else covariances[None]
        n_features = matrices.shape[-1]
        identity = np.eye(n_features, dtype=covariances.dtype)
        factors = np.empty_like(matrices)
        for k, covariance in enumerate(matrices):
            try:
                lower = linalg.cholesky(covariance, lower=True, check_finite=False)
            except linalg.LinAlgError:
                raise ValueError(message) from None
            factors[k] = linalg.solve_triangular(
                lower, identity, lower=True, check_finite=False
            ).T
        return factors if covariance_type == "full" else factors[0]
    if np.any(covariances <= 0.0):
        raise ValueError(message)
    return 1.0 / np.sqrt(covariances)


def _flipudlr(array):
    return np.flip(np.flip(array, axis=-1), axis=-2)


def _compute_precision_cholesky_from_precisions(precisions, covariance_type):
    """Upper factor ``U`` with ``U U^T = precision``, from the precision itself.

    Reversing rows and columns (``J P J = L L^T`` with ``J`` the exchange
    matrix) turns the lower Cholesky factor into the upper one: ``U = J L J``.
    """
    if covariance_type == "full":
        return np.stack(
            [
                _flipudlr(linalg.cholesky(_flipudlr(precision), lower=True))
                for precision in precisions
            ]
        )
    if covariance_type == "tied":
        return _flipudlr(linalg.cholesky(_flipudlr(precisions), lower=True))
    return np.sqrt(precisions)


def _precisions_from_cholesky(precisions_chol, covariance_type):
    """``Sigma^{-1} = U U^T`` (full, tied) or ``U^2`` (diag, spherical)."""
    if covariance_type == "full":
        return np.matmul(precisions_chol, np.swapaxes(precisions_chol, 1, 2))
    if covariance_type == "tied":
        return precisions_chol @ precisions_chol.T
    return precisions_chol**2


def _compute_log_det_cholesky(precisions_chol, covariance_type, n_features):
    """``log|U_k| = -1/2 log|Sigma_k|``, per component (float64)."""
    chol = np.asarray(precisions_chol, dtype=np.float64)
    if covariance_type == "full":
        return np.log(np.diagonal(chol, axis1=1, axis2=2)).sum(axis=1)
    if covariance_type == "tied":
        return np.log(np.diag(chol)).sum()
    if covariance_type == "diag":
        return np.log(chol).sum(axis=1)
    return n_features * np.log(chol)


###############################################################################
# E-step drivers: weighted log-probabilities log pi_k + log N(x | k)


def _projected_log_prob_blocks(
    X, shift, stacked_factors, projected_means, log_norm, stride, out
):
    """``X @ U`` in row blocks through BLAS, then the squared norms in Numba."""
    n_samples, n_features = X.shape
    n_columns = stacked_factors.shape[1]
    block_rows = _PROJECTION_BLOCK_ELEMENTS // n_columns
    block = min(n_samples, max(_MIN_BLOCK_ROWS, block_rows))
    centred = np.empty((block, n_features), dtype=X.dtype)
    projected = np.empty((block, n_columns), dtype=X.dtype)
    for start in range(0, n_samples, block):
        stop = min(start + block, n_samples)
        rows = stop - start
        np.subtract(X[start:stop], shift, out=centred[:rows])
        np.matmul(centred[:rows], stacked_factors, out=projected[:rows])
        _projected_log_prob(
            projected[:rows], projected_means, log_norm, stride, out[start:stop]
        )


def _log_prob_full(X, weights, means, precisions_chol, log_norm, out):
    n_components, n_features = means.shape
    # Centring on the mixture's mean first keeps x U - mu U free of the
    # cancellation that large coordinates would cause; log N is shift-invariant.
    shift = weights @ means
    stacked = np.ascontiguousarray(
        precisions_chol.transpose(1, 0, 2).reshape(
            n_features, n_components * n_features
        )
    )
    projected_means = np.einsum("kl,klj->kj", means - shift, precisions_chol)
    _projected_log_prob_blocks(
        X, shift, stacked, projected_means, log_norm, n_features, out
    )


def _log_prob_tied(X, weights, means, precisions_chol, log_norm, out):
    shift = weights @ means
    projected_means = np.ascontiguousarray((means - shift) @ precisions_chol)
    factor = np.ascontiguousarray(precisions_chol)
    _projected_log_prob_blocks(X, shift, factor, projected_means, log_norm, 0, out)


def _log_prob_diag(X, weights, means, precisions_chol, log_norm, out):
    _diag_log_prob(X, means, precisions_chol**2, log_norm, out)


def _log_prob_spherical(X, weights, means, precisions_chol, log_norm, out):
    _spherical_log_prob(X, means, precisions_chol**2, log_norm, out)


_LOG_PROB = {
    "full": _log_prob_full,
    "tied": _log_prob_tied,
    "diag": _log_prob_diag,
    "spherical": _log_prob_spherical,
}


def _estimate_weighted_log_prob(X, weights, means, precisions_chol, covariance_type):
    """``log pi_k + log N(x_i | mu_k, Sigma_k)`` for every row and component.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        C-contiguous float32 or float64.
    weights, means, precisions_chol : ndarray
        The mixture's parameters; cast to ``X.dtype`` here.
    covariance_type : {"full", "tied", "diag", "spherical"}

    Returns
    -------
    weighted_log_prob : ndarray of shape (n_samples, n_components), X.dtype
    """
    dtype = X.dtype
    weights = np.asarray(weights, dtype=dtype)
    means = np.ascontiguousarray(means, dtype=dtype)
    precisions_chol = np.ascontiguousarray(precisions_chol, dtype=dtype)
    n_samples, n_features = X.shape
    with np.errstate(divide="ignore"):  # a zero weight is log 0 = -inf
        log_norm = (
            np.log(weights.astype(np.float64))
            + _compute_log_det_cholesky(precisions_chol, covariance_type, n_features)
            - 0.5 * n_features * math.log(2 * math.pi)
        )
    out = np.empty((n_samples, means.shape[0]), dtype=dtype)
    _LOG_PROB[covariance_type](
        X, weights, means, precisions_chol, np.ascontiguousarray(log_norm), out
    )
    return out


def _responsibilities(weighted_log_prob):
    """E-step (eq. 3.19) in place, with ``N_k`` (eq. 3.20) and the log-likelihood.

    ``gamma_k(x) = exp(l_k - m) / sum_j exp(l_j - m)`` with ``l_k = log pi_k +
    log N(x | k)`` and ``m = max_j l_j``, so no density under- or overflows.

    Parameters
    ----------
    weighted_log_prob : ndarray of shape (n_samples, n_components)
        Overwritten with the responsibilities.

    Returns
    -------
    component_weight : ndarray of shape (n_components,), float64
        ``N_k = sum_n gamma_k(x_n)``.
    mean_log_likelihood : float
        ``1/n sum_n log p(x_n)``.
    """
    n_samples, n_components = weighted_log_prob.shape
    row_max = np.empty(n_samples)
    _shift_rows_by_max(weighted_log_prob, row_max)
    np.exp(weighted_log_prob, out=weighted_log_prob)
    component_weight = np.empty(n_components)
    mean_log_likelihood = _normalize_densities(
        weighted_log_prob, row_max, component_weight
    )
    return component_weight, mean_log_likelihood


###############################################################################
# M-step drivers: eq. (3.20)-(3.23)


def _scatter_matrices(X, resp, means, pooled):
    """Numerators of eq. (3.23): ``sum_n gamma_k(x_n) (x_n - mu_k)(x_n - mu_k)^T``.

    Rows go by blocks that stay in cache: a Numba pass writes the
    ``sqrt(gamma)``-weighted deviations of the block for every component,
    then BLAS ``syrk`` adds ``D_k^T D_k`` to the component's accumulator (or,
    ``pooled``, to one shared accumulator).

    Returns
    -------
    scatter : ndarray of shape (n_components, n_features, n_features), \
            or (n_features, n_features) if pooled
        Symmetric, X.dtype.
    """
    n_samples, n_features = X.shape
    n_components = means.shape[0]
    syrk = blas.dsyrk if X.dtype == np.float64 else blas.ssyrk
    block_rows = _SCATTER_BLOCK_ELEMENTS // (n_components * n_features)
    block = min(n_samples, max(_MIN_BLOCK_ROWS, block_rows))
    deviations = np.empty((n_components, block, n_features), dtype=X.dtype)
    n_accumulators = 1 if pooled else n_components
    # Fortran order, so that syrk updates the upper triangles in place.
    upper = [np.zeros((n_features, n_features), dtype=X.dtype, order="F")
             for _ in range(n_accumulators)]
    for start in range(0, n_samples, block):
        rows = min(block, n_samples - start)
        _weighted_deviations(X, resp, means, start, rows, deviations)
        for k in range(n_components):
            target = 0 if pooled else k
            # syrk(a) = a @ a.T; a = D_k.T is read in place (F-contiguous view).
            upper[target] = syrk(
                1.0, deviations[k, :rows].T, beta=1.0, c=upper[target], overwrite_c=1
            )
    scatter = np.stack([np.triu(u) + np.triu(u, 1).T for u in upper])
    return scatter[0] if pooled else scatter


def _covariances_full(X, resp, nk, means, reg_covar, normalized_rows):
    n_features = means.shape[1]
    covariances = _scatter_matrices(X, resp, means, pooled=False) / nk[:, None, None]
    for covariance in covariances:
        covariance.flat[:: n_features + 1] += reg_covar
    return covariances.astype(X.dtype)


def _covariances_tied(X, resp, nk, means, reg_covar, normalized_rows):
    # One covariance pooled over the components: sum_k (eq. 3.23 numerator_k),
    # divided by sum_k N_k = n.
    n_features = means.shape[1]
    scatter = _scatter_matrices(X, resp, means, pooled=True).astype(np.float64)
    if not normalized_rows:
        # A k-means++ or random_from_data start gives responsibilities whose
        # rows do not sum to one.  scikit-learn's pooled formula
        # X^T X - sum_k N_k mu_k mu_k^T then also counts sum_n (1 - rho_n) x_n x_n^T
        # (rho_n the row sum); reproduce it so that both start alike.
        leftover = 1.0 - resp.sum(axis=1, dtype=np.float64)
        scatter += X.T.astype(np.float64) @ (leftover[:, None] * X)
    covariance = scatter / nk.sum()
    covariance.flat[:: n_features + 1] += reg_covar
    return covariance.astype(X.dtype)


def _covariances_diag(X, resp, nk, means, reg_covar, normalized_rows):
    squares = np.empty(means.shape)
    _diag_weighted_squares(X, resp, means, squares)
    return (squares / nk[:, None] + reg_covar).astype(X.dtype)


def _covariances_spherical(X, resp, nk, means, reg_covar, normalized_rows):
    squares = np.empty(means.shape)
    _diag_weighted_squares(X, resp, means, squares)
    return (squares / nk[:, None] + reg_covar).mean(axis=1).astype(X.dtype)


_COVARIANCES = {
    "full": _covariances_full,
    "tied": _covariances_tied,
    "diag": _covariances_diag,
    "spherical": _covariances_spherical,
}


def _estimate_gaussian_parameters(
    X, resp, component_weight, reg_covar, covariance_type, normalized_rows=True
):
    """The M-step: ``N_k`` (3.20), ``mu_k`` (3.21) and ``Sigma_k`` (3.23).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    resp : ndarray of shape (n_samples, n_components), X.dtype
        Responsibilities ``gamma_k(x_n)``.
    component_weight : ndarray of shape (n_components,), float64
        ``sum_n gamma_k(x_n)``.
    reg_covar : float
        Added to every variance (the notes' ``sigma_min``, which is a variance
        ``sigma_min^2``).
    covariance_type : {"full", "tied", "diag", "spherical"}
    normalized_rows : bool, default=True
        Whether every row of ``resp`` sums to one (false for the k-means++
        and random_from_data starts).

    Returns
    -------
    nk : ndarray of shape (n_components,), float64
        ``N_k + 10 eps`` (as scikit-learn: an empty component gets mean 0
        instead of 0 / 0).
    means : ndarray of shape (n_components, n_features), X.dtype
    covariances : ndarray, X.dtype
        Shape depends on ``covariance_type``.
    """
    nk = component_weight + 10 * np.finfo(resp.dtype).eps
    means = ((resp.T @ X) / nk[:, None]).astype(X.dtype)
    covariances = _COVARIANCES[covariance_type](
        X, resp, nk, means, reg_covar, normalized_rows
    )
    return nk, means, covariances


###############################################################################
# Initial responsibilities (init_params)


def _one_hot(n_samples, rows, columns, dtype, n_components):
    resp = np.zeros((n_samples, n_components), dtype=dtype)
    resp[rows, columns] = 1
    return resp


def _resp_from_kmeans(X, n_components, random_state):
    # Lazy: the k-means estimator (notes 3.4.5) is only needed for this start.
    from ..cluster import KMeans

    labels = (
        KMeans(n_clusters=n_components, n_init=1, random_state=random_state)
        .fit(X)
        .labels_
    )
    return _one_hot(X.shape[0], np.arange(X.shape[0]), labels, X.dtype, n_components)


def _resp_from_kmeans_plusplus(X, n_components, random_state):
    _, indices = kmeans_plusplus(X, n_components, random_state=random_state)
    return _one_hot(X.shape[0], indices, np.arange(n_components), X.dtype, n_components)


def _resp_random(X, n_components, random_state):
    resp = np.asarray(
        random_state.uniform(size=(X.shape[0], n_components)), dtype=X.dtype
    )
    resp /= resp.sum(axis=1)[:, None]
    return resp


def _resp_random_from_data(X, n_components, random_state):
    indices = random_state.choice(X.shape[0], size=n_components, replace=False)
    return _one_hot(X.shape[0], indices, np.arange(n_components), X.dtype, n_components)


_INITIALIZERS = {
    "kmeans": _resp_from_kmeans,
    "k-means++": _resp_from_kmeans_plusplus,
    "random": _resp_random,
    "random_from_data": _resp_random_from_data,
}
# Starts whose responsibilities are one-hot on n_components rows only.
_UNNORMALIZED_STARTS = {"k-means++", "random_from_data"}


###############################################################################
# The estimator


class GaussianMixture(DensityMixin, BaseEstimator):
    """Gaussian mixture model fitted by expectation-maximisation.

    A drop-in replacement for :class:`sklearn.mixture.GaussianMixture` (same
    parameters, methods and fitted attributes) whose E-step and M-step
    statistics run in Numba kernels and BLAS.

    Parameters
    ----------
    n_components : int, default=1
        The number of mixture components ``K``.

    covariance_type : {"full", "tied", "diag", "spherical"}, default="full"
        - "full": each component has its own covariance matrix (eq. 3.18);
        - "tied": all components share one covariance matrix;
        - "diag": each component has its own diagonal covariance;
        - "spherical": each component has its own single variance (eq. 3.17
          in every direction).

    tol : float, default=1e-3
        EM stops when the mean log-likelihood gains less than ``tol``.

    reg_covar : float, default=1e-6
        Non-negative value added to the diagonal of every covariance: the
        notes' ``sigma_min I`` (a variance, ``sigma_min^2 I``).  Keeps the
        covariances positive definite.

    max_iter : int, default=100
        Maximum number of EM iterations per initialisation.

    n_init : int, default=1
        Number of initialisations; the one with the largest final mean
        log-likelihood is kept.

    init_params : {"kmeans", "k-means++", "random", "random_from_data"}, \
            default="kmeans"
        Start of EM (initial responsibilities, then one M-step):

        - "kmeans": one-hot responsibilities from a k-means clustering (the
          notes' "initialization mu_j with K-Means");
        - "k-means++": one-hot on the k-means++ seeds;
        - "random": uniform random responsibilities, normalised per row;
        - "random_from_data": one-hot on ``n_components`` random rows.

    weights_init : array-like of shape (n_components,), default=None
        Initial weights ``pi_k``; if None, from ``init_params``.

    means_init : array-like of shape (n_components, n_features), default=None
        Initial means ``mu_k``; if None, from ``init_params``.

    precisions_init : array-like, default=None
        Initial precisions (inverse covariances); if None, from
        ``init_params``.  Shape ``(n_components,)`` if "spherical",
        ``(n_features, n_features)`` if "tied", ``(n_components, n_features)``
        if "diag", ``(n_components, n_features, n_features)`` if "full".

    random_state : int, RandomState instance or None, default=None
        Seeds the initialisation and :meth:`sample`.

    warm_start : bool, default=False
        If True, each call to :meth:`fit` starts from the previous solution
        (``n_init`` is then ignored after the first call).

    verbose : int, default=0
        1 prints each initialisation and iteration; 2 also prints the time
        and the log-likelihood change.

    verbose_interval : int, default=10
        Number of iterations between two printed lines.

    Attributes
    ----------
    weights_ : ndarray of shape (n_components,)
        Mixture weights ``pi_k`` (eq. 3.22).

    means_ : ndarray of shape (n_components, n_features)
        Component means ``mu_k`` (eq. 3.21).

    covariances_ : ndarray
        Component covariances ``Sigma_k`` (eq. 3.23 plus ``reg_covar``);
        shape as ``precisions_init``.

    precisions_ : ndarray
        Inverse covariances; same shape as ``covariances_``.

    precisions_cholesky_ : ndarray
        Upper-triangular ``U_k`` with ``Sigma_k^{-1} = U_k U_k^T`` (the square
        root of the precisions for "diag" and "spherical").

    converged_ : bool
        Whether the best initialisation reached ``tol``.

    n_iter_ : int
        Number of EM iterations of the best initialisation.

    lower_bound_ : float
        Mean log-likelihood of the training data computed in the last E-step
        of the best initialisation, i.e. before its final M-step, as in
        scikit-learn (``-inf`` if ``max_iter=0``).

    lower_bounds_ : list of float
        Mean log-likelihood after each EM iteration of the best
        initialisation.

    n_features_in_ : int
        Number of features seen during :term:`fit`.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :term:`fit`, when ``X`` has string
        column names.

    See Also
    --------
    sklearn.mixture.GaussianMixture : scikit-learn's implementation, the twin.
    sklearn_notes.cluster.KMeans : hard-assignment clustering (notes 3.4.5).

    Notes
    -----
    Notes section 3.4.4 defines the mixture (eq. 3.17, 3.18) and section 3.4.6
    its EM fit.  With ``U_k`` the upper Cholesky factor of ``Sigma_k^{-1}``,
    the E-step computes, for every sample and component,

    .. math::

        \\log \\gamma_k(x_n) = \\log \\pi_k - \\tfrac{d}{2}\\log 2\\pi
            + \\log|U_k| - \\tfrac12 \\|U_k^T (x_n - \\mu_k)\\|^2
            - \\log \\sum_j \\pi_j \\mathcal{N}(x_n | \\mu_j, \\Sigma_j)

    (eq. 3.19 in log space, normalised with the log-sum-exp shift) and the
    M-step sets

    .. math::

        N_k = \\sum_n \\gamma_k(x_n), \\quad
        \\mu_k = \\frac{1}{N_k} \\sum_n \\gamma_k(x_n) x_n, \\quad
        \\pi_k = \\frac{N_k}{n}, \\quad
        \\Sigma_k = \\frac{1}{N_k} \\sum_n \\gamma_k(x_n)
            (x_n - \\mu_k)(x_n - \\mu_k)^T + \\sigma_{min}^2 I

    (eq. 3.20-3.23).  "tied" pools the scatters: ``Sigma = sum_k N_k Sigma_k
    / n``; "diag" keeps the diagonal of eq. (3.23) and "spherical" its mean.
    With ``reg_covar=0`` no iteration can decrease the mean log-likelihood
    ``lower_bound_`` (the added variance breaks that guarantee slightly);
    EM stops when it changes by less than ``tol``.  ``reg_covar`` is a
    variance (``sigma_min^2`` in the notes' terms) added to the diagonal.

    The full E-step projects blocks of rows on all ``U_k`` at once with one
    BLAS product and finishes each row in Numba; the scatter of eq. (3.23)
    is a BLAS ``syrk`` of the ``sqrt(gamma)``-weighted deviations.

    Differences from scikit-learn, none of which changes a regular fit
    beyond rounding: the "diag", "spherical" and "tied" covariances are
    summed around the means (scikit-learn's ``E[x^2] - mu^2`` can cancel
    in float32); the E-step is centred on the mixture's mean before the
    projection; a density that underflows for every component raises a
    ValueError instead of giving NaN; ``fit`` leaves ``weights_init``,
    ``means_init`` and ``precisions_init`` as given (scikit-learn replaces
    them by validated arrays); with ``precisions_init`` and ``max_iter=0``,
    ``covariances_`` are their inverses.  The "kmeans" start uses
    :class:`sklearn_notes.cluster.KMeans`, so it is not bit-identical to
    scikit-learn's; the other starts draw the same random numbers.

    References
    ----------
    .. [1] A. P. Dempster, N. M. Laird and D. B. Rubin, "Maximum likelihood
       from incomplete data via the EM algorithm", J. R. Stat. Soc. B 39(1),
       1977.
    .. [2] C. M. Bishop, "Pattern Recognition and Machine Learning",
       Springer, 2006, section 9.2.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_notes.mixture import GaussianMixture
    >>> X = np.array([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]])
    >>> gm = GaussianMixture(n_components=2, random_state=0).fit(X)
    >>> np.sort(gm.means_[:, 0])
    array([ 1., 10.])
    >>> labels = gm.predict([[0, 0], [12, 3], [1, 1]])
    >>> bool(labels[0] == labels[2] != labels[1])
    True
    """

    _parameter_constraints: dict = {
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "covariance_type": [StrOptions(set(_COVARIANCES))],
        "tol": [Interval(Real, 0.0, None, closed="left")],
        "reg_covar": [Interval(Real, 0.0, None, closed="left")],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "n_init": [Interval(Integral, 1, None, closed="left")],
        "init_params": [StrOptions(set(_INITIALIZERS))],
        "weights_init": ["array-like", None],
        "means_init": ["array-like", None],
        "precisions_init": ["array-like", None],
        "random_state": ["random_state"],
        "warm_start": ["boolean"],
        "verbose": ["verbose"],
        "verbose_interval": [Interval(Integral, 1, None, closed="left")],
    }

    def __init__(
        self,
        n_components=1,
        *,
        covariance_type="full",
        tol=1e-3,
        reg_covar=1e-6,
        max_iter=100,
        n_init=1,
        init_params="kmeans",
        weights_init=None,
        means_init=None,
        precisions_init=None,
        random_state=None,
        warm_start=False,
        verbose=0,
        verbose_interval=10,
    ):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.tol = tol
        self.reg_covar = reg_covar
        self.max_iter = max_iter
        self.n_init = n_init
        self.init_params = init_params
        self.weights_init = weights_init
        self.means_init = means_init
        self.precisions_init = precisions_init
        self.random_state = random_state
        self.warm_start = warm_start
        self.verbose = verbose
        self.verbose_interval = verbose_interval

    # -- fitting --------------------------------------------------------------

    def fit(self, X, y=None):
        """Estimate the mixture's parameters with EM.

        The model is fitted ``n_init`` times and the initialisation with the
        largest mean log-likelihood is kept.  Each run alternates E- and
        M-steps until the mean log-likelihood changes by less than ``tol`` or
        ``max_iter`` iterations are done (then a ``ConvergenceWarning`` is
        raised).  With ``warm_start=True`` a second call continues from the
        previous solution.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.

        y : Ignored
            Not used, present for API consistency by convention.

        Returns
        -------
        self : object
            The fitted mixture.
        """
        self.fit_predict(X, y)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_predict(self, X, y=None):
        """Fit the mixture with EM and return the component of each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.

        y : Ignored
            Not used, present for API consistency by convention.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Most probable component of each sample (consistent with
            ``fit(X).predict(X)``).
        """
        X = validate_data(
            self, X, dtype=[np.float64, np.float32], order="C", ensure_min_samples=2
        )
        n_samples, n_features = X.shape
        if n_samples < self.n_components:
            raise ValueError(
                "Expected n_samples >= n_components "
                f"but got n_components = {self.n_components}, "
                f"n_samples = {n_samples}"
            )
        initial = self._check_initial_parameters(n_features)

        do_init = not (self.warm_start and hasattr(self, "converged_"))
        if not do_init and self.means_.shape[1] != n_features:
            raise ValueError(
                f"X has {n_features} features, but the warm-started mixture "
                f"was fitted on {self.means_.shape[1]} features."
            )
        n_init = self.n_init if do_init else 1
        random_state = check_random_state(self.random_state)

        max_lower_bound = -np.inf
        best_lower_bounds = []
        self.converged_ = False
        for init in range(n_init):
            self._print_verbose_msg_init_beg(init)
            if do_init:
                self._initialize_parameters(X, random_state, initial)
            lower_bound = -np.inf if do_init else self.lower_bound_
            current_lower_bounds = []

            if self.max_iter == 0:
                best_params = self._get_parameters()
                best_n_iter = 0
                continue

            converged = False
            for n_iter in range(1, self.max_iter + 1):
                previous_lower_bound = lower_bound
                resp, component_weight, lower_bound = self._e_step(X)
                self._m_step(X, resp, component_weight)
                current_lower_bounds.append(lower_bound)
                change = lower_bound - previous_lower_bound
                self._print_verbose_msg_iter_end(n_iter, change)
                if abs(change) < self.tol:
                    converged = True
                    break
            self._print_verbose_msg_init_end(lower_bound, converged)

            if lower_bound > max_lower_bound or max_lower_bound == -np.inf:
                max_lower_bound = lower_bound
                best_params = self._get_parameters()
                best_n_iter = n_iter
                best_lower_bounds = current_lower_bounds
                self.converged_ = converged

        # max_iter=0 is an initialisation on purpose: no warning then.
        if not self.converged_ and self.max_iter > 0:
            warnings.warn(
                "Best performing initialization did not converge. "
                "Try different init parameters, or increase max_iter, "
                "tol, or check for degenerate data.",
                ConvergenceWarning,
            )

        self._set_parameters(best_params)
        self.n_iter_ = best_n_iter
        self.lower_bound_ = max_lower_bound
        self.lower_bounds_ = best_lower_bounds

        # A final E-step, so that fit_predict(X) == fit(X).predict(X) whatever
        # max_iter and tol.
        return self._weighted_log_prob(X).argmax(axis=1)

    def _check_initial_parameters(self, n_features):
        """Validated copies of weights_init, means_init and precisions_init."""
        initial = {"weights": None, "means": None, "precisions": None}
        if self.weights_init is not None:
            initial["weights"] = _check_weights(self.weights_init, self.n_components)
        if self.means_init is not None:
            initial["means"] = _check_means(
                self.means_init, self.n_components, n_features
            )
        if self.precisions_init is not None:
            initial["precisions"] = _check_precisions(
                self.precisions_init,
                self.covariance_type,
                self.n_components,
                n_features,
            )
        return initial

    def _initialize_parameters(self, X, random_state, initial):
        """Start of EM: one M-step on initial responsibilities, then overrides.

        As scikit-learn: the responsibilities come from ``init_params`` unless
        weights, means and precisions are all given, and each given initial
        parameter replaces the estimated one.
        """
        n_samples = X.shape[0]
        weights = covariances = None
        means = initial["means"]
        if any(value is None for value in initial.values()):
            resp = _INITIALIZERS[self.init_params](X, self.n_components, random_state)
            nk, estimated_means, covariances = _estimate_gaussian_parameters(
                X,
                resp,
                resp.sum(axis=0, dtype=np.float64),
                self.reg_covar,
                self.covariance_type,
                normalized_rows=self.init_params not in _UNNORMALIZED_STARTS,
            )
            weights = (nk / n_samples).astype(X.dtype)
            if means is None:
                means = estimated_means
        self.weights_ = weights if initial["weights"] is None else initial["weights"]
        self.means_ = means
        if initial["precisions"] is None:
            self.covariances_ = covariances
            self.precisions_cholesky_ = _compute_precision_cholesky(
                covariances, self.covariance_type
            )
        else:
            precisions = initial["precisions"]
            self.precisions_cholesky_ = _compute_precision_cholesky_from_precisions(
                precisions, self.covariance_type
            )
            # The covariances that go with the given precisions (scikit-learn
            # leaves covariances_ unset here, which breaks max_iter=0).
            if self.covariance_type in ("full", "tied"):
                self.covariances_ = np.linalg.inv(precisions)
            else:
                self.covariances_ = 1.0 / precisions

    def _e_step(self, X):
        """Responsibilities (eq. 3.19), ``N_k`` (eq. 3.20) and the log-likelihood."""
        resp = self._weighted_log_prob(X)
        component_weight, mean_log_likelihood = _responsibilities(resp)
        if not np.isfinite(mean_log_likelihood):
            raise ValueError(
                "Fitting the mixture model failed because the log-likelihood "
                "of some samples is not finite (their density under every "
                "component underflows). Try to scale the input data or "
                "increase reg_covar."
            )
        return resp, component_weight, X.dtype.type(mean_log_likelihood)

    def _m_step(self, X, resp, component_weight):
        """Weights (3.22), means (3.21), covariances (3.23) and their factors."""
        nk, self.means_, self.covariances_ = _estimate_gaussian_parameters(
            X, resp, component_weight, self.reg_covar, self.covariance_type
        )
        self.weights_ = (nk / nk.sum()).astype(X.dtype)
        self.precisions_cholesky_ = _compute_precision_cholesky(
            self.covariances_, self.covariance_type
        )

    def _get_parameters(self):
        return (
            self.weights_,
            self.means_,
            self.covariances_,
            self.precisions_cholesky_,
        )

    def _set_parameters(self, params):
        (
            self.weights_,
            self.means_,
            self.covariances_,
            self.precisions_cholesky_,
        ) = params
        self.precisions_ = _precisions_from_cholesky(
            self.precisions_cholesky_, self.covariance_type
        )

    # -- inference ------------------------------------------------------------

    def _validate_input(self, X):
        """Validated X in the dtype of the computation (as numpy promotion)."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        dtype = np.result_type(
            X.dtype, self.means_.dtype, self.precisions_cholesky_.dtype
        )
        return np.ascontiguousarray(X, dtype=dtype)

    def _weighted_log_prob(self, X):
        return _estimate_weighted_log_prob(
            X,
            self.weights_,
            self.means_,
            self.precisions_cholesky_,
            self.covariance_type,
        )

    def score_samples(self, X):
        """Log-density ``log p(x)`` of each sample under the mixture.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        log_prob : ndarray of shape (n_samples,)
            ``log sum_k pi_k N(x | mu_k, Sigma_k)``.
        """
        X = self._validate_input(X)
        weighted_log_prob = self._weighted_log_prob(X)
        log_prob_norm = np.empty(X.shape[0], dtype=X.dtype)
        _log_normalize_rows(weighted_log_prob, log_prob_norm)
        return log_prob_norm

    def score(self, X, y=None):
        """Mean log-likelihood of the samples under the mixture.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        y : Ignored
            Not used, present for API consistency by convention.

        Returns
        -------
        log_likelihood : float
            ``1/n sum_n log p(x_n)``.
        """
        return float(np.mean(self.score_samples(X)))

    def predict(self, X):
        """Most probable component of each sample (argmax of eq. 3.19).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Component labels.
        """
        X = self._validate_input(X)
        return self._weighted_log_prob(X).argmax(axis=1)

    def predict_proba(self, X):
        """Responsibilities ``gamma_k(x)`` of every component (eq. 3.19).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        resp : ndarray of shape (n_samples, n_components)
            Posterior probability of each component; rows sum to one, except
            for a point whose log-density is -inf under every component (at
            infinite Mahalanobis distance), whose row is all zeros where
            scikit-learn gives NaN.
        """
        X = self._validate_input(X)
        log_resp = self._weighted_log_prob(X)
        _log_normalize_rows(log_resp, np.empty(X.shape[0], dtype=X.dtype))
        return np.exp(log_resp)

    def sample(self, n_samples=1):
        """Draw samples from the fitted mixture.

        The number of samples per component is multinomial with the weights
        ``pi_k``; each component's samples are then drawn from its Gaussian.

        Parameters
        ----------
        n_samples : int, default=1
            Number of samples to generate.

        Returns
        -------
        X : ndarray of shape (n_samples, n_features)
            The samples, grouped by component.

        y : ndarray of shape (n_samples,)
            The component of each sample.
        """
        check_is_fitted(self)
        if n_samples < 1:
            raise ValueError(
                "Invalid value for 'n_samples': %d . The sampling requires at "
                "least one sample." % n_samples
            )
        n_features = self.means_.shape[1]
        rng = check_random_state(self.random_state)
        weights = np.asarray(self.weights_, dtype=np.float64)
        if self.weights_.dtype != np.float64:
            weights /= weights.sum()  # float32 weights may sum to 1 + 1e-7
        n_samples_comp = rng.multinomial(n_samples, weights)

        if self.covariance_type == "full":
            X = np.vstack(
                [
                    rng.multivariate_normal(mean, covariance, int(count))
                    for mean, covariance, count in zip(
                        self.means_, self.covariances_, n_samples_comp
                    )
                ]
            )
        elif self.covariance_type == "tied":
            X = np.vstack(
                [
                    rng.multivariate_normal(mean, self.covariances_, int(count))
                    for mean, count in zip(self.means_, n_samples_comp)
                ]
            )
        else:
            X = np.vstack(
                [
                    mean
                    + rng.standard_normal(size=(count, n_features))
                    * np.sqrt(covariance)
                    for mean, covariance, count in zip(
                        self.means_, self.covariances_, n_samples_comp
                    )
                ]
            )
        y = np.concatenate(
            [
                np.full(count, k, dtype=np.int64)
                for k, count in enumerate(n_samples_comp)
            ]
        )
        return np.asarray(X, dtype=np.float64), y

    # -- model selection ------------------------------------------------------

    def _n_parameters(self):
        """Number of free parameters of the model."""
        n_features = self.means_.shape[1]
        if self.covariance_type == "full":
            cov_params = self.n_components * n_features * (n_features + 1) / 2.0
        elif self.covariance_type == "diag":
            cov_params = self.n_components * n_features
        elif self.covariance_type == "tied":
            cov_params = n_features * (n_features + 1) / 2.0
        else:
            cov_params = self.n_components
        mean_params = n_features * self.n_components
        return int(cov_params + mean_params + self.n_components - 1)

    def bic(self, X):
        """Bayesian information criterion on X: ``-2 log L + p log n``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        bic : float
            The lower the better.
        """
        n_samples = _num_samples(X)
        return -2 * self.score(X) * n_samples + self._n_parameters() * math.log(
            n_samples
        )

    def aic(self, X):
        """Akaike information criterion on X: ``-2 log L + 2 p``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        aic : float
            The lower the better.
        """
        return -2 * self.score(X) * _num_samples(X) + 2 * self._n_parameters()

    # -- verbose output (same lines as scikit-learn) ---------------------------

    def _print_verbose_msg_init_beg(self, n_init):
        if self.verbose == 1:
            print("Initialization %d" % n_init)
        elif self.verbose >= 2:
            print("Initialization %d" % n_init)
            self._init_prev_time = time()
            self._iter_prev_time = self._init_prev_time

    def _print_verbose_msg_iter_end(self, n_iter, diff_ll):
        if n_iter % self.verbose_interval == 0:
            if self.verbose == 1:
                print("  Iteration %d" % n_iter)
            elif self.verbose >= 2:
                cur_time = time()
                print(
                    "  Iteration %d\t time lapse %.5fs\t ll change %.5f"
                    % (n_iter, cur_time - self._iter_prev_time, diff_ll)
                )
                self._iter_prev_time = cur_time

    def _print_verbose_msg_init_end(self, lb, init_has_converged):
        converged_msg = "converged" if init_has_converged else "did not converge"
        if self.verbose == 1:
            print(f"Initialization {converged_msg}.")
        elif self.verbose >= 2:
            t = time() - self._init_prev_time
            print(
                f"Initialization {converged_msg}. time lapse {t:.5f}s\t lower bound"
                f" {lb:.5f}."
            )
