"""SVC's Numba kernels against naive NumPy references."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from sklearn_notes.svm._smo_kernels import fill_q_row, kernel_value, smo_solve
from sklearn_notes.svm._svc_kernels import (
    finish_kernel,
    ovo_decision,
    ovo_votes,
    pairwise_coupling,
)

KERNEL_CODES = {"linear": 0, "poly": 1, "rbf": 2, "sigmoid": 3}


def naive_kernel(X, Z, kernel, gamma=0.3, coef0=0.5, degree=3):
    dots = X @ Z.T
    if kernel == "linear":
        return dots
    if kernel == "poly":
        return (gamma * dots + coef0) ** degree
    if kernel == "rbf":
        sq = ((X[:, None, :] - Z[None, :, :]) ** 2).sum(-1)
        return np.exp(-gamma * sq)
    return np.tanh(gamma * dots + coef0)


@pytest.mark.parametrize("kernel", list(KERNEL_CODES))
@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-12), (np.float32, 1e-4)])
def test_finish_kernel_matches_naive(kernel, dtype, rtol, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.randn(7, 4).astype(dtype)
    Z = rng.randn(5, 4).astype(dtype)
    K = (X @ Z.T).astype(dtype)
    finish_kernel(K, (X * X).sum(1), (Z * Z).sum(1), KERNEL_CODES[kernel], 0.3, 0.5, 3)
    if kernel == "rbf":  # the kernel leaves the exponent; the caller applies exp
        K = np.exp(K)
    expected = naive_kernel(X.astype(np.float64), Z.astype(np.float64), kernel)
    assert K.dtype == dtype
    assert_allclose(K, expected, rtol=rtol, atol=rtol)


@pytest.mark.parametrize("kernel", list(KERNEL_CODES))
def test_fill_q_row_full_and_partial(kernel, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.randn(9, 3)
    y = np.where(rng.rand(9) > 0.5, 1.0, -1.0)
    x_sq = (X * X).sum(1)
    XT = np.ascontiguousarray(X.T)
    expected = y[4] * y * naive_kernel(X[4:5], X, kernel)[0]
    row = np.full(9, -7.0, dtype=np.float32)
    fill_q_row(
        X,
        XT,
        x_sq,
        y,
        4,
        np.arange(9),
        9,
        KERNEL_CODES[kernel],
        0.3,
        0.5,
        3,
        np.empty(9),
        row,
    )
    assert_allclose(row, expected, rtol=1e-6, atol=1e-6)
    # only the listed columns are written
    cols = np.array([8, 1, 5])
    row = np.full(9, -7.0, dtype=np.float32)
    fill_q_row(
        X, XT, x_sq, y, 4, cols, 3, KERNEL_CODES[kernel], 0.3, 0.5, 3, np.empty(9), row
    )
    assert_allclose(row[cols], expected[cols], rtol=1e-6, atol=1e-6)
    others = np.setdiff1d(np.arange(9), cols)
    assert_array_equal(row[others], -7.0)
    assert kernel_value(
        X, x_sq, 4, 2, KERNEL_CODES[kernel], 0.3, 0.5, 3
    ) == pytest.approx(naive_kernel(X[4:5], X[2:3], kernel)[0, 0], rel=1e-12, abs=1e-12)


def test_fill_q_row_precomputed():
    rng = np.random.RandomState(0)
    A = rng.randn(6, 6)
    K = A @ A.T
    y = np.array([1.0, -1.0, 1.0, 1.0, -1.0, -1.0])
    row = np.empty(6, dtype=np.float32)
    fill_q_row(
        K,
        np.empty((0, 6)),
        np.zeros(6),
        y,
        2,
        np.arange(6),
        6,
        4,
        0.0,
        0.0,
        3,
        np.empty(6),
        row,
    )
    assert_allclose(row, y[2] * y * K[2], rtol=1e-6)


def _dual_problem(seed, n=40, kernel="rbf"):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, 3)
    y = np.where(X[:, 0] + 0.7 * rng.randn(n) > 0, 1.0, -1.0)
    K = naive_kernel(X, X, kernel, gamma=0.5, coef0=1.0, degree=2)
    return X, y, K


def _smo(X, y, C, kernel="rbf", tol=1e-3, shrinking=True, n_slots=None, max_iter=10**6):
    n = y.shape[0]
    alpha, G, result = np.empty(n), np.empty(n), np.empty(3)
    smo_solve(
        X,
        (X * X).sum(1),
        y,
        C,
        KERNEL_CODES[kernel],
        0.5,
        1.0,
        2,
        tol,
        shrinking,
        n if n_slots is None else n_slots,
        max_iter,
        alpha,
        G,
        result,
    )
    return alpha, G, result


@pytest.mark.parametrize("kernel", ["linear", "poly", "rbf"])
def test_smo_satisfies_kkt(kernel, global_random_seed):
    X, y, K = _dual_problem(global_random_seed, kernel=kernel)
    C = np.full(y.shape[0], 2.0)
    alpha, G, result = _smo(X, y, C, kernel, tol=1e-6)
    Q = y[:, None] * y[None, :] * K
    assert result[2] == 1.0
    assert_allclose(G, Q @ alpha - 1.0, rtol=1e-6, atol=1e-6)
    assert abs(alpha @ y) < 1e-10
    assert (alpha >= 0).all() and (alpha <= C).all()
    # maximal violating pair: m(alpha) - M(alpha) <= tol
    up = ((y > 0) & (alpha < C)) | ((y < 0) & (alpha > 0))
    low = ((y > 0) & (alpha > 0)) | ((y < 0) & (alpha < C))
    assert (-y * G)[up].max() - (-y * G)[low].min() < 1e-6
    # rho is the average of y G over the free multipliers (eq. 4.47)
    free = (alpha > 0) & (alpha < C)
    assert result[0] == pytest.approx((y * G)[free].mean(), rel=1e-9)


def test_smo_cache_and_shrinking_do_not_change_the_solution(global_random_seed):
    X, y, K = _dual_problem(global_random_seed, n=60)
    C = np.full(60, 1.0)
    Q = y[:, None] * y[None, :] * naive_kernel(X, X, "rbf", gamma=0.5)

    def dual_objective(alpha):
        return 0.5 * alpha @ Q @ alpha - alpha.sum()

    for shrinking in (False, True):
        full_cache = _smo(X, y, C, shrinking=shrinking)
        for n_slots in (2, 7):
            # the cache only decides what is recomputed, never the values
            alpha, _, result = _smo(X, y, C, shrinking=shrinking, n_slots=n_slots)
            assert_array_equal(alpha, full_cache[0])
            assert_array_equal(result, full_cache[2])
    # with or without shrinking: both stop at tol=1e-3 of the same optimum
    no_shrink = _smo(X, y, C, shrinking=False, tol=1e-8)[0]
    shrink = _smo(X, y, C, shrinking=True, tol=1e-8)[0]
    assert dual_objective(shrink) == pytest.approx(dual_objective(no_shrink), rel=1e-9)


def test_smo_max_iter_reports_not_converged():
    X, y, _ = _dual_problem(0)
    _, _, result = _smo(X, y, np.ones(40), max_iter=3)
    assert result[1] == 3 and result[2] == 0.0


def test_ovo_decision_and_votes_match_naive(global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    n_classes, counts = 4, np.array([3, 2, 4, 1])
    sv_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    n_sv = counts.sum()
    K = rng.randn(6, n_sv)
    dual = rng.randn(n_classes - 1, n_sv)
    intercept = rng.randn(6)
    out = np.empty((6, 6))
    ovo_decision(K, dual, sv_start, intercept, out)
    p = 0
    expected = np.empty((6, 6))
    votes = np.zeros((6, n_classes), dtype=int)
    for i in range(n_classes):
        for j in range(i + 1, n_classes):
            si, sj = (
                slice(sv_start[i], sv_start[i + 1]),
                slice(sv_start[j], sv_start[j + 1]),
            )
            expected[:, p] = (
                K[:, si] @ dual[j - 1, si] + K[:, sj] @ dual[i, sj] + intercept[p]
            )
            votes[np.arange(6), np.where(expected[:, p] > 0, i, j)] += 1
            p += 1
    assert_allclose(out, expected, rtol=1e-12, atol=1e-12)
    winner = np.empty(6, dtype=np.int64)
    ovo_votes(out, n_classes, winner)
    assert_array_equal(winner, votes.argmax(axis=1))  # argmax: first of ties


def test_pairwise_coupling_meets_its_optimality_condition(global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    k = 4
    r = np.zeros((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            r[i, j] = rng.uniform(0.05, 0.95)
            r[j, i] = 1 - r[i, j]
    p = np.empty(k)
    pairwise_coupling(r, p)
    Q = np.where(np.eye(k, dtype=bool), 0.0, -r.T * r)
    Q[np.diag_indices(k)] = (r**2).sum(axis=0) - np.diag(r) ** 2
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    assert (p > 0).all()
    # the stopping rule of Wu, Lin and Weng: max_t |(Qp)_t - p^T Q p| < 0.005 / k
    Qp = Q @ p
    assert np.abs(Qp - p @ Qp).max() < 0.005 / k
