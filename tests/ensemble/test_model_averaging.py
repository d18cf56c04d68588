"""BayesianModelAveragingClassifier against a hand NumPy posterior and mixture."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from sklearn_notes.ensemble import BayesianModelAveragingClassifier
from sklearn_notes.linear_model import LogisticRegression
from sklearn_notes.naive_bayes import GaussianNB
from sklearn_notes.tree import DecisionTreeClassifier


def _models():
    return [
        ("nb", GaussianNB()),
        ("logistic", LogisticRegression(max_iter=500)),
        ("tree", DecisionTreeClassifier(max_depth=3, random_state=0)),
    ]


def _scaled(load):
    X, y = load(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def _reference_posterior(models, X, y, prior, n_splits):
    """log p(h|D) = log p(h) + sum_i log p_h(y_i|x_i) - logsumexp, by hand."""
    classes, codes = np.unique(y, return_inverse=True)
    folds = StratifiedKFold(n_splits)
    log_likelihood = []
    for _, model in models:
        proba = cross_val_predict(
            clone(model), X, codes, cv=folds, method="predict_proba"
        )
        picked = np.clip(proba[np.arange(len(y)), codes], np.finfo(float).eps, None)
        log_likelihood.append(np.log(picked).sum())
    log_joint = np.log(np.asarray(prior) / np.sum(prior)) + np.array(log_likelihood)
    top = log_joint.max()
    log_evidence = top + np.log(np.exp(log_joint - top).sum())
    return np.array(log_likelihood), np.exp(log_joint - log_evidence), log_evidence


@pytest.mark.parametrize("load", [load_breast_cancer, load_wine, load_iris])
@pytest.mark.parametrize("prior", [None, [0.2, 0.3, 0.5]])
def test_posterior_matches_hand_reference(load, prior):
    X, y = _scaled(load)
    bma = BayesianModelAveragingClassifier(_models(), prior=prior, cv=4).fit(X, y)
    ll, posterior, log_evidence = _reference_posterior(
        _models(), X, y, [1, 1, 1] if prior is None else prior, 4
    )
    assert_allclose(bma.log_likelihoods_, ll, rtol=1e-10)
    assert_allclose(bma.posterior_, posterior, rtol=1e-9, atol=1e-300)
    assert_allclose(bma.log_evidence_, log_evidence, rtol=1e-10)
    assert bma.posterior_.sum() == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("load", [load_breast_cancer, load_wine])
def test_mixture_and_argmax_match_hand_reference(load):
    X, y = _scaled(load)
    X_train, X_test, y_train, _ = train_test_split(X, y, random_state=0, stratify=y)
    # a strong prior on the weak tree keeps all three weights visible
    bma = BayesianModelAveragingClassifier(_models(), prior=[1e-3, 1e-3, 1.0])
    bma.fit(X_train, y_train)
    codes = np.unique(y_train, return_inverse=True)[1]
    members = [clone(model).fit(X_train, codes) for _, model in _models()]
    expected = sum(w * m.predict_proba(X_test) for w, m in zip(bma.posterior_, members))
    assert_allclose(bma.predict_proba(X_test), expected, rtol=1e-10, atol=1e-12)
    assert_array_equal(bma.predict(X_test), bma.classes_[expected.argmax(axis=1)])
    assert_allclose(np.exp(bma.predict_log_proba(X_test)), expected, rtol=1e-10)
    assert list(bma.named_estimators_) == ["nb", "logistic", "tree"]


def test_string_labels_and_zero_prior():
    X, y = load_iris(return_X_y=True)
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    bma = BayesianModelAveragingClassifier(_models(), prior=[0.0, 1.0, 1.0]).fit(
        X, names
    )
    assert bma.posterior_[0] == 0.0  # p(h) = 0: ruled out whatever the data say
    assert set(bma.predict(X)) <= set(names)
    assert_array_equal(bma.classes_, names[[0, 50, 100]])


def test_posterior_concentrates_as_n_grows():
    # The known caveat of BMA (Minka 2000): the log posterior odds are a sum
    # over samples, so the weight of the best model tends to one as n grows
    # -- soft model selection, not combination.
    X, y = _scaled(load_breast_cancer)
    models = [
        ("logistic", LogisticRegression(C=0.1)),
        ("nb", GaussianNB()),
        ("stump", DecisionTreeClassifier(max_depth=2, random_state=0)),
    ]

    def top_weight_and_log_odds(X, y):
        posterior = BayesianModelAveragingClassifier(models, cv=3).fit(X, y).posterior_
        best, second = np.sort(posterior)[::-1][:2]
        return best, np.log(best) - np.log(max(second, 1e-300))

    small = []
    for seed in range(5):
        X_small, _, y_small, _ = train_test_split(
            X, y, train_size=24, random_state=seed, stratify=y
        )
        small.append(top_weight_and_log_odds(X_small, y_small))
    top_full, log_odds_full = top_weight_and_log_odds(X, y)
    small_tops, small_log_odds = np.array(small).T
    assert small_tops.min() < 0.99  # n = 24: some samples still mix models
    assert top_full > 1 - 1e-9  # n = 569: one model takes it all
    # linear growth would give 569 / 24 ~ 24 times; the per-sample gap
    # shrinks a little as every model improves with n
    assert log_odds_full > 5 * small_log_odds.mean()


def test_bma_accuracy_vs_members_on_real_data():
    # With a concentrated posterior the mixture predicts as the model of
    # highest held-out likelihood; it is at least as accurate as the worst
    # member and agrees with the top-posterior member.
    X, y = _scaled(load_breast_cancer)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.4, random_state=0, stratify=y
    )
    bma = BayesianModelAveragingClassifier(_models()).fit(X_train, y_train)
    member_accuracy = [m.score(X_test, y_test) for m in bma.estimators_]
    top = int(np.argmax(bma.posterior_))
    assert top == int(np.argmax(bma.log_likelihoods_))
    assert_array_equal(bma.predict(X_test), bma.estimators_[top].predict(X_test))
    assert bma.score(X_test, y_test) >= min(member_accuracy)


def test_default_members_and_n_jobs():
    X, y = load_wine(return_X_y=True)
    serial = BayesianModelAveragingClassifier().fit(X, y)
    threaded = BayesianModelAveragingClassifier(n_jobs=2).fit(X, y)
    assert list(serial.named_estimators_) == ["gaussian_nb", "logistic", "tree"]
    assert_allclose(serial.posterior_, threaded.posterior_)
    assert_allclose(serial.predict_proba(X), threaded.predict_proba(X))


@pytest.mark.parametrize(
    "params, error, match",
    [
        ({"estimators": []}, ValueError, "non-empty"),
        ({"estimators": [GaussianNB()]}, ValueError, "tuples"),
        (
            {"estimators": [("a", GaussianNB()), ("a", GaussianNB())]},
            ValueError,
            "unique",
        ),
        ({"estimators": [("svm", LinearSVC())]}, TypeError, "predict_proba"),
        ({"prior": [1.0, 2.0]}, ValueError, "shape"),
        ({"prior": [1.0, -1.0, 1.0]}, ValueError, "non-negative"),
        ({"prior": [0.0, 0.0, 0.0]}, ValueError, "positive sum"),
        ({"prior": [1.0, np.nan, 1.0]}, ValueError, "NaN"),
    ],
)
def test_bad_parameters(params, error, match):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(error, match=match):
        BayesianModelAveragingClassifier(**params).fit(X, y)


def test_bad_data():
    X, y = load_iris(return_X_y=True)
    bma = BayesianModelAveragingClassifier()
    with pytest.raises(ValueError, match="only one class"):
        bma.fit(X, np.zeros(len(y)))
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        bma.fit(X_nan, y)
    with pytest.raises(ValueError, match="Unknown label type"):
        bma.fit(X, y + 0.5)
    bma.fit(X, y)
    with pytest.raises(ValueError, match="features"):
        bma.predict(X[:, :3])
