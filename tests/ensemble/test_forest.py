"""RandomForestClassifier / RandomForestRegressor vs scikit-learn and references."""

import warnings

import numpy as np
import pytest
from sklearn import ensemble as sk_ensemble
from sklearn.base import clone
from sklearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
)
from sklearn.metrics import accuracy_score, r2_score
from sklearn.model_selection import train_test_split

from sklearn_notes.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn_notes.tree import DecisionTreeClassifier, DecisionTreeRegressor


def _reference_counts(forest, tree, X, y, sample_weight=None):
    """Bootstrap counts of one tree, redrawn with RandomState.choice."""
    n = X.shape[0]
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, float)
    canonical = np.lexsort(np.vstack([np.asarray(y, float).reshape(n, -1).T, X.T]))
    p = w[canonical] / w[canonical].sum()
    n_draws = n if sample_weight is None else int(round(w.sum()))
    drawn = np.random.RandomState(tree.random_state).choice(n, n_draws, p=p)
    return np.bincount(canonical[drawn], minlength=n)


@pytest.mark.parametrize("loader", [load_breast_cancer, load_wine, load_digits])
def test_accuracy_close_to_sklearn(loader):
    X, y = loader(return_X_y=True)
    ours, theirs = [], []
    for seed in range(3):
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=seed, stratify=y)
        ours.append(
            RandomForestClassifier(random_state=seed).fit(X_tr, y_tr).score(X_te, y_te)
        )
        theirs.append(
            sk_ensemble.RandomForestClassifier(random_state=seed)
            .fit(X_tr, y_tr)
            .score(X_te, y_te)
        )
    assert abs(np.mean(ours) - np.mean(theirs)) <= 0.015, (ours, theirs)


def test_regressor_r2_close_to_sklearn():
    X, y = load_diabetes(return_X_y=True)
    ours, theirs = [], []
    for seed in range(3):
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=seed)
        ours.append(
            RandomForestRegressor(random_state=seed).fit(X_tr, y_tr).score(X_te, y_te)
        )
        theirs.append(
            sk_ensemble.RandomForestRegressor(random_state=seed)
            .fit(X_tr, y_tr)
            .score(X_te, y_te)
        )
    assert abs(np.mean(ours) - np.mean(theirs)) <= 0.03, (ours, theirs)


def test_same_random_state_is_bit_identical_and_seeds_differ():
    X, y = load_wine(return_X_y=True)
    a = RandomForestClassifier(n_estimators=10, random_state=3).fit(X, y)
    b = RandomForestClassifier(n_estimators=10, random_state=3).fit(X, y)
    c = RandomForestClassifier(n_estimators=10, random_state=4).fit(X, y)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    assert not np.array_equal(a.predict_proba(X), c.predict_proba(X))


def test_tree_seeds_follow_sklearn():
    """Member seeds are drawn as scikit-learn draws them (randint(MAX_INT))."""
    X, y = load_iris(return_X_y=True)
    ours = RandomForestClassifier(n_estimators=4, random_state=0).fit(X, y)
    theirs = sk_ensemble.RandomForestClassifier(n_estimators=4, random_state=0).fit(
        X, y
    )
    assert [t.random_state for t in ours.estimators_] == [
        t.random_state for t in theirs.estimators_
    ]
    assert all(isinstance(t, DecisionTreeClassifier) for t in ours.estimators_)


@pytest.mark.parametrize("weighted", [False, True])
def test_bootstrap_counts_match_random_choice(weighted):
    X, y = load_iris(return_X_y=True)
    rng = np.random.RandomState(0)
    sw = rng.randint(0, 4, X.shape[0]).astype(float) if weighted else None
    forest = RandomForestClassifier(n_estimators=5, random_state=1).fit(
        X, y, sample_weight=sw
    )
    for tree in forest.estimators_:
        counts = forest._counts(tree.random_state)
        np.testing.assert_array_equal(counts, _reference_counts(forest, tree, X, y, sw))
        if not weighted:
            # notes 5.2: a bootstrap sample holds about 63 % of the rows
            assert 0.55 < np.mean(counts > 0) < 0.72


def test_integer_weights_equal_repeated_rows_any_order():
    X, y = load_iris(return_X_y=True)
    rng = np.random.RandomState(0)
    sw = rng.randint(0, 3, X.shape[0])
    X_rep, y_rep = np.repeat(X, sw, axis=0), np.repeat(y, sw)
    shuffle = rng.permutation(X_rep.shape[0])
    params = dict(n_estimators=8, random_state=0)
    weighted = RandomForestClassifier(**params).fit(X, y, sample_weight=sw)
    repeated = RandomForestClassifier(**params).fit(X_rep[shuffle], y_rep[shuffle])
    np.testing.assert_allclose(weighted.predict_proba(X), repeated.predict_proba(X))


@pytest.mark.filterwarnings("ignore:Some inputs do not have OOB")
def test_oob_matches_naive_reference():
    X, y = load_breast_cancer(return_X_y=True)
    forest = RandomForestClassifier(
        n_estimators=15, oob_score=True, random_state=0
    ).fit(X, y)
    total = np.zeros((X.shape[0], 2))
    votes = np.zeros(X.shape[0])
    for tree in forest.estimators_:
        out = _reference_counts(forest, tree, X, y) == 0
        total[out] += tree.predict_proba(X[out])
        votes[out] += 1
    expected = total / np.maximum(votes, 1)[:, None]
    np.testing.assert_allclose(forest.oob_decision_function_, expected)
    assert forest.oob_score_ == pytest.approx(
        accuracy_score(y, expected.argmax(axis=1))
    )


@pytest.mark.filterwarnings("ignore:Some inputs do not have OOB")
def test_regressor_oob_and_mean_of_trees():
    X, y = load_diabetes(return_X_y=True)
    forest = RandomForestRegressor(n_estimators=10, oob_score=True, random_state=0).fit(
        X, y
    )
    assert all(isinstance(t, DecisionTreeRegressor) for t in forest.estimators_)
    mean = np.mean([tree.predict(X) for tree in forest.estimators_], axis=0)
    np.testing.assert_allclose(forest.predict(X), mean)
    assert forest.oob_score_ == pytest.approx(r2_score(y, forest.oob_prediction_))
    custom = RandomForestRegressor(
        n_estimators=10, oob_score=lambda a, b: -1.5, random_state=0
    ).fit(X, y)
    assert custom.oob_score_ == -1.5


def test_hard_voting_is_majority_vote():
    X, y = load_wine(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=9, voting="hard", random_state=0).fit(
        X, y
    )
    tree_votes = np.array([tree.predict(X) for tree in forest.estimators_])
    fractions = np.stack([(tree_votes == k).mean(axis=0) for k in range(3)], axis=1)
    np.testing.assert_allclose(forest.predict_proba(X), fractions)
    np.testing.assert_array_equal(forest.predict(X), fractions.argmax(axis=1))


def test_soft_voting_is_mean_probability():
    X, y = load_wine(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=9, random_state=0).fit(X, y)
    mean = np.mean([tree.predict_proba(X) for tree in forest.estimators_], axis=0)
    np.testing.assert_allclose(forest.predict_proba(X), mean)
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(forest.predict_log_proba(X), np.log(mean))


def test_feature_importances_mean_of_trees():
    X, y = load_wine(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=7, random_state=0).fit(X, y)
    mean = np.mean([tree.feature_importances_ for tree in forest.estimators_], axis=0)
    np.testing.assert_allclose(forest.feature_importances_, mean / mean.sum())


def test_warm_start_equals_one_fit():
    X, y = load_iris(return_X_y=True)
    grown = RandomForestClassifier(n_estimators=4, warm_start=True, random_state=0).fit(
        X, y
    )
    grown.set_params(n_estimators=9).fit(X, y)
    direct = RandomForestClassifier(n_estimators=9, random_state=0).fit(X, y)
    np.testing.assert_array_equal(grown.predict_proba(X), direct.predict_proba(X))
    with pytest.raises(ValueError, match="n_estimators"):
        grown.set_params(n_estimators=3).fit(X, y)


def test_threads_give_the_same_forest():
    X, y = load_wine(return_X_y=True)
    one = RandomForestClassifier(n_estimators=8, n_jobs=1, random_state=0).fit(X, y)
    two = RandomForestClassifier(n_estimators=8, n_jobs=2, random_state=0).fit(X, y)
    np.testing.assert_array_equal(one.predict_proba(X), two.predict_proba(X))


def test_apply_and_decision_path_agree():
    X, y = load_iris(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=3, random_state=0).fit(X, y)
    leaves = forest.apply(X)
    indicator, ptr = forest.decision_path(X)
    assert leaves.shape == (150, 3) and ptr.shape == (4,)
    for t in range(3):
        rows = np.arange(150)
        assert np.all(indicator[rows, ptr[t] + leaves[:, t]] == 1)
        assert (
            indicator[:, ptr[t] : ptr[t + 1]].sum()
            == forest.estimators_[t].decision_path(X).sum()
        )


def test_class_weight_balanced_subsample_without_bootstrap_is_balanced():
    X, y = load_breast_cancer(return_X_y=True)
    balanced = RandomForestClassifier(
        n_estimators=3, bootstrap=False, class_weight="balanced", random_state=0
    ).fit(X, y)
    with pytest.warns(UserWarning):
        sub = RandomForestClassifier(
            n_estimators=3,
            bootstrap=False,
            class_weight="balanced_subsample",
            random_state=0,
        ).fit(X, y)
    np.testing.assert_array_equal(balanced.predict_proba(X), sub.predict_proba(X))
    boot = RandomForestClassifier(
        n_estimators=3, class_weight="balanced_subsample", random_state=0
    ).fit(X, y)
    plain = RandomForestClassifier(n_estimators=3, random_state=0).fit(X, y)
    assert not np.array_equal(boot.predict_proba(X), plain.predict_proba(X))


def test_multi_output_classifier():
    X, y = load_iris(return_X_y=True)
    Y = np.column_stack([y, y % 2])
    forest = RandomForestClassifier(n_estimators=5, random_state=0).fit(X, Y)
    assert forest.predict(X).shape == (150, 2)
    proba = forest.predict_proba(X)
    assert [p.shape for p in proba] == [(150, 3), (150, 2)]
    assert accuracy_score(Y[:, 0], forest.predict(X)[:, 0]) > 0.9


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(bootstrap=False, max_samples=10), "max_sample"),
        (dict(bootstrap=False, oob_score=True), "Out of bag"),
        (dict(monotonic_cst=[1, 0, 0, 0]), "monotonic_cst"),
    ],
)
def test_invalid_combinations(params, message):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=message):
        RandomForestClassifier(n_estimators=2, **params).fit(X, y)


def test_bad_input():
    X, y = load_iris(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=2, random_state=0).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        forest.predict(X[:, :2])
    with pytest.raises(ValueError):
        RandomForestRegressor(n_estimators=2).fit(X, np.full(150, np.nan))
    with pytest.raises(ValueError):
        RandomForestClassifier(n_estimators=2).fit(X[:, 0], y)


def test_max_samples_size():
    X, y = load_iris(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=2, max_samples=30, random_state=0).fit(
        X, y
    )
    assert forest._counts(forest.estimators_[0].random_state).sum() == 30
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        half = RandomForestClassifier(
            n_estimators=2, max_samples=0.5, random_state=0
        ).fit(X, y)
    assert half._counts(half.estimators_[0].random_state).sum() == 75


@pytest.mark.parametrize("Forest", [RandomForestClassifier, RandomForestRegressor])
def test_members_equal_trees_fitted_on_the_bootstrap_counts(Forest):
    """The forest grows its members from arrays validated and presorted once;
    each must be the tree ``fit`` grows from the same counts as weights."""
    X, y = (load_wine if Forest is RandomForestClassifier else load_diabetes)(
        return_X_y=True
    )
    X = X[:, :8]  # max_features="sqrt" (classifier): 2 of 8, the lazy values
    forest = Forest(n_estimators=4, random_state=0).fit(X, y)
    for member in forest.estimators_:
        counts = forest._counts(member.random_state)
        alone = clone(member).fit(X, y, sample_weight=counts)
        for name in ("children_left", "feature", "threshold", "value", "impurity"):
            np.testing.assert_allclose(
                getattr(member.tree_, name), getattr(alone.tree_, name)
            )
        assert member.n_features_in_ == alone.n_features_in_
        assert member.max_features_ == alone.max_features_


@pytest.mark.filterwarnings("ignore:Some inputs do not have OOB")
def test_oob_score_and_importances_close_to_sklearn():
    """On real data, out-of-bag accuracy and mean-decrease-in-impurity
    importances agree with scikit-learn's up to the randomness of the trees
    (between two of scikit-learn's own seeds the importances already differ by
    up to 0.036 here, the OOB accuracy by 0.007)."""
    X, y = load_breast_cancer(return_X_y=True)
    params = dict(n_estimators=200, oob_score=True, random_state=0)
    ours = RandomForestClassifier(**params).fit(X, y)
    theirs = sk_ensemble.RandomForestClassifier(**params).fit(X, y)
    assert abs(ours.oob_score_ - theirs.oob_score_) <= 0.02
    np.testing.assert_allclose(ours.feature_importances_.sum(), 1.0)
    assert np.abs(ours.feature_importances_ - theirs.feature_importances_).max() <= 0.05
    assert (
        np.corrcoef(ours.feature_importances_, theirs.feature_importances_)[0, 1] > 0.9
    )


@pytest.mark.parametrize("ties", [False, True])
def test_canonical_order_is_lexicographic(ties, global_random_seed):
    """The one-sort shortcut (no ties in the first key) and the full lexsort
    give np.lexsort's order."""
    from sklearn_notes.ensemble._forest import _canonical_order

    rng = np.random.RandomState(global_random_seed)
    X = rng.rand(200, 3).astype(np.float32)
    if ties:
        X[:, -1] = rng.randint(0, 4, 200)
        X[::17, -1] = np.nan
    y = rng.randint(0, 3, (200, 1)).astype(np.float64)
    np.testing.assert_array_equal(
        _canonical_order(X, y), np.lexsort(np.vstack([y.T, X.T]))
    )
