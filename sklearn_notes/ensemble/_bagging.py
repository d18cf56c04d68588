"""Bagging (notes 5.1-5.2): average M models fitted on bootstrap samples.

Each member is a clone of the base estimator (our Numba CART tree by
default) fitted on its own random "bag" of rows (and optionally of columns).
A bag is drawn in Python from one seed per member, so the ensemble does not
depend on ``n_jobs``; when the base estimator takes ``sample_weight`` the bag
is handed over as integer counts (how often each row was drawn) instead of a
copy of the rows, as scikit-learn does.  The members are fitted in threads
with ``joblib.Parallel`` (the tree builder releases the GIL).
"""

import numbers
from warnings import warn

import numpy as np
from joblib import Parallel, delayed, effective_n_jobs
from scipy.sparse import issparse
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    RegressorMixin,
    _fit_context,
    clone,
)
from sklearn.ensemble._base import _set_random_states
from sklearn.metrics import accuracy_score, r2_score
from sklearn.utils import _safe_indexing, check_random_state, column_or_1d
from sklearn.utils._mask import indices_to_mask
from sklearn.utils._param_validation import HasMethods, Interval, RealNotInt
from sklearn.utils._tags import get_tags
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.random import sample_without_replacement
from sklearn.utils.validation import (
    _check_sample_weight,
    _estimator_has,
    check_is_fitted,
    has_fit_parameter,
    validate_data,
)

from ..tree import DecisionTreeClassifier, DecisionTreeRegressor
from ..tree._classes import BaseDecisionTree

__all__ = ["BaggingClassifier", "BaggingRegressor"]

_MAX_INT = np.iinfo(np.int32).max


# ---------------------------------------------------------------- the draws
def _n_draws(n_samples, max_samples, sample_weight, bootstrap):
    """Number of rows drawn into each bag (notes 5.2: n' points per bag).

    As scikit-learn, except ``max_samples=None`` with ``sample_weight`` and
    ``bootstrap=True``: we draw ``sum(sample_weight)`` rows, not
    ``n_samples``, so that integer weights give exactly the bags of the
    repeated rows (frequency semantics).
    """
    if isinstance(max_samples, numbers.Integral):
        return int(max_samples)
    if max_samples is None:
        if sample_weight is None or not bootstrap:
            return n_samples
        n_draws = max(int(round(float(sample_weight.sum()))), 1)
        population = f"the total sum of sample weights is {sample_weight.sum()} "
    else:
        total = n_samples if sample_weight is None else float(sample_weight.sum())
        n_draws = max(int(max_samples * total), 1)
        population = (
            f"the number of samples is {n_samples} "
            if sample_weight is None
            else f"the total sum of sample weights is {total} "
        )
    if n_draws < max(10, n_samples ** (1 / 3)):
        warn(
            f"Using {max_samples=} when {population}results in a low number "
            f"({n_draws}) of bootstrap samples. We recommend passing "
            "`max_samples` as an integer instead."
        )
    return n_draws


def _draw_features(random_state, bootstrap_features, n_features, n_picked):
    if bootstrap_features:
        return random_state.randint(0, n_features, n_picked)
    return sample_without_replacement(n_features, n_picked, random_state=random_state)


def _draw_bag(
    seed,
    bootstrap_features,
    bootstrap,
    n_features,
    max_features,
    n_draws,
    row_order,
    row_weight,
):
    """Columns and rows of one member's bag, both drawn from ``seed``.

    Columns first, then rows (scikit-learn's order).  Rows are drawn in the
    canonical ``row_order`` (lexicographic on (X, y)) with probability
    ``w_i / sum(w)`` by the inverse CDF, so that a bag depends on the data
    set and not on the order of its rows, unit weights give the same bag as
    no weights, a zero weight the same bag as a removed row and weight 2 the
    same bag as two copies of the row.
    """
    random_state = np.random.RandomState(seed)
    features = _draw_features(
        random_state, bootstrap_features, n_features, max_features
    )
    n_rows = row_order.shape[0]
    if bootstrap:
        if row_weight is None:
            cumulative = np.arange(1.0, n_rows + 1.0)
        else:
            cumulative = np.cumsum(row_weight)
        uniforms = random_state.random_sample(n_draws) * cumulative[-1]
        picked = np.searchsorted(cumulative, uniforms, side="right")
        # a uniform rounded up to the total must stay in range
        np.minimum(picked, n_rows - 1, out=picked)
    elif row_weight is None:
        picked = sample_without_replacement(n_rows, n_draws, random_state=random_state)
    else:
        picked = random_state.choice(
            n_rows, n_draws, replace=False, p=row_weight / row_weight.sum()
        )
    return features, row_order[picked]


def _canonical_order(X, y):
    """Rows sorted lexicographically on (X, y); the identity if X can't be."""
    if issparse(X) or X.dtype.kind not in "biuf":
        return np.arange(X.shape[0])
    keys = np.vstack([np.asarray(y, dtype=np.float64).reshape(X.shape[0], -1).T, X.T])
    return np.lexsort(keys).astype(np.intp)


def _fit_member(estimator, X, y, features, rows, feature_subset, rows_as_weight):
    """Fit one member on its bag (runs in a worker thread)."""
    X_member = X[:, features] if feature_subset else X
    if rows_as_weight:
        # the bag as counts: no copy of the rows, zero-count rows are skipped
        counts = np.bincount(rows, minlength=X.shape[0]).astype(np.float64)
        estimator.fit(X_member, y, sample_weight=counts)
    else:
        estimator.fit(_safe_indexing(X_member, rows), _safe_indexing(y, rows))
    return estimator


def _columns(X, features, n_features):
    """X restricted to a member's columns (no copy when it has them all)."""
    if features.shape[0] == n_features and np.array_equal(
        features, np.arange(n_features)
    ):
        return X
    return X[:, features]


class BaseBagging(MetaEstimatorMixin, BaseEstimator):
    """Driver shared by :class:`BaggingClassifier` and :class:`BaggingRegressor`."""

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "n_estimators": [Interval(numbers.Integral, 1, None, closed="left")],
        "max_samples": [
            None,
            Interval(numbers.Integral, 1, None, closed="left"),
            Interval(RealNotInt, 0, 1, closed="right"),
        ],
        "max_features": [
            Interval(numbers.Integral, 1, None, closed="left"),
            Interval(RealNotInt, 0, 1, closed="right"),
        ],
        "bootstrap": ["boolean"],
        "bootstrap_features": ["boolean"],
        "oob_score": ["boolean"],
        "warm_start": ["boolean"],
        "n_jobs": [None, numbers.Integral],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        estimator=None,
        n_estimators=10,
        *,
        max_samples=None,
        max_features=1.0,
        bootstrap=True,
        bootstrap_features=False,
        oob_score=False,
        warm_start=False,
        n_jobs=None,
        random_state=None,
        verbose=0,
    ):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.bootstrap_features = bootstrap_features
        self.oob_score = oob_score
        self.warm_start = warm_start
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose

    def _get_estimator(self):
        raise NotImplementedError

    def _validate_y(self, y):
        raise NotImplementedError

    def _validate_X(self, X, *, y="no_validation", reset):
        """Validate X (and y); our trees get float32 C-ordered X once for all."""
        # predict follows the fitted template, even if `estimator` was reset
        base = self._get_estimator() if reset else self.estimator_
        input_tags = get_tags(base).input_tags
        ours = isinstance(base, BaseDecisionTree)
        kwargs = dict(
            accept_sparse=["csr", "csc"] if input_tags.sparse else False,
            dtype=np.float32 if ours else None,
            order="C" if ours else None,
            ensure_all_finite="allow-nan" if ours else False,
            reset=reset,
        )
        if isinstance(y, str) and y == "no_validation":
            return validate_data(self, X, **kwargs)
        return validate_data(
            self,
            X,
            y,
            multi_output=True,
            y_numeric=not isinstance(self, ClassifierMixin),
            **kwargs,
        )

    # @_fit_context is on the subclasses' fit (prefer_skip_nested_validation
    # False: the base estimator's parameters still need validating)
    def _fit(self, X, y, sample_weight=None):
        X, y = self._validate_X(X, y=y, reset=True)
        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=np.float64, ensure_non_negative=True
            )
            if not sample_weight.sum() > 0:
                raise ValueError(
                    "Sample weights must contain at least one non-zero number."
                )
            if not self.bootstrap:
                warn(
                    f"When fitting {self.__class__.__name__} with sample_weight "
                    f"it is recommended to use bootstrap=True, got {self.bootstrap}."
                )
        n_samples, n_features = X.shape
        y = self._validate_y(y)
        self.estimator_ = self._get_estimator()

        n_draws = _n_draws(n_samples, self.max_samples, sample_weight, self.bootstrap)
        if not self.bootstrap and n_draws > n_samples:
            raise ValueError(
                f"Effective max_samples={n_draws} must be <= n_samples="
                f"{n_samples} to be able to sample without replacement."
            )
        if (
            not self.bootstrap
            and sample_weight is not None
            and n_draws > np.count_nonzero(sample_weight)
        ):
            raise ValueError(
                f"Effective max_samples={n_draws} must be <= the number of "
                f"samples with a non-zero weight ({np.count_nonzero(sample_weight)})"
                " to be able to sample without replacement."
            )
        if isinstance(self.max_features, numbers.Integral):
            max_features = self.max_features
        else:
            max_features = int(self.max_features * n_features)
        if max_features > n_features:
            raise ValueError("max_features must be <= n_features")
        max_features = max(1, int(max_features))
        if not self.bootstrap and self.oob_score:
            raise ValueError("Out of bag estimation only available if bootstrap=True")
        if self.warm_start and self.oob_score:
            raise ValueError("Out of bag estimate only available if warm_start=False")

        # everything the bags are drawn from (also for estimators_samples_)
        self._n_samples = n_samples
        self._max_samples = n_draws
        self._max_features = max_features
        self._row_order = _canonical_order(X, y)
        if sample_weight is None or np.all(sample_weight == sample_weight[0]):
            self._row_weight = None  # equal weights draw exactly as no weights
        else:
            self._row_weight = sample_weight[self._row_order]

        if hasattr(self, "oob_score_") and self.warm_start:
            del self.oob_score_
        if not self.warm_start or not hasattr(self, "estimators_"):
            self.estimators_ = []
            self.estimators_features_ = []
            self._seeds = np.empty(0, dtype=np.int64)
        n_more = self.n_estimators - len(self.estimators_)
        if n_more < 0:
            raise ValueError(
                "n_estimators=%d must be larger or equal to len(estimators_)=%d "
                "when warm_start==True" % (self.n_estimators, len(self.estimators_))
            )
        if n_more == 0:
            warn(
                "Warm-start fitting without increasing n_estimators does not "
                "fit new trees."
            )
            return self

        random_state = check_random_state(self.random_state)
        # skip the seeds of the members already grown (warm start)
        random_state.randint(_MAX_INT, size=len(self.estimators_))
        seeds = random_state.randint(_MAX_INT, size=n_more)
        feature_subset = self.bootstrap_features or max_features != n_features
        rows_as_weight = has_fit_parameter(self.estimator_, "sample_weight")
        members, bags = [], []
        for seed in seeds:
            member = clone(self.estimator_)
            # as scikit-learn: the member's own random_state derives from the seed
            _set_random_states(member, seed)
            members.append(member)
            bags.append(self._bag(seed))
        members = Parallel(n_jobs=self.n_jobs, verbose=self.verbose, prefer="threads")(
            delayed(_fit_member)(
                member, X, y, features, rows, feature_subset, rows_as_weight
            )
            for member, (features, rows) in zip(members, bags)
        )
        self.estimators_ += members
        self.estimators_features_ += [features for features, _ in bags]
        self._seeds = np.concatenate([self._seeds, seeds])
        if self.oob_score:
            self._set_oob_score(X, y)
        return self

    def _bag(self, seed):
        return _draw_bag(
            seed,
            self.bootstrap_features,
            self.bootstrap,
            self.n_features_in_,
            self._max_features,
            self._max_samples,
            self._row_order,
            self._row_weight,
        )

    @property
    def estimators_samples_(self):
        """Rows drawn into each member's bag (with repeats), re-drawn on access.

        Not stored, to keep the fitted ensemble small (as scikit-learn).
        """
        return [self._bag(seed)[1] for seed in self._seeds]

    def _member_outputs(self, function, X):
        """``function(member, X restricted to its columns)`` for each member,
        in member order (so sums do not depend on ``n_jobs``), computed in
        threads and yielded one by one (memory of one output at a time)."""
        n_features = self.n_features_in_
        pairs = zip(self.estimators_, self.estimators_features_)
        if effective_n_jobs(self.n_jobs) == 1:
            # one thread: skip joblib's per-task overhead (fast tree members)
            return (
                function(member, _columns(X, features, n_features))
                for member, features in pairs
            )
        return Parallel(
            n_jobs=self.n_jobs,
            verbose=self.verbose,
            prefer="threads",
            return_as="generator",
        )(
            delayed(function)(member, _columns(X, features, n_features))
            for member, features in pairs
        )

    def _oob_masks(self):
        """Boolean mask of the rows left out of each member's bag."""
        return [
            ~indices_to_mask(rows, self._n_samples) for rows in self.estimators_samples_
        ]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        base_tags = get_tags(self._get_estimator()).input_tags
        tags.input_tags.sparse = base_tags.sparse
        tags.input_tags.allow_nan = base_tags.allow_nan
        return tags


_DOC_PARAMETERS = """
    Parameters
    ----------
    estimator : object, default=None
        The base estimator fitted on each bag.  None:
        :class:`sklearn_notes.tree.{tree}` (an unpruned CART tree, the
        "unstable" learner the notes recommend in 5.1).
    n_estimators : int, default=10
        Number of members M.
    max_samples : int or float, default=None
        Rows n' drawn into each bag.  None: ``n_samples`` (``sum(sample_weight)``
        when weighted and ``bootstrap=True``); int: that many; float: that
        fraction of ``n_samples`` (of ``sum(sample_weight)`` when weighted).
    max_features : int or float, default=1.0
        Columns drawn for each member (int, or ``max(1, int(max_features *
        n_features))``).
    bootstrap : bool, default=True
        Draw rows with replacement (bagging); False draws without replacement
        ("pasting").
    bootstrap_features : bool, default=False
        Draw columns with replacement.
    oob_score : bool, default=False
        Score each training row with the members whose bag left it out.
        Only with ``bootstrap=True`` and ``warm_start=False``.
    warm_start : bool, default=False
        Keep the fitted members and only add ``n_estimators - len(estimators_)``
        new ones; the result equals a one-shot fit with the same seed.
    n_jobs : int, default=None
        Threads fitting (and predicting with) the members; the result does not
        depend on it.
    random_state : int, RandomState instance or None, default=None
        Draws one seed per member; the seed draws the member's bag and its own
        ``random_state``.
    verbose : int, default=0
        joblib's verbosity.
"""

_DOC_NOTES = """
    Notes
    -----
    Bagging (notes 5.2, Breiman 1996): member m is fitted on a bag D_m of
    n' = n rows drawn with replacement, and the ensemble averages the members,
    eq. (5.1) ``y_COM(x) = 1/M sum_m y_m(x)``.  A bag holds on average
    ``1 - (1 - 1/n)^n ~ 1 - 1/e ~ 63.2 %`` distinct rows; the remaining
    ~36.8 % are "out of bag" and give the free test estimate ``oob_score_``.

    Why it helps (notes 5.1): writing member m's error as
    ``eps_m(x) = y_m(x) - h(x)``, the squared error of the average is
    ``E_COM = E_x[(1/M sum_m eps_m)^2] = E_AV - 1/M sum_m E_x[(y_m - y_COM)^2]``
    (the ambiguity decomposition), so ``E_COM <= E_AV`` always, with
    equality only when all members agree; ``E_COM = E_AV / M`` needs
    zero-mean *uncorrelated* errors, which members fitted on overlapping bags
    never have.  Hence bagging pays for unstable learners (deep trees) whose
    members disagree, not for stable ones.

    Bags are drawn from one seed per member in the canonical (lexicographic)
    row order with weighted inverse-CDF draws, so the result does not depend
    on ``n_jobs`` or on the row order, and integer ``sample_weight`` equals
    repeated rows; the draws are therefore not bit-equal to scikit-learn's.

    References
    ----------
    L. Breiman, "Bagging predictors", Machine Learning 24(2), 123-140, 1996.
    L. Breiman, "Pasting small votes for classification in large databases
    and on-line", Machine Learning 36(1), 85-103, 1999.
    A. Krogh and J. Vedelsby, "Neural network ensembles, cross validation, and
    active learning", NIPS 7, 1995.
"""


def _checked_input(member):
    """Our trees skip re-validating X: the ensemble already made it float32,
    C-ordered and of the member's columns."""
    return {"check_input": False} if isinstance(member, BaseDecisionTree) else {}


def _proba_of_member(n_classes):
    def member_proba(member, X):
        """Class probabilities of one member over all classes (it may have
        seen only some in its bag); votes if it has no predict_proba."""
        proba = np.zeros((X.shape[0], n_classes))
        if hasattr(member, "predict_proba"):
            member_classes = np.asarray(member.classes_, dtype=np.intp)
            proba[:, member_classes] = member.predict_proba(
                X, **_checked_input(member)
            )[:, : len(member_classes)]
        else:
            proba[
                np.arange(X.shape[0]), np.asarray(member.predict(X), dtype=np.intp)
            ] = 1.0
        return proba

    return member_proba


def _log_proba_of_member(n_classes):
    def member_log_proba(member, X):
        log_proba = np.full((X.shape[0], n_classes), -np.inf)
        member_classes = np.asarray(member.classes_, dtype=np.intp)
        log_proba[:, member_classes] = member.predict_log_proba(X)[
            :, : len(member_classes)
        ]
        return log_proba

    return member_log_proba


def _decision_of_member(member, X):
    return member.decision_function(X)


def _prediction_of_member(member, X):
    return member.predict(X, **_checked_input(member))


class BaggingClassifier(ClassifierMixin, BaseBagging):
    __doc__ = (
        """Bagging classifier (notes 5.2): mean class probabilities of M members.

    Drop-in for :class:`sklearn.ensemble.BaggingClassifier`: each member is
    fitted on a bootstrap bag of rows (optionally a subset of the columns,
    "random subspaces"); predictions average the members' class
    probabilities (majority vote for members without ``predict_proba``).
"""
        + _DOC_PARAMETERS.format(tree="DecisionTreeClassifier")
        + """
    Attributes
    ----------
    estimator_ : estimator
        The base estimator the members are cloned from.
    estimators_ : list of estimators
        The fitted members (trained on encoded labels 0..n_classes-1).
    estimators_samples_ : list of ndarray
        Row indices drawn into each member's bag (with repeats).
    estimators_features_ : list of ndarray
        Columns of each member.
    classes_ : ndarray of shape (n_classes,)
    n_classes_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X has string column names.
    oob_score_ : float
        Out-of-bag accuracy (only with ``oob_score``).
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)
        Out-of-bag class probabilities; NaN for a row no member left out.

    See Also
    --------
    BaggingRegressor : The regression twin.
    RandomForestClassifier : Bagged trees that also draw features per split.
    sklearn.ensemble.BaggingClassifier : scikit-learn's twin.
"""
        + _DOC_NOTES
        + """
    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_notes.ensemble import BaggingClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> bag = BaggingClassifier(n_estimators=20, random_state=0).fit(X, y)
    >>> bag.predict(X[:3])
    array([0, 0, 0])
    >>> len(bag.estimators_), bool(bag.score(X, y) > 0.95)
    (20, True)
    """
    )

    def _get_estimator(self):
        if self.estimator is None:
            return DecisionTreeClassifier()
        return self.estimator

    def _validate_y(self, y):
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        classes, y_encoded = np.unique(y, return_inverse=True)
        if (
            self.warm_start
            and getattr(self, "estimators_", None)
            and not np.array_equal(classes, self.classes_)
        ):
            raise ValueError("warm_start can only add members for the same classes")
        self.classes_ = classes
        self.n_classes_ = len(classes)
        return y_encoded

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Fit ``n_estimators`` members on bootstrap bags of (X, y).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (sparse only if the base estimator takes it).
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Frequency weights: the probabilities of the draws (they are not
            passed to the members, whose weights are the draw counts).

        Returns
        -------
        self : BaggingClassifier
        """
        return self._fit(X, y, sample_weight)

    def _set_oob_score(self, X, y):
        n_samples = y.shape[0]
        predictions = np.zeros((n_samples, self.n_classes_))
        member_proba = _proba_of_member(self.n_classes_)
        for member, features, left_out in zip(
            self.estimators_, self.estimators_features_, self._oob_masks()
        ):
            if left_out.any():
                predictions[left_out] += member_proba(
                    member, _columns(X[left_out], features, self.n_features_in_)
                )
        totals = predictions.sum(axis=1)
        if (totals == 0).any():
            warn(
                "Some inputs do not have OOB scores. This probably means too few "
                "estimators were used to compute any reliable oob estimates."
            )
        with np.errstate(invalid="ignore", divide="ignore"):
            self.oob_decision_function_ = predictions / totals[:, None]
        self.oob_score_ = accuracy_score(y, np.argmax(predictions, axis=1))

    def predict_proba(self, X):
        """Mean class probabilities of the members (vote fractions for
        members without ``predict_proba``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``.
        """
        check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        outputs = self._member_outputs(_proba_of_member(self.n_classes_), X)
        return sum(outputs) / len(self.estimators_)

    def predict(self, X):
        """Class with the largest mean probability.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        proba = self.predict_proba(X)
        return self.classes_.take(np.argmax(proba, axis=1), axis=0)

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba` (log-sum-exp of the members'
        log-probabilities when they have ``predict_log_proba``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        if not hasattr(self.estimator_, "predict_log_proba"):
            with np.errstate(divide="ignore"):
                return np.log(self.predict_proba(X))
        X = self._validate_X(X, reset=False)
        outputs = self._member_outputs(_log_proba_of_member(self.n_classes_), X)
        log_proba = next(outputs)
        for member_log_proba in outputs:
            log_proba = np.logaddexp(log_proba, member_log_proba)
        return log_proba - np.log(len(self.estimators_))

    @available_if(
        _estimator_has("decision_function", delegates=("estimators_", "estimator"))
    )
    def decision_function(self, X):
        """Mean of the members' decision functions.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        score : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        outputs = self._member_outputs(_decision_of_member, X)
        return sum(outputs) / len(self.estimators_)


class BaggingRegressor(RegressorMixin, BaseBagging):
    __doc__ = (
        """Bagging regressor (notes 5.1-5.2): the mean of M members, eq. (5.1).

    Drop-in for :class:`sklearn.ensemble.BaggingRegressor`.
"""
        + _DOC_PARAMETERS.format(tree="DecisionTreeRegressor")
        + """
    Attributes
    ----------
    estimator_ : estimator
        The base estimator the members are cloned from.
    estimators_ : list of estimators
        The fitted members.
    estimators_samples_ : list of ndarray
        Row indices drawn into each member's bag (with repeats).
    estimators_features_ : list of ndarray
        Columns of each member.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X has string column names.
    oob_score_ : float
        Out-of-bag R² (only with ``oob_score``).
    oob_prediction_ : ndarray of shape (n_samples,)
        Out-of-bag predictions (0 for a row no member left out, as
        scikit-learn).

    See Also
    --------
    BaggingClassifier : The classification twin.
    RandomForestRegressor : Bagged trees that also draw features per split.
    sklearn.ensemble.BaggingRegressor : scikit-learn's twin.
"""
        + _DOC_NOTES
        + """
    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn_notes.ensemble import BaggingRegressor
    >>> X, y = load_diabetes(return_X_y=True)
    >>> bag = BaggingRegressor(n_estimators=20, random_state=0).fit(X, y)
    >>> bool(bag.score(X, y) > 0.8)
    True
    """
    )

    def _get_estimator(self):
        if self.estimator is None:
            return DecisionTreeRegressor()
        return self.estimator

    def _validate_y(self, y):
        if y.ndim == 1 or y.shape[1] == 1:
            return column_or_1d(y, warn=True)
        return y

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Fit ``n_estimators`` members on bootstrap bags of (X, y).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (sparse only if the base estimator takes it).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Frequency weights: the probabilities of the draws.

        Returns
        -------
        self : BaggingRegressor
        """
        return self._fit(X, y, sample_weight)

    def _set_oob_score(self, X, y):
        n_samples = y.shape[0]
        predictions = np.zeros(y.shape)
        n_predictions = np.zeros(n_samples)
        for member, features, left_out in zip(
            self.estimators_, self.estimators_features_, self._oob_masks()
        ):
            if left_out.any():
                predictions[left_out] += member.predict(
                    _columns(X[left_out], features, self.n_features_in_)
                )
                n_predictions[left_out] += 1
        if (n_predictions == 0).any():
            warn(
                "Some inputs do not have OOB scores. This probably means too few "
                "estimators were used to compute any reliable oob estimates."
            )
            n_predictions[n_predictions == 0] = 1
        predictions /= n_predictions.reshape((n_samples,) + (1,) * (y.ndim - 1))
        self.oob_prediction_ = predictions
        self.oob_score_ = r2_score(y, predictions)

    def predict(self, X):
        """Mean of the members' predictions, eq. (5.1).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        outputs = self._member_outputs(_prediction_of_member, X)
        return sum(outputs) / len(self.estimators_)
