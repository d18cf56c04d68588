"""SoftmaxRegression: solvers, equivalence with LogisticRegression, soft targets."""

import warnings

import numpy as np
import pytest
from sklearn import linear_model as sk
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

from sklearn_notes.linear_model import SoftmaxRegression

SOLVERS = ["lbfgs", "newton", "sgd", "momentum", "nesterov", "rmsprop", "adam"]


def _scaled(load):
    X, y = load(return_X_y=True)
    return StandardScaler().fit_transform(X), y


@pytest.mark.parametrize("load", [load_breast_cancer, load_digits])
@pytest.mark.parametrize("solver", SOLVERS[1:])
def test_every_solver_within_three_points_of_lbfgs(load, solver):
    X, y = _scaled(load)
    reference = SoftmaxRegression(solver="lbfgs").fit(X, y).score(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = SoftmaxRegression(solver=solver, random_state=0).fit(X, y)
    assert clf.score(X, y) >= reference - 0.03
    assert len(clf.loss_curve_) == clf.n_iter_
    # The training objective went down substantially from log(K).
    assert clf.loss_curve_[-1] < 0.5 * np.log(len(clf.classes_))


@pytest.mark.parametrize("load", [load_wine, load_digits, load_iris])
def test_lbfgs_equals_multinomial_logistic_regression(load):
    """alpha = 1 / (C n) is sklearn's multinomial objective (K >= 3 classes)."""
    X, y = _scaled(load)
    C = 0.5
    ours = SoftmaxRegression(alpha=1 / (C * X.shape[0]), tol=1e-8, max_iter=2000).fit(
        X, y
    )
    theirs = sk.LogisticRegression(C=C, tol=1e-8, max_iter=2000).fit(X, y)
    np.testing.assert_allclose(
        ours.predict_proba(X), theirs.predict_proba(X), atol=1e-5
    )


def test_newton_and_lbfgs_reach_the_same_minimum():
    X, y = _scaled(load_wine)
    a = SoftmaxRegression(solver="lbfgs", alpha=0.01, tol=1e-9, max_iter=1000).fit(X, y)
    b = SoftmaxRegression(solver="newton", alpha=0.01, tol=1e-9).fit(X, y)
    np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X), atol=1e-6)
    assert b.n_iter_ < a.n_iter_


def test_binary_problem_uses_two_softmax_rows():
    X, y = _scaled(load_breast_cancer)
    clf = SoftmaxRegression().fit(X, y)
    assert clf.coef_.shape == (2, X.shape[1])
    decision = clf.decision_function(X)
    assert decision.shape == (X.shape[0],)
    scores = X @ clf.coef_.T + clf.intercept_
    np.testing.assert_allclose(decision, scores[:, 1] - scores[:, 0], rtol=1e-10)
    expected = np.exp(scores - scores.max(axis=1, keepdims=True))
    expected /= expected.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(clf.predict_proba(X), expected, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("solver", ["lbfgs", "adam"])
def test_one_hot_soft_targets_equal_hard_labels(solver):
    X, y = _scaled(load_iris)
    hard = SoftmaxRegression(solver=solver, random_state=0).fit(X, y)
    soft = SoftmaxRegression(solver=solver, random_state=0).fit(
        X, soft_targets=np.eye(3)[y]
    )
    np.testing.assert_allclose(soft.coef_, hard.coef_, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(soft.classes_, [0, 1, 2])


def test_distillation_from_soft_targets():
    """A student fitted on a teacher's probabilities reproduces them."""
    X, y = _scaled(load_wine)
    labels = np.array(["a", "b", "c"])[y]
    teacher = sk.LogisticRegression(C=0.05).fit(X, labels)
    target = teacher.predict_proba(X)
    student = SoftmaxRegression(alpha=0.0, tol=1e-10, max_iter=5000).fit(
        X, labels, soft_targets=target
    )
    np.testing.assert_array_equal(student.classes_, teacher.classes_)
    # Soft-target cross-entropy is minimised by matching the teacher exactly.
    np.testing.assert_allclose(student.predict_proba(X), target, atol=1e-3)


@pytest.mark.parametrize(
    "soft, y, match",
    [
        (np.full((10, 2), 0.3), None, "probability vectors"),
        (np.array([[1.5, -0.5]] * 10), None, "probability vectors"),
        (np.full((9, 2), 0.5), None, "rows"),
        (np.full((10, 3), 1 / 3), [0, 1] * 5, "distinct labels"),
    ],
)
def test_bad_soft_targets_raise(soft, y, match):
    X = np.random.default_rng(0).normal(size=(10, 2))
    with pytest.raises(ValueError, match=match):
        SoftmaxRegression().fit(X, y, soft_targets=soft)


def test_minibatch_convergence_warning_and_plateau_stop():
    X, y = _scaled(load_iris)
    with pytest.warns(ConvergenceWarning):
        SoftmaxRegression(solver="sgd", max_iter=2, random_state=0).fit(X, y)
    clf = SoftmaxRegression(solver="adam", tol=1e-2, random_state=0).fit(X, y)
    assert clf.n_iter_ < 200


def test_divergence_is_a_clear_error():
    X, y = load_digits(return_X_y=True)
    with pytest.raises(ValueError, match="diverged"):
        SoftmaxRegression(
            solver="sgd", learning_rate=1e6, alpha=1e3, random_state=0
        ).fit(X * 1e3, y)


def test_random_state_makes_minibatch_fits_reproducible():
    X, y = _scaled(load_iris)
    a = SoftmaxRegression(solver="rmsprop", random_state=3).fit(X, y)
    b = SoftmaxRegression(solver="rmsprop", random_state=3).fit(X, y)
    c = SoftmaxRegression(solver="rmsprop", random_state=4).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    assert not np.array_equal(a.coef_, c.coef_)
