"""k-nearest-neighbour density estimate p(x) = K / (N V) (notes eq. 3.16)."""

import numpy as np
from scipy.special import gammaln
from sklearn.base import DensityMixin, _fit_context
from sklearn.utils.validation import check_is_fitted, validate_data

from ._knn_base import _KNeighborsBase
from ._neighbors_kernels import CHEBYSHEV, MANHATTAN, SQEUCLIDEAN


def log_unit_ball_volume(n_features, code, p=2.0, feature_weights=None):
    """log of the volume ``V_D`` of the unit ball of a metric in ``D`` dimensions.

    Parameters
    ----------
    n_features : int
        The dimension ``D``.
    code : int
        Kernel metric code: euclidean ``pi^(D/2) / Gamma(D/2 + 1)``,
        manhattan ``2^D / D!``, chebyshev ``2^D``, Minkowski
        ``(2 Gamma(1 + 1/p))^D / Gamma(1 + D/p)``.
    p : float, default=2.0
        Minkowski power.
    feature_weights : ndarray of shape (n_features,) or None
        Minkowski ``w``: the ball ``sum_f w_f |u_f|^p <= 1`` is the unweighted
        one shrunk by ``w_f^(-1/p)`` along each axis.

    Returns
    -------
    log_volume : float
    """
    d = n_features
    if code == SQEUCLIDEAN:
        log_volume = 0.5 * d * np.log(np.pi) - gammaln(0.5 * d + 1)
    elif code == MANHATTAN:
        log_volume = d * np.log(2.0) - gammaln(d + 1)
    elif code == CHEBYSHEV:
        log_volume = d * np.log(2.0)
    else:
        log_volume = d * (np.log(2.0) + gammaln(1 + 1 / p)) - gammaln(1 + d / p)
    if feature_weights is not None:
        with np.errstate(divide="ignore"):
            log_volume -= np.sum(np.log(feature_weights)) / p
    return float(log_volume)


class KNeighborsDensity(DensityMixin, _KNeighborsBase):
    """Density estimate from the distance to the K-th nearest neighbour.

    The notes' eq. (3.16): fix the number ``K`` of points and let the ball
    around ``x`` grow until it holds them; its volume gives

        p(x) = K / (N V_D r_K(x)^D),

    with ``r_K(x)`` the distance from ``x`` to its ``K``-th nearest training
    point and ``V_D`` the volume of the unit ball of the metric in ``D``
    dimensions.  scikit-learn has no such estimator.

    Parameters
    ----------
    n_neighbors : int, default=5
        ``K``, the smoothing parameter: small ``K`` gives a spiky estimate,
        large ``K`` a smooth (biased) one.
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
        Accepted for symmetry with the k-NN estimators; every value runs the
        same exact brute-force search.
    leaf_size : int, default=30
        Accepted for symmetry; unused.
    p : float, default=2
        Power of the Minkowski metric; ``p > 0``.
    metric : {"minkowski", "euclidean", "manhattan", "chebyshev", "l1", \
"l2", "cityblock", "infinity"}, default="minkowski"
        Distance defining the ball (and so ``V_D``).
    metric_params : dict, default=None
        For ``metric="minkowski"``: ``"p"`` and ``"w"`` (feature weights).
    n_jobs : int, default=None
        Accepted for symmetry; the kernels run on one thread.

    Attributes
    ----------
    effective_metric_ : str
        The metric used.
    effective_metric_params_ : dict
        Parameters of the effective metric.
    log_unit_ball_volume_ : float
        ``log V_D`` of the effective metric.
    n_features_in_ : int
        Number of features seen during fit.
    n_samples_fit_ : int
        Number of training points ``N``.

    See Also
    --------
    KernelDensity : Fixes the volume (bandwidth) and counts the points.
    KNeighborsClassifier : The same neighbours, per class.

    Notes
    -----
    The estimate is **not a probability density**: its integral is not
    one.  Far from the data ``r_K(x)`` grows like ``|x|``, so ``p(x)`` decays
    only like ``|x|^-D`` and its integral diverges (logarithmically); it is
    also discontinuous in its derivative wherever the K-th neighbour
    changes.  It is meant for comparing densities at points (ranking,
    outliers, the k-NN classifier's derivation), not as a normalised model;
    ``score`` is still ``sum log p(x_i)`` of this unnormalised ``p``.

    A query with ``K`` or more training points exactly on it has
    ``r_K = 0`` and log density ``+inf``.  The query is not removed from the
    training set: scoring the training points counts each one among its own
    neighbours.

    References
    ----------
    .. [1] C. M. Bishop, *Pattern Recognition and Machine Learning*,
       section 2.5.2.
    .. [2] D. O. Loftsgaarden and C. P. Quesenberry, "A nonparametric
       estimate of a multivariate density function", Ann. Math. Statist.
       36(3), 1965.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_notes.neighbors import KNeighborsDensity
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> density = KNeighborsDensity(n_neighbors=2).fit(X)
    >>> np.exp(density.score_samples([[1.5]]))  # 2 / (4 * 2 * 0.5)
    array([0.5])
    """

    def __init__(
        self,
        n_neighbors=5,
        *,
        algorithm="auto",
        leaf_size=30,
        p=2,
        metric="minkowski",
        metric_params=None,
        n_jobs=None,
    ):
        self.n_neighbors = n_neighbors
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Store the training points.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training points.
        y : None
            Ignored.

        Returns
        -------
        self : KNeighborsDensity
            The fitted estimator.
        """
        X = validate_data(self, X, dtype=np.float64, order="C")
        self._fit_search(X)
        self.log_unit_ball_volume_ = log_unit_ball_volume(
            X.shape[1], self._metric_code, self._power, self._feature_weights
        )
        return self

    def score_samples(self, X):
        """Log of the density estimate ``log K - log N - log V_D - D log r_K``.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features)
            Query points.

        Returns
        -------
        log_density : ndarray of shape (n_queries,)
            ``log p(x)``; ``+inf`` where ``r_K(x) = 0``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64, order="C")
        k = self.n_neighbors
        if k > self.n_samples_fit_:
            raise ValueError(
                f"Expected n_neighbors <= n_samples_fit, but n_neighbors = {k}, "
                f"n_samples_fit = {self.n_samples_fit_}, n_samples = {X.shape[0]}"
            )
        # only r_K(x) is kept: the neighbours come in batches of queries
        r_k = np.empty(X.shape[0])
        for rows, distances, _ in self._kneighbors_batches(
            X, return_distance=True, row_bytes=16 * k
        ):
            r_k[rows] = distances[:, k - 1]
        with np.errstate(divide="ignore"):
            log_r_k = np.log(r_k)
        return (
            np.log(k)
            - np.log(self.n_samples_fit_)
            - self.log_unit_ball_volume_
            - X.shape[1] * log_r_k
        )

    def score(self, X, y=None):
        """Sum of ``log p(x)`` over the queries (unnormalised, see Notes).

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features)
            Query points.
        y : None
            Ignored.

        Returns
        -------
        log_likelihood : float
        """
        return float(np.sum(self.score_samples(X)))
