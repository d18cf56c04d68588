"""k-nearest-neighbour regression (notes 3.4.3)."""

import numpy as np
from sklearn.base import MultiOutputMixin, RegressorMixin, _fit_context
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ._knn_base import _KNeighborsBase, check_weights_not_all_zero, get_weights


class KNeighborsRegressor(RegressorMixin, MultiOutputMixin, _KNeighborsBase):
    """Regression by the (weighted) mean target of the k nearest neighbours.

    A drop-in for :class:`sklearn.neighbors.KNeighborsRegressor`: same
    parameters, methods and fitted attributes.  The search is an exact
    brute-force search by Numba kernels, whatever ``algorithm`` says.

    Parameters
    ----------
    n_neighbors : int, default=5
        Number of neighbours ``K``.
    weights : {"uniform", "distance"}, callable or None, default="uniform"
        ``"uniform"``: plain mean.  ``"distance"``: weights ``1 / d`` (only
        the neighbours at distance 0 if there are any).  A callable maps the
        distances to weights.
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
        Accepted for compatibility; every value runs the same exact
        brute-force search.
    leaf_size : int, default=30
        Accepted for compatibility; unused.
    p : float, default=2
        Power of the Minkowski metric; ``p > 0``.
    metric : {"minkowski", "euclidean", "manhattan", "chebyshev", "l1", \
"l2", "cityblock", "infinity"}, default="minkowski"
        Distance between points.
    metric_params : dict, default=None
        For ``metric="minkowski"``: ``"p"`` and ``"w"`` (feature weights).
    n_jobs : int, default=None
        Accepted for compatibility; the kernels run on one thread.

    Attributes
    ----------
    effective_metric_ : str
        The metric used.
    effective_metric_params_ : dict
        Parameters of the effective metric.
    n_features_in_ : int
        Number of features seen during fit.
    n_samples_fit_ : int
        Number of training points.

    See Also
    --------
    KNeighborsClassifier : The neighbours' vote.
    sklearn.neighbors.KNeighborsRegressor : The scikit-learn twin.

    Notes
    -----
    With ``N_K(x)`` the ``K`` nearest training points of ``x`` (notes
    3.4.3) and weights ``w_n`` (1, or ``1 / d(x, x_n)``),

        y(x) = sum_{n in N_K(x)} w_n t_n / sum_{n in N_K(x)} w_n .

    Ties in distance and memory use are as in :class:`KNeighborsClassifier`.

    References
    ----------
    T. Hastie, R. Tibshirani and J. Friedman, *The Elements of Statistical
    Learning*, section 2.3.2.

    Examples
    --------
    >>> from sklearn_notes.neighbors import KNeighborsRegressor
    >>> X = [[0], [1], [2], [3]]
    >>> y = [0, 0, 1, 1]
    >>> neigh = KNeighborsRegressor(n_neighbors=2).fit(X, y)
    >>> print(neigh.predict([[1.5]]))
    [0.5]
    """

    _parameter_constraints: dict = {
        **_KNeighborsBase._parameter_constraints,
        "weights": [StrOptions({"uniform", "distance"}), callable, None],
    }

    def __init__(
        self,
        n_neighbors=5,
        *,
        weights="uniform",
        algorithm="auto",
        leaf_size=30,
        p=2,
        metric="minkowski",
        metric_params=None,
        n_jobs=None,
    ):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.algorithm = algorithm
        self.leaf_size = leaf_size
        self.p = p
        self.metric = metric
        self.metric_params = metric_params
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit the k-nearest neighbours regressor from the training data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training points.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.

        Returns
        -------
        self : KNeighborsRegressor
            The fitted regressor.
        """
        X, y = validate_data(
            self,
            X,
            y,
            dtype=np.float64,
            order="C",
            multi_output=True,
            y_numeric=True,
        )
        self._y = y
        self._fit_search(X)
        return self

    def predict(self, X):
        """Predict the targets of the queries.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features) or None
            Query points; None: the training points, each without itself.

        Returns
        -------
        y : ndarray of shape (n_queries,) or (n_queries, n_outputs)
            The (weighted) mean target of the neighbours.
        """
        check_is_fitted(self)
        uniform = self.weights in (None, "uniform")
        _y = self._y.reshape((-1, 1)) if self._y.ndim == 1 else self._y
        # per query: distances, indices, weights, gathered targets
        row_bytes = 8 * self.n_neighbors * (3 + _y.shape[1])
        batches = []
        for _, neigh_dist, neigh_ind in self._kneighbors_batches(
            X, return_distance=not uniform, row_bytes=row_bytes
        ):
            if uniform:
                batches.append(np.mean(_y[neigh_ind], axis=1))
                continue
            weights = get_weights(neigh_dist, self.weights)
            check_weights_not_all_zero(weights)
            y_pred = np.empty((neigh_ind.shape[0], _y.shape[1]), dtype=np.float64)
            denominator = np.sum(weights, axis=1)
            for j in range(_y.shape[1]):
                y_pred[:, j] = np.sum(_y[neigh_ind, j] * weights, axis=1) / denominator
            batches.append(y_pred)
        y_pred = np.concatenate(batches)
        return y_pred.ravel() if self._y.ndim == 1 else y_pred
