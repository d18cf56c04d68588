"""Principal component analysis (notes 6.1).

The estimator follows scikit-learn 1.9.1's ``sklearn.decomposition.PCA``
parameter for parameter and attribute for attribute.  What differs is how the
spectrum is reached, so that fitting is cheaper for the common tall case
(many more samples than features):

- ``"covariance_eigh"`` builds the scatter matrix with one BLAS ``syrk`` and
  one ``gemv`` pass (the ``gemv`` column sums double as the finiteness check
  of the input), and re-centres in blocks only when the uncentred formula
  would lose too many digits;
- ``"full"`` runs a tall-skinny QR over row blocks of the centred data (no
  centred copy of ``X``) and the SVD of the small triangular factor, which
  gives the same singular values and right singular vectors as an SVD of the
  centred data, without forming its left singular vectors;
- ``"arpack"`` and ``"randomized"`` run the very same algorithms as
  scikit-learn (same starting vector, same random draws) but on a
  ``n_features x n_features`` matrix with the same right singular vectors and
  singular values as the centred data, when that is cheaper.

The caller's ``X`` is never written to, whatever ``copy`` says.
"""

from math import lgamma, log
from numbers import Integral, Real

import numpy as np
from scipy import linalg
from scipy.linalg import blas, get_lapack_funcs
from scipy.sparse import issparse
from scipy.sparse.linalg import LinearOperator, aslinearoperator, eigsh, svds
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, RealNotInt, StrOptions
from sklearn.utils.extmath import fast_logdet, randomized_svd, svd_flip
from sklearn.utils.sparsefuncs import mean_variance_axis
from sklearn.utils.validation import (
    _assert_all_finite,
    check_array,
    check_is_fitted,
    validate_data,
)

from ..utils._weighted_stats import symmetric_gram

SVD_SOLVERS = ("auto", "full", "covariance_eigh", "arpack", "randomized")
SPARSE_SOLVERS = ("auto", "arpack", "covariance_eigh")

# Row blocks of the centred data handled at once when a centred copy is
# avoided (re-centred scatter, total variance): about 2048 rows, and at least
# four times as many rows as columns.
_BLOCK_ROWS = 2048

# From this many features on, "covariance_eigh" with an integer n_components
# asks LAPACK for the leading eigenpairs only (faster from d ~ 200 on).
_TOP_EIGENPAIRS_FROM = 200


# ---------------------------------------------------------------------------
# Model selection helpers: Minka's MLE of the dimension
# ---------------------------------------------------------------------------


_SINGULAR_COVARIANCE = (
    "The probabilistic PCA covariance is singular: the training data has no "
    "variance along some direction (a constant feature, or fewer samples than "
    "features) and no noise variance is left, so its precision and "
    "log-likelihood are undefined. Use n_components smaller than the rank of "
    "the data."
)


def _assess_dimension(spectrum, rank, n_samples):
    """Log-likelihood of a rank-``rank`` model of a spectrum (Minka 2000).

    Same computation as scikit-learn's private function of the same name:
    the ``rank`` leading eigenvalues are kept, the others are replaced by
    their mean ``v`` (isotropic noise), and the Laplace approximation of the
    evidence is returned.

    Parameters
    ----------
    spectrum : ndarray of shape (n_features,)
        Eigenvalues of the covariance, in decreasing order.
    rank : int
        Tested rank, in ``[1, n_features - 1]``.
    n_samples : int

    Returns
    -------
    ll : float
    """
    n_features = spectrum.shape[0]
    if not 1 <= rank < n_features:
        raise ValueError("the tested rank should be in [1, n_features - 1]")
    eps = 1e-15
    if spectrum[rank - 1] < eps:
        # A null eigenvalue kept in the model: log(0) below, and never the max.
        return -np.inf

    # p(U): uniform prior over the Stiefel manifold.
    pu = -rank * log(2.0)
    for i in range(1, rank + 1):
        pu += (
            lgamma((n_features - i + 1) / 2.0) - log(np.pi) * (n_features - i + 1) / 2.0
        )
    # Likelihood of the kept eigenvalues and of the noise level v.
    pl = -np.sum(np.log(spectrum[:rank])) * n_samples / 2.0
    v = max(eps, np.sum(spectrum[rank:]) / (n_features - rank))
    pv = -log(v) * n_samples * (n_features - rank) / 2.0
    # Laplace approximation: number of free parameters and Hessian determinant.
    m = n_features * rank - rank * (rank + 1.0) / 2.0
    pp = log(2.0 * np.pi) * (m + rank) / 2.0
    pa = 0.0
    modelled = np.array(spectrum, copy=True)
    modelled[rank:n_features] = v
    for i in range(rank):
        for j in range(i + 1, n_features):
            pa += log(
                (spectrum[i] - spectrum[j]) * (1.0 / modelled[j] - 1.0 / modelled[i])
            ) + log(n_samples)
    return pu + pl + pv + pp - pa / 2.0 - rank * log(n_samples) / 2.0


def _infer_dimension(spectrum, n_samples):
    """Rank in ``[1, n_features - 1]`` maximising :func:`_assess_dimension`."""
    ll = np.empty_like(spectrum)
    ll[0] = -np.inf  # never zero components
    for rank in range(1, spectrum.shape[0]):
        ll[rank] = _assess_dimension(spectrum, rank, n_samples)
    return int(np.argmax(ll))


# ---------------------------------------------------------------------------
# Driver: the centred scatter matrix and the factorisations
# ---------------------------------------------------------------------------


def _column_sums_checked(X, estimator_name):
    """Column sums of dense ``X`` (one BLAS ``gemv`` pass), finite-checked.

    A sum is finite only if every addend is, so finite sums prove a finite
    ``X`` without a second pass (the same shortcut scikit-learn's own
    ``_assert_all_finite`` takes); otherwise the exact check raises
    scikit-learn's usual error.
    """
    column_sums = np.ones(X.shape[0], dtype=X.dtype) @ X
    if not np.isfinite(column_sums).all():
        _assert_all_finite(X, input_name="X", estimator_name=estimator_name)
    return column_sums


def _uncentered_gram(X):
    """``X^T X`` through BLAS ``syrk`` (half the flops of a GEMM).

    Two builds of OpenBLAS sit side by side here: scipy's ``dsyrk`` is the
    faster for float64 and numpy's ``X.T @ X`` (which numpy also hands to
    ``syrk``) for float32, as measured on the pinned stack.
    """
    if X.dtype == np.float32:
        return X.T @ X
    if X.flags.f_contiguous and not X.flags.c_contiguous:
        # syrk reads a Fortran X in place as op(A) = A^T (no transposed copy).
        upper = blas.dsyrk(1.0, X, trans=1, lower=0)
        return np.triu(upper) + np.triu(upper, 1).T
    return symmetric_gram(X)


def _centered_scatter(X, mean):
    """Scatter ``S = (X - mean)^T (X - mean)`` of dense ``X``, without a copy.

    ``S = X^T X - n mean mean^T`` needs one ``syrk`` over ``X`` as it is.
    When a feature's mean is large against its spread, that difference
    cancels most digits; such data are re-centred block by block instead.
    """
    n_samples = X.shape[0]
    gram = _uncentered_gram(X)
    scatter = gram - n_samples * mean[:, None] * mean[None, :]
    # Lost digits per feature: log10(gram_jj / scatter_jj).  Past half the
    # mantissa, recompute from centred rows (same result, exact centring).
    keep = np.sqrt(np.finfo(X.dtype).eps)
    if np.any(np.diag(scatter) < keep * np.diag(gram)):
        scatter = np.zeros_like(gram)
        block_rows = max(_BLOCK_ROWS, 4 * X.shape[1])
        for start in range(0, n_samples, block_rows):
            scatter += symmetric_gram(X[start : start + block_rows] - mean)
    return scatter


def _sparse_scatter(X, mean):
    """Scatter of sparse ``X`` around ``mean`` (as scikit-learn: uncentred)."""
    gram = np.asarray((X.T @ X).toarray(), dtype=X.dtype)
    return gram - X.shape[0] * mean[:, None] * mean[None, :]


def _tsqr_r(A, shift, block_rows):
    """Triangular factor ``R`` of the QR decomposition of ``A - shift``.

    Tall-skinny QR: each block of rows is shifted into a small Fortran
    buffer and factorised with LAPACK ``geqrf``; the stacked ``R`` factors
    of the blocks are factorised again (recursively) until one block is
    left.  ``Q`` is never formed; ``R^T R = (A - shift)^T (A - shift)``.

    Parameters
    ----------
    A : ndarray of shape (n_rows, n_columns)
    shift : ndarray of shape (n_columns,) or None
    block_rows : int
        At least ``2 * n_columns``, so that each level of the tree shrinks
        the data at least twofold.

    Returns
    -------
    R : ndarray of shape (min(n_rows, n_columns), n_columns)
    """
    n_rows, n_columns = A.shape
    (geqrf,) = get_lapack_funcs(("geqrf",), (A,))
    factors = []
    for start in range(0, n_rows, block_rows):
        block = A[start : start + block_rows]
        buffer = np.empty(block.shape, dtype=A.dtype, order="F")
        if shift is None:
            buffer[...] = block
        else:
            np.subtract(block, shift, out=buffer)
        # An optimal workspace lets LAPACK use its blocked (BLAS-3) code;
        # f2py's default (n_columns) falls back to the unblocked one.
        lwork = int(geqrf(buffer, lwork=-1)[2][0].real)
        qr, _, _, info = geqrf(buffer, lwork=lwork, overwrite_a=True)
        if info != 0:  # pragma: no cover - LAPACK argument error
            raise RuntimeError(f"LAPACK geqrf failed with info={info}")
        factors.append(np.triu(qr[: min(block.shape[0], n_columns)]))
    stacked = np.vstack(factors)
    if len(factors) == 1:
        return stacked
    return _tsqr_r(stacked, None, block_rows)


def _gram_is_cheaper(n_samples, n_features, direct_cost):
    """Whether forming the scatter matrix beats working on the data.

    Costs are in multiply-adds at the BLAS-3 rate.  The scatter costs
    ``n d^2 / 2`` (``syrk``) plus about ``3 d^3`` for the eigenproblem of
    size ``d`` (calibrated on LAPACK ``syevd``); ``direct_cost`` is what the
    truncated solver would spend on ``X`` itself.  Only for tall data with at
    most 1000 features (scikit-learn's own bound for "covariance_eigh").
    """
    if n_samples < n_features or n_features > 1000:
        return False
    return n_samples * n_features**2 / 2 + 3 * n_features**3 < direct_cost


def _square_root_factor(scatter):
    """``R`` (``d x d``) with ``R^T R = scatter``: ``R = diag(sqrt(l)) E^T``.

    ``X_c = Q R`` for some ``Q`` with orthonormal columns, so ``R`` has the
    same singular values and right singular vectors as the centred data,
    and any algorithm that only looks at ``X_c`` through them (randomized
    range finding, Rayleigh-Ritz) gives the same answer on ``R``.
    """
    eigenvalues, eigenvectors = np.linalg.eigh(scatter)
    eigenvalues[eigenvalues < 0.0] = 0.0  # round-off on a PSD matrix
    return np.sqrt(eigenvalues)[:, None] * eigenvectors.T


class _CenteredOperator(LinearOperator):
    """``X - 1 mean^T`` as a linear operator: centring without densifying."""

    def __init__(self, X, mean):
        super().__init__(dtype=X.dtype, shape=X.shape)
        self.X = X
        self.mean = mean

    def _matvec(self, v):
        v = np.ravel(v)
        return self.X @ v - self.mean @ v

    def _matmat(self, V):
        return self.X @ V - (self.mean @ V)[None, :]

    def _rmatvec(self, u):
        u = np.ravel(u)
        return self.X.T @ u - self.mean * np.sum(u)

    def _rmatmat(self, U):
        return self.X.T @ U - self.mean[:, None] * np.sum(U, axis=0)[None, :]


# ---------------------------------------------------------------------------
# Estimator
# ---------------------------------------------------------------------------


class PCA(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Principal component analysis (PCA).

    Linear dimensionality reduction onto the directions of largest variance
    of the data: the data are centred (not scaled) per feature, and projected
    on the leading eigenvectors of their covariance, i.e. the leading right
    singular vectors of the centred data.  A drop-in replacement for
    :class:`sklearn.decomposition.PCA` (same parameters, defaults, methods,
    attributes, solver policy and sign convention).

    Parameters
    ----------
    n_components : int, float or 'mle', default=None
        Number of components to keep.  ``None`` keeps
        ``min(n_samples, n_features)`` (``min(n_samples, n_features) - 1``
        with ``svd_solver="arpack"``).  ``"mle"`` uses Minka's MLE of the
        dimension (exact solvers only; it makes ``"auto"`` choose an exact
        solver).  A float in ``(0, 1)`` keeps the fewest components whose
        explained variance ratio exceeds it (exact solvers only).

    copy : bool, default=True
        Kept for compatibility.  scikit-learn centres ``X`` in place when
        ``copy=False`` (solvers "full", "arpack", "randomized"), which
        overwrites the caller's array.  This implementation never writes to
        ``X``: the exact solvers work on blocks or on the scatter matrix and
        need no centred copy; the truncated solvers on wide data make one
        centred copy whatever ``copy`` says.

    whiten : bool, default=False
        Scale the projections to unit variance: divide each one by the square
        root of its explained variance.

    svd_solver : {'auto', 'full', 'covariance_eigh', 'arpack', 'randomized'}, \
            default='auto'
        "auto": "covariance_eigh" when ``n_features <= 1000`` and
        ``n_samples >= 10 * n_features``; else "full" when the data have at
        most 500 rows and columns or ``n_components="mle"``; else
        "randomized" when ``1 <= n_components < 0.8 * min(X.shape)``; else
        "full".  Sparse input selects "arpack".

        "full": exact SVD of the centred data (tall-skinny QR, then the SVD
        of the triangular factor; LAPACK ``gesdd`` for wide data).

        "covariance_eigh": eigendecomposition of the covariance matrix.
        Fastest for ``n_samples >> n_features``; squares the condition
        number, so small variances are less accurate than with "full".

        "arpack": ARPACK (``scipy.sparse.linalg.eigsh`` as in
        ``scipy.sparse.linalg.svds``) for ``n_components`` components;
        requires ``0 < n_components < min(X.shape)``.

        "randomized": the randomized SVD of Halko et al.

    tol : float, default=0.0
        Tolerance for singular values with ``svd_solver="arpack"``.

    iterated_power : int or 'auto', default='auto'
        Number of power iterations of ``svd_solver="randomized"``.

    n_oversamples : int, default=10
        Extra random vectors of ``svd_solver="randomized"``.

    power_iteration_normalizer : {'auto', 'QR', 'LU', 'none'}, default='auto'
        Normalizer of the power iterations of ``svd_solver="randomized"``.

    random_state : int, RandomState instance or None, default=None
        Seeds the "arpack" starting vector and the "randomized" draws; with
        the same seed, they are the draws scikit-learn makes.

    Attributes
    ----------
    components_ : ndarray of shape (n_components, n_features)
        Principal axes (unit eigenvectors of the covariance), by decreasing
        explained variance.  Signs follow ``svd_flip(u_based_decision=False)``:
        the largest absolute entry of each row is positive.

    explained_variance_ : ndarray of shape (n_components,)
        Variance along each component (eigenvalues of the covariance, with
        ``n_samples - 1`` degrees of freedom).

    explained_variance_ratio_ : ndarray of shape (n_components,)
        Share of the total variance explained by each component.

    singular_values_ : ndarray of shape (n_components,)
        Singular values of the centred data for the kept components.

    mean_ : ndarray of shape (n_features,)
        Per-feature mean of the training data.

    n_components_ : int
        Number of components kept.

    n_samples_ : int
        Number of training samples.

    noise_variance_ : float
        Mean of the discarded eigenvalues: the isotropic noise variance of
        probabilistic PCA (Tipping & Bishop, 1999); zero when none are
        discarded.

    n_features_in_ : int
        Number of features seen during :term:`fit`.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :term:`fit`.  Defined only when `X`
        has feature names that are all strings.

    See Also
    --------
    sklearn.decomposition.PCA : The scikit-learn estimator this one mirrors.
    sklearn.decomposition.TruncatedSVD : SVD without centring (sparse data).
    sklearn_notes.discriminant_analysis.LinearDiscriminantAnalysis :
        Supervised projection (notes 6.2).

    Notes
    -----
    Notes section 6.1 (titled "Principle Component Analysis" there) only
    names PCA as a feature-extraction method; the derivation below is the
    standard one.

    **Centring and covariance.**  With the sample mean
    :math:`\\mu = \\frac1n \\sum_i x_i` and centred data
    :math:`X_c = X - \\mathbf 1 \\mu^T`, the (unbiased) covariance is

    .. math:: C = \\frac{1}{n-1} X_c^T X_c
              = \\frac{1}{n-1} \\left(X^T X - n \\mu \\mu^T\\right).

    **Directions of largest variance.**  The variance of the projections
    :math:`w^T (x_i - \\mu)` on a unit vector :math:`w` is :math:`w^T C w`.
    Maximising it under :math:`w^T w = 1` with a Lagrange multiplier,
    :math:`\\nabla_w [w^T C w - \\lambda (w^T w - 1)] = 0`, gives

    .. math:: C w = \\lambda w, \\qquad w^T C w = \\lambda :

    the best direction is the leading eigenvector, and the next ones,
    orthogonal to the previous, are the next eigenvectors.  With the
    eigendecomposition :math:`C = V \\Lambda V^T`
    (:math:`\\lambda_1 \\ge \\dots \\ge \\lambda_d \\ge 0`),
    ``components_`` holds the first :math:`k` columns of :math:`V` as rows,
    ``explained_variance_`` the :math:`\\lambda_j`, and
    ``explained_variance_ratio_`` :math:`\\lambda_j / \\sum_{l} \\lambda_l`.

    **Through the SVD.**  With :math:`X_c = U S V^T`,
    :math:`C = V \\frac{S^2}{n-1} V^T`: the right singular vectors are the
    eigenvectors and :math:`\\lambda_j = s_j^2 / (n-1)` (``singular_values_``
    holds :math:`s_j`).  The SVD of :math:`X_c` avoids squaring its
    condition number ("full"); the covariance route ("covariance_eigh")
    costs one pass over :math:`X`.

    **Projection, reconstruction, whitening.**
    :math:`z = V_k^T (x - \\mu)` (``transform``),
    :math:`\\hat x = \\mu + V_k z` (``inverse_transform``); with
    ``whiten=True``, :math:`z_j` is divided by :math:`\\sqrt{\\lambda_j}`.

    **Probabilistic PCA** (``score``, ``get_covariance``): the model
    :math:`x \\sim \\mathcal N(\\mu, W W^T + \\sigma^2 I)` with
    :math:`W = V_k (\\Lambda_k - \\sigma^2 I)^{1/2}` and
    :math:`\\sigma^2 = \\frac{1}{r - k} \\sum_{j > k} \\lambda_j`
    (``noise_variance_``, :math:`r = \\min(n, d)`).

    References
    ----------
    .. [1] Jolliffe, I. T. (2002). Principal Component Analysis, 2nd ed.
       Springer.
    .. [2] Tipping, M. E., and Bishop, C. M. (1999). Probabilistic principal
       component analysis. JRSS B, 61(3), 611-622.
    .. [3] Minka, T. P. (2000). Automatic choice of dimensionality for PCA.
       NIPS, 598-604.
    .. [4] Halko, N., Martinsson, P. G., and Tropp, J. A. (2011). Finding
       structure with randomness. SIAM Review, 53(2), 217-288.
    .. [5] Demmel, J., Grigori, L., Hoemmen, M., and Langou, J. (2012).
       Communication-optimal parallel and sequential QR and LU
       factorizations. SIAM J. Sci. Comput., 34(1), A206-A239 (TSQR).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_notes.decomposition import PCA
    >>> X = np.array([[-1, -1], [-2, -1], [-3, -2], [1, 1], [2, 1], [3, 2]])
    >>> pca = PCA(n_components=2).fit(X)
    >>> print(pca.explained_variance_ratio_.round(4))
    [0.9924 0.0076]
    >>> print(pca.singular_values_.round(4))
    [6.3006 0.5498]
    >>> pca.transform(X[:1]).round(4)
    array([[-1.3834, -0.2936]])
    """

    _parameter_constraints: dict = {
        "n_components": [
            Interval(Integral, 0, None, closed="left"),
            Interval(RealNotInt, 0, 1, closed="neither"),
            StrOptions({"mle"}),
            None,
        ],
        "copy": ["boolean"],
        "whiten": ["boolean"],
        "svd_solver": [StrOptions(set(SVD_SOLVERS))],
        "tol": [Interval(Real, 0, None, closed="left")],
        "iterated_power": [
            StrOptions({"auto"}),
            Interval(Integral, 0, None, closed="left"),
        ],
        "n_oversamples": [Interval(Integral, 1, None, closed="left")],
        "power_iteration_normalizer": [StrOptions({"auto", "QR", "LU", "none"})],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        n_components=None,
        *,
        copy=True,
        whiten=False,
        svd_solver="auto",
        tol=0.0,
        iterated_power="auto",
        n_oversamples=10,
        power_iteration_normalizer="auto",
        random_state=None,
    ):
        self.n_components = n_components
        self.copy = copy
        self.whiten = whiten
        self.svd_solver = svd_solver
        self.tol = tol
        self.iterated_power = iterated_power
        self.n_oversamples = n_oversamples
        self.power_iteration_normalizer = power_iteration_normalizer
        self.random_state = random_state

    # -- fitting ------------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Fit the model with X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.  Sparse input needs ``svd_solver`` in
            {"auto", "arpack", "covariance_eigh"}.
        y : Ignored
            Not used, present for API consistency by convention.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        self._fit(X)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X, y=None):
        """Fit the model with X and apply the dimensionality reduction on X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data.
        y : Ignored
            Not used, present for API consistency by convention.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components)
            Projections of ``X`` on the components (``X_c V_k``, that is
            ``U_k S_k``).
        """
        X = self._fit(X)
        return self._transform(X)

    def _fit(self, X):
        """Validate ``X``, pick the solver, fit; return the validated ``X``."""
        if issparse(X) and self.svd_solver not in SPARSE_SOLVERS:
            raise TypeError(
                'PCA only support sparse inputs with the "arpack" and'
                f' "covariance_eigh" solvers, while "{self.svd_solver}" was passed. See'
                " TruncatedSVD for a possible alternative."
            )
        # Never a copy, and the (costly) finiteness pass of dense data is
        # fused with the column sums that give the mean.
        X = validate_data(
            self,
            X,
            dtype=[np.float64, np.float32],
            accept_sparse=("csr", "csc"),
            ensure_all_finite=issparse(X),
            ensure_min_samples=2,
            copy=False,
        )
        n_samples, n_features = X.shape
        if issparse(X):
            mean = np.asarray(X.mean(axis=0), dtype=X.dtype).reshape(-1)
        else:
            mean = (_column_sums_checked(X, type(self).__name__) / n_samples).astype(
                X.dtype, copy=False
            )

        solver = self.svd_solver
        if solver == "auto" and issparse(X):
            solver = "arpack"
        if self.n_components is None:
            n_components = min(X.shape) - 1 if solver == "arpack" else min(X.shape)
        else:
            n_components = self.n_components
        if solver == "auto":
            # scikit-learn's policy, unchanged.
            if n_features <= 1_000 and n_samples >= 10 * n_features:
                solver = "covariance_eigh"
            elif max(X.shape) <= 500 or n_components == "mle":
                solver = "full"
            elif 1 <= n_components < 0.8 * min(X.shape):
                solver = "randomized"
            else:
                solver = "full"
        self._fit_svd_solver = solver

        if solver in ("full", "covariance_eigh"):
            self._fit_exact(X, mean, n_components, solver)
        else:
            self._fit_truncated(X, mean, n_components, solver)
        return X

    def _fit_exact(self, X, mean, n_components, solver):
        """Whole spectrum ("full" SVD or "covariance_eigh"), then truncation."""
        n_samples, n_features = X.shape
        if n_components == "mle":
            if n_samples < n_features:
                raise ValueError(
                    "n_components='mle' is only supported if n_samples >= n_features"
                )
        elif not 0 <= n_components <= min(n_samples, n_features):
            raise ValueError(
                f"n_components={n_components} must be between 0 and "
                f"min(n_samples, n_features)={min(n_samples, n_features)} with "
                f"svd_solver={solver!r}"
            )

        if solver == "full":
            if n_samples >= 2 * n_features:
                # X_c = Q R and R = U' S V^T: same S and V as X_c.  Blocks of
                # 8 d rows were the fastest measured (100 <= d <= 500).
                R = _tsqr_r(X, mean, max(256, 8 * n_features))
                _, singular_values, Vt = linalg.svd(
                    R, full_matrices=False, check_finite=False
                )
            else:
                _, singular_values, Vt = linalg.svd(
                    X - mean, full_matrices=False, check_finite=False
                )
            explained_variance = singular_values**2 / (n_samples - 1)
        else:
            scatter = (
                _sparse_scatter(X, mean) if issparse(X) else _centered_scatter(X, mean)
            )
            covariance = scatter / (n_samples - 1)
            if (
                isinstance(n_components, Integral)
                and 0 < n_components < n_features
                and n_features > _TOP_EIGENPAIRS_FROM
            ):
                self._fit_top_eigenpairs(covariance, mean, n_components, n_samples)
                return
            eigenvalues, eigenvectors = np.linalg.eigh(covariance)
            explained_variance = eigenvalues[::-1].copy()
            # PSD in theory; round-off can make tiny eigenvalues negative.
            explained_variance[explained_variance < 0.0] = 0.0
            singular_values = np.sqrt(explained_variance * (n_samples - 1))
            Vt = np.ascontiguousarray(eigenvectors[:, ::-1].T)

        _, Vt = svd_flip(None, Vt, u_based_decision=False)
        explained_variance_ratio = _variance_ratio(
            explained_variance, np.sum(explained_variance)
        )

        if n_components == "mle":
            n_components = _infer_dimension(explained_variance, n_samples)
        elif 0 < n_components < 1.0:
            # Fewest components whose cumulated ratio exceeds the threshold
            # (side="right": strictly more than asked, scikit-learn #15669).
            ratio_cumsum = np.cumsum(explained_variance_ratio)
            n_components = (
                int(np.searchsorted(ratio_cumsum, n_components, side="right")) + 1
            )

        # Probabilistic PCA noise level: mean of the discarded eigenvalues.
        if n_components < min(n_features, n_samples):
            self.noise_variance_ = np.mean(explained_variance[n_components:])
        else:
            self.noise_variance_ = 0.0
        self.n_samples_ = n_samples
        self.n_components_ = n_components
        self.mean_ = mean
        self.components_ = np.array(Vt[:n_components], copy=True)
        self.explained_variance_ = np.array(
            explained_variance[:n_components], copy=True
        )
        self.explained_variance_ratio_ = np.array(
            explained_variance_ratio[:n_components], copy=True
        )
        self.singular_values_ = np.array(singular_values[:n_components], copy=True)

    def _fit_top_eigenpairs(self, covariance, mean, n_components, n_samples):
        """ "covariance_eigh" for a fixed ``n_components``: top eigenpairs only.

        LAPACK ``syevr`` computes just the ``n_components`` leading
        eigenpairs (about half the work of the whole decomposition for large
        ``d``).  The discarded eigenvalues enter only through their sum,
        which is the trace minus the kept ones.
        """
        n_features = covariance.shape[0]
        eigenvalues, eigenvectors = linalg.eigh(
            covariance,
            subset_by_index=[n_features - n_components, n_features - 1],
            driver="evr",
            check_finite=False,
        )
        explained_variance = eigenvalues[::-1].copy()
        explained_variance[explained_variance < 0.0] = 0.0
        total_var = np.trace(covariance)
        _, Vt = svd_flip(None, np.ascontiguousarray(eigenvectors[:, ::-1].T), False)
        # scikit-learn averages the d - k discarded eigenvalues of the
        # covariance (also when n_samples < n_features).
        if n_components < min(n_features, n_samples):
            self.noise_variance_ = max(
                0.0,
                (total_var - np.sum(explained_variance)) / (n_features - n_components),
            )
            self.noise_variance_ = covariance.dtype.type(self.noise_variance_)
        else:
            self.noise_variance_ = 0.0
        self.n_samples_ = n_samples
        self.n_components_ = n_components
        self.mean_ = mean
        self.components_ = Vt
        self.explained_variance_ = explained_variance
        self.explained_variance_ratio_ = _variance_ratio(explained_variance, total_var)
        self.singular_values_ = np.sqrt(explained_variance * (n_samples - 1))

    def _fit_truncated(self, X, mean, n_components, solver):
        """Leading ``n_components`` only ("arpack" or "randomized")."""
        n_samples, n_features = X.shape
        if isinstance(n_components, str):
            raise ValueError(
                f"n_components={n_components!r} cannot be a string with "
                f"svd_solver='{solver}'"
            )
        elif not 1 <= n_components <= min(n_samples, n_features):
            raise ValueError(
                f"n_components={n_components!r} must be between 1 and "
                f"min(n_samples, n_features)={min(n_samples, n_features)!r} with "
                f"svd_solver='{solver}'"
            )
        elif solver == "arpack" and n_components == min(n_samples, n_features):
            raise ValueError(
                f"n_components={n_components!r} must be strictly less than "
                f"min(n_samples, n_features)={min(n_samples, n_features)!r} with "
                f"svd_solver='{solver}'"
            )
        random_state = check_random_state(self.random_state)

        if solver == "arpack":
            # About 2 ncv Lanczos steps of two memory-bound passes over X
            # (v -> X_c^T X_c v); a pass costs about 16 n d at the BLAS-3 rate.
            ncv = min(n_features, max(2 * n_components + 1, 20))
            direct_cost = 64 * ncv * n_samples * n_features
            use_scatter = not issparse(X) and _gram_is_cheaper(
                n_samples, n_features, direct_cost
            )
        else:
            # 2 n_iter + 2 thin products with X (half the BLAS-3 rate).
            n_iter = self.iterated_power
            if n_iter == "auto":
                n_iter = 7 if n_components < 0.1 * min(X.shape) else 4
            width = n_components + self.n_oversamples
            direct_cost = 2 * (2 * n_iter + 2) * n_samples * n_features * width
            use_scatter = _gram_is_cheaper(n_samples, n_features, direct_cost)

        if use_scatter:
            scatter = _centered_scatter(X, mean)
            total_var = np.trace(scatter) / (n_samples - 1)
            if solver == "arpack" and total_var == 0:
                S, Vt = _no_variance(n_components, n_features, X.dtype)
            elif solver == "arpack":
                S, Vt = self._arpack_on_scatter(scatter, n_components, random_state)
            else:
                _, S, Vt = randomized_svd(
                    _square_root_factor(scatter),
                    n_components=n_components,
                    n_oversamples=self.n_oversamples,
                    n_iter=self.iterated_power,
                    power_iteration_normalizer=self.power_iteration_normalizer,
                    flip_sign=False,
                    random_state=random_state,
                )
        elif solver == "arpack":
            if issparse(X):
                mean, variance = mean_variance_axis(X, axis=0)
                mean = mean.astype(X.dtype, copy=False)
                total_var = variance.sum() * n_samples / (n_samples - 1)
            else:
                total_var = _total_variance(X, mean)
            v0 = random_state.uniform(-1, 1, min(X.shape))  # _init_arpack_v0
            if total_var == 0:
                S, Vt = _no_variance(n_components, n_features, X.dtype)
            else:
                _, S, Vt = svds(
                    _CenteredOperator(X, mean), k=n_components, tol=self.tol, v0=v0
                )
                S, Vt = S[::-1], Vt[::-1]  # svds returns increasing order
        else:
            X_centered = X - mean
            total_var = float(np.vdot(X_centered, X_centered)) / (n_samples - 1)
            _, S, Vt = randomized_svd(
                X_centered,
                n_components=n_components,
                n_oversamples=self.n_oversamples,
                n_iter=self.iterated_power,
                power_iteration_normalizer=self.power_iteration_normalizer,
                flip_sign=False,
                random_state=random_state,
            )
        _, Vt = svd_flip(None, np.ascontiguousarray(Vt), u_based_decision=False)

        self.n_samples_ = n_samples
        self.mean_ = mean
        self.components_ = Vt
        self.n_components_ = n_components
        self.explained_variance_ = S**2 / (n_samples - 1)
        self.explained_variance_ratio_ = _variance_ratio(
            self.explained_variance_, total_var
        )
        self.singular_values_ = np.array(S, copy=True)
        if n_components < min(n_features, n_samples):
            self.noise_variance_ = (total_var - np.sum(self.explained_variance_)) / (
                min(n_features, n_samples) - n_components
            )
        else:
            self.noise_variance_ = 0.0

    def _arpack_on_scatter(self, scatter, n_components, random_state):
        """``scipy.sparse.linalg.svds`` of ``X_c``, replayed on its scatter.

        ``svds`` runs ARPACK on the operator ``v -> X_c^T (X_c v)``, which is
        the scatter matrix, with ``v0`` and ``tol ** 2``; then a Rayleigh-Ritz
        step on the Ritz vectors ``V``: the SVD of ``X_c V``, whose squared
        singular values and right vectors are those of ``V^T S V``.
        """
        v0 = random_state.uniform(-1, 1, scatter.shape[0])  # _init_arpack_v0
        _, ritz = eigsh(
            aslinearoperator(scatter), k=n_components, tol=self.tol**2, v0=v0
        )
        ritz, _ = np.linalg.qr(ritz)
        projected = ritz.T @ scatter @ ritz
        eigenvalues, rotation = np.linalg.eigh((projected + projected.T) / 2)
        eigenvalues, rotation = eigenvalues[::-1], rotation[:, ::-1]
        eigenvalues[eigenvalues < 0.0] = 0.0
        return np.sqrt(eigenvalues).astype(scatter.dtype), (ritz @ rotation).T

    # -- using the fitted model ----------------------------------------------

    def transform(self, X):
        """Project X on the principal components.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            New data.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components)
            ``(X - mean_) @ components_.T``, divided by
            ``sqrt(explained_variance_)`` when ``whiten``.
        """
        check_is_fitted(self)
        X = validate_data(
            self,
            X,
            dtype=[np.float64, np.float32],
            accept_sparse=("csr", "csc"),
            reset=False,
        )
        return self._transform(X)

    def _transform(self, X):
        # Centre after projecting: one GEMM, no centred copy, sparse stays sparse.
        X_transformed = X @ self.components_.T
        X_transformed -= (self.mean_ @ self.components_.T)[None, :]
        if self.whiten:
            # Rank-deficient data can leave a variance at zero: clip at eps.
            scale = np.sqrt(self.explained_variance_)
            scale[scale < np.finfo(scale.dtype).eps] = np.finfo(scale.dtype).eps
            X_transformed /= scale
        return np.asarray(X_transformed)

    def inverse_transform(self, X):
        """Map projections back to the original space.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_components)
            Projections (whitened ones if ``whiten``).

        Returns
        -------
        X_original : ndarray of shape (n_samples, n_features)
            ``X @ components_ + mean_`` (whitening undone first).
        """
        check_is_fitted(self)
        X = check_array(X, input_name="X", dtype=[np.float64, np.float32])
        if self.whiten:
            scaled_components = (
                np.sqrt(self.explained_variance_[:, None]) * self.components_
            )
            return X @ scaled_components + self.mean_
        return X @ self.components_ + self.mean_

    def get_covariance(self):
        """Covariance of the probabilistic PCA model.

        Returns
        -------
        cov : ndarray of shape (n_features, n_features)
            ``components_.T @ diag(max(explained_variance_ - sigma2, 0))
            @ components_ + sigma2 * I`` with ``sigma2 = noise_variance_``.
        """
        check_is_fitted(self)
        components, signal = self._signal_components()
        cov = (components.T * signal) @ components
        cov.flat[:: cov.shape[0] + 1] += self.noise_variance_
        return cov

    def get_precision(self):
        """Precision (inverse covariance) of the probabilistic PCA model.

        Computed with the matrix inversion lemma, which inverts a
        ``n_components x n_components`` matrix instead of the covariance.

        Returns
        -------
        precision : ndarray of shape (n_features, n_features)
        """
        check_is_fitted(self)
        n_features = self.components_.shape[1]
        if self.n_components_ == 0:
            return np.eye(n_features) / self.noise_variance_
        if self.noise_variance_ == 0.0:
            # no noise left: the model covariance is the sample covariance,
            # singular when some direction has no variance (a constant
            # feature, or fewer samples than features), and then no density
            _, signal = self._signal_components()
            if self.n_components_ < n_features or not signal.min() > 0.0:
                raise ValueError(_SINGULAR_COVARIANCE)
            try:
                return linalg.inv(self.get_covariance())
            except linalg.LinAlgError:
                raise ValueError(_SINGULAR_COVARIANCE) from None
        # (sigma2 I + W^T D W)^-1
        #   = I/sigma2 - W^T (D^-1 + W W^T/sigma2)^-1 W / sigma2^2
        components, signal = self._signal_components()
        sigma2 = self.noise_variance_
        inner = components @ components.T / sigma2
        inner.flat[:: inner.shape[0] + 1] += 1.0 / signal
        precision = components.T @ linalg.inv(inner) @ components
        precision /= -(sigma2**2)
        precision.flat[:: n_features + 1] += 1.0 / sigma2
        return precision

    def _signal_components(self):
        """Components and their variance above the noise level (clipped at 0)."""
        components = self.components_
        explained_variance = self.explained_variance_
        if self.whiten:
            components = components * np.sqrt(explained_variance[:, None])
        signal = np.where(
            explained_variance > self.noise_variance_,
            explained_variance - self.noise_variance_,
            np.asarray(0.0, dtype=explained_variance.dtype),
        )
        return components, signal

    def score_samples(self, X):
        """Log-likelihood of each sample under the probabilistic PCA model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data.

        Returns
        -------
        ll : ndarray of shape (n_samples,)
            ``-(x - mu)^T P (x - mu) / 2 - (d log(2 pi) - log det P) / 2``
            with ``P = get_precision()``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=[np.float64, np.float32], reset=False)
        X_centered = X - self.mean_
        n_features = X.shape[1]
        precision = self.get_precision()
        log_like = -0.5 * np.sum(X_centered * (X_centered @ precision), axis=1)
        log_like -= 0.5 * (n_features * log(2.0 * np.pi) - fast_logdet(precision))
        return log_like

    def score(self, X, y=None):
        """Average log-likelihood of the samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data.
        y : Ignored
            Not used, present for API consistency by convention.

        Returns
        -------
        ll : float
            Mean of :meth:`score_samples`.
        """
        return float(np.mean(self.score_samples(X)))

    @property
    def _n_features_out(self):
        """Number of transformed output features."""
        return self.components_.shape[0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        tags.input_tags.sparse = self.svd_solver in SPARSE_SOLVERS
        return tags


def _no_variance(n_components, n_features, dtype):
    """Singular values and directions of constant data for ARPACK, which
    fails on a zero operator ("starting vector is zero"): no variance, and
    any orthonormal directions (the leading axes, as LAPACK's SVD gives)."""
    directions = np.eye(n_components, n_features, dtype=dtype)
    return np.zeros(n_components, dtype=dtype), directions


def _variance_ratio(explained_variance, total_variance):
    """``explained_variance / total_variance``; constant data has no variance
    to explain, so its ratios are 0 rather than 0/0 = NaN."""
    if total_variance > 0:
        return explained_variance / total_variance
    return np.zeros_like(explained_variance)


def _total_variance(X, mean):
    """Sum of the per-feature variances (``ddof=1``) of dense ``X``, by blocks."""
    total = 0.0
    block_rows = max(_BLOCK_ROWS, 4 * X.shape[1])
    for start in range(0, X.shape[0], block_rows):
        block = X[start : start + block_rows] - mean
        total += float(np.vdot(block, block))
    return total / (X.shape[0] - 1)
