"""DecisionTreeClassifier / DecisionTreeRegressor against scikit-learn's twins."""

import numpy as np
import pytest
from sklearn import tree as sk_tree
from sklearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
    make_regression,
)
from sklearn.metrics import r2_score
from sklearn.model_selection import KFold, StratifiedKFold

from sklearn_notes.tree import DecisionTreeClassifier, DecisionTreeRegressor

# Features can tie (two features giving the same partition of a node, e.g. the
# correlated s1/s2 of diabetes) and each library breaks ties by its own random
# feature order, so trees are compared by the partitions they make: same
# shape, same samples, impurities and values in every node.
TREE_ARRAYS = ["children_left", "children_right", "n_node_samples"]
TREE_FLOATS = ["impurity", "weighted_n_node_samples", "value"]


def _assert_same_tree(ours, theirs):
    assert ours.tree_.node_count == theirs.tree_.node_count
    for name in TREE_ARRAYS:
        np.testing.assert_array_equal(
            getattr(ours.tree_, name), getattr(theirs.tree_, name)
        )
    for name in TREE_FLOATS:
        np.testing.assert_allclose(
            getattr(ours.tree_, name),
            getattr(theirs.tree_, name),
            rtol=1e-7,
            atol=1e-12,
        )


@pytest.mark.parametrize("criterion", ["gini", "entropy", "log_loss"])
@pytest.mark.parametrize("max_depth", [1, 2])
def test_same_tree_as_sklearn_on_wine(criterion, max_depth):
    # shallow trees on wine have no ties between features: identical trees
    # (on iris two features tie at the root and the random order decides)
    X, y = load_wine(return_X_y=True)
    ours = DecisionTreeClassifier(criterion=criterion, max_depth=max_depth).fit(X, y)
    theirs = sk_tree.DecisionTreeClassifier(
        criterion=criterion, max_depth=max_depth, random_state=0
    ).fit(X, y)
    _assert_same_tree(ours, theirs)
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_)


@pytest.mark.parametrize("criterion", ["squared_error", "absolute_error", "poisson"])
def test_same_tree_as_sklearn_on_diabetes(criterion):
    X, y = load_diabetes(return_X_y=True)
    ours = DecisionTreeRegressor(criterion=criterion, max_depth=4).fit(X, y)
    theirs = sk_tree.DecisionTreeRegressor(
        criterion=criterion, max_depth=4, random_state=0
    ).fit(X, y)
    # tied features may mirror a partition (left and right swapped): compare
    # the nodes as a set and the predictions
    assert ours.tree_.node_count == theirs.tree_.node_count
    np.testing.assert_allclose(
        np.sort(ours.tree_.impurity), np.sort(theirs.tree_.impurity)
    )
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X))


@pytest.mark.parametrize(
    "loader", [load_iris, load_wine, load_breast_cancer, load_digits]
)
@pytest.mark.parametrize("criterion", ["gini", "entropy"])
def test_accuracy_close_to_sklearn(loader, criterion):
    X, y = loader(return_X_y=True)
    ours, theirs = [], []
    # ties between features are broken at random: average over seeds too
    for seed in range(5):
        for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
            a = DecisionTreeClassifier(criterion=criterion, random_state=seed).fit(
                X[train], y[train]
            )
            b = sk_tree.DecisionTreeClassifier(
                criterion=criterion, random_state=seed
            ).fit(X[train], y[train])
            ours.append(a.score(X[test], y[test]))
            theirs.append(b.score(X[test], y[test]))
    assert abs(np.mean(ours) - np.mean(theirs)) <= 0.01


def test_r2_close_to_sklearn_on_diabetes():
    X, y = load_diabetes(return_X_y=True)
    ours, theirs = [], []
    for seed in range(10):
        for train, test in KFold(5, shuffle=True, random_state=0).split(X):
            a = DecisionTreeRegressor(random_state=seed).fit(X[train], y[train])
            b = sk_tree.DecisionTreeRegressor(random_state=seed).fit(X[train], y[train])
            ours.append(r2_score(y[test], a.predict(X[test])))
            theirs.append(r2_score(y[test], b.predict(X[test])))
    assert abs(np.mean(ours) - np.mean(theirs)) <= 0.03


def _check_rules(clf, X):
    tree = clf.tree_
    leaves = tree.children_left == -1
    splits = ~leaves
    weighted = tree.weighted_n_node_samples
    left, right = tree.children_left[splits], tree.children_right[splits]
    decrease = (
        weighted[splits] * tree.impurity[splits]
        - weighted[left] * tree.impurity[left]
        - weighted[right] * tree.impurity[right]
    ) / weighted[0]
    return tree.n_node_samples, leaves, splits, decrease


@pytest.mark.parametrize(
    "params",
    [
        dict(min_samples_leaf=5),
        dict(min_samples_split=10),
        dict(max_leaf_nodes=8),
        dict(min_impurity_decrease=0.01),
        dict(min_weight_fraction_leaf=0.05),
        dict(max_depth=3),
    ],
)
def test_stopping_rules_hold(params):
    X, y = load_wine(return_X_y=True)
    clf = DecisionTreeClassifier(random_state=0, **params).fit(X, y)
    n, leaves, splits, decrease = _check_rules(clf, X)
    if "min_samples_leaf" in params:
        assert n[leaves].min() >= 5
    if "min_samples_split" in params:
        assert n[splits].min() >= 10
    if "max_leaf_nodes" in params:
        assert clf.get_n_leaves() == 8
    if "min_impurity_decrease" in params:
        assert decrease.min() >= 0.01 - 1e-12
    if "min_weight_fraction_leaf" in params:
        assert clf.tree_.weighted_n_node_samples[leaves].min() >= 0.05 * len(y)
    if "max_depth" in params:
        assert clf.get_depth() == 3
    # the rule stopped growth: the full tree is larger
    assert (
        clf.get_n_leaves()
        < DecisionTreeClassifier(random_state=0).fit(X, y).get_n_leaves()
    )


def test_class_weight_balanced_equals_weights():
    X, y = load_wine(return_X_y=True)
    weights = len(y) / (3 * np.bincount(y))
    a = DecisionTreeClassifier(class_weight="balanced", random_state=0).fit(X, y)
    b = DecisionTreeClassifier(random_state=0).fit(X, y, sample_weight=weights[y])
    np.testing.assert_allclose(a.tree_.value, b.tree_.value)


def test_max_leaf_nodes_grows_best_first():
    X, y = load_diabetes(return_X_y=True)
    ours = DecisionTreeRegressor(max_leaf_nodes=10).fit(X, y)
    theirs = sk_tree.DecisionTreeRegressor(max_leaf_nodes=10, random_state=0).fit(X, y)
    assert ours.get_n_leaves() == theirs.get_n_leaves() == 10
    np.testing.assert_allclose(
        np.sort(ours.tree_.impurity), np.sort(theirs.tree_.impurity)
    )
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X))


def test_sample_weight_equals_repetition():
    X, y = load_iris(return_X_y=True)
    rng = np.random.RandomState(0)
    w = rng.randint(0, 3, size=len(y))
    weighted = DecisionTreeClassifier(random_state=0).fit(X, y, sample_weight=w)
    repeated = DecisionTreeClassifier(random_state=0).fit(
        np.repeat(X, w, axis=0), np.repeat(y, w)
    )
    np.testing.assert_allclose(weighted.predict_proba(X), repeated.predict_proba(X))


def test_multi_output():
    X, y = load_wine(return_X_y=True)
    Y = np.column_stack([y, (X[:, 0] > 13.0).astype(int)])
    ours = DecisionTreeClassifier(max_depth=2).fit(X, Y)
    theirs = sk_tree.DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, Y)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    for p, q in zip(ours.predict_proba(X), theirs.predict_proba(X)):
        np.testing.assert_allclose(p, q)


def test_misclassification_impurity():
    X, y = load_iris(return_X_y=True)
    clf = DecisionTreeClassifier(criterion="misclassification", max_depth=2).fit(X, y)
    value = clf.tree_.value[:, 0, :]
    np.testing.assert_allclose(clf.tree_.impurity, 1.0 - value.max(axis=1))
    assert clf.score(X, y) > 0.9


def test_apply_decision_path_and_log_proba():
    X, y = load_wine(return_X_y=True)
    ours = DecisionTreeClassifier(max_depth=2).fit(X, y)
    theirs = sk_tree.DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, y)
    np.testing.assert_array_equal(ours.apply(X), theirs.apply(X))
    np.testing.assert_array_equal(
        ours.decision_path(X).toarray(), theirs.decision_path(X).toarray()
    )
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(
            ours.predict_log_proba(X), np.log(ours.predict_proba(X))
        )


@pytest.mark.parametrize("alpha", [0.005, 0.02])
def test_ccp_alpha_matches_sklearn(alpha):
    X, y = load_breast_cancer(return_X_y=True)
    ours = DecisionTreeClassifier(ccp_alpha=alpha, max_depth=5).fit(X, y)
    theirs = sk_tree.DecisionTreeClassifier(
        ccp_alpha=alpha, max_depth=5, random_state=0
    ).fit(X, y)
    assert ours.get_n_leaves() == theirs.get_n_leaves()
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


def test_cost_complexity_pruning_path_matches_sklearn():
    X, y = load_iris(return_X_y=True)
    ours = DecisionTreeClassifier(max_depth=3).cost_complexity_pruning_path(X, y)
    theirs = sk_tree.DecisionTreeClassifier(
        max_depth=3, random_state=0
    ).cost_complexity_pruning_path(X, y)
    np.testing.assert_allclose(ours.ccp_alphas, theirs.ccp_alphas, atol=1e-12)
    np.testing.assert_allclose(ours.impurities, theirs.impurities, atol=1e-12)


def test_reduced_error_pruning_never_hurts_the_validation_error():
    X, y = load_breast_cancer(return_X_y=True)
    pruned = DecisionTreeClassifier(
        pruning="reduced_error", validation_fraction=0.3, random_state=0
    ).fit(X, y)
    full = DecisionTreeClassifier(random_state=0).fit(X, y)
    assert pruned.get_n_leaves() < full.get_n_leaves()
    assert pruned.score(X, y) > 0.9


def test_pessimistic_pruning_shrinks_the_tree():
    X, y = load_breast_cancer(return_X_y=True)
    full = DecisionTreeClassifier(random_state=0).fit(X, y)
    mild = DecisionTreeClassifier(
        pruning="pessimistic", confidence=0.4, random_state=0
    ).fit(X, y)
    strong = DecisionTreeClassifier(
        pruning="pessimistic", confidence=0.05, random_state=0
    ).fit(X, y)
    assert strong.get_n_leaves() <= mild.get_n_leaves() <= full.get_n_leaves()
    assert strong.get_n_leaves() < full.get_n_leaves()
    with pytest.raises(ValueError, match="DecisionTreeClassifier"):
        DecisionTreeRegressor(pruning="pessimistic").fit(X, y)


def test_sklearn_exporters_draw_our_trees():
    import matplotlib  # a test dependency: plot_tree is part of the contract

    matplotlib.use("Agg")
    X, y = load_wine(return_X_y=True)
    ours = DecisionTreeClassifier(max_depth=2).fit(X, y)
    theirs = sk_tree.DecisionTreeClassifier(max_depth=2, random_state=0).fit(X, y)
    assert sk_tree.export_text(ours) == sk_tree.export_text(theirs)
    assert sk_tree.export_graphviz(ours) == sk_tree.export_graphviz(theirs)
    assert len(sk_tree.plot_tree(ours)) == len(sk_tree.plot_tree(theirs))
    reg = DecisionTreeRegressor(max_depth=2).fit(X, y)
    assert "value" in sk_tree.export_text(reg)


@pytest.mark.parametrize("max_depth", [1, 2, 3])
def test_missing_values_as_sklearn(max_depth):
    X, y = load_breast_cancer(return_X_y=True)
    X = X.copy()
    X[np.random.RandomState(0).rand(*X.shape) < 0.2] = np.nan
    ours = DecisionTreeClassifier(max_depth=max_depth).fit(X, y)
    theirs = sk_tree.DecisionTreeClassifier(max_depth=max_depth, random_state=0).fit(
        X, y
    )
    _assert_same_tree(ours, theirs)
    np.testing.assert_array_equal(
        ours.tree_.missing_go_to_left, theirs.tree_.missing_go_to_left
    )
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X))


@pytest.mark.parametrize("criterion", ["squared_error", "absolute_error", "poisson"])
def test_missing_values_regression_as_sklearn(criterion):
    X, y = load_diabetes(return_X_y=True)
    X = X.copy()
    X[np.random.RandomState(0).rand(*X.shape) < 0.2] = np.nan
    ours = DecisionTreeRegressor(criterion=criterion, max_depth=3).fit(X, y)
    theirs = sk_tree.DecisionTreeRegressor(
        criterion=criterion, max_depth=3, random_state=0
    ).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X))


def test_missing_values_unseen_in_training_go_to_larger_child():
    X, y = load_wine(return_X_y=True)
    clf = DecisionTreeClassifier(max_depth=1).fit(X, y)
    tree = clf.tree_
    X_nan = X[:1].copy()
    X_nan[0, tree.feature[0]] = np.nan
    larger = 1 if tree.n_node_samples[1] > tree.n_node_samples[2] else 2
    assert clf.apply(X_nan)[0] == larger


def test_bad_input():
    X, y = load_iris(return_X_y=True)
    X_inf = X.copy()
    X_inf[0, 0] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        DecisionTreeClassifier().fit(X_inf, y)
    with pytest.raises(ValueError, match="monotonic_cst"):
        DecisionTreeClassifier(monotonic_cst=[0, 0, 0, 0]).fit(X, y)
    with pytest.raises(ValueError, match="negative"):
        DecisionTreeRegressor(criterion="poisson").fit(X, -np.ones(len(y)))


def test_partial_dependence_recursion_as_sklearn():
    from sklearn.inspection import partial_dependence

    # Continuous features without ties between equally good splits, so that both
    # libraries grow the same tree whatever their random feature order (diabetes'
    # correlated s1/s2 tie, and each library then picks by its own RNG).
    X, y = make_regression(n_samples=300, n_features=6, noise=5.0, random_state=0)
    ours = DecisionTreeRegressor(max_depth=4, random_state=0).fit(X, y)
    theirs = sk_tree.DecisionTreeRegressor(max_depth=4, random_state=0).fit(X, y)
    assert sk_tree.export_text(ours) == sk_tree.export_text(theirs)
    for features in ([2], [2, 4]):
        a = partial_dependence(ours, X, features, method="recursion")
        b = partial_dependence(theirs, X, features, method="recursion")
        np.testing.assert_allclose(a["average"], b["average"])
