"""Numba kernels of the SMO solver of the SVM dual (notes 4.5.2, eq. 4.46).

The solver is libsvm's ``Solver`` (Fan, Chen and Lin 2005; Chang and Lin 2011)
for the C-SVC dual in libsvm's minimisation form

    min_a  1/2 a^T Q a - 1^T a   s.t.  y^T a = 0,  0 <= a_i <= C_i,

with ``Q_ij = y_i y_j k(x_i, x_j)``: the notes' g(lambda) of eq. (4.46) with the
sign flipped.  Each iteration picks a working pair (i, j) by the second-order
rule WSS3, solves the two-variable sub-problem analytically and updates the
gradient ``G = Q a - 1``.  Shrinking drops variables stuck at a bound from the
active set; a cache of kernel rows bounded by ``cache_size`` MB holds the rows
of Q.  Everything that calls each other lives in this one module (NUMBA.md
rule 5: a cached kernel calling another module's kernel could go stale).

Kernel codes: 0 linear, 1 poly, 2 rbf, 3 sigmoid, 4 precomputed (then ``X`` is
the square Gram matrix of the training points).
"""

import numpy as np

from sklearn_notes._numba import njit

LINEAR, POLY, RBF, SIGMOID, PRECOMPUTED = 0, 1, 2, 3, 4

#: libsvm's floor for a non-positive curvature (non-PSD kernels, duplicates).
TAU = 1e-12

LOWER, UPPER, FREE = 0, 1, 2


@njit
def kernel_value(X, x_sq, i, j, kernel, gamma, coef0, degree):
    """k(x_i, x_j) for the rows i, j of ``X`` (IN); ``x_sq`` (IN) = row norms^2."""
    if kernel == PRECOMPUTED:
        return X[i, j]
    dot = 0.0
    for f in range(X.shape[1]):
        dot += X[i, f] * X[j, f]
    if kernel == LINEAR:
        return dot
    if kernel == POLY:
        return (gamma * dot + coef0) ** degree
    if kernel == RBF:
        return np.exp(-gamma * max(x_sq[i] + x_sq[j] - 2.0 * dot, 0.0))
    return np.tanh(gamma * dot + coef0)


@njit
def fill_q_row(
    X, XT, x_sq, y, i, cols, n_cols, kernel, gamma, coef0, degree, dots, row
):
    """Write ``row[j] = y_i y_j k(x_i, x_j)`` for ``j in cols[:n_cols]``.

    IN: X (n, d), XT = X.T contiguous (d, n), x_sq, y, cols.
    OUT: row (float32, length n; other entries kept); dots (scratch, n).
    The dot products run feature by feature over contiguous rows of XT, which
    vectorises (a row of Q is the costly step of SMO).
    """
    yi = y[i]
    if kernel == PRECOMPUTED:
        for c in range(n_cols):
            j = cols[c]
            row[j] = yi * y[j] * X[i, j]
        return
    d = XT.shape[0]
    full = n_cols == y.shape[0]
    for c in range(n_cols):
        dots[c] = 0.0
    for f in range(d):
        x_if = XT[f, i]
        XT_f = XT[f]
        if full:
            for c in range(n_cols):
                dots[c] += x_if * XT_f[c]
        else:
            for c in range(n_cols):
                dots[c] += x_if * XT_f[cols[c]]
    if kernel == LINEAR:
        for c in range(n_cols):
            j = cols[c]
            row[j] = yi * y[j] * dots[c]
    elif kernel == POLY:
        for c in range(n_cols):
            j = cols[c]
            row[j] = yi * y[j] * (gamma * dots[c] + coef0) ** degree
    elif kernel == RBF:
        sq_i = x_sq[i]
        for c in range(n_cols):
            j = cols[c]
            row[j] = (
                yi * y[j] * np.exp(-gamma * max(sq_i + x_sq[j] - 2.0 * dots[c], 0.0))
            )
    else:
        for c in range(n_cols):
            j = cols[c]
            row[j] = yi * y[j] * np.tanh(gamma * dots[c] + coef0)


@njit
def _get_row(i, need_full, problem, cache_state, active, active_size, epoch):
    """Slot of the cache holding row i of Q, computing it on a miss.

    ``problem`` = (X, XT, x_sq, y, kernel parameters, scratch buffers) and
    ``cache_state`` = (rows, slot_of, owner, last_used, slot_full, slot_epoch,
    clock), as built by :func:`smo_solve`.
    A row filled while shrinking holds only the entries of the active set of
    that moment, the others NaN (``slot_full`` False, tagged with the shrinking
    ``epoch``); it stays valid until the next un-shrink, since the active set
    only shrinks in between.  ``need_full`` asks for all n entries (G_bar
    updates); a partial row is then completed, computing only its NaN entries
    (kernel values of validated, finite data are never NaN).
    Least recently used slots are evicted; ``clock[0]`` is the LRU counter.
    """
    X, XT, x_sq, y, kernel, gamma, coef0, degree, dots, missing, all_idx = problem
    rows, slot_of, owner, last_used, slot_full, slot_epoch, clock = cache_state
    clock[0] += 1
    n = y.shape[0]
    s = slot_of[i]
    if s >= 0:
        last_used[s] = clock[0]
        if slot_full[s] or (not need_full and slot_epoch[s] == epoch):
            return s
        # complete a partial row: compute only its missing (NaN) entries
        row = rows[s]
        n_missing = 0
        for k in range(n):
            if row[k] != row[k]:
                missing[n_missing] = k
                n_missing += 1
        fill_q_row(
            X,
            XT,
            x_sq,
            y,
            i,
            missing,
            n_missing,
            kernel,
            gamma,
            coef0,
            degree,
            dots,
            row,
        )
        slot_full[s] = True
        return s
    # miss: evict the least recently used slot
    s = 0
    oldest = last_used[0]
    for t in range(1, owner.shape[0]):
        if last_used[t] < oldest:
            oldest = last_used[t]
            s = t
    if owner[s] >= 0:
        slot_of[owner[s]] = -1
    owner[s] = i
    slot_of[i] = s
    last_used[s] = clock[0]
    row = rows[s]
    if need_full or active_size == n:
        fill_q_row(
            X, XT, x_sq, y, i, all_idx, n, kernel, gamma, coef0, degree, dots, row
        )
        slot_full[s] = True
    else:
        row[:] = np.nan  # marks the entries not computed
        fill_q_row(
            X,
            XT,
            x_sq,
            y,
            i,
            active,
            active_size,
            kernel,
            gamma,
            coef0,
            degree,
            dots,
            row,
        )
        slot_full[s] = False
        slot_epoch[s] = epoch
    return s


@njit
def _status(alpha_i, C_i):
    if alpha_i >= C_i:
        return UPPER
    if alpha_i <= 0.0:
        return LOWER
    return FREE


@njit
def _select_working_set(
    problem, cache_state, tol, QD, G, status, active, active_size, epoch
):
    """WSS3 (Fan et al. 2005): i maximal violator, j by second-order gain.

    Returns (i, j), with j = -1 when the gap m(a) - M(a) < tol (optimal).
    """
    y = problem[3]
    Gmax = -np.inf  # m(a) = max over I_up of -y_t G_t
    Gmax2 = -np.inf  # -M(a) = max over I_low of y_t G_t
    i = -1
    for t in range(active_size):
        k = active[t]
        if y[k] > 0:
            if status[k] != UPPER and -G[k] >= Gmax:
                Gmax = -G[k]
                i = k
        else:
            if status[k] != LOWER and G[k] >= Gmax:
                Gmax = G[k]
                i = k
    if i < 0:
        return -1, -1
    Q_i = cache_state[0][
        _get_row(i, False, problem, cache_state, active, active_size, epoch)
    ]
    j = -1
    obj_diff_min = np.inf
    yi = y[i]
    for t in range(active_size):
        k = active[t]
        if y[k] > 0:
            if status[k] != LOWER:
                grad_diff = Gmax + G[k]
                if G[k] >= Gmax2:
                    Gmax2 = G[k]
                if grad_diff > 0.0:
                    quad = QD[i] + QD[k] - 2.0 * yi * Q_i[k]
                    if quad <= 0.0:
                        quad = TAU
                    obj_diff = -(grad_diff * grad_diff) / quad
                    if obj_diff <= obj_diff_min:
                        j = k
                        obj_diff_min = obj_diff
        else:
            if status[k] != UPPER:
                grad_diff = Gmax - G[k]
                if -G[k] >= Gmax2:
                    Gmax2 = -G[k]
                if grad_diff > 0.0:
                    quad = QD[i] + QD[k] + 2.0 * yi * Q_i[k]
                    if quad <= 0.0:
                        quad = TAU
                    obj_diff = -(grad_diff * grad_diff) / quad
                    if obj_diff <= obj_diff_min:
                        j = k
                        obj_diff_min = obj_diff
    if Gmax + Gmax2 < tol or j < 0:
        return i, -1
    return i, j


@njit
def _reconstruct_gradient(
    problem, cache_state, alpha, status, G, G_bar, active, active_size, epoch
):
    """Recompute G of the shrunk (inactive) variables from G_bar and free alphas.

    Inactive variables are at a bound, so G_k = G_bar_k - 1 + sum over free i of
    alpha_i Q_ik.  The cheaper of libsvm's two loop orders is used.
    """
    rows = cache_state[0]
    n = G.shape[0]
    if active_size == n:
        return
    for t in range(active_size, n):
        k = active[t]
        G[k] = G_bar[k] - 1.0
    n_free = 0
    for t in range(active_size):
        if status[active[t]] == FREE:
            n_free += 1
    if n_free * n > 2 * active_size * (n - active_size):
        # rows of the inactive points over the active set
        for t in range(active_size, n):
            k = active[t]
            row = rows[
                _get_row(k, False, problem, cache_state, active, active_size, epoch)
            ]
            acc = 0.0
            for u in range(active_size):
                i = active[u]
                if status[i] == FREE:
                    acc += alpha[i] * row[i]
            G[k] += acc
    else:
        for u in range(active_size):
            i = active[u]
            if status[i] == FREE:
                row = rows[
                    _get_row(i, True, problem, cache_state, active, active_size, epoch)
                ]
                a_i = alpha[i]
                for t in range(active_size, n):
                    k = active[t]
                    G[k] += a_i * row[k]


@njit
def _shrink(y, G, status, active, active_size, Gmax1, Gmax2):
    """libsvm's do_shrinking: move the variables that cannot move any more
    (at a bound, gradient pointing out of the box past the current violation)
    to the end of ``active``; return the new active size."""
    t = 0
    while t < active_size:
        i = active[t]
        shrink = False
        if status[i] == UPPER:
            shrink = -G[i] > Gmax1 if y[i] > 0 else -G[i] > Gmax2
        elif status[i] == LOWER:
            shrink = G[i] > Gmax2 if y[i] > 0 else G[i] > Gmax1
        if shrink:
            active_size -= 1
            active[t] = active[active_size]
            active[active_size] = i
        else:
            t += 1
    return active_size


@njit
def smo_solve(
    X,
    x_sq,
    y,
    C,
    kernel,
    gamma,
    coef0,
    degree,
    tol,
    shrinking,
    n_slots,
    max_iter,
    alpha,
    G,
    result,
):
    """libsvm's SMO with WSS3 and shrinking on the C-SVC dual.

    Parameters
    ----------
    X : (n, d) float64, IN
        Training points (or the (n, n) Gram matrix when ``kernel == 4``).
    x_sq : (n,) float64, IN
        Squared row norms of X (rbf only).
    y : (n,) float64, IN
        Labels in {-1, +1}.
    C : (n,) float64, IN
        Per-sample box bound C_i (C x class weight x sample weight).
    kernel, gamma, coef0, degree : IN
        Kernel code and parameters.
    tol : float, IN
        Stop when the maximal violating pair gap m(a) - M(a) < tol.
    shrinking : bool, IN
    n_slots : int, IN
        Number of kernel rows the cache holds (>= 2).
    max_iter : int, IN
        Iteration cap.
    alpha : (n,) float64, OUT
        Dual solution (starts at 0).
    G : (n,) float64, OUT
        Gradient Q alpha - 1 at the solution.
    result : (3,) float64, OUT
        [rho, n_iter, converged (1.0) or hit max_iter (0.0)].
    """
    n = y.shape[0]
    if kernel == PRECOMPUTED:
        XT = np.empty((0, n))
    else:
        XT = np.ascontiguousarray(X.T)
    # everything a kernel row needs, and the row cache
    all_idx = np.arange(n)
    problem = (
        X,
        XT,
        x_sq,
        y,
        kernel,
        gamma,
        coef0,
        degree,
        np.empty(n),
        np.empty(n, dtype=np.int64),
        all_idx,
    )
    cache_state = (
        np.empty((n_slots, n), dtype=np.float32),  # rows of Q
        np.full(n, -1, dtype=np.int64),  # slot_of[i]: slot of row i or -1
        np.full(n_slots, -1, dtype=np.int64),  # owner[s]: row held by slot s
        np.zeros(n_slots, dtype=np.int64),  # last_used[s]
        np.zeros(n_slots, dtype=np.bool_),  # slot_full[s]
        np.full(n_slots, -1, dtype=np.int64),  # slot_epoch[s]
        np.zeros(1, dtype=np.int64),  # LRU clock
    )
    rows = cache_state[0]
    # ---- state -------------------------------------------------------------
    QD = np.empty(n)
    for i in range(n):
        QD[i] = kernel_value(X, x_sq, i, i, kernel, gamma, coef0, degree)
    status = np.zeros(n, dtype=np.int8)  # all at the lower bound
    G_bar = np.zeros(n)  # sum_{j: a_j = C_j} C_j Q_ij (for un-shrinking)
    for i in range(n):
        alpha[i] = 0.0
        G[i] = -1.0
    active = np.arange(n)
    active_size = n
    epoch = 0  # counts un-shrinks: partial rows of older epochs are stale
    unshrunk = False

    n_iter = 0
    counter = min(n, 1000) + 1
    converged = False
    while n_iter < max_iter:
        # ---- shrinking every min(n, 1000) iterations ----------------------
        counter -= 1
        if counter == 0:
            counter = min(n, 1000)
            if shrinking:
                Gmax1 = -np.inf  # max -y_i G_i over I_up
                Gmax2 = -np.inf  # max  y_i G_i over I_low
                for t in range(active_size):
                    i = active[t]
                    if y[i] > 0:
                        if status[i] != UPPER:
                            Gmax1 = max(Gmax1, -G[i])
                        if status[i] != LOWER:
                            Gmax2 = max(Gmax2, G[i])
                    else:
                        if status[i] != UPPER:
                            Gmax2 = max(Gmax2, -G[i])
                        if status[i] != LOWER:
                            Gmax1 = max(Gmax1, G[i])
                if not unshrunk and Gmax1 + Gmax2 <= tol * 10.0:
                    # close to the end: un-shrink once, shrink again from all
                    unshrunk = True
                    if active_size < n:
                        _reconstruct_gradient(
                            problem,
                            cache_state,
                            alpha,
                            status,
                            G,
                            G_bar,
                            active,
                            active_size,
                            epoch,
                        )
                        active_size = n
                        active[:] = all_idx
                        epoch += 1
                active_size = _shrink(y, G, status, active, active_size, Gmax1, Gmax2)
        # ---- WSS3: working pair -------------------------------------------
        i, j = _select_working_set(
            problem, cache_state, tol, QD, G, status, active, active_size, epoch
        )
        if j < 0:
            # optimal on the active set: un-shrink and look again
            if active_size < n:
                _reconstruct_gradient(
                    problem,
                    cache_state,
                    alpha,
                    status,
                    G,
                    G_bar,
                    active,
                    active_size,
                    epoch,
                )
                active_size = n
                active[:] = all_idx
                epoch += 1
            i, j = _select_working_set(
                problem, cache_state, tol, QD, G, status, active, active_size, epoch
            )
            if j < 0:
                converged = True
                break
            counter = 1  # shrink at the next iteration
        n_iter += 1
        # ---- analytic solution of the two-variable sub-problem --------------
        Q_i = rows[_get_row(i, False, problem, cache_state, active, active_size, epoch)]
        Q_j = rows[_get_row(j, False, problem, cache_state, active, active_size, epoch)]
        C_i = C[i]
        C_j = C[j]
        old_ai = alpha[i]
        old_aj = alpha[j]
        if y[i] != y[j]:
            quad = QD[i] + QD[j] + 2.0 * Q_i[j]
            if quad <= 0.0:
                quad = TAU
            delta = (-G[i] - G[j]) / quad
            diff = alpha[i] - alpha[j]
            alpha[i] += delta
            alpha[j] += delta
            if diff > 0.0:
                if alpha[j] < 0.0:
                    alpha[j] = 0.0
                    alpha[i] = diff
            else:
                if alpha[i] < 0.0:
                    alpha[i] = 0.0
                    alpha[j] = -diff
            if diff > C_i - C_j:
                if alpha[i] > C_i:
                    alpha[i] = C_i
                    alpha[j] = C_i - diff
            else:
                if alpha[j] > C_j:
                    alpha[j] = C_j
                    alpha[i] = C_j + diff
        else:
            quad = QD[i] + QD[j] - 2.0 * Q_i[j]
            if quad <= 0.0:
                quad = TAU
            delta = (G[i] - G[j]) / quad
            total = alpha[i] + alpha[j]
            alpha[i] -= delta
            alpha[j] += delta
            if total > C_i:
                if alpha[i] > C_i:
                    alpha[i] = C_i
                    alpha[j] = total - C_i
            else:
                if alpha[j] < 0.0:
                    alpha[j] = 0.0
                    alpha[i] = total
            if total > C_j:
                if alpha[j] > C_j:
                    alpha[j] = C_j
                    alpha[i] = total - C_j
            else:
                if alpha[i] < 0.0:
                    alpha[i] = 0.0
                    alpha[j] = total
        d_ai = alpha[i] - old_ai
        d_aj = alpha[j] - old_aj
        for t in range(active_size):
            k = active[t]
            G[k] += Q_i[k] * d_ai + Q_j[k] * d_aj
        # ---- bound status and G_bar (needs full rows) -------------------------
        was_upper_i = status[i] == UPPER
        was_upper_j = status[j] == UPPER
        status[i] = _status(alpha[i], C_i)
        status[j] = _status(alpha[j], C_j)
        if was_upper_i != (status[i] == UPPER):
            row = rows[
                _get_row(i, True, problem, cache_state, active, active_size, epoch)
            ]
            sign = -C_i if was_upper_i else C_i
            for k in range(n):
                G_bar[k] += sign * row[k]
        if was_upper_j != (status[j] == UPPER):
            row = rows[
                _get_row(j, True, problem, cache_state, active, active_size, epoch)
            ]
            sign = -C_j if was_upper_j else C_j
            for k in range(n):
                G_bar[k] += sign * row[k]

    if not converged and active_size < n:
        _reconstruct_gradient(
            problem, cache_state, alpha, status, G, G_bar, active, active_size, epoch
        )
    # ---- rho: average of y_i G_i over the free variables (eq. 4.47) -----------
    upper = np.inf
    lower = -np.inf
    n_free = 0
    free_sum = 0.0
    for i in range(n):
        yG = y[i] * G[i]
        if status[i] == UPPER:
            if y[i] < 0:
                upper = min(upper, yG)
            else:
                lower = max(lower, yG)
        elif status[i] == LOWER:
            if y[i] > 0:
                upper = min(upper, yG)
            else:
                lower = max(lower, yG)
        else:
            n_free += 1
            free_sum += yG
    if n_free > 0:
        rho = free_sum / n_free
    else:
        rho = 0.5 * (upper + lower)  # midpoint of the feasible interval
    result[0] = rho
    result[1] = n_iter
    result[2] = 1.0 if converged else 0.0
