"""LogisticRegression against scikit-learn's on real data."""

import warnings

import numpy as np
import pytest
from sklearn import linear_model as sk
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

from sklearn_notes.linear_model import LogisticRegression


def _scaled(load):
    X, y = load(return_X_y=True)
    return StandardScaler().fit_transform(X), y


@pytest.mark.parametrize("load", [load_breast_cancer, load_wine, load_digits])
@pytest.mark.parametrize("solver", ["lbfgs", "newton-cg", "newton-cholesky"])
@pytest.mark.parametrize("C", [1.0, 0.1])
def test_predict_proba_matches_sklearn(load, solver, C):
    X, y = _scaled(load)
    ours = LogisticRegression(C=C, solver=solver, tol=1e-8, max_iter=1000).fit(X, y)
    theirs = sk.LogisticRegression(C=C, solver="lbfgs", tol=1e-8, max_iter=1000).fit(
        X, y
    )
    np.testing.assert_allclose(
        ours.predict_proba(X), theirs.predict_proba(X), atol=1e-4
    )
    assert ours.coef_.shape == theirs.coef_.shape
    assert ours.intercept_.shape == theirs.intercept_.shape
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


@pytest.mark.parametrize("load", [load_breast_cancer, load_wine])
def test_lbfgs_follows_sklearn_iterations(load):
    """Same objective and L-BFGS-B options: same path, same n_iter_."""
    X, y = _scaled(load)
    ours = LogisticRegression().fit(X, y)
    theirs = sk.LogisticRegression().fit(X, y)
    assert ours.n_iter_.dtype == np.int32 and ours.n_iter_.shape == (1,)
    assert abs(int(ours.n_iter_[0]) - int(theirs.n_iter_[0])) <= 2
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-3)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_sample_and_class_weight_match_sklearn(fit_intercept):
    X, y = _scaled(load_wine)
    rng = np.random.default_rng(0)
    sw = rng.uniform(0.1, 3.0, size=y.shape[0])
    kw = dict(
        tol=1e-10,
        max_iter=2000,
        fit_intercept=fit_intercept,
        class_weight={0: 2.0, 1: 0.5, 2: 1.0},
    )
    ours = LogisticRegression(**kw).fit(X, y, sample_weight=sw)
    theirs = sk.LogisticRegression(**kw).fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(
        ours.predict_proba(X), theirs.predict_proba(X), atol=1e-5
    )
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, atol=1e-4)


def test_balanced_class_weight_matches_sklearn():
    X, y = _scaled(load_breast_cancer)
    ours = LogisticRegression(class_weight="balanced", tol=1e-10, max_iter=1000).fit(
        X, y
    )
    theirs = sk.LogisticRegression(
        class_weight="balanced", tol=1e-10, max_iter=1000
    ).fit(X, y)
    np.testing.assert_allclose(
        ours.predict_proba(X), theirs.predict_proba(X), atol=1e-5
    )


def test_integer_sample_weight_equals_repeated_rows():
    X, y = _scaled(load_iris)
    sw = np.random.default_rng(1).integers(0, 3, size=y.shape[0])
    weighted = LogisticRegression(tol=1e-10, max_iter=1000).fit(X, y, sample_weight=sw)
    repeated = LogisticRegression(tol=1e-10, max_iter=1000).fit(
        np.repeat(X, sw, axis=0), np.repeat(y, sw)
    )
    np.testing.assert_allclose(
        weighted.predict_proba(X), repeated.predict_proba(X), atol=1e-6
    )


def test_no_penalty_matches_sklearn():
    from sklearn.datasets import make_classification

    X, y = make_classification(
        300, 5, n_informative=3, n_classes=3, flip_y=0.2, random_state=0
    )
    ours = LogisticRegression(C=np.inf, tol=1e-10, max_iter=2000).fit(X, y)
    theirs = sk.LogisticRegression(C=np.inf, tol=1e-10, max_iter=2000).fit(X, y)
    np.testing.assert_allclose(
        ours.predict_proba(X), theirs.predict_proba(X), atol=1e-4
    )
    with pytest.warns(FutureWarning, match="'penalty' was deprecated"):
        none = LogisticRegression(penalty=None, tol=1e-10, max_iter=2000).fit(X, y)
    np.testing.assert_allclose(none.predict_proba(X), ours.predict_proba(X), atol=1e-6)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"solver": "liblinear"}, "solver='liblinear' is not supported"),
        ({"solver": "saga"}, "solver='saga' is not supported"),
        ({"l1_ratio": 1.0}, "penalty='l1'"),
        ({"l1_ratio": 0.5}, "penalty='elasticnet'"),
        ({"dual": True}, "dual=True"),
    ],
)
def test_unsupported_options_raise(params, match):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=match):
        LogisticRegression(**params).fit(X, y)


def test_convergence_warning_at_max_iter():
    X, y = load_digits(return_X_y=True)
    with pytest.warns(ConvergenceWarning):
        clf = LogisticRegression(max_iter=3).fit(X, y)
    assert clf.n_iter_[0] == 3


def test_warm_start_continues_from_previous_solution():
    X, y = _scaled(load_digits)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = LogisticRegression(warm_start=True, max_iter=10, tol=1e-8).fit(X, y)
        clf.set_params(max_iter=1000).fit(X, y)
    cold = LogisticRegression(max_iter=1000, tol=1e-8).fit(X, y)
    assert clf.n_iter_[0] < cold.n_iter_[0]
    np.testing.assert_allclose(clf.predict_proba(X), cold.predict_proba(X), atol=1e-3)


def test_string_labels_and_proba_outputs():
    X, y = _scaled(load_iris)
    labels = np.array(["setosa", "versicolor", "virginica"])[y]
    clf = LogisticRegression().fit(X, labels)
    np.testing.assert_array_equal(clf.classes_, np.unique(labels))
    proba = clf.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(clf.predict_log_proba(X), np.log(proba), rtol=1e-10)
    np.testing.assert_array_equal(clf.predict(X), clf.classes_[proba.argmax(axis=1)])


def test_binary_decision_function_is_the_log_odds():
    X, y = _scaled(load_breast_cancer)
    clf = LogisticRegression().fit(X, y)
    decision = clf.decision_function(X)
    assert decision.shape == (X.shape[0],)
    np.testing.assert_allclose(clf.predict_proba(X)[:, 1], 1 / (1 + np.exp(-decision)))


def test_float32_keeps_float32_coefficients_like_sklearn():
    X, y = _scaled(load_wine)
    X32 = X.astype(np.float32)
    ours = LogisticRegression().fit(X32, y)
    theirs = sk.LogisticRegression().fit(X32, y)
    assert ours.coef_.dtype == theirs.coef_.dtype == np.float32
    np.testing.assert_allclose(
        ours.predict_proba(X32), theirs.predict_proba(X32), atol=1e-3
    )
