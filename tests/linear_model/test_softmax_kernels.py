"""The logistic/softmax kernels against naive NumPy references (float32 and float64)."""

import numpy as np
import pytest

from sklearn_notes.linear_model import _softmax_kernels as K
from sklearn_notes.linear_model._softmax_solvers import CrossEntropyObjective


def _problem(dtype, seed=0, n=40, d=5, k=4):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)).astype(dtype)
    Y = rng.dirichlet(np.ones(k), size=n)  # soft targets, rows sum to 1
    sw = rng.uniform(0.0, 2.0, size=n)
    sw[3] = 0.0
    coef = rng.normal(size=(k, d + 1))
    return X, Y, sw, coef


def _naive_softmax(X, Y, sw, coef, fit_intercept):
    Z = X.astype(np.float64) @ coef[:, :-1].T + (coef[:, -1] if fit_intercept else 0.0)
    Z = Z - Z.max(axis=1, keepdims=True)
    A = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    loss = -(sw[:, None] * Y * np.log(A)).sum()
    G = sw[:, None] * (A - Y)
    grad = np.zeros_like(coef)
    grad[:, :-1] = G.T @ X.astype(np.float64)
    if fit_intercept:
        grad[:, -1] = G.sum(axis=0)
    return loss, grad, A


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_softmax_loss_gradient_matches_naive(dtype, fit_intercept):
    X, Y, sw, coef = _problem(dtype)
    rows = np.arange(X.shape[0], dtype=np.int64)
    grad = np.empty_like(coef)
    loss = K.softmax_loss_gradient(X, Y, sw, rows, coef, fit_intercept, grad)
    ref_loss, ref_grad, _ = _naive_softmax(X, Y, sw, coef, fit_intercept)
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-10)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-10, atol=1e-12)


def test_softmax_loss_gradient_on_a_subset_of_rows():
    X, Y, sw, coef = _problem(np.float64)
    rows = np.array([5, 1, 7, 7], dtype=np.int64)
    grad = np.empty_like(coef)
    loss = K.softmax_loss_gradient(X, Y, sw, rows, coef, True, grad)
    ref_loss, ref_grad, _ = _naive_softmax(X[rows], Y[rows], sw[rows], coef, True)
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-12)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-12, atol=1e-14)


def test_softmax_is_stable_for_huge_scores():
    """Eq. 4.27: subtracting the max keeps exp() finite."""
    X = np.array([[1000.0], [-1000.0]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    coef = np.array([[1.0, 0.0], [-1.0, 0.0]])
    grad = np.empty_like(coef)
    loss = K.softmax_loss_gradient(X, Y, np.ones(2), np.arange(2), coef, True, grad)
    assert np.isfinite(loss) and np.all(np.isfinite(grad))
    assert loss < 1e-12
    out = np.empty((2, 2))
    K.softmax_rows(np.array([[1000.0, 0.0], [0.0, 1e300]]), out)
    np.testing.assert_allclose(out, [[1.0, 0.0], [0.0, 1.0]])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_hessian_product_matches_naive(dtype):
    X, Y, sw, coef = _problem(dtype, seed=1)
    rng = np.random.default_rng(2)
    V = rng.normal(size=coef.shape)
    out = np.empty_like(coef)
    K.softmax_hessian_product(X, sw, np.arange(X.shape[0]), coef, True, V, out)
    _, _, A = _naive_softmax(X, Y, sw, coef, True)
    X1 = np.hstack([X.astype(np.float64), np.ones((X.shape[0], 1))])
    U = X1 @ V.T
    H = sw[:, None] * A * (U - (A * U).sum(axis=1, keepdims=True))
    np.testing.assert_allclose(out, H.T @ X1, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_binary_kernels_match_naive(dtype, fit_intercept):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 4)).astype(dtype)
    y = (rng.uniform(size=30) < 0.5).astype(np.float64)
    sw = rng.uniform(0.5, 1.5, size=30)
    coef = rng.normal(size=5) * 3
    grad = np.empty(5)
    loss = K.binary_loss_gradient(X, y, sw, coef, fit_intercept, grad)
    z = X.astype(np.float64) @ coef[:-1] + (coef[-1] if fit_intercept else 0.0)
    p = 1.0 / (1.0 + np.exp(-z))
    ref_loss = -(sw * (y * np.log(p) + (1 - y) * np.log(1 - p))).sum()  # eq. 4.19
    np.testing.assert_allclose(loss, ref_loss, rtol=1e-10)
    g = sw * (p - y)  # eq. 4.22
    np.testing.assert_allclose(grad[:-1], g @ X.astype(np.float64), rtol=1e-10)
    np.testing.assert_allclose(grad[-1], g.sum() if fit_intercept else 0.0, atol=1e-12)
    v = rng.normal(size=5)
    out = np.empty(5)
    K.binary_hessian_product(X, sw, coef, fit_intercept, v, out)
    u = X.astype(np.float64) @ v[:-1] + (v[-1] if fit_intercept else 0.0)
    h = sw * p * (1 - p) * u
    np.testing.assert_allclose(out[:-1], h @ X.astype(np.float64), rtol=1e-10)


@pytest.mark.parametrize("binary", [True, False])
def test_objective_gradient_matches_finite_differences(binary):
    """Eq. 8.12: central differences of J against the analytic gradient."""
    X, Y, sw, coef = _problem(np.float64, seed=4, k=2 if binary else 3)
    targets = Y[:, 1].round() if binary else Y
    obj = CrossEntropyObjective(X, targets, sw, 0.3, True, binary)
    w = coef[:1].ravel() if binary else coef.ravel()
    _, grad = obj.loss_gradient(w)
    eps = 1e-6
    numeric = np.array(
        [
            (obj.loss(w + eps * e) - obj.loss(w - eps * e)) / (2 * eps)
            for e in np.eye(w.size)
        ]
    )
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-8)
    direction = np.random.default_rng(5).normal(size=w.size)
    numeric_hv = (
        obj.gradient(w + eps * direction) - obj.gradient(w - eps * direction)
    ) / (2 * eps)
    np.testing.assert_allclose(
        obj.hessian_product(w, direction), numeric_hv, rtol=1e-5, atol=1e-7
    )
    np.testing.assert_allclose(
        obj.hessian(w) @ direction, numeric_hv, rtol=1e-5, atol=1e-7
    )


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("rule", ["sgd", "momentum", "nesterov", "rmsprop", "adam"])
def test_minibatch_epoch_matches_naive_updates(dtype, rule):
    X, Y, sw, coef0 = _problem(dtype, seed=6, n=10)
    eta, b1, b2, eps, alpha, batch = 0.1, 0.9, 0.99, 1e-8, 0.01, 4
    order = np.random.default_rng(7).permutation(10).astype(np.int64)
    code = {
        "sgd": K.SGD,
        "momentum": K.MOMENTUM,
        "nesterov": K.NESTEROV,
        "rmsprop": K.RMSPROP,
        "adam": K.ADAM,
    }[rule]
    coef = coef0.copy()
    v, s = np.zeros_like(coef), np.zeros_like(coef)
    K.minibatch_epoch(
        X,
        Y,
        sw,
        order,
        coef,
        True,
        code,
        eta,
        b1,
        b2,
        eps,
        alpha,
        batch,
        0,
        v,
        s,
        np.empty_like(coef),
        np.empty_like(coef),
    )
    # Naive reference, one batch at a time.
    W, V, S, t = coef0.copy(), np.zeros_like(coef0), np.zeros_like(coef0), 0
    mask = np.ones_like(W)
    mask[:, -1] = 0.0
    for start in range(0, 10, batch):
        rows = order[start : start + batch]
        at = W + b1 * V if rule == "nesterov" else W
        _, g, _ = _naive_softmax(X[rows], Y[rows], sw[rows], at, True)
        g = g / sw[rows].sum() + alpha * mask * at
        t += 1
        if rule == "sgd":
            W = W - eta * g
        elif rule in ("momentum", "nesterov"):
            V = b1 * V - eta * g
            W = W + V
        elif rule == "rmsprop":
            S = b2 * S + (1 - b2) * g**2
            W = W - eta * g / (np.sqrt(S) + eps)
        else:
            V = b1 * V + (1 - b1) * g
            S = b2 * S + (1 - b2) * g**2
            W = W - eta * (V / (1 - b1**t)) / (np.sqrt(S / (1 - b2**t)) + eps)
    np.testing.assert_allclose(coef, W, rtol=1e-9, atol=1e-12)
