"""Brute-force k-nearest-neighbour search shared by the k-NN estimators.

The driver :func:`kneighbors_search` walks the queries in chunks and the
training points in tiles, so that one block of distances is never larger
than scikit-learn's ``working_memory`` (``sklearn.get_config()``, MiB) and
never ``n_queries x n_train`` at once.  :class:`_KNeighborsBase` holds what
the classifier, the regressor and the density share: parameter handling,
``fit``'s bookkeeping, ``kneighbors``, ``kneighbors_graph`` and
``_kneighbors_batches``, which hands ``predict``/``score_samples`` the
neighbours of at most :data:`PREDICT_CHUNK` queries at a time, so that their
extra memory is ``O(chunk x n_neighbors)`` however many queries there are.
"""

import functools
import numbers
import warnings

import numpy as np
from scipy.linalg.blas import ddot
from scipy.sparse import csr_array
from sklearn.base import BaseEstimator
from sklearn.utils import gen_batches
from sklearn.utils._chunking import get_chunk_n_rows
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils._sparse import _align_api_if_sparse
from sklearn.utils.validation import check_is_fitted, validate_data
from threadpoolctl import ThreadpoolController

from ._neighbors_kernels import (
    CHEBYSHEV,
    HEAP_EMPTY,
    MANHATTAN,
    MINKOWSKI,
    SQEUCLIDEAN,
    finish_neighbors,
    merge_direct_block,
    merge_sq_euclidean_block,
    refine_candidates,
    repush_rows,
    screen_f32_block,
    sort_rows,
)

#: Metric names accepted (scikit-learn's names and aliases) -> kernel code.
METRICS = {
    "euclidean": SQEUCLIDEAN,
    "l2": SQEUCLIDEAN,
    "manhattan": MANHATTAN,
    "cityblock": MANHATTAN,
    "l1": MANHATTAN,
    "chebyshev": CHEBYSHEV,
    "infinity": CHEBYSHEV,
    "minkowski": MINKOWSKI,
}

#: scikit-learn's ``pairwise_dist_chunk_size``: its brute-force search
#: switches to the ``parallel_on_Y`` strategy (which orders equal distances
#: differently) when there are at most 4 chunks of queries per thread.
SKLEARN_CHUNK_SIZE = 256

#: Largest query chunk and training tile of the GEMM paths: a 512 x 512
#: block (1 MiB in float32, 2 MiB in float64) stays in cache between the
#: GEMM and the selection (measured best of 256x2048 ... 2048x256 on
#: 30k x 16 training points).
QUERY_CHUNK = 512
TRAIN_TILE = 512

#: Most queries whose neighbours ``predict``/``score_samples`` hold at once
#: (fewer if ``working_memory`` is smaller): 65536 queries x 5 neighbours
#: take about 8 MiB, and the search per batch stays long enough (65536 x
#: n_train distances) for the batching to cost nothing measurable.
PREDICT_CHUNK = 65536


def query_batches(n_queries, row_bytes):
    """Slices of consecutive queries for the batched ``predict`` paths.

    Parameters
    ----------
    n_queries : int
    row_bytes : int
        Bytes held per query while its batch is processed.

    Returns
    -------
    batches : generator of slice
        Each at most ``PREDICT_CHUNK`` queries and within scikit-learn's
        ``working_memory`` (at least one query).
    """
    chunk = get_chunk_n_rows(
        row_bytes, max_n_rows=min(PREDICT_CHUNK, max(n_queries, 1))
    )
    return gen_batches(n_queries, max(1, chunk))


def sklearn_parallel_on_y(n_queries, n_train):
    """Whether scikit-learn's one-thread brute force would use ``parallel_on_Y``.

    Only the order of equal distances depends on it; it is decided from the
    *whole* query set, so that searching the queries in batches returns what
    one search of all of them returns.
    """
    return n_train >= n_queries and n_queries <= 4 * SKLEARN_CHUNK_SIZE


def _resolve_metric(metric, p, metric_params):
    """Map (metric, p, metric_params) to scikit-learn's effective metric.

    Returns
    -------
    effective_metric : str
    effective_metric_params : dict
        As scikit-learn's ``effective_metric_params_``.
    code : int
        Kernel metric code.
    power : float
        Minkowski power (1.0 unless ``code == MINKOWSKI``).
    feature_weights : ndarray or None
        Minkowski ``w``.
    """
    params = {} if metric_params is None else dict(metric_params)
    if "p" in params and p is not None:
        warnings.warn(
            "Parameter p is found in metric_params. "
            "The corresponding parameter from __init__ is ignored.",
            SyntaxWarning,
            stacklevel=4,
        )
    allowed = {"p", "w"} if metric == "minkowski" else set()
    unknown = set(params) - allowed
    if unknown:
        raise ValueError(
            f"metric_params {sorted(unknown)} are not supported for metric "
            f"{metric!r} (supported: {sorted(allowed) or 'none'})."
        )
    if metric != "minkowski":
        return metric, params, METRICS[metric], 1.0, None

    p = params.pop("p", p)
    w = params.pop("w", None)
    if p is None:
        raise ValueError("metric='minkowski' needs a power p (got p=None).")
    if not (isinstance(p, numbers.Real) and p > 0):
        raise ValueError(f"p must be a positive number, got {p!r}.")
    if w is None:
        if p == 1:
            return "manhattan", params, MANHATTAN, 1.0, None
        if p == 2:
            return "euclidean", params, SQEUCLIDEAN, 1.0, None
        if np.isinf(p):
            return "chebyshev", params, CHEBYSHEV, 1.0, None
        return "minkowski", {"p": p, "w": None}, MINKOWSKI, float(p), None
    if np.isinf(p):
        raise ValueError("Minkowski weights w are not supported with p=inf.")
    w = np.asarray(w, dtype=np.float64)
    if w.ndim != 1 or not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError(
            "Minkowski weights w must be a 1-D array of finite values >= 0."
        )
    return "minkowski", {"p": p, "w": w}, MINKOWSKI, float(p), w


def row_sq_norms(X):
    """``||x_i||^2`` of every row, by BLAS ``ddot`` as scikit-learn computes them.

    The same rounding as scikit-learn's ``_sqeuclidean_row_norms64`` makes
    the expansion ``||x||^2 - 2 x.y + ||y||^2`` equal to scikit-learn's bit
    for bit, so equal distances are broken the same way.
    """
    return np.fromiter(
        (ddot(row, row) for row in X), dtype=np.float64, count=X.shape[0]
    )


#: The float32 screening pays off from this many training points on.
FAST_MIN_TRAIN = 4096


def _use_fast_euclidean(X, Y):
    """Whether the float32 screening is safe (no over/underflow) and useful."""
    if Y.shape[0] < FAST_MIN_TRAIN or X.shape[0] == 0:
        return False
    # max |value| without an |X|-sized temporary (X may have millions of rows)
    scale = max(X.max(), -X.min(), Y.max(), -Y.min())
    return 1e-15 < scale < 1e15


def _fast_euclidean_search(X, Y, y_sq_norms, n_neighbors, emulate_parallel_on_y):
    """Euclidean k-NN by float32 screening and float64 refinement.

    Gives the same neighbours, in the same order, as the exact path
    (``_exact_search``); queries with near-equal distances among their
    k + 1 nearest are handed to it.
    """
    n_queries, n_features = X.shape
    n_train = Y.shape[0]
    eps32 = float(np.finfo(np.float32).eps)
    eps64 = float(np.finfo(np.float64).eps)
    # |float32 expansion - float64 expansion| <= c (||x||^2 + ||y||^2)
    margin_factor = 2.0 * (n_features + 4) * eps32
    tol_factor = 4.0 * (n_features + 4) * eps64
    capacity = 16 * (n_neighbors + 1) + 64

    tile = min(TRAIN_TILE, n_train)
    chunk = max(1, get_chunk_n_rows(4 * tile, max_n_rows=min(QUERY_CHUNK, n_queries)))
    minus_two_y32 = (-2.0 * Y).astype(np.float32)
    block = np.empty(chunk * tile, dtype=np.float32)

    distances = np.empty((n_queries, n_neighbors), dtype=np.float64)
    indices = np.empty((n_queries, n_neighbors), dtype=np.int64)
    needs_exact = np.zeros(n_queries, dtype=bool)
    for start in range(0, n_queries, chunk):
        stop = min(start + chunk, n_queries)
        m = stop - start
        Xc = X[start:stop]
        x32 = Xc.astype(np.float32)
        x_sq_norms = row_sq_norms(Xc)
        bound_heap = np.full((m, n_neighbors + 1), HEAP_EMPTY)
        bound_heap_index = np.full((m, n_neighbors + 1), -1, dtype=np.int64)
        cand_index = np.empty((m, capacity), dtype=np.int64)
        cand_lower = np.empty((m, capacity), dtype=np.float64)
        cand_count = np.zeros(m, dtype=np.int64)
        flags = needs_exact[start:stop]
        for t0 in range(0, n_train, tile):
            t1 = min(t0 + tile, n_train)
            middle = block[: m * (t1 - t0)].reshape(m, t1 - t0)
            np.dot(x32, minus_two_y32[t0:t1].T, out=middle)
            screen_f32_block(
                middle,
                x_sq_norms,
                y_sq_norms[t0:t1],
                t0,
                margin_factor,
                bound_heap,
                bound_heap_index,
                cand_index,
                cand_lower,
                cand_count,
                flags,
            )
        # rows left to the exact path keep these placeholders until replaced
        best_dist = np.zeros((m, n_neighbors))
        best_index = np.zeros((m, n_neighbors), dtype=np.int64)
        refine_candidates(
            Xc,
            Y,
            x_sq_norms,
            y_sq_norms,
            cand_index,
            cand_count,
            tol_factor,
            best_dist,
            best_index,
            flags,
        )
        finish_neighbors(
            Xc, Y, SQEUCLIDEAN, 2.0, True, best_dist, best_index, distances[start:stop]
        )
        indices[start:stop] = best_index

    exact_rows = np.flatnonzero(needs_exact)
    if exact_rows.size:
        exact_dist, exact_index = _exact_search(
            np.ascontiguousarray(X[exact_rows]),
            Y,
            y_sq_norms,
            n_neighbors,
            SQEUCLIDEAN,
            2.0,
            emulate_parallel_on_y,
        )
        distances[exact_rows] = exact_dist
        indices[exact_rows] = exact_index
    return distances, indices


@functools.cache
def _threadpool_controller():
    return ThreadpoolController()


def kneighbors_search(
    X,
    Y,
    n_neighbors,
    code,
    p,
    feature_weights=None,
    y_sq_norms=None,
    *,
    emulate_parallel_on_y=None,
    fast_euclidean=None,
):
    """The ``n_neighbors`` nearest rows of ``Y`` for every row of ``X``.

    Parameters
    ----------
    X : ndarray of shape (n_queries, n_features), float64, C order
    Y : ndarray of shape (n_train, n_features), float64, C order
    n_neighbors : int
        ``1 <= n_neighbors <= n_train`` (checked by the caller).
    code : int
        Kernel metric code (``METRICS``).
    p : float
        Minkowski power.
    feature_weights : ndarray of shape (n_features,) or None
        Minkowski ``w``: ``sum_f w_f |x_f - y_f|^p`` is the Minkowski
        distance of the rows scaled by ``w_f^(1/p)``.
    y_sq_norms : ndarray of shape (n_train,) or None
        ``row_sq_norms(Y)`` if already known (Euclidean only).
    emulate_parallel_on_y : bool or None
        Order equal distances as scikit-learn's ``parallel_on_Y`` strategy
        (:func:`sklearn_parallel_on_y`); None: decide from ``X``.  A batch of
        a larger query set passes the decision for the whole set.
    fast_euclidean : bool or None
        Use the float32 screening (Euclidean only); None: decide from ``X``
        and ``Y`` (``_use_fast_euclidean``).

    Returns
    -------
    distances : ndarray of shape (n_queries, n_neighbors), float64
    indices : ndarray of shape (n_queries, n_neighbors), int64
        Sorted by distance; equal distances come in the order of
        scikit-learn's brute-force search on one thread.  (Euclidean: sorted
        by the expansion, as scikit-learn; the returned distances are
        recomputed directly, so two near-equal ones may be out of order by a
        rounding error.)
    """
    if feature_weights is not None:
        scale = feature_weights ** (1.0 / p)
        X = np.ascontiguousarray(X * scale)
        Y = np.ascontiguousarray(Y * scale)
        y_sq_norms = None
    if code == SQEUCLIDEAN and y_sq_norms is None:
        y_sq_norms = row_sq_norms(Y)
    if emulate_parallel_on_y is None:
        # scikit-learn's "auto" strategy on one thread
        emulate_parallel_on_y = sklearn_parallel_on_y(X.shape[0], Y.shape[0])
    if fast_euclidean is None:
        fast_euclidean = _use_fast_euclidean(X, Y)
    # The GEMM blocks are small (<= 512 x 512 x n_features) and sit between
    # serial kernels: BLAS threads would only spin (on 2 loaded cores a
    # predict took 3-5 s instead of 0.1 s), so BLAS runs on one thread here.
    with _threadpool_controller().limit(limits=1, user_api="blas"):
        if code == SQEUCLIDEAN and fast_euclidean:
            return _fast_euclidean_search(
                X, Y, y_sq_norms, n_neighbors, emulate_parallel_on_y
            )
        return _exact_search(
            X, Y, y_sq_norms, n_neighbors, code, p, emulate_parallel_on_y
        )


def _exact_search(X, Y, y_sq_norms, n_neighbors, code, p, emulate_parallel_on_y):
    """k-NN by one heap per query fed with every training point in order.

    Euclidean: scikit-learn's expansion in float64 (GEMM by numpy, norms by
    ``ddot``), bit for bit; other metrics: direct sums in feature order.
    """
    n_queries = X.shape[0]
    n_train = Y.shape[0]
    distances = np.empty((n_queries, n_neighbors), dtype=np.float64)
    indices = np.empty((n_queries, n_neighbors), dtype=np.int64)
    if n_queries == 0:
        return distances, indices

    use_gemm = code == SQEUCLIDEAN
    tile = min(TRAIN_TILE, n_train) if use_gemm else n_train
    # rows per query chunk: one (rows x tile) float64 block within working_memory
    row_bytes = 8 * (min(TRAIN_TILE, n_train) if use_gemm else n_neighbors)
    chunk = get_chunk_n_rows(row_bytes, max_n_rows=min(QUERY_CHUNK, n_queries))
    chunk = max(1, chunk)
    if use_gemm:
        minus_two_y = -2.0 * Y
        block = np.empty(chunk * tile, dtype=np.float64)

    for start in range(0, n_queries, chunk):
        stop = min(start + chunk, n_queries)
        Xc = X[start:stop]
        best_dist = np.full((stop - start, n_neighbors), HEAP_EMPTY)
        best_index = np.full((stop - start, n_neighbors), -1, dtype=np.int64)
        if use_gemm:
            x_sq_norms = row_sq_norms(Xc)
            for t0 in range(0, n_train, tile):
                t1 = min(t0 + tile, n_train)
                middle = block[: (stop - start) * (t1 - t0)].reshape(
                    stop - start, t1 - t0
                )
                np.dot(Xc, minus_two_y[t0:t1].T, out=middle)
                merge_sq_euclidean_block(
                    middle, x_sq_norms, y_sq_norms[t0:t1], t0, best_dist, best_index
                )
        else:
            merge_direct_block(Xc, Y, code, p, best_dist, best_index)
        if emulate_parallel_on_y:
            heap_dist, heap_index = best_dist, best_index
            best_dist = np.empty_like(heap_dist)
            best_index = np.empty_like(heap_index)
            repush_rows(heap_dist, heap_index, best_dist, best_index)
        sort_rows(best_dist, best_index)
        finish_neighbors(
            Xc, Y, code, p, use_gemm, best_dist, best_index, distances[start:stop]
        )
        indices[start:stop] = best_index
    return distances, indices


def get_weights(dist, weights):
    """Neighbour weights, as scikit-learn's ``neighbors._base._get_weights``.

    ``"uniform"``/None gives None; ``"distance"`` gives ``1 / d``, except in
    rows with a zero distance, where the points at distance 0 get weight 1
    and the others 0; a callable is applied to the distances.
    """
    if weights in (None, "uniform"):
        return None
    if weights == "distance":
        with np.errstate(divide="ignore"):
            inverse = 1.0 / dist
        inf_mask = np.isinf(inverse)
        inf_row = np.any(inf_mask, axis=1)
        inverse[inf_row] = inf_mask[inf_row]
        return inverse
    return weights(dist)


def check_weights_not_all_zero(weights):
    if weights is not None and np.any(np.all(weights == 0, axis=1)):
        raise ValueError(
            "All neighbors of some sample is getting zero weights. "
            "Please modify 'weights' to avoid this case if you are "
            "using a user-defined function."
        )


class _KNeighborsBase(BaseEstimator):
    """Parameters, search and graph of the k-NN estimators (not public)."""

    _parameter_constraints: dict = {
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "algorithm": [StrOptions({"auto", "ball_tree", "kd_tree", "brute"})],
        "leaf_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "p": [Interval(numbers.Real, 0, None, closed="right"), None],
        "metric": [StrOptions(set(METRICS))],
        "metric_params": [dict, None],
        "n_jobs": [numbers.Integral, None],
    }

    def _fit_search(self, X):
        """Store the training points and the effective metric (X validated)."""
        (
            self.effective_metric_,
            self.effective_metric_params_,
            self._metric_code,
            self._power,
            self._feature_weights,
        ) = _resolve_metric(self.metric, self.p, self.metric_params)
        if (
            self._feature_weights is not None
            and self._feature_weights.shape[0] != X.shape[1]
        ):
            raise ValueError(
                f"Minkowski weights w have {self._feature_weights.shape[0]} entries, "
                f"X has {X.shape[1]} features."
            )
        self._fit_X = X
        # ||y||^2 of the Euclidean expansion, computed once
        self._fit_X_sq_norms = (
            row_sq_norms(X)
            if self._metric_code == SQEUCLIDEAN and self._feature_weights is None
            else None
        )
        self.n_samples_fit_ = X.shape[0]
        # every algorithm name runs the same exact brute-force search
        self._fit_method = "brute"

    def _search(self, X, n_neighbors, **batch_options):
        return kneighbors_search(
            X,
            self._fit_X,
            n_neighbors,
            self._metric_code,
            self._power,
            self._feature_weights,
            self._fit_X_sq_norms,
            **batch_options,
        )

    def _kneighbors_batches(self, X, return_distance, row_bytes):
        """``kneighbors(X)`` in batches of queries, for ``predict`` & co.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features) or None
            None: the training points, each without itself (one batch, as
            :meth:`kneighbors` returns them).
        return_distance : bool
            Whether the distances are needed.
        row_bytes : int
            Bytes the caller holds per query of a batch (its neighbour
            arrays and what it derives from them); with :data:`PREDICT_CHUNK`
            and ``working_memory`` it sets the batch size.

        Yields
        ------
        rows : slice
            The queries of the batch.
        neigh_dist : ndarray of shape (batch, n_neighbors) or None
        neigh_ind : ndarray of shape (batch, n_neighbors)
            Exactly the rows ``rows`` of ``kneighbors(X)``: the search
            options that depend on the query set are decided once for all X.
        """
        if X is None:
            result = self.kneighbors(None, return_distance=return_distance)
            neigh_dist, neigh_ind = result if return_distance else (None, result)
            yield slice(0, neigh_ind.shape[0]), neigh_dist, neigh_ind
            return
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64, order="C")
        n_neighbors = self.n_neighbors
        if n_neighbors > self.n_samples_fit_:
            raise ValueError(
                f"Expected n_neighbors <= n_samples_fit, but n_neighbors = "
                f"{n_neighbors}, n_samples_fit = {self.n_samples_fit_}, "
                f"n_samples = {X.shape[0]}"
            )
        options = {
            "emulate_parallel_on_y": sklearn_parallel_on_y(
                X.shape[0], self.n_samples_fit_
            ),
            # (with Minkowski weights it is decided on the rescaled batches)
            "fast_euclidean": _use_fast_euclidean(X, self._fit_X)
            if self._feature_weights is None
            else None,
        }
        for rows in query_batches(X.shape[0], row_bytes):
            neigh_dist, neigh_ind = self._search(X[rows], n_neighbors, **options)
            yield rows, (neigh_dist if return_distance else None), neigh_ind

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """Find the k nearest neighbours of points.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
            The query points.  If None, the neighbours of each training point
            are returned, and a point is not its own neighbour.
        n_neighbors : int, default=None
            Number of neighbours (default: the constructor's value).
        return_distance : bool, default=True
            Whether to return the distances too.

        Returns
        -------
        neigh_dist : ndarray of shape (n_queries, n_neighbors)
            Distances to the neighbours, ascending (only if
            ``return_distance``).
        neigh_ind : ndarray of shape (n_queries, n_neighbors)
            Indices of the neighbours in the training set; among equal
            distances the lower index comes first.
        """
        check_is_fitted(self)
        if n_neighbors is None:
            n_neighbors = self.n_neighbors
        elif n_neighbors <= 0:
            raise ValueError(f"Expected n_neighbors > 0. Got {n_neighbors}")
        elif not isinstance(n_neighbors, numbers.Integral):
            raise TypeError(
                "n_neighbors does not take %s value, enter integer value"
                % type(n_neighbors)
            )
        query_is_train = X is None
        if query_is_train:
            X = self._fit_X
            n_neighbors += 1  # the point itself comes back and is removed below
        else:
            X = validate_data(self, X, reset=False, dtype=np.float64, order="C")

        n_samples_fit = self.n_samples_fit_
        if n_neighbors > n_samples_fit:
            if query_is_train:
                n_neighbors -= 1
                inequality = "n_neighbors < n_samples_fit"
            else:
                inequality = "n_neighbors <= n_samples_fit"
            raise ValueError(
                f"Expected {inequality}, but n_neighbors = {n_neighbors}, "
                f"n_samples_fit = {n_samples_fit}, n_samples = {X.shape[0]}"
            )

        neigh_dist, neigh_ind = self._search(X, n_neighbors)
        if query_is_train:
            # drop each point itself; if more duplicates than neighbours hide
            # it, drop the first neighbour instead (as scikit-learn does)
            n_queries = X.shape[0]
            sample_mask = neigh_ind != np.arange(n_queries)[:, None]
            dup_gr_nbrs = np.all(sample_mask, axis=1)
            sample_mask[:, 0][dup_gr_nbrs] = False
            neigh_ind = neigh_ind[sample_mask].reshape(n_queries, n_neighbors - 1)
            neigh_dist = neigh_dist[sample_mask].reshape(n_queries, n_neighbors - 1)
        if return_distance:
            return neigh_dist, neigh_ind
        return neigh_ind

    def kneighbors_graph(self, X=None, n_neighbors=None, mode="connectivity"):
        """Compute the (weighted) graph of k-neighbours for points in X.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), default=None
            The query points; None: the training points, each without itself.
        n_neighbors : int, default=None
            Number of neighbours (default: the constructor's value).
        mode : {"connectivity", "distance"}, default="connectivity"
            Entries 1 (connectivity) or the distances (distance).

        Returns
        -------
        A : sparse matrix of shape (n_queries, n_samples_fit)
            CSR, ``A[i, j]`` set for each neighbour ``j`` of query ``i``.
        """
        check_is_fitted(self)
        if n_neighbors is None:
            n_neighbors = self.n_neighbors
        if mode == "connectivity":
            A_ind = self.kneighbors(X, n_neighbors, return_distance=False)
            A_data = np.ones(A_ind.shape[0] * n_neighbors)
        elif mode == "distance":
            A_data, A_ind = self.kneighbors(X, n_neighbors, return_distance=True)
            A_data = np.ravel(A_data)
        else:
            raise ValueError(
                'Unsupported mode, must be one of "connectivity", '
                f'or "distance" but got "{mode}" instead'
            )
        n_queries = A_ind.shape[0]
        A_indptr = np.arange(0, n_queries * n_neighbors + 1, n_neighbors)
        graph = csr_array(
            (A_data, A_ind.ravel(), A_indptr), shape=(n_queries, self.n_samples_fit_)
        )
        return _align_api_if_sparse(graph)
