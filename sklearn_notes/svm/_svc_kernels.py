"""Numba kernels of SVC: kernel matrices and one-vs-one decision values.

All-pairs dot products come from a GEMM in numpy (NUMBA.md rule 7); these
kernels finish them in one pass (notes 4.5.3: linear, polynomial, RBF, sigmoid)
and combine kernel values with the dual coefficients (eq. 4.47 with the
kernel trick, ``f(x) = sum_m lambda_m y_m k(x_m, x) + b``).
"""

import numpy as np

from sklearn_notes._numba import njit

LINEAR, POLY, RBF, SIGMOID, PRECOMPUTED = 0, 1, 2, 3, 4


@njit
def finish_kernel(K, row_sq, col_sq, kernel, gamma, coef0, degree):
    """Turn dot products into kernel values, in place (rbf: into its exponent).

    For rbf this writes ``-gamma ||x_a - z_b||^2`` and the caller applies
    ``np.exp``: numpy's SIMD exp ran twice as fast as the scalar exp of a
    Numba loop here, and the exp is most of the cost of a prediction.

    Parameters
    ----------
    K : (m, n) float, IN/OUT
        On entry ``K[a, b] = x_a . z_b``; on exit ``k(x_a, z_b)`` (rbf: the
        exponent of ``k``).
    row_sq, col_sq : (m,), (n,) float, IN
        Squared norms of the rows of X and Z (read for rbf only).
    kernel : int, IN
        0 linear, 1 poly ``(gamma x.z + coef0)^degree``, 2 rbf
        ``exp(-gamma ||x - z||^2)``, 3 sigmoid ``tanh(gamma x.z + coef0)``.
    gamma, coef0 : float, IN
    degree : int, IN
    """
    m, n = K.shape
    if kernel == LINEAR:
        return
    for a in range(m):
        if kernel == RBF:
            ra = row_sq[a]
            for b in range(n):
                K[a, b] = -gamma * max(ra + col_sq[b] - 2.0 * K[a, b], 0.0)
        elif kernel == POLY:
            for b in range(n):
                K[a, b] = (gamma * K[a, b] + coef0) ** degree
        else:
            for b in range(n):
                K[a, b] = np.tanh(gamma * K[a, b] + coef0)


@njit
def ovo_decision(K, dual_coef, sv_start, intercept, out):
    """libsvm's one-vs-one decision values.

    Parameters
    ----------
    K : (m, n_SV) float64, IN
        Kernel values between the query points and the support vectors, the
        support vectors grouped by class (class c owns columns
        ``sv_start[c]:sv_start[c+1]``).
    dual_coef : (n_classes - 1, n_SV) float64, IN
        libsvm's layout: for the pair (i, j), i < j, the coefficients
        lambda_m y_m (y = +1 for class i) of class i's vectors are in row j - 1
        and those of class j's vectors in row i.
    sv_start : (n_classes + 1,) int64, IN
    intercept : (n_pairs,) float64, IN
        b = -rho of each pair, pairs in the order (0,1), (0,2), ..., (1,2), ...
    out : (m, n_pairs) float64, OUT
        ``f_ij(x) = sum_m lambda_m y_m k(x_m, x) + b_ij``; > 0 votes for i.
    """
    n_classes = sv_start.shape[0] - 1
    m = K.shape[0]
    for a in range(m):
        p = 0
        for i in range(n_classes):
            for j in range(i + 1, n_classes):
                total = 0.0
                for s in range(sv_start[i], sv_start[i + 1]):
                    total += dual_coef[j - 1, s] * K[a, s]
                for s in range(sv_start[j], sv_start[j + 1]):
                    total += dual_coef[i, s] * K[a, s]
                out[a, p] = total + intercept[p]
                p += 1


@njit
def ovo_votes(decision, n_classes, out):
    """libsvm's voting: ``decision[a, p] > 0`` is a vote for i, else for j.

    IN decision (m, n_pairs); OUT out (m,) int64, the class with most votes,
    the lowest index among ties (as libsvm).
    """
    m = decision.shape[0]
    votes = np.zeros(n_classes, dtype=np.int64)
    for a in range(m):
        votes[:] = 0
        p = 0
        for i in range(n_classes):
            for j in range(i + 1, n_classes):
                if decision[a, p] > 0.0:
                    votes[i] += 1
                else:
                    votes[j] += 1
                p += 1
        best = 0
        for c in range(1, n_classes):
            if votes[c] > votes[best]:
                best = c
        out[a] = best


@njit
def pairwise_coupling(pairwise, out):
    """Class probabilities from pairwise ones (Wu, Lin and Weng 2004, method 2).

    libsvm's ``multiclass_probability``: minimise
    ``sum_i sum_{j != i} (r_ji p_i - r_ij p_j)^2`` over the simplex by the
    fixed-point iteration of the paper.

    Parameters
    ----------
    pairwise : (k, k) float64, IN
        ``pairwise[i, j]`` = P(class i | class i or j, x).
    out : (k,) float64, OUT
        The class probabilities.
    """
    k = pairwise.shape[0]
    Q = np.zeros((k, k))
    Qp = np.zeros(k)
    max_iter = max(100, k)
    eps = 0.005 / k
    for t in range(k):
        out[t] = 1.0 / k
        Q[t, t] = 0.0
        for j in range(t):
            Q[t, t] += pairwise[j, t] * pairwise[j, t]
            Q[t, j] = Q[j, t]
        for j in range(t + 1, k):
            Q[t, t] += pairwise[j, t] * pairwise[j, t]
            Q[t, j] = -pairwise[j, t] * pairwise[t, j]
    for _ in range(max_iter):
        pQp = 0.0
        for t in range(k):
            Qp[t] = 0.0
            for j in range(k):
                Qp[t] += Q[t, j] * out[j]
            pQp += out[t] * Qp[t]
        max_error = 0.0
        for t in range(k):
            max_error = max(max_error, abs(Qp[t] - pQp))
        if max_error < eps:
            break
        for t in range(k):
            diff = (-Qp[t] + pQp) / Q[t, t]
            out[t] += diff
            pQp = (
                (pQp + diff * (diff * Q[t, t] + 2.0 * Qp[t]))
                / (1.0 + diff)
                / (1.0 + diff)
            )
            for j in range(k):
                Qp[j] = (Qp[j] + diff * Q[t, j]) / (1.0 + diff)
                out[j] /= 1.0 + diff
