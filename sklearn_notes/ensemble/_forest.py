"""Random forests (notes 5.6): bagged CART trees with random feature subsets.

The members are :class:`sklearn_notes.tree.DecisionTreeClassifier` /
``DecisionTreeRegressor`` (Numba tree builder, nogil), grown in threads with
``joblib.Parallel``.  Each tree sees a bootstrap sample (notes 5.2) expressed
as integer counts passed as ``sample_weight`` -- the same trick scikit-learn
uses, so no row is ever copied.  X is validated and every feature sorted once
per forest; each member keeps its bootstrap rows from those sorted lists
(``BaseDecisionTree._grow``) and is the tree ``fit`` would grow from the same
counts.
"""

import numbers
from warnings import warn

import numpy as np
from joblib import Parallel, delayed
from scipy.sparse import csr_matrix, hstack
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MultiOutputMixin,
    RegressorMixin,
    _fit_context,
    is_classifier,
)
from sklearn.exceptions import DataConversionWarning
from sklearn.metrics import accuracy_score, r2_score
from sklearn.utils import check_random_state, compute_sample_weight
from sklearn.utils._param_validation import Interval, RealNotInt, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from ..tree import DecisionTreeClassifier, DecisionTreeRegressor
from ..tree._classes import (
    CRITERIA_CLF,
    CRITERIA_REG,
    BaseDecisionTree,
    presort_features,
    seeded_random_state,
)

_MAX_INT = np.iinfo(np.int32).max

# parameters handed from the forest to every member tree
_TREE_PARAMS = (
    "criterion",
    "max_depth",
    "min_samples_split",
    "min_samples_leaf",
    "min_weight_fraction_leaf",
    "max_features",
    "max_leaf_nodes",
    "min_impurity_decrease",
    "ccp_alpha",
    "monotonic_cst",
)


def _n_samples_bootstrap(n_samples, max_samples, total_weight):
    """Size of each bootstrap sample.

    With frequency weights, ``total_weight = sum(sample_weight)`` rows are
    "really" there, so the bootstrap draws that many (scikit-learn does this
    for a float ``max_samples``; we also do it for ``None`` = 1.0 so that
    integer weights equal repeated rows).
    """
    if isinstance(max_samples, numbers.Integral):
        return int(max_samples)
    fraction = 1.0 if max_samples is None else max_samples
    population = n_samples if total_weight is None else total_weight
    n_draws = max(int(round(fraction * population)), 1)
    # also with weights that sum to little (e.g. normalised to 1)
    if (max_samples is not None or total_weight is not None) and n_draws < max(
        10, n_samples ** (1 / 3)
    ):
        warn(
            f"Using max_samples={max_samples} with a total sample weight of "
            f"{population} results in a "
            f"low number ({n_draws}) of bootstrap samples. We recommend passing "
            "`max_samples` as an integer instead."
        )
    return n_draws


def _canonical_order(X, y):
    """Rows in lexicographic order of (X, y): ``np.lexsort`` of the columns
    of y then X, so the last feature is the first key.

    ``np.lexsort`` sorts by each of the d + n_outputs keys in turn; when the
    first key has no ties (continuous features) it alone decides the order,
    and one sort gives the same result.
    """
    first_key = X[:, -1]
    order = np.argsort(first_key, kind="stable")
    sorted_key = first_key[order]
    if np.all(sorted_key[1:] > sorted_key[:-1]):  # no ties (NaN compare False)
        return order
    return np.lexsort(np.vstack([y.T, X.T]))


def _bootstrap_counts(seed, cumulative_weight, canonical_rows, n_draws, unit_weights):
    """How many times each row is drawn in one tree's bootstrap sample.

    Weighted draws with replacement by the inverse CDF (what
    ``RandomState.choice(p=w / w.sum())`` does), walked in the canonical
    (lexicographic) row order so that the sample depends on the data set, not
    on the order of its rows or on how repeated rows are written (weight 2 or
    two copies).
    """
    rng = seeded_random_state(seed)
    uniforms = rng.random_sample(n_draws) * cumulative_weight[-1]
    if unit_weights:
        # unit weights: the CDF is 1, 2, ..., n and the search is a floor
        picked = uniforms.astype(np.intp)
    else:
        picked = np.searchsorted(cumulative_weight, uniforms, side="right")
    # a uniform equal to the total (rounding) must stay in range
    np.minimum(picked, cumulative_weight.shape[0] - 1, out=picked)
    return np.bincount(
        canonical_rows[picked], minlength=canonical_rows.shape[0]
    ).astype(np.float64)


def _fit_member(tree, X, y, sample_weight, class_weight_subsample, grown):
    """Grow one member on the forest's validated arrays.

    ``tree.fit`` would validate X (n x d) again and re-encode y for every
    tree; the forest did both once, so the member only gets the fitted
    attributes ``fit`` sets and grows through ``tree._grow``.  ``grown``
    holds what is shared: (n_classes, criterion code, classes or None,
    the features presorted once for all trees).
    """
    n_classes, criterion, classes, presorted = grown
    if class_weight_subsample is not None:
        sample_weight = sample_weight * class_weight_subsample(sample_weight)
    tree.n_features_in_ = X.shape[1]
    tree.n_outputs_ = y.shape[1]
    if classes is not None:
        # the members see encoded labels 0..K-1, as scikit-learn's
        single = len(classes) == 1
        tree.classes_ = classes[0] if single else classes
        tree.n_classes_ = n_classes[0] if single else n_classes.astype(np.intp)
    # zero-weight rows (not drawn) are dropped from the presorted lists
    tree._grow(X, y, sample_weight, n_classes, criterion, presorted)
    return tree


class BaseForest(MultiOutputMixin, BaseEstimator):
    """Driver shared by :class:`RandomForestClassifier` and
    :class:`RandomForestRegressor`."""

    _parameter_constraints: dict = {
        **{
            name: BaseDecisionTree._parameter_constraints[name]
            for name in _TREE_PARAMS
            if name != "criterion"
        },
        "n_estimators": [Interval(numbers.Integral, 1, None, closed="left")],
        "bootstrap": ["boolean"],
        "oob_score": ["boolean", callable],
        "n_jobs": [numbers.Integral, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "max_samples": [
            None,
            Interval(RealNotInt, 0.0, None, closed="neither"),
            Interval(numbers.Integral, 1, None, closed="left"),
        ],
    }

    # ------------------------------------------------------------------ fit
    def _member_template(self):
        tree = (
            DecisionTreeClassifier() if is_classifier(self) else DecisionTreeRegressor()
        )
        return tree.set_params(**{name: getattr(self, name) for name in _TREE_PARAMS})

    def _validate_targets(self, y):
        """Encode y (classifier) and return (y for the trees, y for OOB)."""
        raise NotImplementedError

    def _fit_forest(self, X, y, sample_weight):
        if self.monotonic_cst is not None:
            raise ValueError(
                "monotonic_cst is not supported by sklearn_notes forests; "
                "leave it to None."
            )
        X, y = validate_data(
            self,
            X,
            y,
            multi_output=True,
            dtype=np.float32,
            order="C",
            ensure_all_finite="allow-nan",
            y_numeric=not is_classifier(self),
            ensure_min_samples=1,
        )
        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=np.float64, ensure_non_negative=True
            )
            if sample_weight.sum() <= 0:
                raise ValueError(
                    "Sample weights must contain at least one non-zero number."
                )
        y = np.atleast_1d(y)
        if y.ndim == 2 and y.shape[1] == 1:
            warn(
                "A column-vector y was passed when a 1d array was expected. "
                "Please change the shape of y to (n_samples,), for example "
                "using ravel().",
                DataConversionWarning,
                stacklevel=3,
            )
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        n_samples = X.shape[0]
        self.n_outputs_ = y.shape[1]
        y_trees, class_weight = self._validate_targets(y)
        if not np.all(np.isfinite(y_trees)):
            raise ValueError("Input y contains NaN or infinity.")

        if not self.bootstrap and self.max_samples is not None:
            raise ValueError(
                "`max_sample` cannot be set if `bootstrap=False`. Either switch "
                "to `bootstrap=True` or set `max_sample=None`."
            )
        if not self.bootstrap and self.oob_score:
            raise ValueError("Out of bag estimation only available if bootstrap=True")

        # weights of the draws: sample_weight x class_weight (as scikit-learn)
        draw_weight = np.ones(n_samples) if sample_weight is None else sample_weight
        if class_weight is not None:
            draw_weight = draw_weight * class_weight
        self._draw_weight = draw_weight
        if self.bootstrap:
            self._n_samples_bootstrap = _n_samples_bootstrap(
                n_samples,
                self.max_samples,
                None if sample_weight is None else sample_weight.sum(),
            )
            # canonical order: lexicographic on (X, y), so the draws do not
            # depend on the order of the rows
            canonical = _canonical_order(X, y_trees).astype(np.intp)
            cumulative = np.cumsum(draw_weight[canonical])
            self._canonical = (canonical, cumulative, bool(np.all(draw_weight == 1.0)))
        subsample_weight = None
        if (
            is_classifier(self)
            and self.class_weight == "balanced_subsample"
            and self.bootstrap
        ):
            # class weights of each bootstrap sample (counts are frequencies)
            def subsample_weight(counts):
                return compute_sample_weight(
                    "balanced",
                    y,
                    indices=np.repeat(np.arange(n_samples), counts.astype(np.intp)),
                )

        random_state = check_random_state(self.random_state)
        if not self.warm_start or not hasattr(self, "estimators_"):
            self.estimators_ = []
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
        else:
            if self.estimators_:
                # skip the seeds of the trees already grown
                random_state.randint(_MAX_INT, size=len(self.estimators_))
            self.estimator_ = self._member_template()
            if is_classifier(self):
                n_classes = np.asarray(self.n_classes_, dtype=np.int64)
                criterion = CRITERIA_CLF[self.criterion]
                classes = [np.arange(k, dtype=np.float64) for k in n_classes]
            else:
                n_classes = np.ones(self.n_outputs_, dtype=np.int64)
                criterion = CRITERIA_REG[self.criterion]
                classes = None
            # every feature sorted once; each tree keeps its bootstrap rows
            presorted = (
                *presort_features(X, np.arange(n_samples)),
                np.ascontiguousarray(X.T),
            )
            grown = (n_classes, criterion, classes, presorted)
            # members as clone(estimator_) with their own seed, built from the
            # parameters directly (clone's deep copies cost more than a tree)
            params = self.estimator_.get_params(deep=False)
            member_class = type(self.estimator_)
            trees = []
            for _ in range(n_more):
                params["random_state"] = int(random_state.randint(_MAX_INT))
                trees.append(member_class(**params))
            jobs = []
            for tree in trees:
                if self.bootstrap:
                    weight = self._counts(tree.random_state)
                else:
                    weight = draw_weight
                jobs.append(
                    delayed(_fit_member)(
                        tree, X, y_trees, weight, subsample_weight, grown
                    )
                )
            trees = Parallel(
                n_jobs=self.n_jobs, verbose=self.verbose, prefer="threads"
            )(jobs)
            self.estimators_.extend(trees)

        if self.oob_score and n_more > 0:
            self._set_oob_score(X, y_trees)
        if is_classifier(self) and self.n_outputs_ == 1:
            self.n_classes_ = self.n_classes_[0]
            self.classes_ = self.classes_[0]
        return self

    def _counts(self, seed):
        canonical, cumulative, unit_weights = self._canonical
        return _bootstrap_counts(
            seed, cumulative, canonical, self._n_samples_bootstrap, unit_weights
        )

    def _tree_outputs(self, tree, X):
        """(n, n_outputs, width) probabilities or values of one tree."""
        value = tree.tree_.predict(X)
        if not is_classifier(self):
            return value[:, :, :1]
        total = value.sum(axis=2, keepdims=True)
        total[total == 0.0] = 1.0
        return value / total

    def _set_oob_score(self, X, y):
        n_samples = X.shape[0]
        width = int(np.max(self.n_classes_)) if is_classifier(self) else 1
        oob = np.zeros((n_samples, self.n_outputs_, width))
        n_votes = np.zeros(n_samples, dtype=np.int64)
        for tree in self.estimators_:
            unsampled = np.flatnonzero(self._counts(tree.random_state) == 0)
            if unsampled.size:
                oob[unsampled] += self._tree_outputs(tree, X[unsampled])
                n_votes[unsampled] += 1
        if np.any(n_votes == 0):
            warn(
                "Some inputs do not have OOB scores. This probably means too few "
                "trees were used to compute any reliable OOB estimates.",
                UserWarning,
            )
        oob /= np.maximum(n_votes, 1)[:, None, None]
        scoring = self.oob_score if callable(self.oob_score) else None
        if is_classifier(self):
            decision = oob.transpose(0, 2, 1)  # (n, n_classes, n_outputs)
            if self.n_outputs_ == 1:
                decision = decision[:, :, 0]
            self.oob_decision_function_ = decision
            scoring = scoring or accuracy_score
            self.oob_score_ = scoring(
                y if y.shape[1] > 1 else y[:, 0], np.argmax(decision, axis=1)
            )
        else:
            prediction = oob[:, :, 0]
            if self.n_outputs_ == 1:
                prediction = prediction[:, 0]
            self.oob_prediction_ = prediction
            scoring = scoring or r2_score
            self.oob_score_ = scoring(y if y.shape[1] > 1 else y[:, 0], prediction)

    # -------------------------------------------------------------- predict
    def _validate_X_predict(self, X):
        check_is_fitted(self)
        return validate_data(
            self,
            X,
            reset=False,
            dtype=np.float32,
            order="C",
            ensure_all_finite="allow-nan",
        )

    def _mean_output(self, X):
        """Average of the members' outputs, eq. (5.1): y_COM = 1/M sum_m y_m."""
        total = None
        for tree in self.estimators_:
            out = self._tree_outputs(tree, X)
            total = out if total is None else total + out
        return total / len(self.estimators_)

    def apply(self, X):
        """Leaf index of every sample in every tree, shape (n_samples, n_estimators)."""
        X = self._validate_X_predict(X)
        return np.column_stack([tree.tree_.apply(X) for tree in self.estimators_])

    def decision_path(self, X):
        """Node indicator (CSR, trees side by side) and the column offsets."""
        X = self._validate_X_predict(X)
        paths = [tree.tree_.decision_path(X) for tree in self.estimators_]
        n_nodes_ptr = np.cumsum([0] + [path.shape[1] for path in paths])
        return csr_matrix(hstack(paths)), n_nodes_ptr

    @property
    def feature_importances_(self):
        """Mean decrease in impurity, averaged over the trees and normalised."""
        check_is_fitted(self)
        importances = [
            tree.feature_importances_
            for tree in self.estimators_
            if tree.tree_.node_count > 1
        ]
        if not importances:
            return np.zeros(self.n_features_in_, dtype=np.float64)
        mean = np.mean(importances, axis=0, dtype=np.float64)
        return mean / mean.sum()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True  # the member trees route NaN
        return tags


_DOC_TREE = """
    max_depth : int, default=None
        Depth limit of each tree.  None grows "to the largest, no pruning"
        (notes 5.6).
    min_samples_split : int or float, default=2
        A node with fewer samples is a leaf (float: fraction of n_samples).
    min_samples_leaf : int or float, default=1
        A split must leave this many samples in each child.
    min_weight_fraction_leaf : float, default=0.0
        Same, as a fraction of the total weight.
    max_leaf_nodes : int, default=None
        Grow best-first up to this many leaves.
    min_impurity_decrease : float, default=0.0
        Split only if the weighted impurity decrease reaches this.
    bootstrap : bool, default=True
        Grow each tree on a bootstrap sample (notes 5.2); False: every tree on
        the whole data set (the trees then differ only by their feature draws).
    oob_score : bool or callable, default=False
        Score the forest on the out-of-bag rows of each tree (callable:
        ``score(y_true, y_pred)``).
    n_jobs : int, default=None
        Threads fitting the trees (joblib; the tree builder releases the GIL).
    random_state : int, RandomState instance or None, default=None
        Seeds each tree's bootstrap sample and feature draws.
    verbose : int, default=0
        joblib verbosity while fitting.
    warm_start : bool, default=False
        Keep the fitted trees and add ``n_estimators - len(estimators_)`` more.
"""

_DOC_TAIL = """
    ccp_alpha : float, default=0.0
        Minimal cost-complexity pruning of each tree.
    max_samples : int or float, default=None
        Size of each bootstrap sample: None draws ``sum(sample_weight)`` (= n
        without weights), int draws that many, float that fraction of it.
    monotonic_cst : None
        Accepted for compatibility; any other value raises ValueError.
"""

_DOC_NOTES = """
    Notes
    -----
    Notes 5.6 (with 5.1 and 5.2): for ``m = 1..M`` draw a bootstrap sample
    ``D_m`` of size ``n`` with replacement (about 63.2 % distinct rows,
    ``1 - (1 - 1/n)^n -> 1 - 1/e``), grow a CART tree on it choosing the split
    of each node among ``K`` features drawn at random (``max_features``), and
    average the members, eq. (5.1) ``y_COM(x) = 1/M sum_m y_m(x)``.  If the
    members' errors had zero mean and were uncorrelated, eq. (5.5) would give
    ``E_COM = E_AV / M``; the feature draws are there to decorrelate them.

    The bootstrap of each tree is drawn from its own seed (the tree's
    ``random_state``) as counts used as sample weights; with ``sample_weight``
    the draws are weighted (probability ``w_i / sum w``) and walk the rows in
    lexicographic order, so integer weights give exactly the forest of the
    repeated rows, and the forest does not depend on the row order.  Hence
    forests are reproducible for a fixed ``random_state`` but not bit-equal to
    scikit-learn's (whose draws follow the row order).

    References
    ----------
    L. Breiman, "Bagging predictors", Machine Learning 24, 1996.
    L. Breiman, "Random forests", Machine Learning 45, 2001.
"""


class RandomForestClassifier(ClassifierMixin, BaseForest):
    __doc__ = (
        """Random forest classifier (notes 5.6): soft or hard vote of CART trees.

    Drop-in for :class:`sklearn.ensemble.RandomForestClassifier`, with the
    notes' majority vote as ``voting="hard"``.

    Parameters
    ----------
    n_estimators : int, default=100
        Number of trees M.
    criterion : {"gini", "entropy", "log_loss", "misclassification"}, default="gini"
        Impurity of the member trees.
    max_features : {"sqrt", "log2"}, int, float or None, default="sqrt"
        Features K drawn at random at each node (notes 5.6: ``K = sqrt(D)``).
"""
        + _DOC_TREE
        + """    class_weight : {"balanced", "balanced_subsample"}, dict, list of dict or None, default=None
        Class weights; "balanced_subsample" recomputes "balanced" on each
        bootstrap sample.
"""
        + _DOC_TAIL
        + """    voting : {"soft", "hard"}, default="soft"
        "soft": average the trees' class probabilities (scikit-learn);
        "hard": majority vote of the trees' predicted classes (notes 5.6),
        ``predict_proba`` then returns the vote fractions (ties go to the
        first class).

    Attributes
    ----------
    estimator_ : DecisionTreeClassifier
        The template of the members.
    estimators_ : list of DecisionTreeClassifier
        The fitted trees.
    classes_ : ndarray of shape (n_classes,) or list of ndarray
    n_classes_ : int or list of int
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X has string column names.
    n_outputs_ : int
    feature_importances_ : ndarray of shape (n_features,)
        Mean decrease in impurity, averaged over the trees.
    oob_score_ : float
        Out-of-bag accuracy (only with ``oob_score``).
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)
        Out-of-bag class probabilities (only with ``oob_score``).

    See Also
    --------
    RandomForestRegressor : The regression forest.
    sklearn_notes.tree.DecisionTreeClassifier : The member trees.
"""
        + _DOC_NOTES
        + """
    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_notes.ensemble import RandomForestClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> forest = RandomForestClassifier(n_estimators=20, random_state=0).fit(X, y)
    >>> forest.predict(X[:3])
    array([0, 0, 0])
    >>> bool(forest.score(X, y) > 0.95)
    True
    """
    )

    _parameter_constraints: dict = {
        **BaseForest._parameter_constraints,
        "criterion": [StrOptions(set(CRITERIA_CLF))],
        "max_features": BaseDecisionTree._parameter_constraints["max_features"],
        "class_weight": [
            StrOptions({"balanced_subsample", "balanced"}),
            dict,
            list,
            None,
        ],
        "voting": [StrOptions({"soft", "hard"})],
    }

    def __init__(
        self,
        n_estimators=100,
        *,
        criterion="gini",
        max_depth=None,
        min_samples_split=2,
        min_samples_leaf=1,
        min_weight_fraction_leaf=0.0,
        max_features="sqrt",
        max_leaf_nodes=None,
        min_impurity_decrease=0.0,
        bootstrap=True,
        oob_score=False,
        n_jobs=None,
        random_state=None,
        verbose=0,
        warm_start=False,
        class_weight=None,
        ccp_alpha=0.0,
        max_samples=None,
        monotonic_cst=None,
        voting="soft",
    ):
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.class_weight = class_weight
        self.ccp_alpha = ccp_alpha
        self.max_samples = max_samples
        self.monotonic_cst = monotonic_cst
        self.voting = voting

    def _validate_targets(self, y):
        check_classification_targets(y)
        if (
            self.warm_start
            and hasattr(self, "classes_")
            and hasattr(self, "estimators_")
        ):
            previous = self.classes_ if self.n_outputs_ > 1 else [self.classes_]
        else:
            previous = None
        self.classes_ = []
        self.n_classes_ = []
        y_encoded = np.zeros(y.shape, dtype=np.float64)
        for k in range(self.n_outputs_):
            classes_k, y_encoded[:, k] = np.unique(y[:, k], return_inverse=True)
            self.classes_.append(classes_k)
            self.n_classes_.append(classes_k.shape[0])
        if (
            previous is not None
            and self.estimators_
            and (
                len(previous) != len(self.classes_)
                or any(
                    p.shape != c.shape or np.any(p != c)
                    for p, c in zip(previous, self.classes_)
                )
            )
        ):
            raise ValueError("warm_start can only add trees for the same classes")
        self.n_classes_ = np.array(self.n_classes_, dtype=np.intp)
        class_weight = None
        if self.class_weight is not None:
            preset = self.class_weight
            if preset == "balanced_subsample":
                if self.bootstrap:
                    return y_encoded, None  # applied per tree
                warn(
                    'class_weight presets "balanced" or "balanced_subsample" are '
                    "not recommended for warm_start if the fitted data differs "
                    "from the full dataset."
                    if self.warm_start
                    else '"balanced_subsample" without bootstrap is "balanced".'
                )
                preset = "balanced"
            class_weight = compute_sample_weight(preset, y)
        return y_encoded, class_weight

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Grow ``n_estimators`` trees on bootstrap samples of (X, y).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (converted to float32, as scikit-learn's trees do).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Frequency weights (they weight the bootstrap draws).

        Returns
        -------
        self : RandomForestClassifier
        """
        return self._fit_forest(X, y, sample_weight)

    def _probabilities(self, X):
        """(n, n_outputs, max_classes) soft average or hard vote fractions."""
        if self.voting == "soft":
            return self._mean_output(X)
        votes = None
        for tree in self.estimators_:
            out = self._tree_outputs(tree, X)
            one_hot = out.argmax(axis=2)[:, :, None] == np.arange(out.shape[2])
            votes = one_hot.astype(np.float64) if votes is None else votes + one_hot
        return votes / len(self.estimators_)

    def predict_proba(self, X):
        """Mean class probabilities of the trees ("hard": vote fractions).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes), or a list of them
            per output.
        """
        X = self._validate_X_predict(X)
        proba = self._probabilities(X)
        if self.n_outputs_ == 1:
            return proba[:, 0, : self.n_classes_]
        return [proba[:, k, : self.n_classes_[k]] for k in range(self.n_outputs_)]

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`."""
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            if self.n_outputs_ == 1:
                return np.log(proba)
            return [np.log(p) for p in proba]

    def predict(self, X):
        """Class with the largest mean probability (or most votes).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        X = self._validate_X_predict(X)
        proba = self._probabilities(X)
        if self.n_outputs_ == 1:
            return self.classes_.take(np.argmax(proba[:, 0, : self.n_classes_], axis=1))
        predictions = np.empty(
            (X.shape[0], self.n_outputs_), dtype=self.classes_[0].dtype
        )
        for k in range(self.n_outputs_):
            predictions[:, k] = self.classes_[k].take(
                np.argmax(proba[:, k, : self.n_classes_[k]], axis=1)
            )
        return predictions

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags


class RandomForestRegressor(RegressorMixin, BaseForest):
    __doc__ = (
        """Random forest regressor (notes 5.6): the mean of CART regression trees.

    Drop-in for :class:`sklearn.ensemble.RandomForestRegressor`.

    Parameters
    ----------
    n_estimators : int, default=100
        Number of trees M.
    criterion : {"squared_error", "friedman_mse", "absolute_error", "poisson"}, default="squared_error"
        Impurity of the member trees.
    max_features : {"sqrt", "log2"}, int, float or None, default=1.0
        Features drawn at each node; 1.0 (all of them, scikit-learn's default)
        makes the forest plain bagging of trees.
"""
        + _DOC_TREE
        + _DOC_TAIL
        + """
    Attributes
    ----------
    estimator_ : DecisionTreeRegressor
        The template of the members.
    estimators_ : list of DecisionTreeRegressor
        The fitted trees.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X has string column names.
    n_outputs_ : int
    feature_importances_ : ndarray of shape (n_features,)
    oob_score_ : float
        Out-of-bag R² (only with ``oob_score``).
    oob_prediction_ : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        Out-of-bag predictions (only with ``oob_score``).

    See Also
    --------
    RandomForestClassifier : The classification forest.
    sklearn_notes.tree.DecisionTreeRegressor : The member trees.
"""
        + _DOC_NOTES
        + """
    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn_notes.ensemble import RandomForestRegressor
    >>> X, y = load_diabetes(return_X_y=True)
    >>> forest = RandomForestRegressor(n_estimators=20, random_state=0).fit(X, y)
    >>> bool(forest.score(X, y) > 0.8)
    True
    """
    )

    _parameter_constraints: dict = {
        **BaseForest._parameter_constraints,
        "criterion": [StrOptions(set(CRITERIA_REG))],
        "max_features": BaseDecisionTree._parameter_constraints["max_features"],
    }

    def __init__(
        self,
        n_estimators=100,
        *,
        criterion="squared_error",
        max_depth=None,
        min_samples_split=2,
        min_samples_leaf=1,
        min_weight_fraction_leaf=0.0,
        max_features=1.0,
        max_leaf_nodes=None,
        min_impurity_decrease=0.0,
        bootstrap=True,
        oob_score=False,
        n_jobs=None,
        random_state=None,
        verbose=0,
        warm_start=False,
        ccp_alpha=0.0,
        max_samples=None,
        monotonic_cst=None,
    ):
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.verbose = verbose
        self.warm_start = warm_start
        self.ccp_alpha = ccp_alpha
        self.max_samples = max_samples
        self.monotonic_cst = monotonic_cst

    def _validate_targets(self, y):
        y = np.ascontiguousarray(y, dtype=np.float64)
        if self.criterion == "poisson":
            if np.any(y < 0):
                raise ValueError(
                    "Some value(s) of y are negative which is not allowed for "
                    "Poisson regression."
                )
            if np.sum(y) <= 0:
                raise ValueError(
                    "Sum of y is not strictly positive which is necessary for "
                    "Poisson regression."
                )
        return y, None

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Grow ``n_estimators`` regression trees on bootstrap samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        sample_weight : array-like of shape (n_samples,), default=None
            Frequency weights (they weight the bootstrap draws).

        Returns
        -------
        self : RandomForestRegressor
        """
        return self._fit_forest(X, y, sample_weight)

    def predict(self, X):
        """Mean of the trees' predictions, eq. (5.1).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
        """
        X = self._validate_X_predict(X)
        mean = self._mean_output(X)[:, :, 0]
        return mean[:, 0] if self.n_outputs_ == 1 else mean
