"""CART decision trees (notes 5.4-5.5): estimators and Python drivers.

The kernels are in ``_tree_kernels.py`` (growth) and ``_prune_kernels.py``
(cost-complexity pruning); this module validates input, encodes the target,
draws the random seed, runs the builder and holds the result in a
:class:`Tree` with scikit-learn's array layout.
"""

import numbers
import threading
from math import ceil

import numpy as np
from scipy.sparse import csr_matrix
from scipy.stats import norm
from sklearn import tree as _sklearn_tree
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MultiOutputMixin,
    RegressorMixin,
    _fit_context,
    is_classifier,
)
from sklearn.utils import Bunch, check_random_state, compute_sample_weight
from sklearn.utils._param_validation import Interval, RealNotInt, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from ._prune_kernels import cost_complexity_prune, subtree_nodes
from ._tree_kernels import (
    ABSOLUTE_ERROR,
    ENTROPY,
    GINI,
    MISCLASSIFICATION,
    POISSON,
    SQUARED_ERROR,
    TREE_LEAF,
    TREE_UNDEFINED,
    apply_tree,
    build_tree,
    build_tree_with_columns,
    decision_path_indices,
    node_depths,
    reads_values_lazily,
    select_presorted,
)

__all__ = [
    "DecisionTreeClassifier",
    "DecisionTreeRegressor",
    "Tree",
    "presort_features",
]

#: criterion name -> kernel code; the keys are the ``StrOptions``.
CRITERIA_CLF = {
    "gini": GINI,
    "entropy": ENTROPY,
    "log_loss": ENTROPY,
    "misclassification": MISCLASSIFICATION,
}
CRITERIA_REG = {
    "squared_error": SQUARED_ERROR,
    "friedman_mse": SQUARED_ERROR,  # deprecated in scikit-learn 1.9: same splits
    "absolute_error": ABSOLUTE_ERROR,
    "poisson": POISSON,
}
PRUNING = {"reduced_error", "pessimistic"}
_MAX_INT = np.iinfo(np.int32).max

# one reusable generator per thread (forests grow their trees in threads)
_thread_state = threading.local()


def seeded_random_state(seed):
    """``check_random_state(seed)``, cheaper for an integer seed.

    ``np.random.RandomState(seed)`` first seeds a new generator from the
    operating system's entropy (about 0.1 ms, as much as growing a small
    tree), then reseeds it from ``seed``; ``RandomState.seed(seed)`` on an
    existing generator gives the same state at a fraction of the cost.  The
    generator is shared by the calls of one thread: use it before the next
    call.  Anything but an integer goes to ``check_random_state``.
    """
    if not isinstance(seed, numbers.Integral):
        return check_random_state(seed)
    generator = getattr(_thread_state, "generator", None)
    if generator is None:
        generator = _thread_state.generator = np.random.RandomState()
    generator.seed(seed)
    return generator


class Tree:
    """Flat arrays of a fitted binary tree, as scikit-learn's ``Tree``.

    Node ``i`` is a leaf when ``children_left[i] == -1``; otherwise samples
    with ``X[:, feature[i]] <= threshold[i]`` go to ``children_left[i]``.
    ``value[i]`` holds class fractions (classification) or the prediction
    (regression), shape ``(node_count, n_outputs, max_n_classes)``.
    """

    def __init__(
        self,
        n_features,
        n_classes,
        n_outputs,
        children_left,
        children_right,
        feature,
        threshold,
        impurity,
        n_node_samples,
        weighted_n_node_samples,
        value,
        missing_go_to_left,
    ):
        self.n_features = int(n_features)
        self.n_classes = np.asarray(n_classes, dtype=np.intp)
        self.n_outputs = int(n_outputs)
        self.max_n_classes = int(self.n_classes.max())
        self.children_left = np.asarray(children_left, dtype=np.intp)
        self.children_right = np.asarray(children_right, dtype=np.intp)
        self.feature = np.asarray(feature, dtype=np.intp)
        self.threshold = np.asarray(threshold, dtype=np.float64)
        self.impurity = np.asarray(impurity, dtype=np.float64)
        self.n_node_samples = np.asarray(n_node_samples, dtype=np.intp)
        self.weighted_n_node_samples = np.asarray(
            weighted_n_node_samples, dtype=np.float64
        )
        self.value = np.asarray(value, dtype=np.float64)
        # side of NaN at each split; where training saw none, the larger child
        self.missing_go_to_left = np.asarray(missing_go_to_left, dtype=np.uint8)
        self.max_depth = int(self.compute_node_depths().max() - 1)

    @property
    def node_count(self):
        return self.children_left.shape[0]

    @property
    def capacity(self):
        return self.node_count

    @property
    def n_leaves(self):
        return int(np.sum(self.children_left == TREE_LEAF))

    def compute_node_depths(self):
        """Depth of every node, the root having depth 1 (as scikit-learn)."""
        return node_depths(self.children_left, self.children_right)

    def apply(self, X):
        """Leaf index of each row of a validated float32 ``X``."""
        return apply_tree(
            X,
            self.children_left,
            self.children_right,
            self.feature,
            self.threshold,
            self.missing_go_to_left,
        )

    def predict(self, X):
        """``value`` of each row's leaf."""
        return self.value.take(self.apply(X), axis=0)

    def decision_path(self, X):
        """CSR indicator (n_samples, node_count) of the nodes visited."""
        indptr, indices = decision_path_indices(
            X,
            self.children_left,
            self.children_right,
            self.feature,
            self.threshold,
            self.missing_go_to_left,
            self.max_depth,
        )
        data = np.ones(indices.shape[0], dtype=np.intp)
        return csr_matrix((data, indices, indptr), shape=(X.shape[0], self.node_count))

    def compute_feature_importances(self, normalize=True):
        """Total weighted impurity decrease brought by each feature (MDI)."""
        importances = np.zeros(self.n_features)
        left, right = self.children_left, self.children_right
        weighted, impurity = self.weighted_n_node_samples, self.impurity
        for node in np.flatnonzero(left != TREE_LEAF):
            importances[self.feature[node]] += (
                weighted[node] * impurity[node]
                - weighted[left[node]] * impurity[left[node]]
                - weighted[right[node]] * impurity[right[node]]
            )
        importances /= weighted[0]
        if normalize:
            total = importances.sum()
            if total > 0.0:
                importances /= total
        return importances

    def compute_partial_dependence(self, grid, target_features, out):
        """Partial dependence by the recursion method (as scikit-learn's
        ``Tree``): on a split of a target feature follow the grid point's
        branch, on any other split average both children weighted by their
        training weight.  ``out`` (n_points,) is filled (OUT)."""
        weighted = self.weighted_n_node_samples
        position = {int(f): j for j, f in enumerate(target_features)}
        for i in range(grid.shape[0]):
            total = 0.0
            stack = [(0, 1.0)]
            while stack:
                node, fraction = stack.pop()
                left, right = self.children_left[node], self.children_right[node]
                if left == TREE_LEAF:
                    total += fraction * self.value[node, 0, 0]
                elif int(self.feature[node]) in position:
                    x = grid[i, position[int(self.feature[node])]]
                    stack.append(
                        (left if x <= self.threshold[node] else right, fraction)
                    )
                else:
                    stack.append((left, fraction * weighted[left] / weighted[node]))
                    stack.append((right, fraction * weighted[right] / weighted[node]))
            out[i] = total

    def subtree(self, leaves):
        """The tree cut so that the nodes marked in ``leaves`` are leaves."""
        kept, left, right = subtree_nodes(
            self.children_left, self.children_right, np.asarray(leaves, dtype=np.bool_)
        )
        feature = self.feature[kept].copy()
        threshold = self.threshold[kept].copy()
        is_leaf = left == TREE_LEAF
        feature[is_leaf] = TREE_UNDEFINED
        threshold[is_leaf] = TREE_UNDEFINED
        return Tree(
            self.n_features,
            self.n_classes,
            self.n_outputs,
            left,
            right,
            feature,
            threshold,
            self.impurity[kept],
            self.n_node_samples[kept],
            self.weighted_n_node_samples[kept],
            self.value[kept],
            np.where(is_leaf, 0, self.missing_go_to_left[kept]),
        )


def presort_features(X, samples):
    """Rows ``samples`` of ``X`` sorted by every feature (the builder's input).

    Returns ``order`` (int32, n_features x m: ``order[f]`` lists the rows by
    increasing ``X[:, f]``, NaN last) and ``values``
    (``values[f, i] = X[order[f, i], f]``).  NumPy's SIMD quicksort is several
    times faster than Numba's sort here, so this one step stays in NumPy.  The
    order among equal values does not matter: splits are only evaluated
    between distinct values.
    """
    every_row = samples.shape[0] == X.shape[0]
    columns = np.ascontiguousarray(X.T if every_row else X[samples].T)
    idx = np.argsort(columns, axis=1, kind="quicksort")
    values = np.take_along_axis(columns, idx, axis=1)
    order = (idx if every_row else samples[idx]).astype(np.int32)
    return order, values


class BaseDecisionTree(MultiOutputMixin, BaseEstimator):
    """Shared driver of the CART classifier and regressor."""

    _parameter_constraints: dict = {
        "splitter": [StrOptions({"best", "random"})],
        "max_depth": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "min_samples_split": [
            Interval(numbers.Integral, 2, None, closed="left"),
            Interval(RealNotInt, 0.0, 1.0, closed="right"),
        ],
        "min_samples_leaf": [
            Interval(numbers.Integral, 1, None, closed="left"),
            Interval(RealNotInt, 0.0, 1.0, closed="neither"),
        ],
        "min_weight_fraction_leaf": [Interval(numbers.Real, 0.0, 0.5, closed="both")],
        "max_features": [
            Interval(numbers.Integral, 1, None, closed="left"),
            Interval(RealNotInt, 0.0, 1.0, closed="right"),
            StrOptions({"sqrt", "log2"}),
            None,
        ],
        "random_state": ["random_state"],
        "max_leaf_nodes": [Interval(numbers.Integral, 2, None, closed="left"), None],
        "min_impurity_decrease": [Interval(numbers.Real, 0.0, None, closed="left")],
        "ccp_alpha": [Interval(numbers.Real, 0.0, None, closed="left")],
        "monotonic_cst": ["array-like", None],
        "pruning": [StrOptions(PRUNING), None],
        "validation_fraction": [Interval(numbers.Real, 0.0, 1.0, closed="neither")],
        "confidence": [Interval(numbers.Real, 0.0, 0.5, closed="right")],
    }

    # ------------------------------------------------------------------ fit
    def _fit(self, X, y, sample_weight=None):
        if self.monotonic_cst is not None:
            raise ValueError(
                "monotonic_cst is not supported by sklearn_notes trees; "
                "leave it to None."
            )
        X, y = validate_data(
            self,
            X,
            y,
            validate_separately=(
                dict(dtype=np.float32, order="C", ensure_all_finite="allow-nan"),
                dict(ensure_2d=False, dtype=None),
            ),
        )
        n_samples, n_features = X.shape
        y = np.atleast_1d(y)
        if y.shape[0] != n_samples:
            raise ValueError(
                f"Number of labels={y.shape[0]} does not match "
                f"number of samples={n_samples}"
            )
        if y.ndim == 1:
            y = y.reshape(-1, 1)
        self.n_outputs_ = y.shape[1]
        classification = is_classifier(self)
        if classification:
            check_classification_targets(y)
            self.classes_ = []
            self.n_classes_ = []
            y_encoded = np.zeros(y.shape, dtype=np.float64)
            for k in range(self.n_outputs_):
                classes_k, y_encoded[:, k] = np.unique(y[:, k], return_inverse=True)
                self.classes_.append(classes_k)
                self.n_classes_.append(classes_k.shape[0])
            self.n_classes_ = np.array(self.n_classes_, dtype=np.intp)
            n_classes = self.n_classes_.astype(np.int64)
            criterion = CRITERIA_CLF[self.criterion]
        else:
            y_encoded = np.ascontiguousarray(y, dtype=np.float64)
            if not np.all(np.isfinite(y_encoded)):
                raise ValueError("Input y contains NaN or infinity.")
            n_classes = np.ones(self.n_outputs_, dtype=np.int64)
            criterion = CRITERIA_REG[self.criterion]
            if self.criterion == "poisson":
                if np.any(y_encoded < 0):
                    raise ValueError(
                        "Some value(s) of y are negative which is"
                        " not allowed for Poisson regression."
                    )
                if np.sum(y_encoded) <= 0:
                    raise ValueError(
                        "Sum of y is not positive which is "
                        "necessary for Poisson regression."
                    )

        if sample_weight is not None:
            sample_weight = _check_sample_weight(
                sample_weight, X, dtype=np.float64, ensure_non_negative=True
            )
        class_weight = getattr(self, "class_weight", None)
        if classification and class_weight is not None:
            expanded = compute_sample_weight(class_weight, y)
            sample_weight = (
                expanded if sample_weight is None else sample_weight * expanded
            )
        if sample_weight is None:
            sample_weight = np.ones(n_samples)
        sample_weight = np.ascontiguousarray(sample_weight, dtype=np.float64)
        if sample_weight.sum() <= 0:
            raise ValueError(
                "Sample weights must contain at least one non-zero number."
            )
        self._grow(X, y_encoded, sample_weight, n_classes, criterion)
        if self.n_outputs_ == 1 and classification:
            self.n_classes_ = self.n_classes_[0]
            self.classes_ = self.classes_[0]
        return self

    def _grow(self, X, y_encoded, sample_weight, n_classes, criterion, presorted=None):
        """Grow (and prune) ``tree_`` from validated, encoded arrays.

        The part of ``fit`` after validation, also called by the forests for
        each member (they validate once for all their trees).

        Parameters
        ----------
        X : float32 ndarray (n_samples, n_features), C order
        y_encoded : float64 ndarray (n_samples, n_outputs)
            Class indices (classification) or targets.
        sample_weight : float64 ndarray (n_samples,), non-negative
        n_classes : int64 ndarray (n_outputs,)
        criterion : int
            Kernel criterion code.
        presorted : (order, values, X_columns) or None
            ``presort_features(X, arange(n_samples))`` and ``X.T`` (float32,
            C order), computed once by a forest: the rows of positive weight
            are then selected from it in O(n_features n) instead of sorted
            again.
        """
        n_samples, n_features = X.shape
        min_samples_leaf = (
            self.min_samples_leaf
            if isinstance(self.min_samples_leaf, numbers.Integral)
            else ceil(self.min_samples_leaf * n_samples)
        )
        if isinstance(self.min_samples_split, numbers.Integral):
            min_samples_split = self.min_samples_split
        else:
            min_samples_split = max(2, ceil(self.min_samples_split * n_samples))
        min_samples_split = max(min_samples_split, 2 * min_samples_leaf)
        if isinstance(self.max_features, str):
            transform = np.sqrt if self.max_features == "sqrt" else np.log2
            max_features = max(1, int(transform(n_features)))
        elif self.max_features is None:
            max_features = n_features
        elif isinstance(self.max_features, numbers.Integral):
            max_features = self.max_features
        else:
            max_features = max(1, int(self.max_features * n_features))
        if max_features > n_features:
            raise ValueError("max_features must be in (0, n_features]")
        self.max_features_ = max_features
        max_depth = _MAX_INT if self.max_depth is None else self.max_depth
        max_leaf_nodes = -1 if self.max_leaf_nodes is None else self.max_leaf_nodes

        random_state = seeded_random_state(self.random_state)
        seed = int(random_state.randint(1, _MAX_INT))
        # rows used for growth (zero weights dropped, as scikit-learn does)
        grow = sample_weight > 0
        validation = None
        if self.pruning == "reduced_error":
            held_out = random_state.permutation(n_samples)[
                : max(1, int(round(self.validation_fraction * n_samples)))
            ]
            validation = np.zeros(n_samples, dtype=bool)
            validation[held_out] = True
            validation &= grow
            if validation.sum() == grow.sum():
                raise ValueError(
                    "validation_fraction leaves no sample to grow the tree"
                )
            grow &= ~validation
        samples = np.flatnonzero(grow).astype(np.int64)
        min_weight_leaf = self.min_weight_fraction_leaf * sample_weight[samples].sum()

        if presorted is not None and validation is None:
            # the values are copied only if the builder reads them from there
            keep_values = not reads_values_lazily(max_features, n_features)
            order, values = select_presorted(
                presorted[0], presorted[1], sample_weight, keep_values
            )
            builder = build_tree_with_columns
            columns = (presorted[2],)
        else:
            order, values = presort_features(X, samples)
            builder, columns = build_tree, ()
        (
            left,
            right,
            feature,
            threshold,
            impurity,
            n_node_samples,
            weighted_n_node_samples,
            value,
            missing_go_to_left,
            _,
        ) = builder(
            order,
            values,
            *columns,
            y_encoded,
            sample_weight,
            n_classes,
            criterion,
            self.splitter == "random",
            max_depth,
            min_samples_split,
            min_samples_leaf,
            float(min_weight_leaf),
            max_features,
            max_leaf_nodes,
            float(self.min_impurity_decrease),
            seed,
        )
        self.tree_ = Tree(
            n_features,
            n_classes,
            self.n_outputs_,
            left,
            right,
            feature,
            threshold,
            impurity,
            n_node_samples,
            weighted_n_node_samples,
            value,
            missing_go_to_left,
        )
        if self.pruning == "reduced_error":
            self._prune_reduced_error(
                X[validation], y_encoded[validation], sample_weight[validation]
            )
        elif self.pruning == "pessimistic":
            self._prune_pessimistic()
        if self.ccp_alpha > 0.0:
            self.tree_ = self.tree_.subtree(self._ccp_leaves(self.ccp_alpha))

    # -------------------------------------------------------------- pruning
    def _ccp_leaves(self, ccp_alpha):
        tree = self.tree_
        leaves, _, _ = cost_complexity_prune(
            tree.children_left.astype(np.int64),
            tree.children_right.astype(np.int64),
            tree.impurity,
            tree.weighted_n_node_samples,
            float(ccp_alpha),
            False,
        )
        return leaves

    def _node_errors(self, node_value, y, sample_weight):
        """Weighted error of predicting with ``node_value`` (n_outputs, K)."""
        if is_classifier(self):
            predicted = np.argmax(node_value, axis=1)
            wrong = (y != predicted[np.newaxis, :]).mean(axis=1)
            return float(np.sum(sample_weight * wrong))
        return float(np.sum(sample_weight * ((y - node_value[:, 0]) ** 2).mean(axis=1)))

    def _prune_reduced_error(self, X_val, y_val, w_val):
        """Reduced-error pruning (notes 5.5.2, rule 1; Quinlan 1987): bottom
        up, a subtree becomes a leaf when that does not increase the error on
        the held-out validation samples reaching it."""
        tree = self.tree_
        paths = tree.decision_path(X_val).tocsc()
        leaves = tree.children_left == TREE_LEAF
        subtree_error = np.zeros(tree.node_count)
        for node in range(tree.node_count - 1, -1, -1):  # children after parents
            rows = paths.indices[paths.indptr[node] : paths.indptr[node + 1]]
            as_leaf = self._node_errors(tree.value[node], y_val[rows], w_val[rows])
            if leaves[node]:
                subtree_error[node] = as_leaf
                continue
            below = (
                subtree_error[tree.children_left[node]]
                + subtree_error[tree.children_right[node]]
            )
            if as_leaf <= below:
                leaves[node] = True
                subtree_error[node] = as_leaf
            else:
                subtree_error[node] = below
        self.tree_ = tree.subtree(leaves)

    def _prune_pessimistic(self):
        """Pessimistic (C4.5) error-based pruning (notes 5.5.2): a leaf
        with N samples and E errors counts N U_CF(E, N) errors, the upper
        bound of a binomial confidence interval at level ``confidence``
        (normal approximation); a subtree becomes a leaf when the leaf's
        estimate is not larger than the sum over the subtree's leaves."""
        if not is_classifier(self):
            raise ValueError(
                'pruning="pessimistic" needs class errors: '
                "use it with DecisionTreeClassifier."
            )
        tree = self.tree_
        z = norm.ppf(1.0 - self.confidence)
        n = tree.weighted_n_node_samples
        # training error of each node used as a leaf (mean over outputs)
        errors = n * (1.0 - tree.value.max(axis=2)).mean(axis=1)
        f = errors / n
        upper = (
            f
            + z * z / (2 * n)
            + z * np.sqrt(np.maximum(f / n - f * f / n + z * z / (4 * n * n), 0.0))
        ) / (1 + z * z / n)
        estimate = n * upper
        leaves = tree.children_left == TREE_LEAF
        subtree_estimate = estimate.copy()
        for node in range(tree.node_count - 1, -1, -1):
            if leaves[node]:
                continue
            below = (
                subtree_estimate[tree.children_left[node]]
                + subtree_estimate[tree.children_right[node]]
            )
            if estimate[node] <= below:
                leaves[node] = True
            else:
                subtree_estimate[node] = below
        self.tree_ = tree.subtree(leaves)

    def cost_complexity_pruning_path(self, X, y, sample_weight=None):
        """Compute the pruning path during Minimal Cost-Complexity Pruning.

        The effective alphas and total leaf impurities of the weakest-link
        pruning sequence (notes 5.5.2, error complexity
        ``R_alpha(T) = R(T) + alpha * n_leaves(T)``).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The training input samples.

        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            The target values.

        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights, as in :meth:`fit`.

        Returns
        -------
        ccp_path : Bunch
            ``ccp_alphas`` (increasing) and ``impurities``.
        """
        est = self.__class__(**{**self.get_params(deep=False), "ccp_alpha": 0.0})
        est.fit(X, y, sample_weight=sample_weight)
        tree = est.tree_
        _, alphas, impurities = cost_complexity_prune(
            tree.children_left.astype(np.int64),
            tree.children_right.astype(np.int64),
            tree.impurity,
            tree.weighted_n_node_samples,
            0.0,
            True,
        )
        return Bunch(ccp_alphas=alphas, impurities=impurities)

    # -------------------------------------------------------------- predict
    def _validate_X_predict(self, X, check_input=True):
        check_is_fitted(self)
        if check_input:
            X = validate_data(
                self,
                X,
                reset=False,
                dtype=np.float32,
                order="C",
                ensure_all_finite="allow-nan",
            )
        return X

    def apply(self, X, check_input=True):
        """Index of the leaf each sample ends in."""
        return self.tree_.apply(self._validate_X_predict(X, check_input))

    def decision_path(self, X, check_input=True):
        """CSR indicator of the nodes each sample goes through."""
        return self.tree_.decision_path(self._validate_X_predict(X, check_input))

    def get_depth(self):
        """Depth of the tree (a single leaf has depth 0)."""
        check_is_fitted(self)
        return self.tree_.max_depth

    def get_n_leaves(self):
        """Number of leaves."""
        check_is_fitted(self)
        return self.tree_.n_leaves

    @property
    def feature_importances_(self):
        """Normalised total impurity decrease per feature (Gini importance)."""
        check_is_fitted(self)
        return self.tree_.compute_feature_importances()

    def predict(self, X, check_input=True):
        """Class (majority of the leaf) or value (mean/median of the leaf)."""
        X = self._validate_X_predict(X, check_input)
        value = self.tree_.predict(X)
        if is_classifier(self):
            if self.n_outputs_ == 1:
                return self.classes_.take(
                    np.argmax(value[:, 0, : self.n_classes_], axis=1)
                )
            predictions = np.zeros(
                (X.shape[0], self.n_outputs_), dtype=self.classes_[0].dtype
            )
            for k in range(self.n_outputs_):
                predictions[:, k] = self.classes_[k].take(
                    np.argmax(value[:, k, : self.n_classes_[k]], axis=1)
                )
            return predictions
        if self.n_outputs_ == 1:
            return value[:, 0, 0]
        return value[:, :, 0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True  # NaN is a value the splits route
        return tags


_DOC_COMMON = """
    splitter : {"best", "random"}, default="best"
        "best": every threshold of each examined feature; "random": one
        uniformly drawn threshold per feature.
    max_depth : int, default=None
        Stopping rule (notes 5.5.1): depth limit.  None grows until pure leaves
        or ``min_samples_split``.
    min_samples_split : int or float, default=2
        Stopping rule: a node with fewer samples is a leaf (float: fraction).
    min_samples_leaf : int or float, default=1
        A split must leave this many samples in each child.
    min_weight_fraction_leaf : float, default=0.0
        Same, as a fraction of the total sample weight.
    max_features : int, float, {"sqrt", "log2"} or None, default=None
        Features examined per split, drawn at random.
    random_state : int, RandomState instance or None, default=None
        Seeds the feature draws and random thresholds.
    max_leaf_nodes : int, default=None
        Stopping rule "total number of nodes exceeds a threshold": grows best
        first (largest impurity decrease first) up to this many leaves.
    min_impurity_decrease : float, default=0.0
        Stopping rule "insignificant entropy reduction": split only if
        ``N_t / N * (i(t) - N_L / N_t i(L) - N_R / N_t i(R))`` reaches it.
    ccp_alpha : float, default=0.0
        Minimal cost-complexity pruning (notes 5.5.2, error complexity):
        the subtree minimising ``R(T) + ccp_alpha |leaves(T)|``.
    monotonic_cst : None
        Accepted for compatibility; any other value raises ValueError.
    pruning : {"reduced_error", "pessimistic"} or None, default=None
        The notes' post-pruning rules (5.5.2).  None: scikit-learn's behaviour.
        "reduced_error" grows on ``1 - validation_fraction`` of the data and
        turns a subtree into a leaf when that does not increase the error on
        the held-out part; "pessimistic" (classifier only) uses C4.5's upper
        confidence bound of the training error.
    validation_fraction : float, default=0.1
        Held-out fraction for ``pruning="reduced_error"`` (drawn with
        ``random_state``).
    confidence : float, default=0.25
        C4.5's confidence factor CF for ``pruning="pessimistic"`` (smaller
        prunes more).
"""


class DecisionTreeClassifier(ClassifierMixin, BaseDecisionTree):
    __doc__ = (
        """CART classification tree (notes 5.5) grown by a Numba kernel.

    Drop-in for :class:`sklearn.tree.DecisionTreeClassifier` (same
    parameters, defaults, methods and ``tree_`` arrays, so
    ``sklearn.tree.export_text``, ``export_graphviz`` and ``plot_tree``
    draw it), plus the notes' misclassification impurity and post-pruning.

    Parameters
    ----------
    criterion : {"gini", "entropy", "log_loss", "misclassification"}, default="gini"
        Impurity i(t) of a node with class fractions p_k: gini
        ``1 - sum_k p_k^2`` (eq. 5.32-5.33, without the notes' factor 1/2),
        entropy = log_loss ``-sum_k p_k log2 p_k`` (eq. 5.28),
        misclassification ``1 - max_k p_k``.
"""
        + _DOC_COMMON
        + """    class_weight : dict, list of dict, "balanced" or None, default=None
        Weights multiplied into ``sample_weight``.

    Attributes
    ----------
    classes_ : ndarray or list of ndarray
    n_classes_ : int or ndarray
    n_features_in_ : int
    n_outputs_ : int
    max_features_ : int
    tree_ : Tree
        Flat node arrays (``children_left``, ``children_right``, ``feature``,
        ``threshold``, ``value``, ``impurity``, ``n_node_samples``, ...).
    feature_importances_ : ndarray of shape (n_features,)

    See Also
    --------
    DecisionTreeRegressor : the regression tree.
    sklearn.tree.DecisionTreeClassifier : scikit-learn's twin.

    Notes
    -----
    The best split of node t minimises the weighted children impurity
    ``N_L/N_t i(L) + N_R/N_t i(R)`` (notes eq. 5.29/5.34), i.e. maximises the
    information gain (eq. 5.30) for entropy.  Thresholds lie halfway between
    consecutive distinct values.  Each feature is sorted once at the root and
    the sorted lists are partitioned at every split, so a level costs O(D N).
    Missing values (NaN) are handled as scikit-learn does: at each split they
    are tried on both sides (and alone on the right, threshold +inf) and go
    where the impurity is lowest; at predict time ``missing_go_to_left``
    routes them (to the larger child where training saw none).

    References
    ----------
    L. Breiman, J. Friedman, R. Olshen, C. Stone, "Classification and
    Regression Trees", 1984.  J. R. Quinlan, "C4.5: Programs for Machine
    Learning", 1993.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_notes.tree import DecisionTreeClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, y)
    >>> clf.get_n_leaves(), round(clf.score(X, y), 2)
    (3, 0.96)
    """
    )

    _parameter_constraints: dict = {
        **BaseDecisionTree._parameter_constraints,
        "criterion": [StrOptions(set(CRITERIA_CLF))],
        "class_weight": [dict, list, StrOptions({"balanced"}), None],
    }

    def __init__(
        self,
        *,
        criterion="gini",
        splitter="best",
        max_depth=None,
        min_samples_split=2,
        min_samples_leaf=1,
        min_weight_fraction_leaf=0.0,
        max_features=None,
        random_state=None,
        max_leaf_nodes=None,
        min_impurity_decrease=0.0,
        class_weight=None,
        ccp_alpha=0.0,
        monotonic_cst=None,
        pruning=None,
        validation_fraction=0.1,
        confidence=0.25,
    ):
        self.criterion = criterion
        self.splitter = splitter
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.random_state = random_state
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.class_weight = class_weight
        self.ccp_alpha = ccp_alpha
        self.monotonic_cst = monotonic_cst
        self.pruning = pruning
        self.validation_fraction = validation_fraction
        self.confidence = confidence

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, check_input=True):
        """Grow the tree on (X, y) (then prune if asked)."""
        return self._fit(X, y, sample_weight)

    def predict_proba(self, X, check_input=True):
        """Class fractions of each sample's leaf."""
        X = self._validate_X_predict(X, check_input)
        value = self.tree_.predict(X)
        if self.n_outputs_ == 1:
            return _normalise(value[:, 0, : self.n_classes_])
        return [
            _normalise(value[:, k, : self.n_classes_[k]])
            for k in range(self.n_outputs_)
        ]

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`."""
        proba = self.predict_proba(X)
        with np.errstate(divide="ignore"):
            if self.n_outputs_ == 1:
                return np.log(proba)
            return [np.log(p) for p in proba]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags


def _normalise(proba):
    total = proba.sum(axis=1, keepdims=True)
    total[total == 0.0] = 1.0
    return proba / total


class DecisionTreeRegressor(RegressorMixin, BaseDecisionTree):
    __doc__ = (
        """CART regression tree (notes 5.5, reduction in variance) grown
    by a Numba kernel; drop-in for :class:`sklearn.tree.DecisionTreeRegressor`.

    Parameters
    ----------
    criterion : {"squared_error", "friedman_mse", "absolute_error", "poisson"}, \
default="squared_error"
        Node impurity: variance ``sum w (y - mean)^2 / W`` (eq. 5.36, leaf
        value the mean), mean absolute deviation from the weighted median
        (leaf value the median), or half Poisson deviance (leaf value the
        mean).  "friedman_mse" is scikit-learn's deprecated alias of
        "squared_error".
"""
        + _DOC_COMMON
        + """
    Attributes
    ----------
    n_features_in_ : int
    n_outputs_ : int
    max_features_ : int
    tree_ : Tree
    feature_importances_ : ndarray of shape (n_features,)

    See Also
    --------
    DecisionTreeClassifier : the classification tree.
    sklearn.tree.DecisionTreeRegressor : scikit-learn's twin.

    Notes
    -----
    The split maximises ``S_L^2 / W_L + S_R^2 / W_R`` (sums S and weights W
    of the children), which minimises the children's summed squared error.
    ``pruning="pessimistic"`` is for classifiers only.

    References
    ----------
    L. Breiman et al., "Classification and Regression Trees", 1984.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn_notes.tree import DecisionTreeRegressor
    >>> X, y = load_diabetes(return_X_y=True)
    >>> reg = DecisionTreeRegressor(max_depth=3, random_state=0).fit(X, y)
    >>> reg.get_depth(), reg.get_n_leaves()
    (3, 8)
    """
    )

    _parameter_constraints: dict = {
        **BaseDecisionTree._parameter_constraints,
        "criterion": [StrOptions(set(CRITERIA_REG))],
    }

    def __init__(
        self,
        *,
        criterion="squared_error",
        splitter="best",
        max_depth=None,
        min_samples_split=2,
        min_samples_leaf=1,
        min_weight_fraction_leaf=0.0,
        max_features=None,
        random_state=None,
        max_leaf_nodes=None,
        min_impurity_decrease=0.0,
        ccp_alpha=0.0,
        monotonic_cst=None,
        pruning=None,
        validation_fraction=0.1,
        confidence=0.25,
    ):
        self.criterion = criterion
        self.splitter = splitter
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.min_weight_fraction_leaf = min_weight_fraction_leaf
        self.max_features = max_features
        self.random_state = random_state
        self.max_leaf_nodes = max_leaf_nodes
        self.min_impurity_decrease = min_impurity_decrease
        self.ccp_alpha = ccp_alpha
        self.monotonic_cst = monotonic_cst
        self.pruning = pruning
        self.validation_fraction = validation_fraction
        self.confidence = confidence

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None, check_input=True):
        """Grow the tree on (X, y) (then prune if asked)."""
        return self._fit(X, y, sample_weight)

    def _compute_partial_dependence_recursion(self, grid, target_features):
        """Partial dependence on ``grid`` (used by
        ``sklearn.inspection.partial_dependence(method="recursion")``)."""
        grid = np.asarray(grid, dtype=np.float32, order="C")
        averaged = np.zeros(grid.shape[0])
        self.tree_.compute_partial_dependence(
            grid, np.asarray(target_features, dtype=np.intp), averaged
        )
        return averaged


# scikit-learn's exporters (export_text, plot_tree) accept only instances of
# its own tree classes; registering ours as virtual subclasses of those ABCs
# lets them draw our trees, which carry the same ``tree_`` arrays.
_sklearn_tree.DecisionTreeClassifier.register(DecisionTreeClassifier)
_sklearn_tree.DecisionTreeRegressor.register(DecisionTreeRegressor)
