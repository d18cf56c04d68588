"""LinearRegression and LeastSquaresClassifier against scikit-learn and NumPy."""

import numpy as np
import pytest
from sklearn import linear_model as sk
from sklearn.datasets import load_diabetes, load_digits, load_iris, load_wine

from sklearn_notes.linear_model import LeastSquaresClassifier, LinearRegression


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("weighted", [False, True])
def test_linear_regression_matches_sklearn_on_diabetes(fit_intercept, weighted):
    X, y = load_diabetes(return_X_y=True)
    sw = (
        np.random.default_rng(0).uniform(0.1, 2.0, size=y.shape[0])
        if weighted
        else None
    )
    ours = LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=sw)
    theirs = sk.LinearRegression(fit_intercept=fit_intercept).fit(
        X, y, sample_weight=sw
    )
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-6, atol=1e-6)
    assert ours.rank_ == theirs.rank_
    np.testing.assert_allclose(ours.singular_, theirs.singular_, rtol=1e-10)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-8)


def test_linear_regression_normal_equations():
    """Eq. 4.5: the residual is orthogonal to the columns of [1, X]."""
    X, y = load_diabetes(return_X_y=True)
    reg = LinearRegression().fit(X, y)
    X1 = np.hstack([np.ones((X.shape[0], 1)), X])
    residual = y - reg.predict(X)
    np.testing.assert_allclose(X1.T @ residual, 0.0, atol=1e-8 * np.abs(y).sum())


def test_linear_regression_multi_output_and_positive():
    X, y = load_diabetes(return_X_y=True)
    Y = np.column_stack([y, -y + X[:, 0] * 100])
    for positive in (False, True):
        ours = LinearRegression(positive=positive).fit(X, Y)
        theirs = sk.LinearRegression(positive=positive).fit(X, Y)
        assert ours.coef_.shape == theirs.coef_.shape == (2, X.shape[1])
        np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(
            ours.intercept_, theirs.intercept_, rtol=1e-6, atol=1e-6
        )
    assert np.all(LinearRegression(positive=True).fit(X, y).coef_ >= 0)


def test_linear_regression_rank_deficient_is_minimum_norm():
    X, y = load_diabetes(return_X_y=True)
    X = np.hstack([X, X[:, :2]])  # duplicated columns: X^T X singular
    ours = LinearRegression().fit(X, y)
    theirs = sk.LinearRegression().fit(X, y)
    Xc = X - X.mean(axis=0)
    np.testing.assert_allclose(
        ours.coef_, np.linalg.pinv(Xc) @ (y - y.mean()), rtol=1e-6, atol=1e-6
    )
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-6, atol=1e-6)
    assert ours.rank_ == theirs.rank_ == X.shape[1] - 2


def _one_hot(y, classes):
    return (y[:, None] == classes[None, :]).astype(float)


@pytest.mark.parametrize("load", [load_iris, load_wine, load_digits])
def test_least_squares_classifier_is_the_pseudo_inverse_solution(load):
    """Notes 4.2.1: W~ = X~^+ T with 1-of-K targets."""
    X, y = load(return_X_y=True)
    clf = LeastSquaresClassifier().fit(X, y)
    X1 = np.hstack([X, np.ones((X.shape[0], 1))])
    W = np.linalg.pinv(X1) @ _one_hot(y, clf.classes_)
    np.testing.assert_allclose(clf.decision_function(X), X1 @ W, atol=1e-8)


@pytest.mark.parametrize("alpha", [1e-3, 1.0])
@pytest.mark.parametrize("load", [load_iris, load_wine, load_digits])
def test_relation_to_ridge_classifier_multiclass(load, alpha):
    """RidgeClassifier's targets are 2 t - 1: its coef_ is 2 W, intercept 2 b - 1."""
    X, y = load(return_X_y=True)
    sw = np.random.default_rng(0).uniform(0.5, 2.0, size=y.shape[0])
    ours = LeastSquaresClassifier(alpha=alpha).fit(X, y, sample_weight=sw)
    ridge = sk.RidgeClassifier(alpha=alpha, solver="svd").fit(X, y, sample_weight=sw)
    np.testing.assert_allclose(2 * ours.coef_, ridge.coef_, rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(
        2 * ours.intercept_ - 1, ridge.intercept_, rtol=1e-6, atol=1e-8
    )
    np.testing.assert_array_equal(ours.predict(X), ridge.predict(X))


def test_relation_to_ridge_classifier_binary():
    X, y = load_iris(return_X_y=True)
    X, y = X[y > 0], y[y > 0]
    ours = LeastSquaresClassifier(alpha=0.5).fit(X, y)
    ridge = sk.RidgeClassifier(alpha=0.5).fit(X, y)
    assert ours.coef_.shape == (1, X.shape[1])
    np.testing.assert_allclose(ours.coef_.ravel(), ridge.coef_.ravel(), rtol=1e-8)
    np.testing.assert_allclose(
        ours.decision_function(X), ridge.decision_function(X), rtol=1e-8, atol=1e-10
    )
    np.testing.assert_array_equal(ours.predict(X), ridge.predict(X))


def test_least_squares_classifier_rank_deficient_and_weights():
    X, y = load_wine(return_X_y=True)
    X = np.hstack([X, 2 * X[:, :3]])  # collinear columns
    clf = LeastSquaresClassifier().fit(X, y)
    assert clf.rank_ == X.shape[1] - 3
    assert np.all(np.isfinite(clf.coef_))
    assert clf.score(X, y) > 0.95
    sw = np.random.default_rng(2).integers(0, 3, size=y.shape[0])
    weighted = LeastSquaresClassifier(alpha=0.1).fit(X, y, sample_weight=sw)
    repeated = LeastSquaresClassifier(alpha=0.1).fit(
        np.repeat(X, sw, axis=0), np.repeat(y, sw)
    )
    np.testing.assert_allclose(
        weighted.decision_function(X), repeated.decision_function(X), atol=1e-8
    )


def test_least_squares_classifier_needs_two_classes():
    with pytest.raises(ValueError, match="at least 2 classes"):
        LeastSquaresClassifier().fit(np.ones((4, 2)), [1, 1, 1, 1])
