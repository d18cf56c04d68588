"""Numba kernels of kernel density estimation (notes section 3.4.2).

Each kernel is one pass, reads its IN arrays only and writes its OUT array.
The kernels of the density are written, as in scikit-learn's
``_binary_tree.pxi``, in log space and *unnormalised*: ``log k(d; h)`` with
``k(0; h) = 1``; the normalisation ``-log(c_D h^D)`` is added once in Python
(see :func:`sklearn_notes.neighbors._kde.log_kernel_norm`).

Integer codes (the ``kernel`` and ``metric`` arguments) keep the kernels free
of Python objects; the estimator maps its strings to them.
"""

import math

import numpy as np

from .._numba import njit

# Kernel codes (keys of _kde.KERNELS).
GAUSSIAN = 0
TOPHAT = 1
EPANECHNIKOV = 2
EXPONENTIAL = 3
LINEAR = 4
COSINE = 5
HYPERCUBE = 6

# Metric codes: the Minkowski family, computed inside the kernels.
EUCLIDEAN = 0
MANHATTAN = 1
CHEBYSHEV = 2
MINKOWSKI = 3


@njit
def log_kernel(dist, h, kernel):
    """Unnormalised log kernel ``log k(dist; h)``, with ``k(0; h) = 1``.

    Parameters
    ----------
    dist : float
        IN: distance between the query and a training point (for the
        hypercube: the Chebyshev distance, max_i |u_i|).
    h : float
        IN: the bandwidth.
    kernel : int
        IN: kernel code.

    Returns
    -------
    log_k : float
        ``-inf`` outside a compact kernel's support.  Compact supports are
        open (``dist < h``) as in scikit-learn; the hypercube window of the
        notes' eq. (3.9) is closed, ``max_i |u_i| <= h / 2``.
    """
    if kernel == GAUSSIAN:
        return -0.5 * (dist * dist) / (h * h)
    if kernel == EXPONENTIAL:
        return -dist / h
    if kernel == HYPERCUBE:
        return 0.0 if dist <= 0.5 * h else -np.inf
    if dist >= h:
        return -np.inf
    if kernel == TOPHAT:
        return 0.0
    if kernel == EPANECHNIKOV:
        return math.log(1.0 - (dist * dist) / (h * h))
    if kernel == LINEAR:
        return math.log(1.0 - dist / h)
    # COSINE
    return math.log(math.cos(0.5 * math.pi * dist / h))


@njit
def log_kernel_array(dist, h, kernel, out):
    """``out[i] = log_kernel(dist[i], h, kernel)`` for every element.

    Parameters
    ----------
    dist : ndarray of shape (n,)
        IN: distances.
    h : float
        IN: bandwidth.
    kernel : int
        IN: kernel code.
    out : ndarray of shape (n,)
        OUT: unnormalised log kernel values.
    """
    for i in range(dist.shape[0]):
        out[i] = log_kernel(dist[i], h, kernel)


@njit
def _distance(x, y, metric, p):
    # Minkowski-family distance between two rows.
    d = 0.0
    if metric == EUCLIDEAN:
        for k in range(x.shape[0]):
            diff = x[k] - y[k]
            d += diff * diff
        return math.sqrt(d)
    if metric == MANHATTAN:
        for k in range(x.shape[0]):
            d += abs(x[k] - y[k])
        return d
    if metric == CHEBYSHEV:
        for k in range(x.shape[0]):
            diff = abs(x[k] - y[k])
            if diff > d:
                d = diff
        return d
    for k in range(x.shape[0]):
        d += abs(x[k] - y[k]) ** p
    return d ** (1.0 / p)


@njit
def kde_log_sum_brute(X_query, X_train, weights, h, kernel, metric, p, out):
    """Weighted log-sum over all training points of the unnormalised kernel.

    For each query ``x``: ``out = log sum_n w_n k(dist(x, x_n); h)``, the
    log of the numerator of eq. (3.12) before dividing by ``N V``.  Computed
    as a stable log-sum-exp: a first pass finds the largest log kernel
    ``a_max``, a second sums ``w_n exp(a_n - a_max)``, so that a narrow
    Gaussian far from every point gives a finite log density, not ``-inf``.

    Parameters
    ----------
    X_query : ndarray of shape (n_query, n_features)
        IN: query points, C-contiguous.
    X_train : ndarray of shape (n_train, n_features)
        IN: training points, C-contiguous.
    weights : ndarray of shape (n_train,)
        IN: positive sample weights.
    h : float
        IN: bandwidth.
    kernel, metric : int
        IN: kernel and metric codes.
    p : float
        IN: Minkowski power (used by ``metric == MINKOWSKI`` only).
    out : ndarray of shape (n_query,)
        OUT: the log sums (``-inf`` where no training point is in a compact
        kernel's support).
    """
    n_train = X_train.shape[0]
    n_features = X_train.shape[1]
    log_k = np.empty(n_train, dtype=X_train.dtype)  # one query's log kernels
    gaussian_euclidean = kernel == GAUSSIAN and metric == EUCLIDEAN
    half_inv_h2 = 0.5 / (h * h)
    for q in range(X_query.shape[0]):
        x = X_query[q]
        a_max = -np.inf
        if gaussian_euclidean:
            # the hot case: no square root, no branch per pair
            for n in range(n_train):
                d2 = 0.0
                for k in range(n_features):
                    diff = x[k] - X_train[n, k]
                    d2 += diff * diff
                a = -d2 * half_inv_h2
                log_k[n] = a
                a_max = max(a_max, a)
        else:
            for n in range(n_train):
                a = log_kernel(_distance(x, X_train[n], metric, p), h, kernel)
                log_k[n] = a
                a_max = max(a_max, a)
        if a_max == -np.inf:
            out[q] = -np.inf
            continue
        total = 0.0
        for n in range(n_train):
            total += weights[n] * math.exp(log_k[n] - a_max)
        out[q] = a_max + math.log(total)


@njit
def kde_log_sum_from_distances(distances, weights, h, kernel, out):
    """As :func:`kde_log_sum_brute`, from a precomputed block of distances.

    Used for the metrics that scikit-learn's trees accept beyond the
    Minkowski family (their distances come from
    :class:`sklearn.metrics.DistanceMetric`, one chunk of queries at a time).

    Parameters
    ----------
    distances : ndarray of shape (n_query, n_train)
        IN: distances from each query to each training point.
    weights : ndarray of shape (n_train,)
        IN: positive sample weights.
    h : float
        IN: bandwidth.
    kernel : int
        IN: kernel code.
    out : ndarray of shape (n_query,)
        OUT: the log sums.
    """
    n_train = distances.shape[1]
    log_k = np.empty(n_train, dtype=distances.dtype)
    for q in range(distances.shape[0]):
        a_max = -np.inf
        for n in range(n_train):
            a = log_kernel(distances[q, n], h, kernel)
            log_k[n] = a
            a_max = max(a_max, a)
        if a_max == -np.inf:
            out[q] = -np.inf
            continue
        total = 0.0
        for n in range(n_train):
            total += weights[n] * math.exp(log_k[n] - a_max)
        out[q] = a_max + math.log(total)


# ---------------------------------------------------------------------------
# Binned (FFT) evaluation on a regular grid, D = 1 or 2.


@njit
def linear_binning_1d(x, weights, lower, step, grid):
    """Linear binning of weighted 1-D points on a regular grid.

    A point between nodes ``j`` and ``j + 1`` at fraction ``t`` of the step
    gives ``(1 - t) w`` to node ``j`` and ``t w`` to node ``j + 1`` (the
    binning of Wand & Jones, which keeps the mean of the data).

    Parameters
    ----------
    x : ndarray of shape (n,)
        IN: points, all inside ``[lower, lower + (n_grid - 1) step]``.
    weights : ndarray of shape (n,)
        IN: their weights.
    lower, step : float
        IN: first node and spacing of the grid.
    grid : ndarray of shape (n_grid,)
        OUT: binned weights (overwritten).
    """
    grid[:] = 0.0
    last = grid.shape[0] - 1
    for i in range(x.shape[0]):
        position = (x[i] - lower) / step
        j = min(max(int(math.floor(position)), 0), last - 1)
        t = position - j
        grid[j] += (1.0 - t) * weights[i]
        grid[j + 1] += t * weights[i]


@njit
def linear_binning_2d(X, weights, lower0, step0, lower1, step1, grid):
    """Bilinear binning of weighted 2-D points on a regular grid.

    Parameters
    ----------
    X : ndarray of shape (n, 2)
        IN: points, inside the grid.
    weights : ndarray of shape (n,)
        IN: their weights.
    lower0, step0, lower1, step1 : float
        IN: first node and spacing along each axis.
    grid : ndarray of shape (n_grid0, n_grid1)
        OUT: binned weights (overwritten).
    """
    grid[:, :] = 0.0
    last0 = grid.shape[0] - 1
    last1 = grid.shape[1] - 1
    for i in range(X.shape[0]):
        position0 = (X[i, 0] - lower0) / step0
        position1 = (X[i, 1] - lower1) / step1
        j0 = min(max(int(math.floor(position0)), 0), last0 - 1)
        j1 = min(max(int(math.floor(position1)), 0), last1 - 1)
        t0 = position0 - j0
        t1 = position1 - j1
        w = weights[i]
        grid[j0, j1] += (1.0 - t0) * (1.0 - t1) * w
        grid[j0 + 1, j1] += t0 * (1.0 - t1) * w
        grid[j0, j1 + 1] += (1.0 - t0) * t1 * w
        grid[j0 + 1, j1 + 1] += t0 * t1 * w


@njit
def interpolate_1d(grid, lower, step, x, out):
    """Linear interpolation of grid values at points (``nan`` off the grid).

    Parameters
    ----------
    grid : ndarray of shape (n_grid,)
        IN: values at the nodes.
    lower, step : float
        IN: first node and spacing.
    x : ndarray of shape (n,)
        IN: where to interpolate.
    out : ndarray of shape (n,)
        OUT: interpolated values; ``nan`` for points outside the grid.
    """
    last = grid.shape[0] - 1
    for i in range(x.shape[0]):
        position = (x[i] - lower) / step
        if not (0.0 <= position <= last):
            out[i] = np.nan
            continue
        j = min(int(math.floor(position)), last - 1)
        t = position - j
        out[i] = (1.0 - t) * grid[j] + t * grid[j + 1]


@njit
def interpolate_2d(grid, lower0, step0, lower1, step1, X, out):
    """Bilinear interpolation of grid values at 2-D points (``nan`` off grid).

    Parameters
    ----------
    grid : ndarray of shape (n_grid0, n_grid1)
        IN: values at the nodes.
    lower0, step0, lower1, step1 : float
        IN: first node and spacing along each axis.
    X : ndarray of shape (n, 2)
        IN: where to interpolate.
    out : ndarray of shape (n,)
        OUT: interpolated values; ``nan`` for points outside the grid.
    """
    last0 = grid.shape[0] - 1
    last1 = grid.shape[1] - 1
    for i in range(X.shape[0]):
        position0 = (X[i, 0] - lower0) / step0
        position1 = (X[i, 1] - lower1) / step1
        if not (0.0 <= position0 <= last0 and 0.0 <= position1 <= last1):
            out[i] = np.nan
            continue
        j0 = min(int(math.floor(position0)), last0 - 1)
        j1 = min(int(math.floor(position1)), last1 - 1)
        t0 = position0 - j0
        t1 = position1 - j1
        out[i] = ((1.0 - t0) * (1.0 - t1) * grid[j0, j1]
                  + t0 * (1.0 - t1) * grid[j0 + 1, j1]
                  + (1.0 - t0) * t1 * grid[j0, j1 + 1]
                  + t0 * t1 * grid[j0 + 1, j1 + 1])
