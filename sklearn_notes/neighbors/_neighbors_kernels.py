"""Numba kernels of the brute-force k-nearest-neighbour search (notes 3.4.3).

The search keeps, for every query, the ``k`` best (distance, index) pairs
seen so far in a max-heap; a block of training points is merged into these
heaps one pass at a time, so the driver in ``_knn_base.py``
never holds more than one (query chunk) x (training tile) block of distances.

Two ways to get a block of distances:

* **Euclidean** (``merge_sq_euclidean_block``): the expansion

      ||x - y||^2 = ||x||^2 - 2 x.y + ||y||^2

  whose middle term is one GEMM per block, done by numpy's BLAS (NUMBA.md
  section 5); the kernel adds the norms and selects.  Exactly what
  scikit-learn's brute-force ``ArgKmin`` ranks by.  The expansion cancels
  digits for close points, so ``finish_neighbors`` recomputes the distances
  of the selected neighbours directly.
* **Other metrics** (``merge_direct_block``): the reduced distance of the
  metric computed by direct loops (it ranks points as the distance does):

      manhattan   sum_f |x_f - y_f|
      chebyshev   max_f |x_f - y_f|
      minkowski   sum_f |x_f - y_f|^p          (distance = reduced^(1/p))
      sqeuclidean sum_f (x_f - y_f)^2          (distance = sqrt(reduced))

Ties: the k best of each query are kept in a max-heap that is a line-for-line
transcription of scikit-learn's ``heap_push``, fed with the training points
in increasing index order as scikit-learn's brute-force ``ArgKmin`` feeds
them, and sorted at the end by a transcription of its ``simultaneous_sort``.
Among training points at equal distance the same ones are kept, in the same
order, as by ``sklearn.neighbors`` with ``algorithm="brute"`` on one thread.
"""

import numpy as np

from .._numba import njit

#: Metric codes of the direct kernels (the driver maps names to these).
MANHATTAN = 0
CHEBYSHEV = 1
MINKOWSKI = 2
SQEUCLIDEAN = 3

#: Value of an empty heap slot (scikit-learn's DBL_MAX).
HEAP_EMPTY = np.finfo(np.float64).max

#: Training rows per tile of the direct kernel: a tile of 16 features is
#: 64 KiB in float64 and stays in L2 cache while every query of the chunk
#: scans it.
DIRECT_TILE = 512


@njit
def _heap_push(values, indices, row, val, val_idx):
    """Push (val, val_idx) onto row ``row`` of a fixed-size max-heap.

    The heap holds the ``k`` smallest values seen so far, the largest at
    position 0.  Line for line ``sklearn.utils._heap.heap_push``, so that
    among equal distances the same points survive as in scikit-learn.

    Parameters
    ----------
    values : ndarray of shape (n_rows, k), INOUT
    indices : ndarray of shape (n_rows, k), int64, INOUT
    row : int
    val : float
    val_idx : int
    """
    size = values.shape[1]
    if val >= values[row, 0]:
        return
    values[row, 0] = val
    indices[row, 0] = val_idx
    current = 0
    while True:
        left = 2 * current + 1
        right = left + 1
        if left >= size:
            break
        elif right >= size:
            if values[row, left] > val:
                swap = left
            else:
                break
        elif values[row, left] >= values[row, right]:
            if val < values[row, left]:
                swap = left
            else:
                break
        else:
            if val < values[row, right]:
                swap = right
            else:
                break
        values[row, current] = values[row, swap]
        indices[row, current] = indices[row, swap]
        current = swap
    values[row, current] = val
    indices[row, current] = val_idx


@njit
def _swap(values, indices, row, i, j):
    v = values[row, i]
    values[row, i] = values[row, j]
    values[row, j] = v
    t = indices[row, i]
    indices[row, i] = indices[row, j]
    indices[row, j] = t


@njit
def _insertion_sort(values, indices, row, lo, n):
    """Stable insertion sort of ``values[row, lo:lo + n]`` (and indices)."""
    for i in range(lo + 1, lo + n):
        temp_val = values[row, i]
        temp_idx = indices[row, i]
        j = i
        while j > lo and values[row, j - 1] > temp_val:
            values[row, j] = values[row, j - 1]
            indices[row, j] = indices[row, j - 1]
            j -= 1
        values[row, j] = temp_val
        indices[row, j] = temp_idx


@njit
def _heapsort(values, indices, row, lo, n):
    start = (n - 2) // 2
    end = n
    while True:
        _sift_down(values, indices, row, lo, start, end)
        if start == 0:
            break
        start -= 1
    end = n - 1
    while end > 0:
        _swap(values, indices, row, lo, lo + end)
        _sift_down(values, indices, row, lo, 0, end)
        end -= 1


@njit
def _sift_down(values, indices, row, lo, start, end):
    root = start
    while True:
        child = root * 2 + 1
        maxind = root
        if child < end and values[row, lo + maxind] < values[row, lo + child]:
            maxind = child
        if child + 1 < end and values[row, lo + maxind] < values[row, lo + child + 1]:
            maxind = child + 1
        if maxind == root:
            break
        _swap(values, indices, row, lo + root, lo + maxind)
        root = maxind


@njit
def sort_rows(values, indices):
    """Sort each row of (values, indices) by value, as scikit-learn does.

    A transcription of ``sklearn.utils._sorting.simultaneous_sort`` (2-way
    introsort, median of three, insertion sort below 16 elements, heapsort
    past the depth limit) with the recursion on the left part replaced by a
    stack: the parts are disjoint, so the order in which they are sorted
    does not change the result.  Equal values therefore end up in the same
    (not index) order as in scikit-learn's ``kneighbors``.

    Parameters
    ----------
    values : ndarray of shape (n_rows, k), INOUT
    indices : ndarray of shape (n_rows, k), int64, INOUT
    """
    n_rows, k = values.shape
    if k == 0:
        return
    stack_lo = np.empty(2 * k + 2, dtype=np.int64)
    stack_n = np.empty(2 * k + 2, dtype=np.int64)
    stack_depth = np.empty(2 * k + 2, dtype=np.int64)
    max_depth = 2 * int(np.log2(k))
    for row in range(n_rows):
        top = 0
        stack_lo[0] = 0
        stack_n[0] = k
        stack_depth[0] = max_depth
        top = 1
        while top > 0:
            top -= 1
            lo = stack_lo[top]
            n = stack_n[top]
            maxd = stack_depth[top]
            done = False
            while n > 15:
                if maxd <= 0:
                    _heapsort(values, indices, row, lo, n)
                    done = True
                    break
                maxd -= 1
                # inplace median of three: pivot value ends at lo + n - 1
                mid = lo + n // 2
                last = lo + n - 1
                if values[row, lo] > values[row, last]:
                    _swap(values, indices, row, lo, last)
                if values[row, last] > values[row, mid]:
                    _swap(values, indices, row, last, mid)
                    if values[row, lo] > values[row, last]:
                        _swap(values, indices, row, lo, last)
                pivot = values[row, last]
                i = 1
                j = n - 2
                while True:
                    while i <= j and values[row, lo + i] < pivot:
                        i += 1
                    while i <= j and values[row, lo + j] > pivot:
                        j -= 1
                    if i >= j:
                        break
                    _swap(values, indices, row, lo + i, lo + j)
                    i += 1
                    j -= 1
                pivot_idx = i
                _swap(values, indices, row, lo + pivot_idx, last)
                # the left part [lo, lo + pivot_idx) later, from the stack
                stack_lo[top] = lo
                stack_n[top] = pivot_idx
                stack_depth[top] = maxd
                top += 1
                lo = lo + pivot_idx + 1
                n = n - (pivot_idx + 1)
            if not done:
                _insertion_sort(values, indices, row, lo, n)


@njit
def repush_rows(values, indices, out_values, out_indices):
    """Push each row's heap entries, in array order, into a fresh heap.

    scikit-learn's ``parallel_on_Y`` strategy merges the per-thread heaps
    into the result heaps this way before sorting; with one thread it keeps
    the same neighbours but may leave equal distances in another order.

    Parameters
    ----------
    values, indices : ndarrays of shape (n_rows, k), IN
    out_values : ndarray of shape (n_rows, k), OUT
    out_indices : ndarray of shape (n_rows, k), int64, OUT
    """
    n_rows, k = values.shape
    for row in range(n_rows):
        for a in range(k):
            out_values[row, a] = HEAP_EMPTY
            out_indices[row, a] = -1
        for a in range(k):
            _heap_push(out_values, out_indices, row, values[row, a], indices[row, a])


@njit
def merge_sq_euclidean_block(
    middle, x_sq_norms, y_sq_norms, train_start, best_dist, best_index
):
    """Merge one GEMM block of squared Euclidean distances into the k-lists.

    Parameters
    ----------
    middle : ndarray of shape (n_queries_chunk, n_train_tile), IN
        ``-2 x_i . y_j`` for the queries of the chunk and the training tile.
    x_sq_norms : ndarray of shape (n_queries_chunk,), IN
        ``||x_i||^2``.
    y_sq_norms : ndarray of shape (n_train_tile,), IN
        ``||y_j||^2``.
    train_start : int
        Index of the tile's first training point (added to the tile column).
    best_dist : ndarray of shape (n_queries_chunk, k), INOUT
        Max-heaps of the k smallest squared distances so far
        (``HEAP_EMPTY`` in unused slots).
    best_index : ndarray of shape (n_queries_chunk, k), int64, INOUT
        Their training indices.
    """
    n_queries, n_train = middle.shape
    for i in range(n_queries):
        x_norm = x_sq_norms[i]
        worst = best_dist[i, 0]
        for j in range(n_train):
            # rounding can make the expansion slightly negative: clip at 0
            dist = max(x_norm + middle[i, j] + y_sq_norms[j], 0.0)
            if dist < worst:
                _heap_push(best_dist, best_index, i, dist, train_start + j)
                worst = best_dist[i, 0]


@njit
def _reduced_distance(X, i, Y, j, metric, p):
    """Reduced distance of row i of X to row j of Y, summed in feature order.

    The ``s != s`` exit (never taken: inputs are finite) keeps LLVM from
    vectorising the sum, whose reassociated partial sums would round
    differently from scikit-learn's sequential loop and so break equal
    distances differently.
    """
    n_features = X.shape[1]
    s = 0.0
    if metric == MANHATTAN:
        for f in range(n_features):
            s += abs(X[i, f] - Y[j, f])
            if s != s:
                break
    elif metric == CHEBYSHEV:
        for f in range(n_features):
            d = abs(X[i, f] - Y[j, f])
            if d > s:
                s = d
    elif metric == MINKOWSKI:
        for f in range(n_features):
            s += abs(X[i, f] - Y[j, f]) ** p
            if s != s:
                break
    else:
        for f in range(n_features):
            d = X[i, f] - Y[j, f]
            s += d * d
            if s != s:
                break
    return s


@njit
def merge_direct_block(X, Y, metric, p, best_dist, best_index):
    """Merge all training points into the k-lists with direct distances.

    Parameters
    ----------
    X : ndarray of shape (n_queries_chunk, n_features), IN
    Y : ndarray of shape (n_train, n_features), IN
    metric : int
        ``MANHATTAN``, ``CHEBYSHEV``, ``MINKOWSKI`` or ``SQEUCLIDEAN``.
    p : float
        Power of the Minkowski metric (used by ``MINKOWSKI`` only).
    best_dist : ndarray of shape (n_queries_chunk, k), INOUT
        Max-heaps of the reduced distances of the k nearest so far.
    best_index : ndarray of shape (n_queries_chunk, k), int64, INOUT
    """
    n_queries = X.shape[0]
    n_train = Y.shape[0]
    for tile_start in range(0, n_train, DIRECT_TILE):
        tile_end = min(tile_start + DIRECT_TILE, n_train)
        for i in range(n_queries):
            worst = best_dist[i, 0]
            for j in range(tile_start, tile_end):
                dist = _reduced_distance(X, i, Y, j, metric, p)
                if dist < worst:
                    _heap_push(best_dist, best_index, i, dist, j)
                    worst = best_dist[i, 0]


@njit
def finish_neighbors(X, Y, metric, p, recompute, best_dist, best_index, out_dist):
    """Turn the k-lists' reduced distances into distances.

    Parameters
    ----------
    X : ndarray of shape (n_queries_chunk, n_features), IN
    Y : ndarray of shape (n_train, n_features), IN
    metric : int
        The metric code of ``best_dist``'s reduced distances.
    p : float
        Minkowski power (``MINKOWSKI`` only).
    recompute : bool
        Recompute the reduced distances of the selected neighbours directly
        (after the GEMM expansion).  The order is kept (scikit-learn's, by
        the expansion), so recomputed distances of near-equal neighbours may
        be out of order by a rounding error.
    best_dist : ndarray of shape (n_queries_chunk, k), IN
        Reduced distances, each row sorted by :func:`sort_rows`.
    best_index : ndarray of shape (n_queries_chunk, k), int64, IN
    out_dist : ndarray of shape (n_queries_chunk, k), float64, OUT
        ``sqrt`` (squared Euclidean), ``^(1/p)`` (Minkowski) or unchanged
        (manhattan, chebyshev) reduced distances.
    """
    n_queries, k = best_dist.shape
    for i in range(n_queries):
        for a in range(k):
            if recompute:
                out_dist[i, a] = _reduced_distance(X, i, Y, best_index[i, a], metric, p)
            else:
                out_dist[i, a] = best_dist[i, a]
        if metric == SQEUCLIDEAN:
            for a in range(k):
                out_dist[i, a] = np.sqrt(out_dist[i, a])
        elif metric == MINKOWSKI:
            inv_p = 1.0 / p
            for a in range(k):
                out_dist[i, a] = out_dist[i, a] ** inv_p


###############################################################################
# Fast Euclidean path: screen in float32, refine candidates in float64
#
# A float32 GEMM gives every squared distance up to an error bound
# m_ij = c (||x_i||^2 + ||y_j||^2), so [a_ij - m_ij, a_ij + m_ij] holds the
# float64 value.  A heap of the k + 1 smallest upper bounds gives a value that
# the (k+1)-th smallest true distance cannot exceed; only points whose lower
# bound is below it can be among the k + 1 nearest ("candidates").  The
# candidates' distances are then computed in float64 and sorted.  When two of
# the k + 1 smallest are closer than float64 rounding could separate, the
# query goes back to the exact path above, whose ties are scikit-learn's.


@njit
def screen_f32_block(
    middle,
    x_sq_norms,
    y_sq_norms,
    train_start,
    margin_factor,
    bound_heap,
    bound_heap_index,
    cand_index,
    cand_lower,
    cand_count,
    overflow,
):
    """Collect the candidates of one float32 block.

    Parameters
    ----------
    middle : ndarray of shape (n_queries_chunk, n_train_tile), float32, IN
        ``-2 x_i . y_j`` from a float32 GEMM.
    x_sq_norms : ndarray of shape (n_queries_chunk,), float64, IN
    y_sq_norms : ndarray of shape (n_train_tile,), float64, IN
    train_start : int
        Training index of the tile's first column.
    margin_factor : float
        ``c`` of the error bound ``c (||x||^2 + ||y||^2)``.
    bound_heap : ndarray of shape (n_queries_chunk, k + 1), float64, INOUT
        Max-heaps of the k + 1 smallest upper bounds so far.
    bound_heap_index : ndarray of shape (n_queries_chunk, k + 1), int64, INOUT
        Scratch indices of the heaps.
    cand_index : ndarray of shape (n_queries_chunk, capacity), int64, INOUT
    cand_lower : ndarray of shape (n_queries_chunk, capacity), float64, INOUT
        Candidates and their lower bounds.
    cand_count : ndarray of shape (n_queries_chunk,), int64, INOUT
    overflow : ndarray of shape (n_queries_chunk,), bool, INOUT
        Set when a query has more candidates than ``capacity`` (it goes to
        the exact path).
    """
    n_queries, n_train = middle.shape
    capacity = cand_index.shape[1]
    # lower bound = (1 - c)(||x||^2 + ||y||^2) + middle, upper with (1 + c)
    y_lower = np.empty(n_train)
    y_upper = np.empty(n_train)
    for j in range(n_train):
        y_lower[j] = (1.0 - margin_factor) * y_sq_norms[j]
        y_upper[j] = (1.0 + margin_factor) * y_sq_norms[j]
    for i in range(n_queries):
        if overflow[i]:
            continue
        x_lower = (1.0 - margin_factor) * x_sq_norms[i]
        x_upper = (1.0 + margin_factor) * x_sq_norms[i]
        root = bound_heap[i, 0]
        # the hot test, one add and one compare: lower bound <= root
        threshold = root - x_lower
        for j in range(n_train):
            if middle[i, j] + y_lower[j] <= threshold:
                lower = x_lower + y_lower[j] + middle[i, j]
                upper = x_upper + y_upper[j] + middle[i, j]
                if upper < root:
                    _heap_push(bound_heap, bound_heap_index, i, upper, train_start + j)
                    root = bound_heap[i, 0]
                    threshold = root - x_lower
                count = cand_count[i]
                if count == capacity:
                    # drop the candidates the heap has since ruled out
                    kept = 0
                    for c in range(count):
                        if cand_lower[i, c] <= root:
                            cand_index[i, kept] = cand_index[i, c]
                            cand_lower[i, kept] = cand_lower[i, c]
                            kept += 1
                    count = kept
                    if count == capacity:
                        overflow[i] = True
                        break
                cand_index[i, count] = train_start + j
                cand_lower[i, count] = lower
                cand_count[i] = count + 1


@njit
def refine_candidates(
    X,
    Y,
    x_sq_norms,
    y_sq_norms,
    cand_index,
    cand_count,
    tol_factor,
    best_dist,
    best_index,
    needs_exact,
):
    """Float64 distances of the candidates; the k nearest, or a flag.

    Parameters
    ----------
    X : ndarray of shape (n_queries_chunk, n_features), float64, IN
    Y : ndarray of shape (n_train, n_features), float64, IN
    x_sq_norms, y_sq_norms : ndarrays, float64, IN
    cand_index : ndarray of shape (n_queries_chunk, capacity), int64, IN
    cand_count : ndarray of shape (n_queries_chunk,), int64, IN
    tol_factor : float
        Two squared distances closer than
        ``tol_factor (||x||^2 + max ||y||^2)`` count as a possible tie.
    best_dist : ndarray of shape (n_queries_chunk, k), float64, OUT
        Squared distances (as ``||x||^2 - 2 x.y + ||y||^2``), ascending.
    best_index : ndarray of shape (n_queries_chunk, k), int64, OUT
    needs_exact : ndarray of shape (n_queries_chunk,), bool, INOUT
        In: True for queries that overflowed.  Out: also True where the
        k + 1 smallest are not separated by more than the rounding error.
    """
    n_queries = X.shape[0]
    n_features = X.shape[1]
    k = best_dist.shape[1]
    n_train = Y.shape[0]
    keep = min(k + 1, n_train)
    top_dist = np.empty(keep)
    top_index = np.empty(keep, dtype=np.int64)
    for i in range(n_queries):
        if needs_exact[i]:
            continue
        x_norm = x_sq_norms[i]
        filled = 0
        for c in range(cand_count[i]):
            j = cand_index[i, c]
            s = 0.0
            for f in range(n_features):
                s += X[i, f] * Y[j, f]
            dist = max(x_norm - 2.0 * s + y_sq_norms[j], 0.0)
            # insertion into the sorted top-(k+1) list
            if filled < keep:
                pos = filled
                filled += 1
            elif dist < top_dist[keep - 1]:
                pos = keep - 1
            else:
                continue
            while pos > 0 and top_dist[pos - 1] > dist:
                top_dist[pos] = top_dist[pos - 1]
                top_index[pos] = top_index[pos - 1]
                pos -= 1
            top_dist[pos] = dist
            top_index[pos] = j
        if filled < keep:
            needs_exact[i] = True  # cannot happen; be safe
            continue
        tie = False
        for a in range(keep - 1):
            y_norm = max(y_sq_norms[top_index[a]], y_sq_norms[top_index[a + 1]])
            if top_dist[a + 1] - top_dist[a] <= tol_factor * (x_norm + y_norm):
                tie = True
                break
        if tie:
            needs_exact[i] = True
            continue
        for a in range(k):
            best_dist[i, a] = top_dist[a]
            best_index[i, a] = top_index[a]
