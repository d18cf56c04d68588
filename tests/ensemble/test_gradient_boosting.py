"""GradientBoostingRegressor / GradientBoostingClassifier against scikit-learn."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.sparse import csr_matrix
from sklearn import ensemble as sk_ensemble
from sklearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
)
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_pinball_loss, r2_score
from sklearn.model_selection import train_test_split

from sklearn_notes.ensemble import GradientBoostingClassifier, GradientBoostingRegressor
from sklearn_notes.ensemble._gradient_boosting import _Huber
from sklearn_notes.tree import DecisionTreeRegressor


@pytest.fixture(scope="module")
def diabetes():
    X, y = load_diabetes(return_X_y=True)
    return train_test_split(X, y, random_state=0)


@pytest.mark.parametrize(
    "loss, alpha",
    [
        ("squared_error", 0.9),
        ("absolute_error", 0.9),
        ("huber", 0.9),
        ("quantile", 0.5),
    ],
)
def test_regressor_r2_close_to_sklearn(diabetes, loss, alpha):
    X_train, X_test, y_train, y_test = diabetes
    params = dict(loss=loss, alpha=alpha, n_estimators=100, random_state=0)
    ours = GradientBoostingRegressor(**params).fit(X_train, y_train)
    theirs = sk_ensemble.GradientBoostingRegressor(**params).fit(X_train, y_train)
    r2_ours = r2_score(y_test, ours.predict(X_test))
    r2_theirs = r2_score(y_test, theirs.predict(X_test))
    assert abs(r2_ours - r2_theirs) <= 0.03, (r2_ours, r2_theirs)


def test_quantile_loss_estimates_the_quantile(diabetes):
    X_train, X_test, y_train, y_test = diabetes
    ours = GradientBoostingRegressor(loss="quantile", alpha=0.9, random_state=0)
    theirs = sk_ensemble.GradientBoostingRegressor(
        loss="quantile", alpha=0.9, random_state=0
    )
    ours.fit(X_train, y_train)
    theirs.fit(X_train, y_train)
    coverage = np.mean(y_train <= ours.predict(X_train))
    assert 0.85 <= coverage <= 0.95
    loss_ours = mean_pinball_loss(y_test, ours.predict(X_test), alpha=0.9)
    loss_theirs = mean_pinball_loss(y_test, theirs.predict(X_test), alpha=0.9)
    assert loss_ours <= 1.05 * loss_theirs


def _mean_accuracies(load, params, seeds):
    X, y = load(return_X_y=True)
    ours, theirs = [], []
    for seed in seeds:
        split = train_test_split(X, y, random_state=seed, stratify=y)
        X_train, X_test, y_train, y_test = split
        p = dict(params, random_state=seed)
        ours.append(
            GradientBoostingClassifier(**p).fit(X_train, y_train).score(X_test, y_test)
        )
        theirs.append(
            sk_ensemble.GradientBoostingClassifier(**p)
            .fit(X_train, y_train)
            .score(X_test, y_test)
        )
    return np.mean(ours), np.mean(theirs)


@pytest.mark.parametrize(
    "load, params",
    [
        (load_breast_cancer, {"n_estimators": 100}),
        (load_breast_cancer, {"n_estimators": 100, "loss": "exponential"}),
        (load_wine, {"n_estimators": 100}),
        (load_digits, {"n_estimators": 30}),
    ],
)
def test_classifier_accuracy_close_to_sklearn(load, params):
    ours, theirs = _mean_accuracies(load, params, seeds=(0, 1, 2))
    assert ours >= theirs - 0.015, (ours, theirs)


@pytest.mark.parametrize(
    "loss", ["squared_error", "absolute_error", "huber", "quantile"]
)
def test_staged_predict_ends_at_predict_regressor(diabetes, loss):
    X_train, X_test, y_train, _ = diabetes
    reg = GradientBoostingRegressor(
        loss=loss, n_estimators=20, subsample=0.7, random_state=0
    ).fit(X_train, y_train)
    stages = list(reg.staged_predict(X_test))
    assert len(stages) == 20
    assert_allclose(stages[-1], reg.predict(X_test), rtol=1e-12)
    # each stage adds learning_rate * tree
    step = stages[5] - stages[4]
    assert_allclose(
        step, 0.1 * reg.estimators_[5, 0].predict(X_test), rtol=1e-9, atol=1e-9
    )


@pytest.mark.parametrize("load", [load_breast_cancer, load_iris])
def test_staged_methods_end_at_final_classifier(load):
    X, y = load(return_X_y=True)
    clf = GradientBoostingClassifier(n_estimators=15, random_state=0).fit(X, y)
    assert_allclose(list(clf.staged_decision_function(X))[-1], clf.decision_function(X))
    assert_allclose(list(clf.staged_predict_proba(X))[-1], clf.predict_proba(X))
    assert_array_equal(list(clf.staged_predict(X))[-1], clf.predict(X))
    proba = clf.predict_proba(X)
    assert_allclose(proba.sum(axis=1), 1.0)
    assert_array_equal(clf.classes_[proba.argmax(axis=1)], clf.predict(X))
    assert_allclose(clf.predict_log_proba(X), np.log(proba))


def test_train_score_is_the_loss_of_predict_on_raw_X(diabetes):
    # thresholds sit at bin edges: predicting the raw training X reproduces
    # the raw predictions the fit tracked on the binned data
    X_train, _, y_train, _ = diabetes
    reg = GradientBoostingRegressor(n_estimators=30, random_state=0).fit(
        X_train, y_train
    )
    assert_allclose(
        reg.train_score_[-1], np.mean((y_train - reg.predict(X_train)) ** 2), rtol=1e-10
    )
    for stage, pred in enumerate(reg.staged_predict(X_train)):
        assert_allclose(
            reg.train_score_[stage], np.mean((y_train - pred) ** 2), rtol=1e-10
        )


def test_binary_log_loss_train_score_and_proba(global_random_seed):
    X, y = load_breast_cancer(return_X_y=True)
    clf = GradientBoostingClassifier(n_estimators=10, random_state=global_random_seed)
    clf.fit(X, y)
    p = clf.predict_proba(X)[:, 1]
    deviance = -2 * np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert_allclose(clf.train_score_[-1], deviance, rtol=1e-8)
    assert_allclose(clf.decision_function(X), np.log(p / (1 - p)), rtol=1e-6)


def test_exponential_loss_proba_is_sigmoid_of_twice_the_score():
    X, y = load_breast_cancer(return_X_y=True)
    clf = GradientBoostingClassifier(loss="exponential", n_estimators=10).fit(X, y)
    score = clf.decision_function(X)
    assert_allclose(clf.predict_proba(X)[:, 1], 1 / (1 + np.exp(-2 * score)))
    signed = 2 * y - 1
    assert_allclose(clf.train_score_[-1], np.mean(np.exp(-signed * score)), rtol=1e-8)


def test_n_iter_no_change_stops_as_sklearn_rule(diabetes):
    X_train, _, y_train, _ = diabetes
    params = dict(
        n_estimators=500,
        n_iter_no_change=5,
        validation_fraction=0.2,
        learning_rate=0.3,
        random_state=0,
    )
    reg = GradientBoostingRegressor(**params).fit(X_train, y_train)
    theirs = sk_ensemble.GradientBoostingRegressor(**params).fit(X_train, y_train)
    assert reg.n_estimators_ < 500
    assert theirs.n_estimators_ < 500
    assert reg.estimators_.shape[0] == reg.train_score_.shape[0] == reg.n_estimators_
    # scikit-learn's rule on the same validation split: stop at the first stage
    # whose validation loss is not tol-better than one of the last 5
    X_fit, X_val, y_fit, y_val = train_test_split(
        X_train, y_train, random_state=0, test_size=0.2
    )
    history = np.full(5, np.inf)
    stop = None
    for i, pred in enumerate(reg.staged_predict(X_val)):
        loss = np.mean((y_val - pred) ** 2)
        if np.any(loss + 1e-4 < history):
            history[i % 5] = loss
        else:
            stop = i + 1
            break
    assert stop == reg.n_estimators_
    assert abs(reg.n_estimators_ - theirs.n_estimators_) <= 3


@pytest.mark.parametrize(
    "Estimator, load",
    [
        (GradientBoostingRegressor, load_diabetes),
        (GradientBoostingClassifier, load_iris),
    ],
)
def test_warm_start_equals_one_shot(Estimator, load):
    X, y = load(return_X_y=True)
    params = dict(subsample=0.8, max_features=0.6, random_state=3)
    one_shot = Estimator(n_estimators=30, **params).fit(X, y)
    warm = Estimator(n_estimators=12, warm_start=True, **params).fit(X, y)
    warm.set_params(n_estimators=30).fit(X, y)
    assert warm.n_estimators_ == 30
    method = (
        "predict" if Estimator is GradientBoostingRegressor else "decision_function"
    )
    assert_allclose(getattr(warm, method)(X), getattr(one_shot, method)(X), rtol=1e-9)
    assert_allclose(warm.oob_improvement_, one_shot.oob_improvement_, rtol=1e-9)
    with pytest.raises(ValueError, match="must be larger or equal"):
        warm.set_params(n_estimators=10).fit(X, y)


def test_subsample_gives_out_of_bag_scores(diabetes):
    X_train, _, y_train, _ = diabetes
    reg = GradientBoostingRegressor(n_estimators=25, subsample=0.5, random_state=0)
    reg.fit(X_train, y_train)
    assert reg.oob_improvement_.shape == reg.oob_scores_.shape == (25,)
    assert reg.oob_score_ == reg.oob_scores_[-1]
    assert_allclose(
        reg.oob_improvement_[1:], reg.oob_scores_[:-1] - reg.oob_scores_[1:]
    )
    assert reg.oob_improvement_[:5].sum() > 0  # the first stages help held-out rows
    full = GradientBoostingRegressor(n_estimators=5).fit(X_train, y_train)
    for name in ("oob_improvement_", "oob_scores_", "oob_score_"):
        assert not hasattr(full, name)
    # same subsample mask as scikit-learn: initial OOB loss agrees
    theirs = sk_ensemble.GradientBoostingRegressor(
        n_estimators=1, subsample=0.5, random_state=0
    ).fit(X_train, y_train)
    ours1 = GradientBoostingRegressor(
        n_estimators=1, subsample=0.5, random_state=0
    ).fit(X_train, y_train)
    assert_allclose(
        ours1.oob_improvement_[0] + ours1.oob_scores_[0],
        theirs.oob_improvement_[0] + theirs.oob_scores_[0],
        rtol=1e-10,
    )


def test_huber_negative_gradient_has_the_correct_cases():
    # |r| <= delta: quadratic part, gradient r; |r| > delta: linear, delta*sign(r)
    # (the notes' eq. 5.27 swaps the two cases)
    loss = _Huber(alpha=0.9)
    loss.delta = 1.0
    y = np.array([0.5, -0.5, 3.0, -3.0, 1.0])
    raw = np.zeros((5, 1))
    assert_allclose(loss.neg_gradient(y, raw)[:, 0], [0.5, -0.5, 1.0, -1.0, 1.0])
    assert_allclose(loss.pointwise(y, raw), [0.125, 0.125, 2.5, 2.5, 0.5])


def test_huber_delta_and_first_stage_match_correct_huber(diabetes):
    X_train, _, y_train, _ = diabetes
    reg = GradientBoostingRegressor(
        loss="huber", alpha=0.8, n_estimators=1, max_depth=2
    ).fit(X_train, y_train)
    # initial model: the median; delta: 0.8-quantile of |y - median|
    median = np.percentile(y_train, 50)
    delta = np.percentile(np.abs(y_train - median), 80, method="inverted_cdf")
    r = y_train - reg.predict(X_train)
    correct = np.where(np.abs(r) <= delta, 0.5 * r**2, delta * (np.abs(r) - delta / 2))
    assert_allclose(reg.train_score_[0], correct.mean(), rtol=1e-10)
    # the first tree is fitted to the clipped residuals: its root value is their mean
    residual = y_train - median
    clipped = np.where(np.abs(residual) <= delta, residual, delta * np.sign(residual))
    root = reg.estimators_[0, 0].tree_
    assert_allclose(root.impurity[0], clipped.var(), rtol=1e-8)
    # and it tracks scikit-learn's Huber loss
    theirs = sk_ensemble.GradientBoostingRegressor(
        loss="huber", alpha=0.8, n_estimators=1, max_depth=2
    ).fit(X_train, y_train)
    assert_allclose(reg.train_score_[0], theirs.train_score_[0], rtol=1e-3)


def test_estimators_are_our_trees(diabetes):
    X_train, X_test, y_train, _ = diabetes
    reg = GradientBoostingRegressor(
        n_estimators=7, max_leaf_nodes=5, max_depth=None, random_state=0
    ).fit(X_train, y_train)
    assert reg.estimators_.shape == (7, 1)
    assert all(isinstance(t, DecisionTreeRegressor) for t in reg.estimators_.ravel())
    assert all(t.get_n_leaves() <= 5 for t in reg.estimators_.ravel())
    leaves = reg.apply(X_test)
    assert leaves.shape == (X_test.shape[0], 7)
    assert_array_equal(leaves[:, 3], reg.estimators_[3, 0].apply(X_test))
    importances = reg.feature_importances_
    assert importances.shape == (10,)
    assert_allclose(importances.sum(), 1.0)
    assert np.argmax(importances) in (2, 8)  # bmi / s5 dominate diabetes


def test_classifier_apply_and_attributes():
    X, y = load_wine(return_X_y=True)
    clf = GradientBoostingClassifier(n_estimators=4, random_state=0).fit(X, y)
    assert clf.estimators_.shape == (4, 3)
    assert clf.n_classes_ == 3 and clf.n_trees_per_iteration_ == 3
    assert clf.apply(X).shape == (X.shape[0], 4, 3)
    assert clf.max_features_ == X.shape[1]


def test_ccp_alpha_prunes_and_init_options(diabetes):
    X_train, X_test, y_train, _ = diabetes
    full = GradientBoostingRegressor(n_estimators=5, max_depth=5).fit(X_train, y_train)
    pruned = GradientBoostingRegressor(n_estimators=5, max_depth=5, ccp_alpha=50.0)
    pruned.fit(X_train, y_train)
    assert sum(t.tree_.node_count for t in pruned.estimators_.ravel()) < sum(
        t.tree_.node_count for t in full.estimators_.ravel()
    )
    # train_score_ is still the loss of predict after pruning
    assert_allclose(
        pruned.train_score_[-1],
        np.mean((y_train - pruned.predict(X_train)) ** 2),
        rtol=1e-10,
    )
    zero = GradientBoostingRegressor(n_estimators=3, init="zero").fit(X_train, y_train)
    assert zero.init_ == "zero"
    linear = GradientBoostingRegressor(n_estimators=3, init=LinearRegression())
    linear.fit(X_train, y_train)
    X32 = X_test.astype(np.float32)  # X is validated to float32, as in scikit-learn
    first = linear.init_.predict(X32) + 0.1 * linear.estimators_[0, 0].predict(X32)
    assert_allclose(list(linear.staged_predict(X_test))[0], first, rtol=1e-9)


def test_sample_weight_zero_equals_removing_rows(diabetes):
    X_train, X_test, y_train, _ = diabetes
    w = np.ones(X_train.shape[0])
    w[::3] = 0.0
    weighted = GradientBoostingRegressor(n_estimators=20, loss="huber").fit(
        X_train, y_train, sample_weight=w
    )
    removed = GradientBoostingRegressor(n_estimators=20, loss="huber").fit(
        X_train[w > 0], y_train[w > 0]
    )
    assert_allclose(weighted.predict(X_test), removed.predict(X_test), rtol=1e-8)


def test_bad_input_errors():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="only suitable for a binary"):
        GradientBoostingClassifier(loss="exponential").fit(X, y)
    with pytest.raises(ValueError, match="minimum of 2 classes"):
        GradientBoostingClassifier().fit(X, np.zeros(150))
    with pytest.raises(ValueError, match="NaN"):
        X_nan = X.copy()
        X_nan[0, 0] = np.nan
        GradientBoostingRegressor().fit(X_nan, y)
    with pytest.raises(ValueError, match="n_estimators"):
        GradientBoostingRegressor(n_estimators=0).fit(X, y)
    with pytest.raises(ValueError, match="learning_rate"):
        GradientBoostingRegressor(learning_rate=-1).fit(X, y)
    with pytest.raises(ValueError, match="max_bins"):
        GradientBoostingRegressor(max_bins=256).fit(X, y)
    with pytest.raises(TypeError, match="[Ss]parse"):
        GradientBoostingRegressor().fit(csr_matrix(X), y)
    with pytest.raises(ValueError, match="does not support sample weights"):
        GradientBoostingRegressor(init=_NoWeights()).fit(
            X, y, sample_weight=np.ones(150)
        )
    with pytest.raises(ValueError, match="Negative values"):
        GradientBoostingRegressor().fit(X, y, sample_weight=-np.ones(150))
    reg = GradientBoostingRegressor(n_estimators=2).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        reg.predict(X[:, :3])
    with pytest.warns(FutureWarning, match="criterion"):
        GradientBoostingRegressor(n_estimators=2, criterion="squared_error").fit(X, y)


class _NoWeights(LinearRegression):
    def fit(self, X, y):
        return super().fit(X, y)
