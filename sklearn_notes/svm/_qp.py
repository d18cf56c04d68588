"""The SVM dual (notes eq. 4.46) as a dense quadratic programme for cvxopt.

``cvxopt.solvers.qp`` minimises ``1/2 a^T P a + q^T a`` subject to
``G a <= h`` and ``A a = b``.  The dual of the soft-margin SVM, written as a
minimisation, is

    P = Q (Q_nm = y_n y_m k(x_n, x_m)),  q = -1,
    G = [-I; I], h = [0; C]   (0 <= lambda_n <= C_n),  A = y^T, b = 0,

and the hard margin (4.5.1, ``C = inf``) drops the upper bounds.  The interior
point solution is then *polished*: with the support-vector categories of 4.5.2
read off the solution (lambda = 0, 0 < lambda < C, lambda = C), the KKT
conditions of the free multipliers are a linear system, solved exactly.  The
polish is kept only if the result is feasible and satisfies KKT.
"""

import numpy as np


def solve_dual_qp(Q, y, C, *, tol, verbose, max_iter):
    """Solve eq. (4.46) with cvxopt; return (alpha, intercept, n_iter, converged).

    Parameters
    ----------
    Q : ndarray (n, n)
        ``y_n y_m k(x_n, x_m)``; must be positive semi-definite.
    y : ndarray (n,)
        Labels in {-1, +1}.
    C : ndarray (n,)
        Box bounds; ``inf`` entries mean the hard margin.
    tol : float
        KKT tolerance used to accept the polish and in the hard-margin test.
    verbose : bool
        Print cvxopt's progress.
    max_iter : int
        cvxopt's ``maxiters`` (-1: cvxopt's default of 100).
    """
    from cvxopt import matrix, solvers, spmatrix

    n = y.shape[0]
    hard = bool(np.isinf(C).all())
    P = matrix(Q)
    q = matrix(-np.ones(n))
    if hard:
        G = spmatrix(-1.0, range(n), range(n))
        h = matrix(np.zeros(n))
    else:
        G = spmatrix([-1.0] * n + [1.0] * n, list(range(2 * n)), list(range(n)) * 2)
        h = matrix(np.concatenate([np.zeros(n), C]))
    A = matrix(y.reshape(1, -1).astype(np.float64))
    b = matrix(0.0)
    # tight tolerances: the polish below needs the categories of 4.5.2 right
    options = {
        "show_progress": bool(verbose),
        "abstol": 1e-11,
        "reltol": 1e-11,
        "feastol": 1e-11,
    }
    if max_iter is not None and max_iter > 0:
        options["maxiters"] = int(max_iter)
    try:
        solution = solvers.qp(P, q, G, h, A, b, options=options)
    except (ValueError, ArithmeticError) as exc:
        if hard:
            raise ValueError(_not_separable_message()) from exc
        raise ValueError(f"cvxopt could not solve the SVM dual: {exc}") from exc
    alpha = np.asarray(solution["x"], dtype=np.float64).ravel()
    n_iter = int(solution["iterations"])
    converged = solution["status"] == "optimal"
    if hard and not converged:
        raise ValueError(_not_separable_message())
    alpha = np.clip(alpha, 0.0, C)
    polished = None
    for categories in _candidate_categories(Q, y, C, alpha):
        polished = _polish(Q, y, C, alpha, categories, tol)
        if polished is not None:
            break
    if polished is not None:
        alpha, intercept = polished
        converged = True  # KKT verified on the polished solution
    else:
        # keep the interior-point solution; multipliers at round-off level are 0
        at_zero, _, _ = _categories(alpha, C, 1e-8)
        alpha = np.where(at_zero, 0.0, alpha)
        intercept = _intercept(Q, y, C, alpha)
    if hard:
        margins = Q @ alpha + y * intercept  # y_n f(x_n)
        if margins.min() < 1.0 - max(tol, 1e-3):
            raise ValueError(_not_separable_message())
    return alpha, intercept, n_iter, converged


def _not_separable_message():
    return (
        "C=inf asks for the hard margin of notes 4.5.1, but the data are not "
        "separable by this kernel: the hard-margin dual is unbounded. Use a "
        "finite C (soft margin, 4.5.2)."
    )


def _categories(alpha, C, threshold=1e-6):
    """Masks of lambda = 0, 0 < lambda < C and lambda = C (notes 4.5.2)."""
    # "0" relative to the largest multiplier, "C" relative to each C_n
    largest = float(alpha.max()) if alpha.size and alpha.max() > 0 else 1.0
    at_zero = alpha <= threshold * largest
    at_c = ~at_zero & np.isfinite(C) & (C - alpha <= threshold * C)
    return at_zero, ~at_zero & ~at_c, at_c


def _candidate_categories(Q, y, C, alpha):
    """Guesses of the support-vector categories, most trusted first.

    An interior-point solution has no exact zeros: a multiplier that should be
    0 or C is off by about the solver's tolerance.  The guesses come from the
    multipliers at a few thresholds, then from the margins ``y_n f(x_n)``
    (> 1: lambda = 0, < 1: lambda = C, = 1: free).
    """
    for threshold in (1e-6, 1e-5, 1e-4, 1e-3):
        yield _categories(alpha, C, threshold)
    intercept = _intercept(Q, y, C, alpha)
    margins = Q @ alpha + y * intercept
    for width in (1e-6, 1e-4, 1e-3):
        at_zero = margins > 1.0 + width
        at_c = np.isfinite(C) & (margins < 1.0 - width)
        yield at_zero, ~at_zero & ~at_c, at_c


def _intercept(Q, y, C, alpha):
    """b of eq. (4.47): average over free SVs, libsvm's midpoint if none."""
    at_zero, free, at_c = _categories(alpha, C)
    gradient = Q @ alpha - 1.0  # y_n (f(x_n) - b) - 1
    y_grad = y * gradient  # = -(y_n - sum_m lambda_m y_m k_mn): minus b's estimate
    if free.any():
        return -float(y_grad[free].mean())
    # interval of feasible b from the bounded multipliers (libsvm)
    upper_mask = (at_c & (y < 0)) | (at_zero & (y > 0))
    lower_mask = (at_c & (y > 0)) | (at_zero & (y < 0))
    upper = y_grad[upper_mask].min() if upper_mask.any() else np.inf
    lower = y_grad[lower_mask].max() if lower_mask.any() else -np.inf
    if not np.isfinite(upper):
        upper = lower
    if not np.isfinite(lower):
        lower = upper
    return -0.5 * float(upper + lower) if np.isfinite(upper) else 0.0


def _polish(Q, y, C, alpha, categories, tol):
    """Solve the KKT system of the free multipliers exactly (or return None)."""
    at_zero, free, at_c = categories
    n_free = int(free.sum())
    if n_free == 0:
        return None
    bound_c = np.where(at_c, C, 0.0)
    bound_c[~np.isfinite(bound_c)] = 0.0
    # [Q_FF y_F; y_F^T 0] [a_F; b] = [1 - Q_FU C_U; -y_U . C_U]
    system = np.zeros((n_free + 1, n_free + 1))
    system[:n_free, :n_free] = Q[np.ix_(free, free)]
    system[:n_free, n_free] = y[free]
    system[n_free, :n_free] = y[free]
    rhs = np.empty(n_free + 1)
    rhs[:n_free] = 1.0 - Q[free] @ bound_c
    rhs[n_free] = -(y * bound_c).sum()
    solution = np.linalg.lstsq(system, rhs, rcond=None)[0]
    polished = bound_c.copy()
    polished[free] = solution[:n_free]
    intercept = float(solution[n_free])
    slack = 1e-9 * max(1.0, np.abs(alpha).max())
    if (polished[free] < -slack).any() or (polished[free] > C[free] + slack).any():
        return None
    polished = np.clip(polished, 0.0, C)
    # KKT of the others: y f(x) >= 1 at lambda = 0, <= 1 at lambda = C
    margins = Q @ polished + y * intercept
    if (margins[at_zero] < 1.0 - tol).any() or (margins[at_c] > 1.0 + tol).any():
        return None
    if np.abs(margins[free] - 1.0).max(initial=0.0) > 1e-6:
        return None
    return polished, intercept
