"""Gradient boosting (notes 5.3.2, eq. 5.21-5.27) with a histogram tree learner.

Stage ``m`` fits a least-squares regression tree ``h_m`` to the negative
gradient ``-g_i = -dL(y_i, F(x_i)) / dF`` (eq. 5.6-5.7), replaces each leaf's
value by the loss's line search (Friedman's "TreeBoost") and adds it with a
step ``F := F + learning_rate * h_m`` (eq. 5.8, 5.24).

The trees are grown by the Numba kernels of ``_gradient_boosting_kernels``
on features binned once per fit (as scikit-learn's
HistGradientBoosting): per-node gradient histograms, the sibling's histogram
by subtraction, thresholds at bin edges.
"""

import warnings
from abc import abstractmethod
from numbers import Integral, Real
from time import time

import numpy as np
from scipy.special import expit, logsumexp, softmax
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    RegressorMixin,
    _fit_context,
    is_classifier,
)
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import (
    HasMethods,
    Hidden,
    Interval,
    RealNotInt,
    StrOptions,
)
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from ..tree import DecisionTreeRegressor
from ..tree._classes import Tree
from ._gradient_boosting_kernels import (
    apply_binned,
    bin_features,
    grow_tree,
    leaf_newton_step,
    leaf_percentile,
    predict_stages,
    random_sample_mask,
    weighted_percentile,
)

__all__ = ["GradientBoostingClassifier", "GradientBoostingRegressor"]

_MAX_INT = np.iinfo(np.int32).max
#: rows used to find the quantile bin edges (as HistGradientBoosting)
_BINNING_SUBSAMPLE = 200_000


# --------------------------------------------------------------------------
# Binning
# --------------------------------------------------------------------------


def _bin_edges(X, max_bins):
    """Bin edges of every feature, as HistGradientBoosting's ``_BinMapper``.

    With at most ``max_bins`` distinct values, the midpoints between
    consecutive ones (the splits an exact tree would consider); otherwise
    ``max_bins - 1`` quantiles (midpoint interpolation), made unique.
    Returns ``edges`` (p, max_bins - 1) float64 and ``n_edges`` (p,).
    """
    n, p = X.shape
    if n > _BINNING_SUBSAMPLE:
        rows = np.random.RandomState(0).choice(n, _BINNING_SUBSAMPLE, replace=False)
        X = X[rows]
    edges = np.zeros((p, max(max_bins - 1, 1)))
    n_edges = np.zeros(p, dtype=np.int64)
    ranks = np.linspace(0, 100, max_bins + 1)[1:-1]
    for f in range(p):
        column = X[:, f].astype(np.float64)
        distinct = np.unique(column)
        if distinct.shape[0] <= max_bins:
            cuts = 0.5 * (distinct[:-1] + distinct[1:])
        else:
            cuts = np.unique(np.percentile(column, ranks, method="midpoint"))
        n_edges[f] = cuts.shape[0]
        edges[f, : cuts.shape[0]] = cuts
    return edges, n_edges


# --------------------------------------------------------------------------
# Losses: negative gradient, line search of the leaves, loss value, link
# --------------------------------------------------------------------------


class _Loss:
    """Per-sample loss on the raw prediction ``F`` (n, K).

    ``factor`` keeps scikit-learn's scale of ``train_score_`` (2 for the
    squared error and the binomial deviance, whose "half" losses are used).
    """

    factor = 1.0
    n_trees = 1

    def average(self, y, raw, sample_weight):
        """``factor *`` the weighted mean loss."""
        loss = self.pointwise(y, raw)
        return float(self.factor * (loss @ sample_weight) / sample_weight.sum())

    def leaf_values(self, y, raw, neg_gradient, leaf, inbag, weight, tree_value, k):
        """Line search of each leaf (nodes not leaves are ignored)."""
        return tree_value  # least squares: the tree's leaf means


class _SquaredError(_Loss):
    factor = 2.0

    def pointwise(self, y, raw):
        return 0.5 * (y - raw[:, 0]) ** 2

    def neg_gradient(self, y, raw):
        return (y - raw[:, 0])[:, None]


class _AbsoluteError(_Loss):
    rank = 0.5

    def pointwise(self, y, raw):
        return np.abs(y - raw[:, 0])

    def neg_gradient(self, y, raw):
        return np.sign(y - raw[:, 0])[:, None]

    def leaf_values(self, y, raw, neg_gradient, leaf, inbag, weight, tree_value, k):
        return leaf_percentile(
            leaf, inbag, weight, y - raw[:, 0], self.rank, -1.0, tree_value.shape[0]
        )


class _Quantile(_AbsoluteError):
    def __init__(self, alpha):
        self.rank = alpha

    def pointwise(self, y, raw):
        diff = y - raw[:, 0]
        return np.where(diff >= 0, self.rank * diff, (self.rank - 1.0) * diff)

    def neg_gradient(self, y, raw):
        return np.where(y >= raw[:, 0], self.rank, self.rank - 1.0)[:, None]


class _Huber(_Loss):
    """Huber loss: quadratic for ``|r| <= delta``, linear beyond.

    ``delta`` is re-set at every stage to the ``alpha``-quantile of the
    absolute residuals (Friedman 2001, algorithm 4).
    """

    def __init__(self, alpha):
        self.alpha = alpha
        self.delta = 1.0

    def set_delta(self, y, raw, sample_weight):
        self.delta = float(
            weighted_percentile(np.abs(y - raw[:, 0]), sample_weight, self.alpha)
        )

    def pointwise(self, y, raw):
        r = np.abs(y - raw[:, 0])
        return np.where(
            r <= self.delta, 0.5 * r**2, self.delta * (r - 0.5 * self.delta)
        )

    def neg_gradient(self, y, raw):
        r = y - raw[:, 0]
        return np.where(np.abs(r) <= self.delta, r, self.delta * np.sign(r))[:, None]

    def leaf_values(self, y, raw, neg_gradient, leaf, inbag, weight, tree_value, k):
        return leaf_percentile(
            leaf, inbag, weight, y - raw[:, 0], 0.5, self.delta, tree_value.shape[0]
        )


class _Binomial(_Loss):
    """Half binomial deviance, raw = log-odds."""

    factor = 2.0

    def pointwise(self, y, raw):
        return np.logaddexp(0.0, raw[:, 0]) - y * raw[:, 0]

    def neg_gradient(self, y, raw):
        return (y - expit(raw[:, 0]))[:, None]

    def leaf_values(self, y, raw, neg_gradient, leaf, inbag, weight, tree_value, k):
        prob = y - neg_gradient  # one Newton-Raphson step
        return leaf_newton_step(
            leaf, inbag, weight, neg_gradient, prob * (1.0 - prob), tree_value.shape[0]
        )

    def link(self, proba):
        p = proba[:, 1]
        return np.log(p / (1.0 - p))[:, None]

    def proba(self, raw):
        p = expit(raw[:, 0])
        return np.column_stack([1.0 - p, p])


class _Exponential(_Binomial):
    """AdaBoost's exponential loss, raw = half log-odds."""

    factor = 1.0

    def pointwise(self, y, raw):
        return y * np.exp(-raw[:, 0]) + (1.0 - y) * np.exp(raw[:, 0])

    def neg_gradient(self, y, raw):
        return (y * np.exp(-raw[:, 0]) - (1.0 - y) * np.exp(raw[:, 0]))[:, None]

    def leaf_values(self, y, raw, neg_gradient, leaf, inbag, weight, tree_value, k):
        hessian = np.where(y == 0, -neg_gradient, neg_gradient)
        return leaf_newton_step(
            leaf, inbag, weight, neg_gradient, hessian, tree_value.shape[0]
        )

    def link(self, proba):
        p = proba[:, 1]
        return 0.5 * np.log(p / (1.0 - p))[:, None]

    def proba(self, raw):
        p = expit(2.0 * raw[:, 0])
        return np.column_stack([1.0 - p, p])


class _Multinomial(_Loss):
    """Half multinomial deviance, one raw score per class (softmax)."""

    def __init__(self, n_classes):
        self.n_trees = n_classes

    def pointwise(self, y, raw):
        return logsumexp(raw, axis=1) - raw[np.arange(raw.shape[0]), y.astype(np.intp)]

    def neg_gradient(self, y, raw):
        onehot = y.astype(np.intp)[:, None] == np.arange(self.n_trees)
        return onehot - softmax(raw, axis=1)

    def leaf_values(self, y, raw, neg_gradient, leaf, inbag, weight, tree_value, k):
        K = self.n_trees
        prob = (y == k) - neg_gradient
        # Friedman's (K - 1) / K factor, kept as scikit-learn does
        return leaf_newton_step(
            leaf,
            inbag,
            weight,
            neg_gradient * ((K - 1) / K),
            prob * (1.0 - prob),
            tree_value.shape[0],
        )

    def link(self, proba):
        log_p = np.log(proba)
        return log_p - log_p.mean(axis=1, keepdims=True)

    def proba(self, raw):
        return softmax(raw, axis=1)


# --------------------------------------------------------------------------
# The estimators
# --------------------------------------------------------------------------


class BaseGradientBoosting(BaseEstimator):
    """Shared driver of the gradient-boosting regressor and classifier."""

    _parameter_constraints: dict = {
        "max_depth": [Interval(Integral, 1, None, closed="left"), None],
        "min_samples_split": [
            Interval(Integral, 2, None, closed="left"),
            Interval(RealNotInt, 0.0, 1.0, closed="right"),
        ],
        "min_samples_leaf": [
            Interval(Integral, 1, None, closed="left"),
            Interval(RealNotInt, 0.0, 1.0, closed="neither"),
        ],
        "min_weight_fraction_leaf": [Interval(Real, 0.0, 0.5, closed="both")],
        "max_features": [
            Interval(Integral, 1, None, closed="left"),
            Interval(RealNotInt, 0.0, 1.0, closed="right"),
            StrOptions({"sqrt", "log2"}),
            None,
        ],
        "random_state": ["random_state"],
        "max_leaf_nodes": [Interval(Integral, 2, None, closed="left"), None],
        "min_impurity_decrease": [Interval(Real, 0.0, None, closed="left")],
        "ccp_alpha": [Interval(Real, 0.0, None, closed="left")],
        "criterion": [
            StrOptions({"friedman_mse", "squared_error"}),
            Hidden(StrOptions({"deprecated"})),
        ],
        "learning_rate": [Interval(Real, 0.0, None, closed="left")],
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "subsample": [Interval(Real, 0.0, 1.0, closed="right")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "validation_fraction": [Interval(Real, 0.0, 1.0, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left"), None],
        "tol": [Interval(Real, 0.0, None, closed="left")],
        "max_bins": [Interval(Integral, 2, 255, closed="both")],
    }

    @abstractmethod
    def _encode_y(self, y, sample_weight):
        """Validate and encode y (float64); sets n_trees_per_iteration_."""

    @abstractmethod
    def _get_loss(self):
        """The loss object of ``self.loss``."""

    # ------------------------------------------------------------------ fit
    def _set_max_features(self):
        n_features = self.n_features_in_
        if self.max_features == "sqrt":
            max_features = max(1, int(np.sqrt(n_features)))
        elif self.max_features == "log2":
            max_features = max(1, int(np.log2(n_features)))
        elif self.max_features is None:
            max_features = n_features
        elif isinstance(self.max_features, Integral):
            max_features = self.max_features
        else:
            max_features = max(1, int(self.max_features * n_features))
        self.max_features_ = max_features

    def _clear_state(self):
        for name in (
            "estimators_",
            "train_score_",
            "oob_improvement_",
            "oob_scores_",
            "oob_score_",
            "init_",
            "_rng",
            "_ensemble",
        ):
            if hasattr(self, name):
                delattr(self, name)

    def _is_fitted(self):
        return len(getattr(self, "estimators_", [])) > 0

    def _init_estimator(self):
        if self.init is not None:
            return self.init
        if is_classifier(self):
            return DummyClassifier(strategy="prior")
        if self.loss in ("absolute_error", "huber"):
            return DummyRegressor(strategy="quantile", quantile=0.5)
        if self.loss == "quantile":
            return DummyRegressor(strategy="quantile", quantile=self.alpha)
        return DummyRegressor(strategy="mean")

    def _init_raw_predictions(self, X):
        """Raw predictions of ``init_`` mapped through the loss's link."""
        n_trees = self.n_trees_per_iteration_
        if isinstance(self.init_, str):  # "zero"
            return np.zeros((X.shape[0], n_trees))
        if is_classifier(self):
            proba = self.init_.predict_proba(X)
            eps = np.finfo(np.float64).eps
            raw = self._loss.link(np.clip(proba, eps, 1 - eps, dtype=np.float64))
        else:
            raw = self.init_.predict(X).reshape(-1, 1)
        return np.array(raw, dtype=np.float64, order="C")  # writable copy

    def _fit_init(self, X, y, sample_weight, sample_weight_is_none):
        if isinstance(self.init_, str):
            return
        if sample_weight_is_none:
            self.init_.fit(X, y)
            return
        msg = (
            f"The initial estimator {self.init_.__class__.__name__} does not "
            "support sample weights."
        )
        try:
            self.init_.fit(X, y, sample_weight=sample_weight)
        except TypeError as e:
            if "unexpected keyword argument 'sample_weight'" in str(e):
                raise ValueError(msg) from e
            raise
        except ValueError as e:
            if "pass parameters to specific steps of your pipeline" in str(e):
                raise ValueError(msg) from e
            raise

    @_fit_context(prefer_skip_nested_validation=False)  # init is an estimator
    def fit(self, X, y, sample_weight=None, monitor=None):
        """Fit the gradient boosting model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data (converted to float32, as scikit-learn's trees).
        y : array-like of shape (n_samples,)
            Targets (class labels for the classifier).
        sample_weight : array-like of shape (n_samples,), default=None
            Frequency weights.
        monitor : callable, default=None
            Called as ``monitor(i, self, locals())`` after each stage; fitting
            stops when it returns True.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        if not self.warm_start:
            self._clear_state()
        if self.criterion != "deprecated":
            warnings.warn(
                "The parameter `criterion` is deprecated and will be removed in "
                "1.11. It has no effect. Leave it to its default value to avoid "
                "this warning.",
                FutureWarning,
            )
        X, y = validate_data(
            self, X, y, dtype=np.float32, order="C", y_numeric=not is_classifier(self)
        )
        sample_weight_is_none = sample_weight is None
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True
        )
        if not sample_weight.sum() > 0:
            raise ValueError(
                "Sample weights must contain at least one non-zero number."
            )
        y = self._encode_y(y, None if sample_weight_is_none else sample_weight)
        self._set_max_features()
        self._loss = self._get_loss()

        if self.n_iter_no_change is not None:
            stratify = y if is_classifier(self) else None
            X_train, X_val, y_train, y_val, sw_train, sw_val = train_test_split(
                X,
                y,
                sample_weight,
                random_state=self.random_state,
                test_size=self.validation_fraction,
                stratify=stratify,
            )
            if is_classifier(self) and np.unique(y_train).shape[0] != self.n_classes_:
                raise ValueError(
                    "The training data after the early stopping split is missing "
                    "some classes. Try using another random seed."
                )
        else:
            X_train, y_train, sw_train = X, y, sample_weight
            X_val = y_val = sw_val = None

        if not self._is_fitted():
            self.init_ = self._init_estimator()
            self._fit_init(X_train, y_train, sw_train, sample_weight_is_none)
            raw = self._init_raw_predictions(X_train)
            begin_at_stage = 0
            self.estimators_ = np.empty((0, self.n_trees_per_iteration_), dtype=object)
            self.train_score_ = np.zeros(0)
            self._rng = check_random_state(self.random_state)  # kept for warm start
        else:
            if self.n_estimators < self.estimators_.shape[0]:
                raise ValueError(
                    "n_estimators=%d must be larger or equal to "
                    "estimators_.shape[0]=%d when warm_start==True"
                    % (self.n_estimators, self.estimators_.shape[0])
                )
            begin_at_stage = self.estimators_.shape[0]
            raw = self._raw_predict(X_train)
        self._resize_state()
        n_stages = self._fit_stages(
            X_train,
            y_train,
            raw,
            sw_train,
            X_val,
            y_val,
            sw_val,
            begin_at_stage,
            monitor,
        )
        if n_stages != self.estimators_.shape[0]:
            self.estimators_ = self.estimators_[:n_stages]
            self.train_score_ = self.train_score_[:n_stages]
            if hasattr(self, "oob_improvement_"):
                self.oob_improvement_ = self.oob_improvement_[:n_stages]
                self.oob_scores_ = self.oob_scores_[:n_stages]
                self.oob_score_ = self.oob_scores_[-1]
        self.n_estimators_ = n_stages
        self._ensemble = self._flatten_ensemble()
        return self

    def _resize_state(self):
        total = self.n_estimators
        estimators = np.empty((total, self.n_trees_per_iteration_), dtype=object)
        estimators[: self.estimators_.shape[0]] = self.estimators_
        self.estimators_ = estimators
        self.train_score_ = np.resize(self.train_score_, total)
        if self.subsample < 1.0 or hasattr(self, "oob_improvement_"):
            if hasattr(self, "oob_improvement_"):
                self.oob_improvement_ = np.resize(self.oob_improvement_, total)
                self.oob_scores_ = np.resize(self.oob_scores_, total)
            else:
                self.oob_improvement_ = np.zeros(total)
                self.oob_scores_ = np.zeros(total)
            self.oob_score_ = np.nan

    def _tree_limits(self, n_inbag, inbag_weight):
        """Stopping rules of the trees in counts and weights."""
        if isinstance(self.min_samples_leaf, Integral):
            min_samples_leaf = self.min_samples_leaf
        else:
            min_samples_leaf = int(np.ceil(self.min_samples_leaf * n_inbag))
        if isinstance(self.min_samples_split, Integral):
            min_samples_split = self.min_samples_split
        else:
            min_samples_split = max(2, int(np.ceil(self.min_samples_split * n_inbag)))
        min_samples_split = max(min_samples_split, 2 * min_samples_leaf)
        min_weight_leaf = self.min_weight_fraction_leaf * inbag_weight
        return min_samples_leaf, min_samples_split, min_weight_leaf

    def _fit_stages(
        self, X, y, raw, sample_weight, X_val, y_val, sw_val, begin_at_stage, monitor
    ):
        n_samples = X.shape[0]
        K = self.n_trees_per_iteration_
        do_oob = self.subsample < 1.0
        n_inbag = max(1, int(self.subsample * n_samples))
        sample_mask = np.ones(n_samples, dtype=bool)
        unit_weight = bool(np.all(sample_weight == 1.0))
        positive = sample_weight > 0

        # bin once: uint8 codes, row-major (a sample's codes in one cache line);
        # edges from the weighted rows only, so a zero weight = a removed row
        edges, n_edges = _bin_edges(
            X[positive] if not positive.all() else X, self.max_bins
        )
        binned = np.empty((n_samples, X.shape[1]), dtype=np.uint8)
        bin_features(X, edges, n_edges, binned)
        n_bins = n_edges + 1
        max_depth = -1 if self.max_depth is None else int(self.max_depth)
        max_leaf_nodes = -1 if self.max_leaf_nodes is None else int(self.max_leaf_nodes)

        if self.n_iter_no_change is not None:
            loss_history = np.full(self.n_iter_no_change, np.inf)
            raw_val = self._raw_predict(X_val)
        if self.verbose:
            print(f"{'Iter':>10} {'Train Loss':>16} {'OOB Improve':>16}")
        start_time = time()
        leaf = np.empty(n_samples, dtype=np.int64)
        initial_oob_loss = None
        i = begin_at_stage
        for i in range(begin_at_stage, self.n_estimators):
            if do_oob:
                random_sample_mask(
                    self._rng.uniform(size=n_samples), n_inbag, sample_mask
                )
                if i == 0:
                    initial_oob_loss = self._loss.average(
                        y[~sample_mask], raw[~sample_mask], sample_weight[~sample_mask]
                    )
            inbag = sample_mask & positive
            rows = np.flatnonzero(inbag).astype(np.int64)
            outside = np.flatnonzero(~inbag).astype(np.int64)
            min_leaf, min_split, min_weight = self._tree_limits(
                rows.shape[0], sample_weight[rows].sum()
            )
            if isinstance(self._loss, _Huber):
                self._loss.set_delta(y, raw, sample_weight)
            neg_gradient = self._loss.neg_gradient(y, raw)
            for k in range(K):
                seed = self._rng.randint(_MAX_INT)
                g = np.ascontiguousarray(neg_gradient[:, k])
                weighted_g = g * sample_weight
                (
                    left,
                    right,
                    feature,
                    bin_threshold,
                    value,
                    impurity,
                    n_node_samples,
                    weighted_n,
                ) = grow_tree(
                    binned,
                    n_bins,
                    weighted_g,
                    sample_weight,
                    unit_weight,
                    rows.copy(),
                    max_depth,
                    min_split,
                    min_leaf,
                    float(min_weight),
                    max_leaf_nodes,
                    float(self.min_impurity_decrease),
                    int(self.max_features_),
                    int(seed),
                    leaf,
                )
                threshold = np.where(
                    left >= 0, edges[np.maximum(feature, 0), bin_threshold], -2.0
                )
                tree = Tree(
                    X.shape[1],
                    np.array([1]),
                    1,
                    left,
                    right,
                    feature,
                    threshold,
                    impurity,
                    n_node_samples,
                    weighted_n,
                    value.reshape(-1, 1, 1),
                    np.zeros(left.shape[0], np.uint8),
                )
                if self.ccp_alpha > 0.0:
                    tree = self._prune(tree)
                    leaf[:] = tree.apply(X)
                elif outside.shape[0]:  # in-bag leaves came from the partition
                    apply_binned(
                        binned, outside, left, right, feature, bin_threshold, leaf
                    )
                values = self._loss.leaf_values(
                    y, raw, g, leaf, inbag, sample_weight, tree.value[:, 0, 0], k
                )
                is_leaf = tree.children_left < 0
                tree.value[is_leaf, 0, 0] = values[is_leaf]
                raw[:, k] += self.learning_rate * tree.value[leaf, 0, 0]
                self.estimators_[i, k] = self._wrap(tree, seed)

            if do_oob:
                self.train_score_[i] = self._loss.average(
                    y[sample_mask], raw[sample_mask], sample_weight[sample_mask]
                )
                self.oob_scores_[i] = self._loss.average(
                    y[~sample_mask], raw[~sample_mask], sample_weight[~sample_mask]
                )
                previous = initial_oob_loss if i == 0 else self.oob_scores_[i - 1]
                self.oob_improvement_[i] = previous - self.oob_scores_[i]
                self.oob_score_ = self.oob_scores_[-1]
            else:
                self.train_score_[i] = self._loss.average(y, raw, sample_weight)
            if self.verbose:
                oob = self.oob_improvement_[i] if do_oob else float("nan")
                print(
                    f"{i + 1:>10d} {self.train_score_[i]:>16.4f} {oob:>16.4f}"
                    f"  {time() - start_time:.2f}s"
                )
            if monitor is not None and monitor(i, self, locals()):
                break
            if self.n_iter_no_change is not None:
                for k in range(K):
                    raw_val[:, k] += (
                        self.learning_rate
                        * self.estimators_[i, k].tree_.predict(X_val)[:, 0, 0]
                    )
                validation_loss = self._loss.average(y_val, raw_val, sw_val)
                # better than at least one of the last n_iter_no_change losses
                if np.any(validation_loss + self.tol < loss_history):
                    loss_history[i % len(loss_history)] = validation_loss
                else:
                    break
        return i + 1

    def _prune(self, tree):
        from ..tree._prune_kernels import cost_complexity_prune

        leaves, _, _ = cost_complexity_prune(
            tree.children_left.astype(np.int64),
            tree.children_right.astype(np.int64),
            tree.impurity,
            tree.weighted_n_node_samples,
            float(self.ccp_alpha),
            False,
        )
        return tree.subtree(leaves)

    def _wrap(self, tree, seed):
        """Our DecisionTreeRegressor around a tree grown by the kernel."""
        member = DecisionTreeRegressor(
            criterion="squared_error",
            max_depth=self.max_depth,
            min_samples_split=self.min_samples_split,
            min_samples_leaf=self.min_samples_leaf,
            min_weight_fraction_leaf=self.min_weight_fraction_leaf,
            min_impurity_decrease=self.min_impurity_decrease,
            max_features=self.max_features,
            max_leaf_nodes=self.max_leaf_nodes,
            random_state=int(seed),
            ccp_alpha=self.ccp_alpha,
        )
        member.n_features_in_ = self.n_features_in_
        member.n_outputs_ = 1
        member.max_features_ = self.max_features_
        member.tree_ = tree
        return member

    def _flatten_ensemble(self):
        """Node arrays of all trees end to end, for the prediction kernel."""
        trees = [est.tree_ for est in self.estimators_.ravel()]
        sizes = np.array([t.node_count for t in trees])
        roots = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        shift = np.repeat(roots, sizes)
        left = np.concatenate([t.children_left for t in trees]).astype(np.int64)
        right = np.concatenate([t.children_right for t in trees]).astype(np.int64)
        left = np.where(left >= 0, left + shift, -1)
        right = np.where(right >= 0, right + shift, -1)
        return {
            "left": left,
            "right": right,
            "feature": np.concatenate([t.feature for t in trees]).astype(np.int64),
            "threshold": np.concatenate([t.threshold for t in trees]),
            "value": np.concatenate([t.value[:, 0, 0] for t in trees]),
            "roots": roots,
        }

    # -------------------------------------------------------------- predict
    def _validate_X_predict(self, X):
        check_is_fitted(self)
        return validate_data(self, X, reset=False, dtype=np.float32, order="C")

    def _raw_predict(self, X):
        """Raw scores ``F(x)`` (n, K) of the fitted stages, X validated."""
        raw = self._init_raw_predictions(X)
        if not hasattr(self, "_ensemble") or X.shape[0] == 0:
            return raw
        e = self._ensemble
        n_stages = len(e["roots"]) // self.n_trees_per_iteration_
        predict_stages(
            X,
            e["left"],
            e["right"],
            e["feature"],
            e["threshold"],
            e["value"],
            e["roots"],
            0,
            n_stages,
            self.n_trees_per_iteration_,
            float(self.learning_rate),
            raw,
        )
        return raw

    def _staged_raw_predict(self, X):
        X = self._validate_X_predict(X)
        raw = self._init_raw_predictions(X)
        e = self._ensemble
        for stage in range(self.estimators_.shape[0]):
            predict_stages(
                X,
                e["left"],
                e["right"],
                e["feature"],
                e["threshold"],
                e["value"],
                e["roots"],
                stage,
                stage + 1,
                self.n_trees_per_iteration_,
                float(self.learning_rate),
                raw,
            )
            yield raw.copy()

    def _apply(self, X):
        X = self._validate_X_predict(X)
        n_stages, K = self.estimators_.shape
        leaves = np.zeros((X.shape[0], n_stages, K))
        for i in range(n_stages):
            for k in range(K):
                leaves[:, i, k] = self.estimators_[i, k].tree_.apply(X)
        return leaves

    @property
    def feature_importances_(self):
        """Impurity-based importances, averaged over the trees and normalised."""
        check_is_fitted(self)
        relevant = [
            t.tree_
            for stage in self.estimators_
            for t in stage
            if t.tree_.node_count > 1
        ]
        if not relevant:
            return np.zeros(self.n_features_in_, dtype=np.float64)
        mean = np.mean(
            [t.compute_feature_importances(normalize=False) for t in relevant],
            axis=0,
            dtype=np.float64,
        )
        return mean / np.sum(mean)


_PARAMS_DOC = """    learning_rate : float, default=0.1
        Shrinkage of each tree's contribution, ``F := F + learning_rate * h``.
    n_estimators : int, default=100
        Number of boosting stages.
    subsample : float, default=1.0
        Fraction of rows (without replacement) each stage's trees see;
        below 1 gives stochastic gradient boosting and the ``oob_*``
        attributes.
    criterion : {"friedman_mse", "squared_error"}, default="deprecated"
        Deprecated in scikit-learn 1.9, no effect: the trees split on the
        squared error.
    min_samples_split : int or float, default=2
        Fewest (in-bag) samples a node needs to be split (a float: fraction).
    min_samples_leaf : int or float, default=1
        Fewest samples in a leaf (a float: fraction).
    min_weight_fraction_leaf : float, default=0.0
        Smallest fraction of the total in-bag weight in a leaf.
    max_depth : int or None, default=3
        Depth limit of the trees (None: no limit).
    min_impurity_decrease : float, default=0.0
        A node is split only if the weighted impurity decrease
        ``W_t / W * (i_t - W_L / W_t * i_L - W_R / W_t * i_R)`` reaches it.
    init : estimator or "zero", default=None
        Initial model ``F_1`` (eq. 5.21); None: the loss's best constant.
    random_state : int, RandomState instance or None, default=None
        Seeds the subsampling, the trees' feature draws and the early-stopping
        split.
    max_features : {"sqrt", "log2"}, int, float or None, default=None
        Features drawn at each node (None: all)."""

_PARAMS_DOC_END = """    verbose : int, default=0
        Print the progress of each stage when > 0.
    max_leaf_nodes : int or None, default=None
        Leaf limit; with it the trees grow best first (largest impurity
        decrease next).
    warm_start : bool, default=False
        Keep the fitted stages and add new ones up to ``n_estimators``.
    validation_fraction : float, default=0.1
        Held-out fraction for early stopping.
    n_iter_no_change : int, default=None
        Stop when the validation loss did not improve by ``tol`` over the
        last ``n_iter_no_change`` stages.
    tol : float, default=1e-4
        Tolerance of early stopping.
    ccp_alpha : float, default=0.0
        Minimal cost-complexity pruning of each tree (before its leaf values
        are set by the line search).
    max_bins : int, default=255
        (Not in scikit-learn.) Number of bins per feature for the histogram
        tree learner (at most 255): features with more distinct values are
        split at quantile bin edges instead of between every pair of values."""

_ATTRS_DOC = """    n_estimators_ : int
        Number of stages fitted (fewer with early stopping).
    n_trees_per_iteration_ : int
        Trees per stage (number of classes for multiclass, else 1).
    estimators_ : ndarray of DecisionTreeRegressor of shape (`n_estimators_`, K)
        The fitted trees.
    train_score_ : ndarray of shape (`n_estimators_`,)
        Training loss after each stage (in-bag loss with subsampling).
    oob_improvement_, oob_scores_ : ndarray of shape (`n_estimators_`,)
        Out-of-bag loss improvement and loss per stage (``subsample < 1``).
    oob_score_ : float
        Last out-of-bag loss (``subsample < 1``).
    init_ : estimator
        The fitted initial estimator.
    max_features_ : int
        Features drawn per node.
    feature_importances_ : ndarray of shape (n_features,)
        Mean impurity decrease per feature, normalised.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features, when X has string column names.
"""

_NOTES_DOC = """
    Notes
    -----
    Notes section 5.3.2, eq. 5.21-5.27.  Starting from ``F_1 = init`` (5.21),
    each stage fits a least-squares tree to the negative gradient (5.6-5.7;
    the residual ``y - F`` for the squared error, 5.22 and 5.25), replaces
    each leaf value by the line search of the loss and updates
    ``F := F + learning_rate * h`` (5.8, 5.24).  Leaf values: the mean
    residual (squared error), the median (absolute error, 5.26), the
    ``alpha``-quantile (quantile loss), the median plus the mean clipped
    residual (Huber), one Newton step ``sum w (y - p) / sum w p (1 - p)``
    (log loss; times ``(K - 1) / K`` for K classes) or its analogue for the
    exponential loss.

    The Huber loss (5.27 in the notes has its two cases swapped) is
    ``r**2 / 2`` for ``|r| <= delta`` and ``delta * (|r| - delta / 2)``
    beyond, with negative gradient ``r`` or ``delta * sign(r)``; ``delta`` is
    the ``alpha``-quantile of ``|y - F|`` at each stage.

    Unlike scikit-learn's exact trees, the trees are grown on histograms of
    binned features (as HistGradientBoosting), which makes each stage
    ``O(n * p)`` instead of ``O(n * p * log n)``.

    References
    ----------
    J. H. Friedman, "Greedy Function Approximation: A Gradient Boosting
    Machine", The Annals of Statistics 29(5), 2001.
"""


class GradientBoostingRegressor(RegressorMixin, BaseGradientBoosting):
    __doc__ = f"""Gradient boosting for regression (notes 5.3.2).

    Parameters
    ----------
    loss : {{"squared_error", "absolute_error", "huber", "quantile"}}, \
default="squared_error"
        Loss to minimise (eq. 5.25-5.27).
{_PARAMS_DOC}
    alpha : float, default=0.9
        Quantile of the quantile loss, and quantile of ``|y - F|`` giving
        the Huber loss's ``delta``.
{_PARAMS_DOC_END}

    Attributes
    ----------
{_ATTRS_DOC}
    See Also
    --------
    GradientBoostingClassifier : The classifier.
    sklearn.ensemble.GradientBoostingRegressor : The scikit-learn twin.
{_NOTES_DOC}
    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn_notes.ensemble import GradientBoostingRegressor
    >>> X, y = load_diabetes(return_X_y=True)
    >>> reg = GradientBoostingRegressor(random_state=0).fit(X, y)
    >>> bool(reg.score(X, y) > 0.7)
    True
    """

    _parameter_constraints: dict = {
        **BaseGradientBoosting._parameter_constraints,
        "loss": [StrOptions({"squared_error", "absolute_error", "huber", "quantile"})],
        "init": [StrOptions({"zero"}), None, HasMethods(["fit", "predict"])],
        "alpha": [Interval(Real, 0.0, 1.0, closed="neither")],
    }

    def __init__(
        self,
        *,
        loss="squared_error",
        learning_rate=0.1,
        n_estimators=100,
        subsample=1.0,
        criterion="deprecated",
        min_samples_split=2,
        min_samples_leaf=1,
        min_weight_fraction_leaf=0.0,
        max_depth=3,
        min_impurity_decrease=0.0,
        init=None,
        random_state=None,
        max_features=None,
        alpha=0.9,
        verbose=0,
        max_leaf_nodes=None,
        warm_start=False,
        validation_fraction=0.1,
        n_iter_no_change=None,
        tol=1e-4,
        ccp_alpha=0.0,
        max_bins=255,
    ):
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.criterion = criterion
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_depth = max_depth
        self.min_impurity_decrease = min_impurity_decrease
        self.init = init
        self.random_state = random_state
        self.max_features = max_features
        self.alpha = alpha
        self.verbose = verbose
        self.max_leaf_nodes = max_leaf_nodes
        self.warm_start = warm_start
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.ccp_alpha = ccp_alpha
        self.max_bins = max_bins

    def _encode_y(self, y, sample_weight):
        self.n_trees_per_iteration_ = 1
        return np.asarray(y, dtype=np.float64)

    def _get_loss(self):
        if self.loss == "squared_error":
            return _SquaredError()
        if self.loss == "absolute_error":
            return _AbsoluteError()
        if self.loss == "huber":
            return _Huber(self.alpha)
        return _Quantile(self.alpha)

    def predict(self, X):
        """Predicted targets ``F(x)``, shape (n_samples,)."""
        X = self._validate_X_predict(X)
        return self._raw_predict(X).ravel()

    def staged_predict(self, X):
        """Predictions after each stage (a generator of (n_samples,) arrays)."""
        for raw in self._staged_raw_predict(X):
            yield raw.ravel()

    def apply(self, X):
        """Leaf index of each sample in each tree, shape (n_samples, `n_estimators_`)."""
        leaves = self._apply(X)
        return leaves.reshape(leaves.shape[0], self.estimators_.shape[0])


class GradientBoostingClassifier(ClassifierMixin, BaseGradientBoosting):
    __doc__ = f"""Gradient boosting for classification (notes 5.3).

    Binary problems fit one tree per stage on the log-odds (log loss) or
    half log-odds (exponential loss, AdaBoost's); K > 2 classes fit K trees
    per stage on the softmax scores.

    Parameters
    ----------
    loss : {{"log_loss", "exponential"}}, default="log_loss"
        Binomial/multinomial deviance, or the exponential loss (binary only).
{_PARAMS_DOC}
{_PARAMS_DOC_END}

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_classes_ : int
        Number of classes.
{_ATTRS_DOC}
    See Also
    --------
    GradientBoostingRegressor : The regressor.
    sklearn.ensemble.GradientBoostingClassifier : The scikit-learn twin.
{_NOTES_DOC}
    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn_notes.ensemble import GradientBoostingClassifier
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> clf = GradientBoostingClassifier(n_estimators=20, random_state=0).fit(X, y)
    >>> bool(clf.score(X, y) > 0.95)
    True
    """

    _parameter_constraints: dict = {
        **BaseGradientBoosting._parameter_constraints,
        "loss": [StrOptions({"log_loss", "exponential"})],
        "init": [StrOptions({"zero"}), None, HasMethods(["fit", "predict_proba"])],
    }

    def __init__(
        self,
        *,
        loss="log_loss",
        learning_rate=0.1,
        n_estimators=100,
        subsample=1.0,
        criterion="deprecated",
        min_samples_split=2,
        min_samples_leaf=1,
        min_weight_fraction_leaf=0.0,
        max_depth=3,
        min_impurity_decrease=0.0,
        init=None,
        random_state=None,
        max_features=None,
        verbose=0,
        max_leaf_nodes=None,
        warm_start=False,
        validation_fraction=0.1,
        n_iter_no_change=None,
        tol=1e-4,
        ccp_alpha=0.0,
        max_bins=255,
    ):
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.criterion = criterion
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_depth = max_depth
        self.min_impurity_decrease = min_impurity_decrease
        self.init = init
        self.random_state = random_state
        self.max_features = max_features
        self.verbose = verbose
        self.max_leaf_nodes = max_leaf_nodes
        self.warm_start = warm_start
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.ccp_alpha = ccp_alpha
        self.max_bins = max_bins

    def _encode_y(self, y, sample_weight):
        check_classification_targets(y)
        encoder = LabelEncoder()
        encoded = encoder.fit_transform(y)
        self.classes_ = encoder.classes_
        n_classes = self.classes_.shape[0]
        self.n_trees_per_iteration_ = 1 if n_classes <= 2 else n_classes
        n_trim_classes = (
            n_classes
            if sample_weight is None
            else np.count_nonzero(np.bincount(encoded, sample_weight))
        )
        if n_trim_classes < 2:
            raise ValueError(
                "y contains %d class after sample_weight trimmed classes with "
                "zero weights, while a minimum of 2 classes are required."
                % n_trim_classes
            )
        self.n_classes_ = n_classes
        return encoded.astype(np.float64)

    def _get_loss(self):
        if self.loss == "log_loss":
            if self.n_classes_ == 2:
                return _Binomial()
            return _Multinomial(self.n_classes_)
        if self.n_classes_ > 2:
            raise ValueError(
                f"loss='{self.loss}' is only suitable for a binary classification "
                f"problem, you have n_classes={self.n_classes_}. Please use "
                "loss='log_loss' instead."
            )
        return _Exponential()

    def decision_function(self, X):
        """Raw scores: (n_samples,) for binary, (n_samples, K) otherwise."""
        X = self._validate_X_predict(X)
        raw = self._raw_predict(X)
        return raw.ravel() if raw.shape[1] == 1 else raw

    def staged_decision_function(self, X):
        """``decision_function`` after each stage (a generator)."""
        for raw in self._staged_raw_predict(X):
            yield raw.ravel() if raw.shape[1] == 1 else raw

    def predict_proba(self, X):
        """Class probabilities, shape (n_samples, n_classes)."""
        X = self._validate_X_predict(X)
        return self._loss.proba(self._raw_predict(X))

    def predict_log_proba(self, X):
        """Logarithm of ``predict_proba``."""
        return np.log(self.predict_proba(X))

    def staged_predict_proba(self, X):
        """``predict_proba`` after each stage (a generator)."""
        for raw in self._staged_raw_predict(X):
            yield self._loss.proba(raw)

    def predict(self, X):
        """Most probable class."""
        proba = self.predict_proba(X)  # checks that it is fitted
        return self.classes_.take(np.argmax(proba, axis=1))

    def staged_predict(self, X):
        """``predict`` after each stage (a generator)."""
        for proba in self.staged_predict_proba(X):
            yield self.classes_.take(np.argmax(proba, axis=1))

    def apply(self, X):
        """Leaf index of each sample in each tree, (n_samples, `n_estimators_`, K)."""
        return self._apply(X)
