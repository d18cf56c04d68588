"""BaggingClassifier / BaggingRegressor vs scikit-learn and naive references."""

import warnings

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from sklearn import ensemble as sk_ensemble
from sklearn import tree as sk_tree
from sklearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
)
from sklearn.linear_model import LogisticRegression, RidgeClassifier
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.random import sample_without_replacement

from sklearn_notes.ensemble import BaggingClassifier, BaggingRegressor
from sklearn_notes.tree import DecisionTreeClassifier, DecisionTreeRegressor

_MAX_INT = np.iinfo(np.int32).max


def _member_seeds(random_state, n_estimators):
    return np.random.RandomState(random_state).randint(_MAX_INT, size=n_estimators)


def _reference_bag(seed, X, y, n_features_drawn, sample_weight=None):
    """Columns and rows of one bag, redrawn with RandomState.choice."""
    n, d = X.shape
    rng = np.random.RandomState(seed)
    features = sample_without_replacement(d, n_features_drawn, random_state=rng)
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, float)
    canonical = np.lexsort(np.vstack([np.asarray(y, float).reshape(1, -1), X.T]))
    p = w[canonical] / w[canonical].sum()
    n_draws = n if sample_weight is None else int(round(w.sum()))
    return features, canonical[rng.choice(n, n_draws, p=p)]


# ------------------------------------------------------------ vs scikit-learn
@pytest.mark.parametrize("loader", [load_breast_cancer, load_wine, load_digits])
def test_accuracy_close_to_sklearn(loader):
    X, y = loader(return_X_y=True)
    ours, theirs = [], []
    for seed in range(6):
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=seed, stratify=y)
        params = dict(n_estimators=20, random_state=seed)
        ours.append(BaggingClassifier(**params).fit(X_tr, y_tr).score(X_te, y_te))
        theirs.append(
            sk_ensemble.BaggingClassifier(**params).fit(X_tr, y_tr).score(X_te, y_te)
        )
    assert abs(np.mean(ours) - np.mean(theirs)) <= 0.015, (ours, theirs)


def test_regressor_r2_close_to_sklearn():
    X, y = load_diabetes(return_X_y=True)
    ours, theirs = [], []
    for seed in range(6):
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=seed)
        params = dict(n_estimators=20, random_state=seed)
        ours.append(BaggingRegressor(**params).fit(X_tr, y_tr).score(X_te, y_te))
        theirs.append(
            sk_ensemble.BaggingRegressor(**params).fit(X_tr, y_tr).score(X_te, y_te)
        )
    assert abs(np.mean(ours) - np.mean(theirs)) <= 0.03, (ours, theirs)


@pytest.mark.parametrize("loader", [load_breast_cancer, load_digits])
def test_oob_score_close_to_sklearn(loader):
    X, y = loader(return_X_y=True)
    ours, theirs = [], []
    for seed in range(4):
        params = dict(n_estimators=30, oob_score=True, random_state=seed)
        ours.append(BaggingClassifier(**params).fit(X, y).oob_score_)
        theirs.append(sk_ensemble.BaggingClassifier(**params).fit(X, y).oob_score_)
    assert abs(np.mean(ours) - np.mean(theirs)) <= 0.015, (ours, theirs)


def test_regressor_oob_score_close_to_sklearn():
    X, y = load_diabetes(return_X_y=True)
    ours, theirs = [], []
    for seed in range(4):
        params = dict(n_estimators=30, oob_score=True, random_state=seed)
        ours.append(BaggingRegressor(**params).fit(X, y).oob_score_)
        theirs.append(sk_ensemble.BaggingRegressor(**params).fit(X, y).oob_score_)
    assert abs(np.mean(ours) - np.mean(theirs)) <= 0.03, (ours, theirs)


def test_member_seeds_follow_sklearn():
    """Members get the same random_state as scikit-learn's members."""
    X, y = load_iris(return_X_y=True)
    ours = BaggingClassifier(n_estimators=7, random_state=3).fit(X, y)
    theirs = sk_ensemble.BaggingClassifier(n_estimators=7, random_state=3).fit(X, y)
    assert [m.random_state for m in ours.estimators_] == [
        m.random_state for m in theirs.estimators_
    ]
    assert isinstance(ours.estimator_, DecisionTreeClassifier)
    assert all(isinstance(m, DecisionTreeClassifier) for m in ours.estimators_)


# ------------------------------------------------------------------- the bags
@pytest.mark.parametrize("weighted", [False, True])
def test_bags_match_random_choice(weighted):
    X, y = load_wine(return_X_y=True)
    sw = np.random.RandomState(0).randint(0, 4, X.shape[0]) if weighted else None
    bag = BaggingClassifier(n_estimators=5, max_features=0.5, random_state=1)
    bag.fit(X, y, sample_weight=sw)
    k = int(0.5 * X.shape[1])
    for seed, features, rows in zip(
        _member_seeds(1, 5), bag.estimators_features_, bag.estimators_samples_
    ):
        ref_features, ref_rows = _reference_bag(seed, X, y, k, sw)
        np.testing.assert_array_equal(features, ref_features)
        np.testing.assert_array_equal(
            np.bincount(rows, minlength=X.shape[0]),
            np.bincount(ref_rows, minlength=X.shape[0]),
        )


def test_bag_holds_63_percent_distinct_rows():
    """Notes 5.2 "average ~63%": the distinct fraction of a bag of n draws."""
    X, y = load_breast_cancer(return_X_y=True)
    n = X.shape[0]
    bag = BaggingClassifier(
        estimator=DecisionTreeClassifier(max_depth=1), n_estimators=60, random_state=0
    ).fit(X, y)
    sizes = [rows.shape[0] for rows in bag.estimators_samples_]
    distinct = [np.unique(rows).shape[0] / n for rows in bag.estimators_samples_]
    assert sizes == [n] * 60
    assert abs(np.mean(distinct) - (1 - (1 - 1 / n) ** n)) < 0.01


def test_pasting_draws_without_replacement():
    X, y = load_iris(return_X_y=True)
    bag = BaggingClassifier(
        n_estimators=4, bootstrap=False, max_samples=0.5, random_state=0
    ).fit(X, y)
    for rows in bag.estimators_samples_:
        assert rows.shape[0] == 75
        assert np.unique(rows).shape[0] == 75


def test_members_are_fitted_on_their_bag_counts():
    X, y = load_iris(return_X_y=True)
    bag = BaggingClassifier(n_estimators=3, random_state=0).fit(X, y)
    for member, rows in zip(bag.estimators_, bag.estimators_samples_):
        counts = np.bincount(rows, minlength=X.shape[0])
        reference = DecisionTreeClassifier(random_state=member.random_state).fit(
            X, np.unique(y, return_inverse=True)[1], sample_weight=counts
        )
        np.testing.assert_array_equal(
            member.predict_proba(X), reference.predict_proba(X)
        )


def test_integer_weights_equal_repeated_rows_any_order():
    X, y = load_wine(return_X_y=True)
    sw = np.random.RandomState(1).randint(0, 4, X.shape[0])
    X_rep, y_rep = np.repeat(X, sw, axis=0), np.repeat(y, sw)
    order = np.random.RandomState(2).permutation(X.shape[0])
    weighted = BaggingClassifier(n_estimators=8, random_state=0)
    weighted.fit(X[order], y[order], sample_weight=sw[order])
    repeated = BaggingClassifier(n_estimators=8, random_state=0).fit(X_rep, y_rep)
    np.testing.assert_array_equal(weighted.predict_proba(X), repeated.predict_proba(X))


def test_zero_weight_equals_removed_rows_and_unit_weights_equal_none():
    X, y = load_diabetes(return_X_y=True)
    keep = np.arange(X.shape[0]) % 3 != 0
    zeroed = BaggingRegressor(n_estimators=6, random_state=0).fit(
        X, y, sample_weight=keep.astype(float)
    )
    removed = BaggingRegressor(n_estimators=6, random_state=0).fit(X[keep], y[keep])
    np.testing.assert_array_equal(zeroed.predict(X), removed.predict(X))
    unit = BaggingRegressor(n_estimators=6, random_state=0).fit(
        X, y, sample_weight=np.ones(X.shape[0])
    )
    plain = BaggingRegressor(n_estimators=6, random_state=0).fit(X, y)
    np.testing.assert_array_equal(unit.predict(X), plain.predict(X))


# ------------------------------------------------------- predictions vs naive
def test_predict_proba_is_mean_of_members_on_their_columns():
    X, y = load_wine(return_X_y=True)
    bag = BaggingClassifier(
        n_estimators=9, max_features=0.6, bootstrap_features=True, random_state=0
    ).fit(X, y)
    reference = np.zeros((X.shape[0], 3))
    for member, features in zip(bag.estimators_, bag.estimators_features_):
        assert member.n_features_in_ == int(0.6 * X.shape[1])
        proba = np.zeros((X.shape[0], 3))
        proba[:, member.classes_.astype(int)] = member.predict_proba(X[:, features])
        reference += proba / 9
    np.testing.assert_allclose(bag.predict_proba(X), reference, rtol=1e-12)
    np.testing.assert_array_equal(
        bag.predict(X), bag.classes_[np.argmax(reference, axis=1)]
    )
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(
            bag.predict_log_proba(X), np.log(reference), rtol=1e-10, atol=1e-12
        )


def test_regressor_predict_is_mean_of_members():
    X, y = load_diabetes(return_X_y=True)
    bag = BaggingRegressor(n_estimators=7, max_features=5, random_state=0).fit(X, y)
    reference = np.mean(
        [
            member.predict(X[:, features])
            for member, features in zip(bag.estimators_, bag.estimators_features_)
        ],
        axis=0,
    )
    np.testing.assert_allclose(bag.predict(X), reference, rtol=1e-12)
    assert all(isinstance(m, DecisionTreeRegressor) for m in bag.estimators_)


def test_oob_matches_naive_reference():
    X, y = load_breast_cancer(return_X_y=True)
    bag = BaggingClassifier(n_estimators=25, oob_score=True, random_state=0).fit(X, y)
    n = X.shape[0]
    votes = np.zeros((n, 2))
    for member, rows in zip(bag.estimators_, bag.estimators_samples_):
        out = np.setdiff1d(np.arange(n), rows)
        votes[out] += member.predict_proba(X[out])
    reference = votes / votes.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(bag.oob_decision_function_, reference, rtol=1e-12)
    assert bag.oob_score_ == np.mean(np.argmax(votes, axis=1) == y)


def test_regressor_oob_matches_naive_reference():
    X, y = load_diabetes(return_X_y=True)
    bag = BaggingRegressor(n_estimators=15, oob_score=True, random_state=0).fit(X, y)
    n = X.shape[0]
    total, count = np.zeros(n), np.zeros(n)
    for member, rows in zip(bag.estimators_, bag.estimators_samples_):
        out = np.setdiff1d(np.arange(n), rows)
        total[out] += member.predict(X[out])
        count[out] += 1
    reference = total / count
    np.testing.assert_allclose(bag.oob_prediction_, reference, rtol=1e-12)
    r2 = 1 - np.sum((y - reference) ** 2) / np.sum((y - y.mean()) ** 2)
    assert bag.oob_score_ == pytest.approx(r2, rel=1e-12)


def test_any_base_estimator_without_sample_weight_gets_its_rows():
    """KNN takes no sample_weight: members are fitted on the drawn rows."""
    X, y = load_iris(return_X_y=True)
    bag = BaggingClassifier(
        estimator=KNeighborsClassifier(n_neighbors=3), n_estimators=5, random_state=0
    ).fit(X, y)
    reference = np.zeros((X.shape[0], 3))
    for member, rows in zip(bag.estimators_, bag.estimators_samples_):
        assert member.n_samples_fit_ == X.shape[0]
        knn = KNeighborsClassifier(n_neighbors=3).fit(X[rows], y[rows])
        reference += knn.predict_proba(X) / 5
    np.testing.assert_allclose(bag.predict_proba(X), reference, rtol=1e-12)


def test_members_without_predict_proba_vote():
    X, y = load_wine(return_X_y=True)
    bag = BaggingClassifier(
        estimator=RidgeClassifier(), n_estimators=6, random_state=0
    ).fit(X, y)
    votes = np.zeros((X.shape[0], 3))
    for member in bag.estimators_:
        votes[np.arange(X.shape[0]), member.predict(X)] += 1
    np.testing.assert_allclose(bag.predict_proba(X), votes / 6)


def test_decision_function_only_when_the_base_has_it():
    X, y = load_breast_cancer(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    bag = BaggingClassifier(
        estimator=LogisticRegression(), n_estimators=4, random_state=0
    ).fit(X, y)
    reference = np.mean([m.decision_function(X) for m in bag.estimators_], axis=0)
    np.testing.assert_allclose(bag.decision_function(X), reference, rtol=1e-12)
    assert not hasattr(BaggingClassifier(), "decision_function")
    assert not hasattr(BaggingClassifier(n_estimators=2).fit(X, y), "decision_function")


def test_sparse_input_follows_the_base_estimator():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(TypeError, match="[Ss]parse"):
        BaggingClassifier(n_estimators=2).fit(csr_matrix(X), y)
    # a base estimator that takes sparse X: the bag takes it too (rows are
    # then drawn in the given order, there is no canonical sort of sparse X)
    bag = BaggingClassifier(
        estimator=sk_tree.DecisionTreeClassifier(), n_estimators=4, random_state=0
    ).fit(csr_matrix(X), y)
    assert bag.__sklearn_tags__().input_tags.sparse
    np.testing.assert_array_equal(
        bag.predict_proba(csr_matrix(X)), bag.predict_proba(X)
    )
    reference = np.mean(
        [member.predict_proba(X) for member in bag.estimators_],
        axis=0,
    )
    np.testing.assert_allclose(bag.predict_proba(X), reference, rtol=1e-12)
    assert bag.score(X, y) > 0.9


def test_feature_names_in():
    pd = pytest.importorskip("pandas")
    X, y = load_iris(return_X_y=True, as_frame=True)
    bag = BaggingClassifier(n_estimators=2, random_state=0).fit(X, y)
    np.testing.assert_array_equal(bag.feature_names_in_, np.asarray(X.columns))
    assert isinstance(X, pd.DataFrame)


# ------------------------------------------------------ n_jobs and warm start
def test_threads_give_the_same_ensemble():
    X, y = load_digits(return_X_y=True)
    one = BaggingClassifier(n_estimators=6, n_jobs=1, random_state=0).fit(X, y)
    two = BaggingClassifier(n_estimators=6, n_jobs=2, random_state=0).fit(X, y)
    np.testing.assert_array_equal(one.predict_proba(X), two.predict_proba(X))
    for a, b in zip(one.estimators_samples_, two.estimators_samples_):
        np.testing.assert_array_equal(a, b)
    Xr, yr = load_diabetes(return_X_y=True)
    one = BaggingRegressor(n_estimators=6, n_jobs=1, random_state=0).fit(Xr, yr)
    two = BaggingRegressor(n_estimators=6, n_jobs=2, random_state=0).fit(Xr, yr)
    np.testing.assert_array_equal(one.predict(Xr), two.predict(Xr))


def test_warm_start_equals_one_fit():
    X, y = load_wine(return_X_y=True)
    grown = BaggingClassifier(
        n_estimators=4, warm_start=True, max_features=0.7, random_state=5
    ).fit(X, y)
    first_members = list(grown.estimators_)
    grown.set_params(n_estimators=11).fit(X, y)
    assert grown.estimators_[:4] == first_members  # the old members are kept
    once = BaggingClassifier(n_estimators=11, max_features=0.7, random_state=5)
    once.fit(X, y)
    np.testing.assert_array_equal(grown.predict_proba(X), once.predict_proba(X))
    for a, b in zip(grown.estimators_samples_, once.estimators_samples_):
        np.testing.assert_array_equal(a, b)
    for a, b in zip(grown.estimators_features_, once.estimators_features_):
        np.testing.assert_array_equal(a, b)


def test_warm_start_errors_and_warning():
    X, y = load_iris(return_X_y=True)
    bag = BaggingClassifier(n_estimators=5, warm_start=True, random_state=0).fit(X, y)
    with pytest.warns(UserWarning, match="without increasing n_estimators"):
        bag.fit(X, y)
    with pytest.raises(ValueError, match="must be larger or equal"):
        bag.set_params(n_estimators=3).fit(X, y)
    with pytest.raises(ValueError, match="warm_start=False"):
        BaggingClassifier(warm_start=True, oob_score=True).fit(X, y)
    with pytest.raises(ValueError, match="same classes"):
        bag.set_params(n_estimators=8).fit(X[y != 2], y[y != 2])


# ----------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "params, error, message",
    [
        (dict(bootstrap=False, oob_score=True), ValueError, "bootstrap=True"),
        (dict(max_features=5), ValueError, "max_features must be <= n_features"),
        (
            dict(bootstrap=False, max_samples=151),
            ValueError,
            "sample without replacement",
        ),
        (dict(max_samples=1.5), InvalidParameterError, "max_samples"),
        (dict(n_estimators=0), InvalidParameterError, "n_estimators"),
        (dict(estimator="tree"), InvalidParameterError, "estimator"),
        (
            dict(estimator=DecisionTreeClassifier(max_depth=-1)),
            InvalidParameterError,
            "max_depth",
        ),
    ],
)
def test_invalid_parameters(params, error, message):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(error, match=message):
        BaggingClassifier(**params).fit(X, y)


def test_bad_input():
    X, y = load_iris(return_X_y=True)
    bag = BaggingClassifier(n_estimators=2)
    with pytest.raises(ValueError, match="infinity"):
        bag.fit(np.where(X > 7, np.inf, X), y)
    with pytest.raises(ValueError, match="Expected 2D array"):
        bag.fit(X[:, 0], y)
    with pytest.raises(ValueError, match="could not convert string"):
        bag.fit(np.array([["a", "b"], ["c", "d"]]), [0, 1])
    with pytest.raises(ValueError, match="Unknown label type"):
        bag.fit(X, X[:, 0])
    with pytest.raises(ValueError, match="0 sample"):
        bag.fit(X[:0], y[:0])
    with pytest.raises(ValueError, match="non-zero"):
        bag.fit(X, y, sample_weight=np.zeros(X.shape[0]))
    with pytest.raises(ValueError, match="Negative values"):
        bag.fit(X, y, sample_weight=-np.ones(X.shape[0]))
    bag.fit(X, y)
    with pytest.raises(ValueError, match="expecting 4 features"):
        bag.predict(X[:, :3])
    with pytest.raises(ValueError, match="could not convert"):
        BaggingRegressor(n_estimators=2).fit(X, np.array(["a"] * X.shape[0]))


def test_nan_is_routed_by_the_member_trees():
    X, y = load_iris(return_X_y=True)
    X = X.copy()
    X[::7, 2] = np.nan
    bag = BaggingClassifier(n_estimators=5, random_state=0).fit(X, y)
    assert np.all(np.isfinite(bag.predict_proba(X)))
    assert bag.score(X, y) > 0.9


def test_low_number_of_draws_warns():
    X, y = load_iris(return_X_y=True)
    with pytest.warns(UserWarning, match="low number"):
        BaggingClassifier(n_estimators=2).fit(
            X, y, sample_weight=np.full(X.shape[0], 1 / X.shape[0])
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        BaggingClassifier(n_estimators=2, max_samples=0.5).fit(X, y)


# ---------------------------------------------------- notes 5.1: why it helps
def test_bagging_reduces_the_error_of_its_members():
    """Notes 5.1: E_COM <= E_AV; the gap is the members' spread (ambiguity
    decomposition), and it is far from E_AV / M: bag errors are correlated."""
    X, y = load_diabetes(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=0)
    bag = BaggingRegressor(n_estimators=25, random_state=0).fit(X_tr, y_tr)
    members = np.array([m.predict(X_te) for m in bag.estimators_])
    mean = members.mean(axis=0)
    e_av = np.mean((members - y_te) ** 2)  # eq. (5.4)
    e_com = np.mean((bag.predict(X_te) - y_te) ** 2)  # eq. (5.5)
    ambiguity = np.mean((members - mean) ** 2)
    assert e_com < e_av
    assert e_com == pytest.approx(e_av - ambiguity, rel=1e-9)
    assert e_com > e_av / 25  # the uncorrelated-errors bound is not reached


def test_bag_classifies_better_than_its_average_tree():
    X, y = load_breast_cancer(return_X_y=True)
    bag_errors, tree_errors = [], []
    for seed in range(3):
        X_tr, X_te, y_tr, y_te = train_test_split(X, y, random_state=seed, stratify=y)
        bag = BaggingClassifier(n_estimators=25, random_state=seed).fit(X_tr, y_tr)
        bag_errors.append(1 - bag.score(X_te, y_te))
        tree_errors.append(
            np.mean(
                [
                    np.mean(bag.classes_[m.predict(X_te).astype(int)] != y_te)
                    for m in bag.estimators_
                ]
            )
        )
    assert np.mean(bag_errors) < np.mean(tree_errors), (bag_errors, tree_errors)
