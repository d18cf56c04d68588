"""AdaBoostClassifier against scikit-learn's twin and a naive SAMME loop."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import ensemble as sk_ensemble
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier as SkTree

from sklearn_notes.ensemble import AdaBoostClassifier
from sklearn_notes.tree import DecisionTreeClassifier

LOADERS = [load_iris, load_wine, load_breast_cancer]


@pytest.mark.parametrize("load", LOADERS)
def test_same_ensemble_as_sklearn_with_same_base(load):
    # Same base estimator (scikit-learn's stump): same SAMME arithmetic.
    X, y = load(return_X_y=True)
    ours = AdaBoostClassifier(SkTree(max_depth=1), n_estimators=30, random_state=0)
    theirs = sk_ensemble.AdaBoostClassifier(
        SkTree(max_depth=1), n_estimators=30, random_state=0
    )
    ours.fit(X, y)
    theirs.fit(X, y)
    assert_allclose(ours.estimator_weights_, theirs.estimator_weights_, rtol=1e-9)
    assert_allclose(ours.estimator_errors_, theirs.estimator_errors_, rtol=1e-9)
    assert_allclose(ours.decision_function(X), theirs.decision_function(X), atol=1e-9)
    assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-9)
    assert_array_equal(ours.predict(X), theirs.predict(X))


@pytest.mark.parametrize("load", LOADERS)
def test_default_stumps_match_sklearn(load):
    # Our presorted stump finds the same splits as scikit-learn's tree
    # (up to ties), hence the same weights here.
    X, y = load(return_X_y=True)
    ours = AdaBoostClassifier(n_estimators=30, random_state=0).fit(X, y)
    theirs = sk_ensemble.AdaBoostClassifier(n_estimators=30, random_state=0).fit(X, y)
    assert_allclose(ours.estimator_weights_, theirs.estimator_weights_, rtol=1e-6)
    assert_array_equal(ours.predict(X), theirs.predict(X))
    if load is not load_iris:
        # iris: petal length and width isolate setosa equally well; we take
        # the lower feature, scikit-learn a random one (same predictions).
        assert_allclose(
            ours.feature_importances_, theirs.feature_importances_, atol=1e-6
        )


@pytest.mark.parametrize("load", LOADERS)
def test_accuracy_close_to_sklearn_over_seeds(load, global_random_seed):
    X, y = load(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.3, random_state=global_random_seed, stratify=y
    )
    ours = AdaBoostClassifier(random_state=global_random_seed).fit(X_train, y_train)
    theirs = sk_ensemble.AdaBoostClassifier(random_state=global_random_seed)
    theirs.fit(X_train, y_train)
    assert abs(ours.score(X_test, y_test) - theirs.score(X_test, y_test)) <= 0.015


def _naive_samme(X, y, n_estimators, learning_rate):
    """Textbook SAMME loop (eqs. 5.9-5.13 with the ln(K - 1) term)."""
    classes = np.unique(y)
    K = len(classes)
    w = np.full(len(y), 1.0 / len(y))
    members, alphas = [], []
    for m in range(n_estimators):
        tree = SkTree(max_depth=1, random_state=0).fit(X, y, sample_weight=w)
        wrong = tree.predict(X) != y
        err = np.sum(w * wrong) / np.sum(w)
        alpha = learning_rate * (np.log((1 - err) / err) + np.log(K - 1))
        w = w * np.exp(alpha * wrong)
        w /= w.sum()
        members.append(tree)
        alphas.append(alpha)
    votes = np.zeros((len(y), K))
    for tree, alpha in zip(members, alphas):
        hit = tree.predict(X)[:, None] == classes
        votes += np.where(hit, alpha, -alpha / (K - 1))
    return np.array(alphas), classes[np.argmax(votes, axis=1)]


@pytest.mark.parametrize("learning_rate", [0.5, 1.0])
def test_matches_naive_samme(learning_rate):
    X, y = load_wine(return_X_y=True)
    alphas, labels = _naive_samme(X, y, 15, learning_rate)
    ours = AdaBoostClassifier(n_estimators=15, learning_rate=learning_rate).fit(X, y)
    assert_allclose(ours.estimator_weights_, alphas, rtol=1e-6)
    assert_array_equal(ours.predict(X), labels)


def test_staged_methods_end_at_final_prediction():
    X, y = load_iris(return_X_y=True)
    clf = AdaBoostClassifier(n_estimators=10, random_state=0).fit(X, y)
    stages = list(clf.staged_decision_function(X))
    assert len(stages) == len(clf.estimators_)
    assert_allclose(stages[-1], clf.decision_function(X))
    assert_allclose(list(clf.staged_predict_proba(X))[-1], clf.predict_proba(X))
    assert_array_equal(list(clf.staged_predict(X))[-1], clf.predict(X))
    assert list(clf.staged_score(X, y))[-1] == clf.score(X, y)
    # first stage: the first member alone
    assert_array_equal(list(clf.staged_predict(X))[0], clf.estimators_[0].predict(X))


def test_members_are_our_fitted_stumps():
    X, y = load_breast_cancer(return_X_y=True)
    clf = AdaBoostClassifier(n_estimators=5, random_state=0).fit(X, y)
    for stump in clf.estimators_:
        assert isinstance(stump, DecisionTreeClassifier)
        assert stump.get_depth() == 1
        leaf_of = stump.apply(X)
        assert set(np.unique(leaf_of)) <= {1, 2}
    assert_allclose(clf.feature_importances_.sum(), 1.0)
    assert clf.classes_.tolist() == [0, 1] and clf.n_classes_ == 2


def test_binary_decision_function_sign_and_proba():
    X, y = load_breast_cancer(return_X_y=True)
    clf = AdaBoostClassifier(n_estimators=10, random_state=0).fit(X, y)
    score = clf.decision_function(X)
    assert score.shape == (len(y),)
    assert_array_equal(clf.predict(X), clf.classes_[(score > 0).astype(int)])
    proba = clf.predict_proba(X)
    assert_allclose(proba.sum(axis=1), 1.0)
    assert_allclose(proba[:, 1], 1 / (1 + np.exp(-score)))


def test_string_labels_and_zero_weights_equal_removal():
    X, y = load_iris(return_X_y=True)
    labels = np.array(["a", "b", "c"])[y]
    sw = np.ones(len(y))
    sw[::7] = 0
    weighted = AdaBoostClassifier(n_estimators=10, random_state=0)
    weighted.fit(X, labels, sample_weight=sw)
    removed = AdaBoostClassifier(n_estimators=10, random_state=0)
    removed.fit(X[sw > 0], labels[sw > 0])
    assert_allclose(weighted.estimator_weights_, removed.estimator_weights_)
    assert_array_equal(weighted.predict(X), removed.predict(X))
    assert set(weighted.predict(X)) <= set(labels)


def test_any_base_with_sample_weight():
    X, y = load_iris(return_X_y=True)
    base = LogisticRegression(max_iter=1000)
    ours = AdaBoostClassifier(base, n_estimators=5).fit(X, y)
    theirs = sk_ensemble.AdaBoostClassifier(base, n_estimators=5).fit(X, y)
    assert_allclose(ours.estimator_weights_, theirs.estimator_weights_, rtol=1e-6)
    assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-6)


def test_base_without_sample_weight_is_refused():
    from sklearn.neighbors import KNeighborsClassifier

    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="doesn't support sample_weight"):
        AdaBoostClassifier(KNeighborsClassifier()).fit(X, y)


def test_perfect_first_member_stops():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    y = np.array([0, 0, 1, 1])
    clf = AdaBoostClassifier(n_estimators=10).fit(X, y)
    assert len(clf.estimators_) == 1
    assert clf.estimator_errors_[0] == 0.0
    assert_array_equal(clf.predict(X), y)


@pytest.mark.parametrize(
    "X",
    [
        np.array([[np.nan, 1.0], [0.0, 1.0], [1.0, 0.0]]),
        np.array([[np.inf, 1.0], [0.0, 1.0], [1.0, 0.0]]),
    ],
)
def test_non_finite_input_refused(X):
    with pytest.raises(ValueError):
        AdaBoostClassifier().fit(X, [0, 1, 1])


def test_wrong_n_features_refused():
    X, y = load_iris(return_X_y=True)
    clf = AdaBoostClassifier(n_estimators=3).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        clf.predict(X[:, :3])


def test_single_class():
    X, _ = load_iris(return_X_y=True)
    y = np.zeros(len(X), dtype=int)
    clf = AdaBoostClassifier().fit(X, y)
    assert len(clf.estimators_) == 1 and clf.n_classes_ == 1
    assert_array_equal(clf.predict(X), y)
    assert_array_equal(clf.predict_proba(X), np.ones((len(X), 1)))
    for stage in clf.staged_predict_proba(X):
        assert_array_equal(stage, np.ones((len(X), 1)))
    assert_array_equal(list(clf.staged_predict(X))[-1], y)


def test_integer_weights_equal_repeated_rows(global_random_seed):
    # Each sample's boosting weight is its initial weight times a multiplier
    # kept on a 2**-40 lattice: weight 3 and three copies evolve identically.
    X, y = load_wine(return_X_y=True)
    rng = np.random.RandomState(global_random_seed)
    sw = rng.randint(0, 4, size=len(y))
    weighted = AdaBoostClassifier(n_estimators=20, random_state=0)
    weighted.fit(X, y, sample_weight=sw)
    repeated = AdaBoostClassifier(n_estimators=20, random_state=0)
    repeated.fit(X.repeat(sw, axis=0), y.repeat(sw))
    assert_allclose(weighted.estimator_weights_, repeated.estimator_weights_)
    assert_allclose(weighted.predict_proba(X), repeated.predict_proba(X))
