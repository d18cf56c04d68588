"""ID3: multiway decision tree on categorical features (notes 5.5, eq. 5.28-5.31)."""

import numbers

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._id3_kernels import id3_leaf_of, information_gains

__all__ = ["ID3Classifier"]


def _category_key(value):
    """Hashable key of a cell: the value itself, or its repr if unhashable."""
    try:
        hash(value)
    except TypeError:
        return ("<unhashable>", repr(value))
    return value


def _sort_key(value):
    # mixed types (strings and numbers) sort by type name first
    return (
        (type(value).__name__, repr(value))
        if not isinstance(value, numbers.Number)
        else ("", value)
    )


class ID3Classifier(ClassifierMixin, BaseEstimator):
    """Iterative Dichotomiser 3: multiway splits on categorical features by
    information gain (notes 5.5, eq. 5.28-5.31).

    Every column is categorical: a node split on feature ``x`` gets one child
    per category of ``x`` present in the node.  Strings, integers or any
    mix (object arrays) are accepted.  Numeric columns are treated as
    categories too (each distinct value is one category): bin continuous
    features first (e.g. :class:`sklearn.preprocessing.KBinsDiscretizer`)
    or use :class:`DecisionTreeClassifier`.

    Parameters
    ----------
    max_depth : int, default=None
        Maximum depth (None: until pure leaves or no informative feature).
    min_samples_split : int, default=2
        A node with fewer samples is a leaf.
    min_gain : float, default=0.0
        A node is split only if the best information gain exceeds it
        (the notes' "insignificant entropy reduction" stopping rule).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    n_features_in_ : int
    categories_ : list of ndarray
        The categories of each feature seen in training (sorted).
    tree_feature_ : ndarray of shape (node_count,)
        Feature split on at each node, -2 at leaves.
    tree_value_ : ndarray of shape (node_count, n_classes)
        Class fractions of the training samples reaching each node.
    tree_children_ : list of dict
        For each node, category index -> child node.
    tree_n_node_samples_ : ndarray of shape (node_count,)

    See Also
    --------
    DecisionTreeClassifier : binary CART splits on numeric features.

    Notes
    -----
    At node S with N samples, entropy ``H(S) = -sum_c N_c/N log2(N_c/N)``
    (eq. 5.28); splitting on x gives children S_1..S_K with m_k samples,
    ``H(x, S) = sum_k m_k/N H(S_k)`` (5.29) and the gain
    ``G(x, S) = H(S) - H(x, S)`` (5.30); the chosen feature is
    ``argmax_x G(x, S)`` (5.31), the lowest index on ties.  A sample whose
    category was not seen at a node during training stops there and gets
    that node's class distribution.

    References
    ----------
    J. R. Quinlan, "Induction of decision trees", Machine Learning 1, 1986.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_notes.tree import ID3Classifier
    >>> X = np.array([["sunny", "hot"], ["sunny", "mild"], ["rain", "mild"],
    ...               ["rain", "hot"], ["overcast", "hot"]], dtype=object)
    >>> y = np.array(["no", "no", "yes", "yes", "yes"])
    >>> clf = ID3Classifier().fit(X, y)
    >>> clf.predict(np.array([["sunny", "mild"], ["snow", "hot"]], dtype=object))
    array(['no', 'yes'], dtype='<U3')
    """

    _parameter_constraints: dict = {
        "max_depth": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "min_samples_split": [Interval(numbers.Integral, 2, None, closed="left")],
        "min_gain": [Interval(numbers.Real, 0.0, None, closed="left")],
    }

    def __init__(self, *, max_depth=None, min_samples_split=2, min_gain=0.0):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_gain = min_gain

    def _encode(self, X):
        """Category index of every cell, -1 for a category unseen in fit."""
        codes = np.empty(X.shape, dtype=np.int64)
        for j, lookup in enumerate(self._lookup):
            codes[:, j] = [lookup.get(_category_key(v), -1) for v in X[:, j]]
        return codes

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Grow the tree on categorical X."""
        X, y = validate_data(self, X, y, dtype=None)
        check_classification_targets(y)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        self.categories_ = []
        self._lookup = []
        for j in range(X.shape[1]):
            keys = {_category_key(v) for v in X[:, j]}
            categories = sorted(keys, key=_sort_key)
            self.categories_.append(np.array(categories + [None], dtype=object)[:-1])
            self._lookup.append({key: i for i, key in enumerate(categories)})
        codes = self._encode(X)
        n_categories = np.array([len(c) for c in self.categories_], dtype=np.int64)
        y_index = y_index.astype(np.int64)
        n_classes = len(self.classes_)
        max_depth = np.inf if self.max_depth is None else self.max_depth

        features, values, children, sizes = [], [], [], []
        gains = np.empty(X.shape[1])
        stack = [(np.arange(X.shape[0], dtype=np.int64), 0, None, None)]
        while stack:
            samples, depth, parent, category = stack.pop()
            node = len(features)
            if parent is not None:
                children[parent][category] = node
            counts = np.bincount(y_index[samples], minlength=n_classes)
            values.append(counts / samples.shape[0])
            sizes.append(samples.shape[0])
            features.append(-2)
            children.append({})
            if (
                depth >= max_depth
                or samples.shape[0] < self.min_samples_split
                or np.count_nonzero(counts) <= 1
            ):
                continue
            information_gains(codes, y_index, samples, n_categories, n_classes, gains)
            best = int(np.argmax(gains))
            if not gains[best] > max(self.min_gain, 1e-12):
                continue
            features[node] = best
            column = codes[samples, best]
            for code in np.unique(column)[::-1]:  # first category built first
                stack.append((samples[column == code], depth + 1, node, int(code)))

        self.tree_feature_ = np.array(features, dtype=np.int64)
        self.tree_value_ = np.array(values)
        self.tree_children_ = children
        self.tree_n_node_samples_ = np.array(sizes, dtype=np.int64)
        # flat child table for the kernel: one slot per category of the node's feature
        start = np.zeros(len(features), dtype=np.int64)
        table = []
        for node, feature in enumerate(features):
            start[node] = len(table)
            if feature >= 0:
                slots = [-1] * int(n_categories[feature])
                for code, child in children[node].items():
                    slots[code] = child
                table.extend(slots)
        self._child_start = start
        self._child_table = np.array(table + [-1], dtype=np.int64)
        return self

    def _nodes(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=None, reset=False)
        return id3_leaf_of(
            self._encode(X), self.tree_feature_, self._child_start, self._child_table
        )

    def predict_proba(self, X):
        """Class fractions of the node each sample stops at."""
        nodes = self._nodes(X)
        return self.tree_value_[nodes]

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X):
        """Majority class of the node each sample stops at."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]

    def get_depth(self):
        """Depth of the tree (a single leaf has depth 0)."""
        check_is_fitted(self)
        depth = {0: 0}
        for node, kids in enumerate(self.tree_children_):
            for child in kids.values():
                depth[child] = depth[node] + 1
        return max(depth.values())

    def get_n_leaves(self):
        """Number of leaves."""
        check_is_fitted(self)
        return int(np.sum(self.tree_feature_ < 0))

    def export_text(self, feature_names=None):
        """The rules as text, in the style of :func:`sklearn.tree.export_text`."""
        check_is_fitted(self)
        if feature_names is None:
            feature_names = [f"feature_{j}" for j in range(self.n_features_in_)]
        lines = []

        def recurse(node, indent):
            feature = self.tree_feature_[node]
            if feature < 0:
                label = self.classes_[np.argmax(self.tree_value_[node])]
                lines.append(f"{indent}|--- class: {label}")
                return
            for code, child in sorted(self.tree_children_[node].items()):
                category = self.categories_[feature][code]
                shown = repr(category) if isinstance(category, str) else str(category)
                lines.append(f"{indent}|--- {feature_names[feature]} == {shown}")
                recurse(child, indent + "|   ")

        recurse(0, "")
        return "\n".join(lines) + "\n"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags
