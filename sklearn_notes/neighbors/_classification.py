"""k-nearest-neighbour classifier (notes 3.4.3)."""

import warnings

import numpy as np
from sklearn.base import ClassifierMixin, MultiOutputMixin, _fit_context
from sklearn.exceptions import DataConversionWarning
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._knn_base import _KNeighborsBase, check_weights_not_all_zero, get_weights


class KNeighborsClassifier(ClassifierMixin, MultiOutputMixin, _KNeighborsBase):
    """Classifier implementing the k-nearest neighbours vote.

    A drop-in for :class:`sklearn.neighbors.KNeighborsClassifier`: same
    parameters, methods and fitted attributes.  The search is an exact
    brute-force search by Numba kernels (a GEMM-based one for the Euclidean
    metric), whatever ``algorithm`` says.

    Parameters
    ----------
    n_neighbors : int, default=5
        Number of neighbours ``K`` that vote.
    weights : {"uniform", "distance"}, callable or None, default="uniform"
        ``"uniform"``: every neighbour counts 1.  ``"distance"``: a neighbour
        counts ``1 / d``; if some neighbours are at distance 0, only they
        count (1 each).  A callable takes the array of distances and returns
        weights of the same shape.
    algorithm : {"auto", "ball_tree", "kd_tree", "brute"}, default="auto"
        Accepted for compatibility with scikit-learn; every value runs the
        same exact brute-force search.
    leaf_size : int, default=30
        Accepted for compatibility; unused (there is no tree).
    p : float, default=2
        Power of the Minkowski metric (1: manhattan, 2: euclidean,
        ``inf``: chebyshev); ``p > 0``.
    metric : {"minkowski", "euclidean", "manhattan", "chebyshev", "l1", \
"l2", "cityblock", "infinity"}, default="minkowski"
        Distance between points.
    metric_params : dict, default=None
        For ``metric="minkowski"``: ``"p"`` (overrides ``p``) and ``"w"``
        (feature weights: ``d(x, y) = (sum_f w_f |x_f - y_f|^p)^(1/p)``).
    n_jobs : int, default=None
        Accepted for compatibility; the kernels run on one thread.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,) or list of such arrays
        Class labels (one array per output when y is 2-D).
    effective_metric_ : str
        The metric used (``"minkowski"`` with p = 1, 2, inf becomes
        ``"manhattan"``, ``"euclidean"``, ``"chebyshev"``).
    effective_metric_params_ : dict
        Parameters of the effective metric.
    n_features_in_ : int
        Number of features seen during fit.
    n_samples_fit_ : int
        Number of training points.
    outputs_2d_ : bool
        Whether y was 2-D (multi-output) at fit.

    See Also
    --------
    KNeighborsRegressor : Mean of the neighbours' targets.
    KNeighborsDensity : The density ``K / (N V)`` of the same neighbours.
    sklearn.neighbors.KNeighborsClassifier : The scikit-learn twin.

    Notes
    -----
    The notes (section 3.4.3) fix ``K`` and let the volume ``V`` of the
    sphere around ``x`` grow until it holds ``K`` points; then
    ``p(x) ~ K / (N V)`` (eq. 3.16).  Doing this per class, with ``K_k`` of
    the ``K`` neighbours in class ``k`` and ``N_k`` points of class ``k``,
    gives ``p(x | C_k) = K_k / (N_k V)`` and priors ``N_k / N``, so by
    Bayes' theorem

        p(C_k | x) = K_k / K,

    the fraction of the neighbours in class ``k`` (``predict_proba``);
    ``predict`` takes the largest (the lowest class index on ties, as
    scikit-learn).  With ``weights="distance"`` the counts become sums of
    ``1 / d``.

    Ties in distance: among training points at equal distance the one with
    the lower index is taken first, as scikit-learn's brute-force search
    does; ``kneighbors`` lists equal distances by increasing index.  The
    Euclidean search ranks points by ``||x||^2 - 2 x.y + ||y||^2`` (as
    scikit-learn's), then recomputes the selected distances directly, so the
    returned distances are exact to rounding.

    Memory: queries are processed in chunks and training points in tiles,
    so a block of distances never exceeds ``working_memory``
    (``sklearn.get_config()``); no ``n_queries x n_train`` matrix is built.
    ``predict`` and ``predict_proba`` also search the queries in batches of
    at most 65536 (fewer if ``working_memory`` is small), so their extra
    memory is ``O(batch x n_neighbors)`` besides the result.

    References
    ----------
    C. M. Bishop, *Pattern Recognition and Machine Learning*, section 2.5.2.
    T. Cover and P. Hart, "Nearest neighbor pattern classification",
    IEEE Trans. Information Theory 13(1), 1967.

    Examples
    --------
    >>> from sklearn_notes.neighbors import KNeighborsClassifier
    >>> X = [[0], [1], [2], [3]]
    >>> y = [0, 0, 1, 1]
    >>> neigh = KNeighborsClassifier(n_neighbors=3).fit(X, y)
    >>> print(neigh.predict([[1.1]]))
    [0]
    >>> print(neigh.predict_proba([[0.9]]))
    [[0.666... 0.333...]]
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
        """Fit the k-nearest neighbours classifier from the training data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training points.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Class labels.

        Returns
        -------
        self : KNeighborsClassifier
            The fitted classifier.
        """
        X, y = validate_data(self, X, y, dtype=np.float64, order="C", multi_output=True)
        if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            if y.ndim != 1:
                warnings.warn(
                    "A column-vector y was passed when a 1d array was expected. "
                    "Please change the shape of y to (n_samples,), for example "
                    "using ravel().",
                    DataConversionWarning,
                    stacklevel=2,
                )
            self.outputs_2d_ = False
            y = y.reshape((-1, 1))
        else:
            self.outputs_2d_ = True
        check_classification_targets(y)
        classes = []
        self._y = np.empty(y.shape, dtype=np.intp)
        for k in range(y.shape[1]):
            classes_k, self._y[:, k] = np.unique(y[:, k], return_inverse=True)
            classes.append(classes_k)
        self.classes_ = classes if self.outputs_2d_ else classes[0]
        self._fit_search(X)
        return self

    def _class_votes(self, X):
        """Per batch of queries, per output, the (weighted) class votes.

        Yields ``votes``: a list (one per output) of arrays of shape
        ``(batch, n_classes_k)``.  The queries come in batches (see
        ``_kneighbors_batches``) so that no array of all queries' neighbours
        is built.
        """
        check_is_fitted(self)
        uniform = self.weights in (None, "uniform")
        classes = self.classes_ if self.outputs_2d_ else [self.classes_]
        # per query: distances, indices, weights, labels; votes
        row_bytes = 8 * (4 * self.n_neighbors + sum(c.size for c in classes))
        for _, neigh_dist, neigh_ind in self._kneighbors_batches(
            X, return_distance=not uniform, row_bytes=row_bytes
        ):
            weights = None if uniform else get_weights(neigh_dist, self.weights)
            check_weights_not_all_zero(weights)
            n_queries = neigh_ind.shape[0]
            rows = np.arange(n_queries)
            votes = []
            for k, classes_k in enumerate(classes):
                neigh_labels = self._y[neigh_ind, k]
                votes_k = np.zeros((n_queries, classes_k.size))
                # one numpy pass per neighbour rank, no Python loop over queries
                for a in range(neigh_ind.shape[1]):
                    votes_k[rows, neigh_labels[:, a]] += (
                        1.0 if weights is None else weights[:, a]
                    )
                votes.append(votes_k)
            yield votes

    def predict(self, X):
        """Predict the class labels of the queries.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features) or None
            Query points; None: the training points, each without itself.

        Returns
        -------
        y : ndarray of shape (n_queries,) or (n_queries, n_outputs)
            The class with the most (weighted) votes; the first class in
            ``classes_`` order on ties.
        """
        check_is_fitted(self)
        classes = self.classes_ if self.outputs_2d_ else [self.classes_]
        y_pred = np.concatenate(
            [
                np.stack(
                    [c[np.argmax(v, axis=1)] for c, v in zip(classes, votes)], axis=1
                )
                for votes in self._class_votes(X)
            ]
        )
        return y_pred if self.outputs_2d_ else y_pred.ravel()

    def predict_proba(self, X):
        """Class probabilities ``p(C_k | x) = K_k / K`` of the queries.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features) or None
            Query points; None: the training points, each without itself.

        Returns
        -------
        proba : ndarray of shape (n_queries, n_classes) or list of such arrays
            Fraction of the (weighted) votes per class, classes in
            ``classes_`` order; a list with one array per output when y was
            2-D.
        """
        batches = []
        for votes in self._class_votes(X):
            for votes_k in votes:
                votes_k /= votes_k.sum(axis=1)[:, np.newaxis]
            batches.append(votes)
        probabilities = [np.concatenate(per_output) for per_output in zip(*batches)]
        return probabilities if self.outputs_2d_ else probabilities[0]

    def score(self, X, y, sample_weight=None):
        """Mean accuracy on the given data (subset accuracy for multi-output).

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features) or None
            Query points; None: leave-one-out on the training points.
        y : array-like of shape (n_queries,) or (n_queries, n_outputs)
            True labels.
        sample_weight : array-like of shape (n_queries,), default=None
            Sample weights.

        Returns
        -------
        score : float
            Mean accuracy of ``self.predict(X)`` against ``y``.
        """
        return super().score(X, y, sample_weight)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags
