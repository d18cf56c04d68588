"""Linear Discriminant Analysis (notes 6.2, generative view of 3.3.1).

The estimator :class:`LinearDiscriminantAnalysis` and its Python drivers.
Everything that depends on the number of samples is one Numba pass (class
means), one Numba pass (rows centred on their class mean, grouped by class)
and one BLAS ``syrk`` per class (the class scatter matrices).  The solvers then
work on ``n_features x n_features`` and ``n_classes x n_features`` matrices
only.
"""

import warnings
from numbers import Integral, Real

import numpy as np
from scipy import linalg
from scipy.special import expit
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    _fit_context,
    clone,
)
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.multiclass import unique_labels
from sklearn.utils.validation import check_is_fitted, validate_data

from ..utils._weighted_stats import class_weights_and_means, symmetric_gram
from ._lda_kernels import class_sorted_deviations

__all__ = ["LinearDiscriminantAnalysis"]


# ---------------------------------------------------------------------------
# Class statistics: one pass for the means, one for the centred rows, one
# syrk per class for the scatter matrices.
# ---------------------------------------------------------------------------


def _class_deviations(X, class_index, class_count, class_mean):
    """Rows centred on their class mean, grouped by class (float64).

    Returns the ``(n_samples, n_features)`` float64 buffer and the
    ``(n_classes + 1,)`` offsets of the class blocks in it.
    """
    class_start = np.zeros(class_count.shape[0] + 1, dtype=np.int64)
    np.cumsum(class_count.astype(np.int64), out=class_start[1:])
    deviations = np.empty(X.shape, dtype=np.float64)
    class_sorted_deviations(X, class_index, class_mean, class_start, deviations)
    return deviations, class_start


def _is_constant_feature(variance, mean, n_samples):
    """Features whose variance is rounding noise (as sklearn's StandardScaler).

    The bound of the two-pass variance algorithm (Chan, Golub and LeVeque):
    ``var <= n eps var + (n |mean| eps)^2``, with float64 ``eps``.
    """
    eps = np.finfo(np.float64).eps
    return variance <= n_samples * eps * variance + (n_samples * mean * eps) ** 2


def _shrunk(covariance, shrinkage):
    """``(1 - a) C + a (tr C / d) I``, the fixed shrinkage of sklearn."""
    n_features = covariance.shape[0]
    shrunk = (1.0 - shrinkage) * covariance
    shrunk.flat[:: n_features + 1] += shrinkage * np.trace(covariance) / n_features
    return shrunk


def _ledoit_wolf_covariance(centred, scatter, mean):
    """Ledoit-Wolf covariance of standardised data, scaled back.

    The ``shrinkage="auto"`` estimate of sklearn's ``_cov``: standardise each
    feature (a constant feature keeps scale 1), shrink the covariance of the
    standardised data with the Ledoit-Wolf coefficient, and undo the scaling.

    Parameters
    ----------
    centred : ndarray of shape (n_samples, n_features), float64
        Rows minus their mean.
    scatter : ndarray of shape (n_features, n_features), float64
        ``centred.T @ centred``, already computed by the caller.
    mean : ndarray of shape (n_features,)
        The mean that was removed (only used to detect constant features).

    Returns
    -------
    covariance : ndarray of shape (n_features, n_features), float64
    """
    n_samples, n_features = centred.shape
    variance = np.diag(scatter) / n_samples
    scale = np.sqrt(variance)
    scale[_is_constant_feature(variance, mean, n_samples)] = 1.0
    gram = scatter / np.outer(scale, scale)  # Z^T Z of the standardised Z
    empirical = gram / n_samples
    if n_features == 1:
        shrinkage = 0.0  # one feature: shrinking towards tr(C) I changes nothing
    else:
        # Ledoit & Wolf (2004), in the notation of sklearn.covariance:
        # beta is the spread of z z^T around C, delta the distance of C to mu I.
        squared = np.square(centred / scale)
        trace = np.diag(gram) / n_samples
        mu = trace.sum() / n_features
        beta_sum = symmetric_gram(squared).sum()
        delta_sum = (gram**2).sum() / n_samples**2
        beta = (beta_sum / n_samples - delta_sum) / (n_features * n_samples)
        delta = (delta_sum - 2.0 * mu * trace.sum() + n_features * mu**2) / n_features
        beta = min(beta, delta)
        shrinkage = 0.0 if beta == 0 else beta / delta
    covariance = _shrunk(empirical, shrinkage)
    return scale[:, None] * covariance * scale[None, :]


def _fitted_covariance(estimator, X):
    """``covariance_`` of a fresh clone of ``estimator`` fitted on ``X``."""
    fitted = clone(estimator).fit(X)
    if not hasattr(fitted, "covariance_"):
        raise ValueError(
            "%s does not have a covariance_ attribute" % estimator.__class__.__name__
        )
    return np.atleast_2d(fitted.covariance_)


def _check_shrinkage_and_estimator(shrinkage, covariance_estimator):
    if covariance_estimator is not None and shrinkage is not None and shrinkage != 0:
        raise ValueError(
            "covariance_estimator and shrinkage parameters "
            "are not None. Only one of the two can be set."
        )


def _within_class_statistics(X, class_index, priors, shrinkage, covariance_estimator):
    """Class means, pooled scatter and prior-weighted class covariance.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    class_index : ndarray of shape (n_samples,)
    priors : ndarray of shape (n_classes,)
    shrinkage : None, "auto" or float
    covariance_estimator : estimator or None

    Returns
    -------
    class_count : ndarray of shape (n_classes,), float64
    class_mean : ndarray of shape (n_classes, n_features), float64
    pooled_scatter : ndarray of shape (n_features, n_features), float64 or None
        ``Sw = sum_k S_k`` (unshrunk); None with a ``covariance_estimator``.
    covariance : ndarray of shape (n_features, n_features), float64
        ``sum_k pi_k C_k`` with ``C_k`` the (biased, possibly shrunk)
        covariance of class ``k``: sklearn's ``covariance_``.
    """
    n_samples, n_features = X.shape
    n_classes = priors.shape[0]
    class_count, class_mean = class_weights_and_means(
        X, class_index, np.ones(n_samples), n_classes
    )
    priors64 = priors.astype(np.float64)
    covariance = np.zeros((n_features, n_features))

    if covariance_estimator is not None:
        _check_shrinkage_and_estimator(shrinkage, covariance_estimator)
        for k in range(n_classes):
            covariance += priors64[k] * _fitted_covariance(
                covariance_estimator, X[class_index == k]
            )
        return class_count, class_mean, None, covariance

    deviations, class_start = _class_deviations(X, class_index, class_count, class_mean)
    pooled_scatter = np.zeros((n_features, n_features))
    for k in range(n_classes):
        block = deviations[class_start[k] : class_start[k + 1]]
        class_scatter = symmetric_gram(block)  # S_k, one syrk
        pooled_scatter += class_scatter
        if shrinkage == "auto":
            class_covariance = _ledoit_wolf_covariance(
                block, class_scatter, class_mean[k]
            )
        else:
            class_covariance = class_scatter / class_count[k]
        covariance += priors64[k] * class_covariance
    if shrinkage is not None and shrinkage != "auto":
        # sum_k pi_k shrunk(C_k) = shrunk(sum_k pi_k C_k): shrinkage is linear.
        covariance = _shrunk(covariance, shrinkage)
    return class_count, class_mean, pooled_scatter, covariance


def _total_covariance(
    X, class_count, class_mean, pooled_scatter, shrinkage, covariance_estimator
):
    """Covariance of all the data (sklearn's ``St``), with the same shrinkage.

    Without an estimator or Ledoit-Wolf it needs no pass over ``X``: the total
    scatter is the within-class scatter plus the scatter of the class means,
    ``St = Sw + sum_k n_k (mu_k - m)(mu_k - m)^T`` with ``m`` the overall mean.
    """
    if covariance_estimator is not None:
        return _fitted_covariance(covariance_estimator, X)
    n_samples = X.shape[0]
    overall_mean = class_count @ class_mean / n_samples
    spread = (class_mean - overall_mean) * np.sqrt(class_count)[:, None]
    total_scatter = pooled_scatter + spread.T @ spread
    if shrinkage == "auto":
        centred = X - overall_mean  # float64: overall_mean is
        return _ledoit_wolf_covariance(centred, total_scatter, overall_mean)
    total = total_scatter / n_samples
    if shrinkage is not None:
        total = _shrunk(total, shrinkage)
    return total


# ---------------------------------------------------------------------------
# The three solvers.  Each returns the fitted attributes as a dict, in
# float64; the estimator casts them to sklearn's dtypes.
# ---------------------------------------------------------------------------


def _solve_svd(class_count, class_mean, pooled_scatter, priors, tol):
    """sklearn's ``"svd"`` solver, from the scatter matrix instead of the data.

    sklearn takes the SVD of the scaled, class-centred data
    ``Z = Xc D^-1 / sqrt(n)`` with ``D = diag(std)``.  Its right singular
    vectors and singular values are the eigenvectors and square roots of the
    eigenvalues of ``Z^T Z = D^-1 (Sw / n) D^-1``, a ``d x d`` matrix: same
    rank rule (singular value > ``tol``), same scalings, no ``n x d`` SVD.
    """
    n_samples = class_count.sum()
    n_classes, n_features = class_mean.shape

    # 1) Within-class scaling: whiten Sw (feature scaling, then eigen-basis).
    within_variance = np.diag(pooled_scatter) / n_samples
    std = np.sqrt(within_variance)
    constant = _is_constant_feature(
        within_variance, np.abs(class_mean).max(axis=0), n_samples
    )
    std[constant] = 1.0
    # A constant feature (zero variance, or rounding noise) gives a zero
    # singular value: leave it out of the eigenproblem and give it exact zeros.
    active = np.flatnonzero(~constant)
    correlation = pooled_scatter[np.ix_(active, active)] / n_samples
    correlation /= np.outer(std[active], std[active])
    eigenvalues, active_vectors = linalg.eigh(correlation)
    singular_values = np.sqrt(np.clip(eigenvalues[::-1], 0.0, None))
    eigenvectors = np.zeros((n_features, active.size))
    eigenvectors[active] = active_vectors[:, ::-1]
    rank = int(np.sum(singular_values > tol))
    if rank == 0:
        raise ValueError(
            "The within-class scatter of X has rank 0 at tol=%r: no feature "
            "varies within the classes (or no singular value of the scaled "
            "data exceeds tol), so the 'svd' solver has no direction to "
            "whiten." % tol
        )
    # Sw^{-1/2}-like map: x -> S^-1 V^T D^-1 x has identity within covariance.
    within_scalings = (eigenvectors[:, :rank] / std[:, None]) / singular_values[:rank]

    # 2) Between-class scaling: SVD of the K x rank whitened, weighted centres.
    overall_mean = priors @ class_mean
    # sqrt(n pi_k / (K - 1)) (mu_k - m): its Gram is the between-class
    # covariance, so its singular values squared are Fisher's eigenvalues.
    weight = np.sqrt(n_samples * priors / (n_classes - 1))
    weighted_centres = (weight[:, None] * (class_mean - overall_mean)) @ within_scalings
    _, between_singular, between_vt = linalg.svd(
        weighted_centres, full_matrices=False
    )
    explained = between_singular**2 / np.sum(between_singular**2)
    between_rank = int(np.sum(between_singular > tol * between_singular[0]))
    scalings = within_scalings @ between_vt.T[:, :between_rank]

    # 3) Discriminants in the whitened space: squared distances to centres.
    projected_centres = (class_mean - overall_mean) @ scalings
    intercept = -0.5 * np.sum(projected_centres**2, axis=1) + np.log(priors)
    coef = projected_centres @ scalings.T
    intercept -= overall_mean @ coef.T
    return {
        "xbar_": overall_mean,
        "explained_variance_ratio_": explained,
        "scalings_": scalings,
        "coef_": coef,
        "intercept_": intercept,
    }


def _solve_lsqr(means, covariance, priors):
    """``w_k = Sigma^+ mu_k`` (least squares), ``w_k0 = -mu_k^T w_k / 2 + ln pi_k``."""
    coef = linalg.lstsq(covariance, means.T)[0].T
    intercept = -0.5 * np.diag(means @ coef.T) + np.log(priors)
    return {"coef_": coef, "intercept_": intercept}


def _solve_eigen(means, covariance, total_covariance, priors):
    """Fisher's generalised eigenproblem ``Sb w = lambda Sw w``."""
    between = total_covariance - covariance
    try:
        eigenvalues, eigenvectors = linalg.eigh(between, covariance)
    except linalg.LinAlgError as exc:
        raise linalg.LinAlgError(
            f"{exc} The within-class covariance is singular (constant or "
            "collinear features), so solver='eigen' cannot solve Fisher's "
            "eigenproblem: use shrinkage, solver='svd' or solver='lsqr'."
        ) from exc
    order = np.argsort(eigenvalues)[::-1]
    explained = np.sort(eigenvalues / np.sum(eigenvalues))[::-1]
    eigenvectors = eigenvectors[:, order]
    # The eigenvectors are Sw-orthonormal, V V^T = Sw^-1: coef_ = mu Sw^-1.
    coef = (means @ eigenvectors) @ eigenvectors.T
    intercept = -0.5 * np.diag(means @ coef.T) + np.log(priors)
    return {
        "explained_variance_ratio_": explained,
        "scalings_": eigenvectors,
        "coef_": coef,
        "intercept_": intercept,
    }


class LinearDiscriminantAnalysis(
    ClassNamePrefixFeaturesOutMixin,
    ClassifierMixin,
    TransformerMixin,
    BaseEstimator,
):
    """Linear Discriminant Analysis.

    A classifier with a linear decision boundary, obtained by fitting a
    Gaussian density to each class, with one covariance matrix shared by all
    classes, and applying Bayes' rule.  The fitted model also reduces the
    dimension of the data, by projecting it on the directions that best
    separate the classes (Fisher's discriminants).

    A drop-in replacement for
    :class:`sklearn.discriminant_analysis.LinearDiscriminantAnalysis`: the same
    parameters, methods, fitted attributes and results.

    Parameters
    ----------
    solver : {'svd', 'lsqr', 'eigen'}, default='svd'
        Solver to use:

        - 'svd': whitening by the within-class scatter, then an SVD of the
          class centres (default).  Never inverts the covariance matrix, so it
          handles singular (constant or collinear) features.
        - 'lsqr': least-squares solution of ``Sigma w_k = mu_k``.  Can be
          combined with shrinkage or a custom covariance estimator.
        - 'eigen': Fisher's generalised eigenproblem ``Sb w = lambda Sw w``.
          Can be combined with shrinkage or a custom covariance estimator.

    shrinkage : 'auto' or float, default=None
        Shrinkage of each class covariance towards a multiple of the identity:

        - None: no shrinkage (default).
        - 'auto': automatic shrinkage using the Ledoit-Wolf lemma.
        - float between 0 and 1: fixed shrinkage parameter.

        Only with the 'lsqr' and 'eigen' solvers.  Leave to None if
        `covariance_estimator` is used.

    priors : array-like of shape (n_classes,), default=None
        The class prior probabilities. By default, the class proportions are
        inferred from the training data.

    n_components : int, default=None
        Number of components (<= min(n_classes - 1, n_features)) for
        dimensionality reduction. If None, will be set to
        min(n_classes - 1, n_features). This parameter only affects the
        `transform` method.

    store_covariance : bool, default=False
        If True, explicitly compute the weighted within-class covariance
        matrix when solver is 'svd'. The matrix is always computed
        and stored for the other solvers.

    tol : float, default=1.0e-4
        Absolute threshold for a singular value of the scaled, class-centred
        data to be considered significant, used to estimate its rank.
        Dimensions whose singular values are non-significant are discarded.
        Only used if solver is 'svd'.

    covariance_estimator : covariance estimator, default=None
        If not None, a clone of `covariance_estimator` is fitted on each class
        to estimate the class covariance matrices, instead of the empirical
        covariance estimator (with potential shrinkage).  The object should
        have a fit method and a ``covariance_`` attribute like the estimators
        in :mod:`sklearn.covariance`.  Only with the 'lsqr' and 'eigen'
        solvers.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_classes, n_features)
        Weight vector(s).

    intercept_ : ndarray of shape (n_classes,)
        Intercept term.

    covariance_ : array-like of shape (n_features, n_features)
        Weighted within-class covariance matrix ``sum_k prior_k * C_k`` where
        ``C_k`` is the (potentially shrunk) biased covariance of class ``k``.
        If solver is 'svd', only exists when `store_covariance` is True.

    explained_variance_ratio_ : ndarray of shape (n_components,)
        Percentage of variance explained by each of the selected components.
        If ``n_components`` is not set then all components are stored and the
        sum of explained variances is equal to 1.0. Only available when eigen
        or svd solver is used.

    means_ : array-like of shape (n_classes, n_features)
        Class-wise means.

    priors_ : array-like of shape (n_classes,)
        Class priors (sum to 1).

    scalings_ : ndarray of shape (n_features, n_directions)
        Scaling of the features in the space spanned by the class centroids:
        ``transform`` multiplies by its first ``n_components`` columns.  For
        'svd', ``n_directions <= min(rank, n_classes - 1)``; for 'eigen', all
        ``n_features`` generalised eigenvectors, in decreasing eigenvalue
        order.  Only available for 'svd' and 'eigen' solvers.

    xbar_ : array-like of shape (n_features,)
        Overall mean. Only present if solver is 'svd'.

    classes_ : array-like of shape (n_classes,)
        Unique class labels.

    n_features_in_ : int
        Number of features seen during :term:`fit`.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :term:`fit`. Defined only when `X`
        has feature names that are all strings.

    See Also
    --------
    sklearn.discriminant_analysis.LinearDiscriminantAnalysis : The
        scikit-learn estimator this one replaces.
    sklearn_notes.decomposition.PCA : Unsupervised projection (notes 6.1).
    sklearn_notes.naive_bayes.GaussianNB : Gaussian class conditionals with
        diagonal, per-class covariances (notes 3.2).

    Notes
    -----
    **Generative model** (notes 3.3.1).  Each class is a Gaussian with its
    own mean and a covariance shared by all classes,
    :math:`p(x \\mid C_k) = \\mathcal{N}(x;\\, \\mu_k, \\Sigma)`, and
    :math:`\\pi_k = p(C_k)` is its prior.  Maximum likelihood gives the class
    means :math:`\\mu_k`, the priors :math:`\\pi_k = n_k / n` (unless given)
    and the pooled covariance
    :math:`\\Sigma = \\sum_k \\pi_k C_k` with
    :math:`C_k = \\frac{1}{n_k} \\sum_{i \\in k} (x_i - \\mu_k)(x_i - \\mu_k)^T`.

    **Bayes' rule** (notes 3.3.1, 3.3.3).  The posterior is
    :math:`p(C_k \\mid x) \\propto \\pi_k \\mathcal{N}(x; \\mu_k, \\Sigma)`.
    Since :math:`\\Sigma` is shared, the quadratic term
    :math:`x^T \\Sigma^{-1} x` is the same for every class and cancels: the
    log-posterior is linear in :math:`x`,

    .. math::

        \\ln p(C_k \\mid x) = w_k^T x + w_{k0} + \\text{const}, \\quad
        w_k = \\Sigma^{-1} \\mu_k, \\quad
        w_{k0} = -\\tfrac{1}{2} \\mu_k^T \\Sigma^{-1} \\mu_k + \\ln \\pi_k,

    and the decision :math:`\\arg\\max_k` is a linear discriminant (notes 4.2).
    ``coef_`` and ``intercept_`` hold :math:`w_k, w_{k0}`;
    ``predict_proba`` is the softmax of the decision function (the logistic
    sigmoid of the difference for two classes).  ``solver='lsqr'`` solves
    :math:`\\Sigma w_k = \\mu_k` by least squares.

    **Fisher's criterion** (notes 6.2).  With the within-class scatter
    :math:`S_W = \\sum_k \\sum_{i \\in k} (x_i - \\mu_k)(x_i - \\mu_k)^T` and the
    between-class scatter
    :math:`S_B = \\sum_k n_k (\\mu_k - m)(\\mu_k - m)^T`, the discriminant
    directions maximise the ratio of between- to within-class variance of the
    projection,

    .. math::

        J(w) = \\frac{w^T S_B w}{w^T S_W w}
        \\quad\\Rightarrow\\quad S_B w = \\lambda S_W w,

    a generalised eigenproblem with at most :math:`K - 1` non-zero
    eigenvalues (:math:`S_B` is a sum of :math:`K` rank-one terms whose
    centres are tied by :math:`m`).  ``transform`` projects on the leading
    ``n_components`` eigenvectors; ``explained_variance_ratio_`` is
    :math:`\\lambda_j / \\sum \\lambda`.  ``solver='eigen'`` solves this
    problem directly (with :math:`S_B = S_T - S_W`).  ``solver='svd'`` solves
    it in two steps: first whiten the within-class scatter (rescale each
    feature by its within-class standard deviation, then by the eigenvectors
    and inverse square-root eigenvalues of the scaled :math:`S_W / n`,
    dropping those below ``tol``), after which :math:`S_W` is the identity
    and Fisher's problem becomes an SVD of the :math:`K \\times r` matrix of
    whitened, weighted class centres.  The classifier of the Bayes view is
    the same: squared Euclidean distance to the centres in the whitened space.

    **Cost.**  sklearn's 'svd' solver takes the SVD of the
    :math:`n \\times d` centred data; here the same singular values and
    vectors come from the :math:`d \\times d` matrix :math:`S_W` (its square
    roots of eigenvalues), built with one pass over the data and one BLAS
    ``syrk`` per class, so fitting costs :math:`O(n d^2 / 2 + d^3)`.

    Differences from scikit-learn 1.9.1, all on degenerate input: a single
    class, wrongly sized or non-finite priors and a within-class scatter of
    rank 0 raise a clear ``ValueError`` (sklearn fits one class but fails in
    ``predict_proba``, and raises ``IndexError`` or a broadcasting error for
    the others); a feature whose within-class variance is rounding noise is
    treated as constant by the 'svd' solver; a clone of
    ``covariance_estimator`` is fitted, never the caller's object.

    References
    ----------
    .. [1] R. A. Fisher, "The use of multiple measurements in taxonomic
       problems", Annals of Eugenics 7(2), 179-188, 1936.
    .. [2] C. M. Bishop, "Pattern Recognition and Machine Learning",
       Springer, 2006, sections 4.1.4-4.1.6 and 4.2.2.
    .. [3] T. Hastie, R. Tibshirani, J. Friedman, "The Elements of
       Statistical Learning", 2nd ed., Springer, 2009, section 4.3.
    .. [4] O. Ledoit, M. Wolf, "A well-conditioned estimator for
       large-dimensional covariance matrices", Journal of Multivariate
       Analysis 88(2), 365-411, 2004.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_notes.discriminant_analysis import LinearDiscriminantAnalysis
    >>> X = np.array([[-1, -1], [-2, -1], [-3, -2], [1, 1], [2, 1], [3, 2]])
    >>> y = np.array([1, 1, 1, 2, 2, 2])
    >>> clf = LinearDiscriminantAnalysis()
    >>> clf.fit(X, y)
    LinearDiscriminantAnalysis()
    >>> print(clf.predict([[-0.8, -1]]))
    [1]
    >>> clf.transform(X).shape
    (6, 1)
    """

    _parameter_constraints: dict = {
        "solver": [StrOptions({"svd", "lsqr", "eigen"})],
        "shrinkage": [StrOptions({"auto"}), Interval(Real, 0, 1, closed="both"), None],
        "n_components": [Interval(Integral, 1, None, closed="left"), None],
        "priors": ["array-like", None],
        "store_covariance": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "covariance_estimator": [HasMethods("fit"), None],
    }

    def __init__(
        self,
        solver="svd",
        shrinkage=None,
        priors=None,
        n_components=None,
        store_covariance=False,
        tol=1e-4,
        covariance_estimator=None,
    ):
        self.solver = solver
        self.shrinkage = shrinkage
        self.priors = priors
        self.n_components = n_components
        self.store_covariance = store_covariance
        self.tol = tol
        self.covariance_estimator = covariance_estimator

    def _check_priors(self, class_count, n_samples, dtype):
        if self.priors is None:  # estimate priors from sample
            return (class_count / n_samples).astype(dtype)
        priors = np.array(self.priors, dtype=dtype)  # a copy, never the caller's
        if priors.shape != class_count.shape:
            raise ValueError(
                f"priors must have shape (n_classes,) = ({class_count.shape[0]},),"
                f" got an array of shape {priors.shape}."
            )
        if not np.all(np.isfinite(priors)):
            raise ValueError("priors must be finite.")
        if np.any(priors < 0):
            raise ValueError("priors must be non-negative")
        if np.abs(np.sum(priors) - 1.0) > 1e-5:
            warnings.warn("The priors do not sum to 1. Renormalizing", UserWarning)
            priors = priors / priors.sum()
        return priors

    @_fit_context(
        # covariance_estimator is a nested estimator: it validates itself.
        prefer_skip_nested_validation=False
    )
    def fit(self, X, y):
        """Fit the Linear Discriminant Analysis model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.

        y : array-like of shape (n_samples,)
            Target values.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        X, y = validate_data(
            self,
            X,
            y,
            ensure_min_samples=2,
            dtype=[np.float64, np.float32],
            order="C",
        )
        self.classes_ = unique_labels(y)
        n_samples, n_features = X.shape
        n_classes = self.classes_.shape[0]
        if n_samples == n_classes:
            raise ValueError(
                "The number of samples must be more than the number of classes."
            )
        if n_classes < 2:
            raise ValueError(
                "LinearDiscriminantAnalysis needs samples of at least 2 classes in "
                "the data, but the data contains only one class: "
                f"{self.classes_[0]!r}."
            )
        class_index = np.searchsorted(self.classes_, y)

        # Maximum number of components no matter what n_components is.
        max_components = min(n_classes - 1, n_features)
        if self.n_components is None:
            self._max_components = max_components
        else:
            if self.n_components > max_components:
                raise ValueError(
                    "n_components cannot be larger than min(n_features, n_classes - 1)."
                )
            self._max_components = self.n_components

        if self.solver == "svd":
            if self.shrinkage is not None:
                raise NotImplementedError("shrinkage not supported with 'svd' solver.")
            if self.covariance_estimator is not None:
                raise ValueError(
                    "covariance estimator "
                    "is not supported "
                    "with svd solver. Try another solver"
                )

        class_count = np.bincount(class_index, minlength=n_classes).astype(np.float64)
        self.priors_ = self._check_priors(class_count, n_samples, X.dtype)
        class_count, class_mean, pooled_scatter, covariance = _within_class_statistics(
            X, class_index, self.priors_, self.shrinkage, self.covariance_estimator
        )
        self.means_ = class_mean.astype(X.dtype)

        if self.solver == "svd":
            if self.store_covariance:
                self.covariance_ = covariance
            fitted = _solve_svd(
                class_count,
                class_mean,
                pooled_scatter,
                self.priors_.astype(np.float64),
                self.tol,
            )
            # sklearn's svd solver works in X's precision throughout.
            fitted = {name: value.astype(X.dtype) for name, value in fitted.items()}
        else:
            self.covariance_ = covariance
            # sklearn's other solvers start from means_/priors_ in X's dtype and
            # a float64 covariance: float64 results.
            means = self.means_.astype(np.float64)
            priors = self.priors_.astype(np.float64)
            if self.solver == "lsqr":
                fitted = _solve_lsqr(means, covariance, priors)
            else:
                total = _total_covariance(
                    X,
                    class_count,
                    class_mean,
                    pooled_scatter,
                    self.shrinkage,
                    self.covariance_estimator,
                )
                fitted = _solve_eigen(means, covariance, total, priors)
        if "explained_variance_ratio_" in fitted:
            fitted["explained_variance_ratio_"] = fitted["explained_variance_ratio_"][
                : self._max_components
            ]
        for name, value in fitted.items():
            setattr(self, name, value)

        if n_classes == 2:  # one discriminant: class 1 against class 0
            self.coef_ = (self.coef_[1, :] - self.coef_[0, :]).astype(X.dtype)
            self.coef_ = self.coef_.reshape(1, -1)
            self.intercept_ = np.asarray(
                [self.intercept_[1] - self.intercept_[0]], dtype=X.dtype
            )
        self._n_features_out = self._max_components
        return self

    def transform(self, X):
        """Project data to maximize class separation.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_components) or \
            (n_samples, min(rank, n_components))
            Transformed data. In the case of the 'svd' solver, the shape
            is (n_samples, min(rank, n_components)).
        """
        if self.solver == "lsqr":
            raise NotImplementedError(
                "transform not implemented for 'lsqr' solver (use 'svd' or 'eigen')."
            )
        check_is_fitted(self)
        X = validate_data(self, X, reset=False)
        if self.solver == "svd":
            X_new = (X - self.xbar_) @ self.scalings_
        else:
            X_new = X @ self.scalings_
        return X_new[:, : self._max_components]

    def decision_function(self, X):
        """Apply decision function to an array of samples.

        The decision function is equal (up to a constant factor) to the
        log-posterior of the model, i.e. ``log p(y = k | x)``. In a binary
        classification setting this instead corresponds to the difference
        ``log p(y = 1 | x) - log p(y = 0 | x)``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Array of samples (test vectors).

        Returns
        -------
        y_scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            Decision function values related to each class, per sample.
            In the two-class case, the shape is `(n_samples,)`, giving the
            log likelihood ratio of the positive class.
        """
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        scores = safe_sparse_dot(X, self.coef_.T, dense_output=True) + self.intercept_
        return scores.ravel() if scores.shape[1] == 1 else scores

    def predict(self, X):
        """Predict class labels for samples in X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The data matrix for which we want to get the predictions.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Vector containing the class labels for each sample.
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            indices = (scores > 0).astype(np.intp)
        else:
            indices = scores.argmax(axis=1)
        return self.classes_.take(indices, axis=0)

    def predict_proba(self, X):
        """Estimate probability.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        C : ndarray of shape (n_samples, n_classes)
            Estimated probabilities.
        """
        decision = self.decision_function(X)
        if decision.ndim == 1:  # logistic sigmoid of the log-odds
            proba = expit(decision)
            return np.stack([1 - proba, proba], axis=1)
        # softmax of the log-posteriors (shifted by their maximum)
        proba = np.exp(decision - decision.max(axis=1, keepdims=True))
        proba /= proba.sum(axis=1, keepdims=True)
        return proba

    def predict_log_proba(self, X):
        """Estimate log probability.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Input data.

        Returns
        -------
        C : ndarray of shape (n_samples, n_classes)
            Estimated log probabilities.
        """
        prediction = self.predict_proba(X)
        # As sklearn: the log of the probabilities, an underflowed 0 clipped
        # to the smallest normal number.
        prediction[prediction == 0.0] += np.finfo(prediction.dtype).smallest_normal
        return np.log(prediction)
