"""K-means clustering (notes section 3.4.5): the estimator and its drivers.

Three layers, as scikit-learn's ``cluster/_kmeans.py`` over
``_k_means_lloyd.pyx``:

- kernels (``_kmeans_kernels.py``): one pass each over the data;
- drivers (``_kmeans_single_lloyd``, ``_kmeans_single_elkan``,
  ``_kmeans_plusplus``): the loop, the convergence test, ``verbose``, the
  random draws, the buffers;
- the estimator ``KMeans``: validation and fitted attributes.
"""

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    ClusterMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils import check_array, check_random_state, gen_batches
from sklearn.utils._chunking import get_chunk_n_rows
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.sparsefuncs import mean_variance_axis
from sklearn.utils.validation import (
    _check_sample_weight,
    _is_arraylike_not_scalar,
    check_is_fitted,
    validate_data,
)

from ..utils._weighted_stats import class_means_and_squares
from ._kmeans_kernels import (
    elkan_init_bounds,
    elkan_init_bounds_sparse,
    elkan_iter_dense,
    elkan_iter_sparse,
    elkan_shift_bounds,
    euclidean_distances_dense,
    euclidean_distances_sparse,
    finish_centers,
    inertia_dense,
    is_same_clustering,
    kmeans_plusplus_trials,
    kmeans_plusplus_trials_sparse,
    lloyd_iter_dense,
    lloyd_iter_sparse,
    row_hashes,
    row_hashes_sparse,
    sq_distances_to_centers_sparse,
    sq_distances_to_row,
)

###############################################################################
# Dense or CSR: one entry point per pass


def _lloyd_pass(
    X, sample_weight, centers, x_offset, centers_new, weight_in_clusters, labels,
    update_centers,
):
    """One Lloyd pass (see ``lloyd_iter_dense``); X dense or CSR."""
    if sp.issparse(X):
        lloyd_iter_sparse(
            X.data, X.indices, X.indptr, sample_weight, centers, centers_new,
            weight_in_clusters, labels, update_centers,
        )
    else:
        lloyd_iter_dense(
            X, sample_weight, centers, x_offset, centers_new, weight_in_clusters,
            labels, update_centers,
        )


def _offset(X, centers):
    """Shift of the rows in the dense distance expansion (none for CSR)."""
    if sp.issparse(X):
        return np.zeros(centers.shape[1], dtype=centers.dtype)
    return centers.mean(axis=0)


#: Most rows whose differences ``x_i - mu`` are held at once (fewer if
#: scikit-learn's ``working_memory`` is smaller).
DIFFERENCE_CHUNK = 65536


def _sq_distances_to_labels(X, centers, labels):
    """``||x_i - mu_{labels[i]}||^2`` of every row.

    Dense rows are taken in chunks, so the temporaries are chunk x n_features,
    not copies of X (each row's sum is the same whatever the chunk).
    """
    out = np.empty(X.shape[0], dtype=np.float64 if sp.issparse(X) else X.dtype)
    if sp.issparse(X):
        sq_distances_to_centers_sparse(
            X.data, X.indices, X.indptr, centers, labels, out
        )
        return out
    row_bytes = 3 * X.itemsize * X.shape[1]  # x - mu, its square, a copy
    chunk = get_chunk_n_rows(
        row_bytes, max_n_rows=min(DIFFERENCE_CHUNK, max(X.shape[0], 1))
    )
    for rows in gen_batches(X.shape[0], max(1, chunk)):
        out[rows] = ((X[rows] - centers[labels[rows]]) ** 2).sum(axis=1)
    return out


def _inertia(X, sample_weight, centers, labels):
    """``sum_i w_i ||x_i - mu_{labels[i]}||^2`` as a Python float."""
    if sp.issparse(X):
        return float(_sq_distances_to_labels(X, centers, labels) @ sample_weight)
    return float(inertia_dense(X, sample_weight, centers, labels))


###############################################################################
# Initialisation


def _canonical_order(X):
    """A row order that depends only on the rows' values, not their positions.

    Seeding draws rows through a cumulative distribution, so the row drawn by
    a given random number depends on the row order.  Drawing in this order
    makes the seeds a function of the *set* of (row, weight) pairs: a
    shuffled X gives the same centres, and so does a row of weight 2 instead
    of two copies of the row (scikit-learn's ``sample_weight`` equivalence).

    Rows are sorted by a hash of their values (exact integer arithmetic on
    their bits, so a row's hash does not depend on its position; a CSR row
    hashes its (column, value) pairs, stored zeros skipped); if two different
    rows share a hash, by the full rows instead.
    """
    unsigned = np.uint64 if X.dtype == np.float64 else np.uint32
    negative_zero = np.uint64(np.array(-0.0, dtype=X.dtype).view(unsigned))
    hashes = np.empty(X.shape[0], dtype=np.uint64)
    if sp.issparse(X):
        if not X.has_canonical_format:  # sorted indices, no duplicates
            X = X.copy()
            X.sum_duplicates()
        row_hashes_sparse(
            X.data.view(unsigned), X.indices, X.indptr, negative_zero, hashes
        )
    else:
        row_hashes(X.view(unsigned), negative_zero, hashes)
    order = np.argsort(hashes, kind="stable")
    sorted_hashes = hashes[order]
    tied = np.flatnonzero(sorted_hashes[1:] == sorted_hashes[:-1])
    if tied.size and _rows_differ(X, order[tied], order[tied + 1]):
        order = _lexicographic_order(X)  # a hash collision: sort by value
    return order


def _rows_differ(X, rows_a, rows_b):
    if sp.issparse(X):
        return (X[rows_a] != X[rows_b]).nnz > 0
    return bool(np.any(X[rows_a] != X[rows_b]))


def _lexicographic_order(X):
    if not sp.issparse(X):
        return np.lexsort(X.T[::-1])
    X = sp.csr_matrix(X)
    X.eliminate_zeros()
    X.sum_duplicates()
    keys = [
        (tuple(X.indices[a:b]), tuple(X.data[a:b]))
        for a, b in zip(X.indptr[:-1], X.indptr[1:])
    ]
    return np.array(sorted(range(X.shape[0]), key=keys.__getitem__), dtype=np.intp)


def _inverse_cdf(cumulative, uniforms):
    """Index drawn by ``uniforms`` from the cumulative weights ``cumulative``.

    ``(1 - u) * total`` lies in ``(0, total]`` and ``searchsorted(side="left")``
    returns the first index whose cumulative weight reaches it, so a row of
    zero weight (or at distance zero from a centre) is never drawn.
    """
    targets = (1.0 - uniforms) * cumulative[-1]
    indices = np.searchsorted(cumulative, targets, side="left")
    return np.minimum(indices, cumulative.shape[0] - 1)


def _kmeans_plusplus(X, n_clusters, sample_weight, random_state, n_local_trials=None):
    """Greedy k-means++ seeding (Arthur & Vassilvitskii 2007), weighted.

    The first centre is a row drawn with probability ``w_i / sum w``; each
    next one is the best, by the potential ``sum_i w_i D(x_i)^2``, of
    ``2 + log(k)`` rows drawn with probability ``w_i D(x_i)^2 / sum``, where
    ``D(x)`` is the distance to the nearest centre chosen so far.  Rows are
    drawn in :func:`_canonical_order`.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    n_clusters : int
    sample_weight : ndarray of shape (n_samples,)
    random_state : RandomState instance
    n_local_trials : int, default=None
        ``None`` means ``2 + int(log(n_clusters))``.

    Returns
    -------
    centers : ndarray of shape (n_clusters, n_features)
    """
    # Draws go through the canonical order; distances are computed in X's.
    order = _canonical_order(X)
    n_samples, n_features = X.shape
    if n_local_trials is None:
        n_local_trials = 2 + int(np.log(n_clusters))

    centers = np.empty((n_clusters, n_features), dtype=X.dtype)
    cumulative = np.cumsum(sample_weight[order], dtype=np.float64)
    first = order[_inverse_cdf(cumulative, random_state.uniform(size=1))[0]]
    centers[0] = _dense_rows(X, [first])[0]

    closest_sq_dist = np.empty(n_samples)
    trial_sq_dist = np.empty((n_local_trials, n_samples))
    trial_potential = np.empty(n_local_trials)
    if sp.issparse(X):
        closest_sq_dist[:] = np.inf
        kmeans_plusplus_trials_sparse(
            X.data, X.indices, X.indptr, sample_weight, centers[:1],
            closest_sq_dist, trial_sq_dist, trial_potential,
        )
        closest_sq_dist[:] = trial_sq_dist[0]
    else:
        sq_distances_to_row(X, first, closest_sq_dist)
    for c in range(1, n_clusters):
        weighted_sq_dist = (sample_weight * closest_sq_dist)[order]
        cumulative = np.cumsum(weighted_sq_dist, dtype=np.float64)
        uniforms = random_state.uniform(size=n_local_trials)
        candidates = order[_inverse_cdf(cumulative, uniforms)]
        if sp.issparse(X):
            kmeans_plusplus_trials_sparse(
                X.data, X.indices, X.indptr, sample_weight,
                _dense_rows(X, candidates), closest_sq_dist, trial_sq_dist,
                trial_potential,
            )
        else:
            kmeans_plusplus_trials(
                X, sample_weight, candidates, closest_sq_dist, trial_sq_dist,
                trial_potential,
            )
        best = np.argmin(trial_potential)
        closest_sq_dist[:] = trial_sq_dist[best]
        centers[c] = _dense_rows(X, candidates[best : best + 1])[0]
    return centers


def _dense_rows(X, rows):
    """``X[rows]`` as a dense C-contiguous array."""
    if sp.issparse(X):
        return np.ascontiguousarray(X[rows].toarray())
    return X[rows]


def _tolerance(X, sample_weight, tol):
    """``tol`` times the mean per-feature variance of X (scikit-learn's rule).

    The variance is weighted by ``sample_weight`` (all ones when none is
    given), so that a weight of 2 is a repeated row here too.
    """
    if tol == 0:
        return 0
    if sp.issparse(X):
        variances = mean_variance_axis(X, axis=0, weights=sample_weight)[1]
        return float(np.mean(variances)) * tol
    one_class = np.zeros(X.shape[0], dtype=np.intp)
    weight, _, squares = class_means_and_squares(X, one_class, sample_weight, 1)
    return float(np.mean(squares[0] / weight[0])) * tol


###############################################################################
# One run of Lloyd or Elkan


def _relocate_empty_clusters(
    X, sample_weight, centers_old, x_offset, centers_new, weight_in_clusters, labels
):
    """Give each empty cluster the row farthest from its own centre.

    As scikit-learn's ``_relocate_empty_clusters_dense``; rows of zero weight
    are not candidates (moving them would leave the cluster empty).
    ``centers_new`` holds the sums of ``w_i (x_i - x_offset)``.
    """
    empty_clusters = np.flatnonzero(weight_in_clusters == 0)
    n_empty = empty_clusters.shape[0]
    distances = _sq_distances_to_labels(X, centers_old, labels)
    zero_weight = sample_weight == 0
    if zero_weight.any():
        distances[zero_weight] = -1
    if np.max(distances) <= 0:
        # More clusters than distinct rows: relocating is pointless.
        return
    far_from_centers = np.argpartition(distances, -n_empty)[: -n_empty - 1 : -1]
    for new_cluster, far in zip(empty_clusters, far_from_centers):
        weight = sample_weight[far]
        old_cluster = labels[far]
        row = (_dense_rows(X, [far])[0] - x_offset) * weight
        centers_new[old_cluster] -= row
        centers_new[new_cluster] = row
        weight_in_clusters[new_cluster] = weight
        weight_in_clusters[old_cluster] -= weight


def _update_centers(
    X, sample_weight, centers, x_offset, centers_new, weight_in_clusters, labels,
    center_shift,
):
    """M-step after the pass: relocate empty clusters, average, measure shift."""
    if np.any(weight_in_clusters == 0):
        _relocate_empty_clusters(
            X, sample_weight, centers, x_offset, centers_new, weight_in_clusters, labels
        )
    return finish_centers(
        centers, x_offset, centers_new, weight_in_clusters, center_shift
    )


def _converged(labels, labels_old, center_shift_total, tol, iteration, verbose):
    """scikit-learn's stopping rule: labels unchanged, else centre shift <= tol.

    Returns ``(stop, strict)``.
    """
    if np.array_equal(labels, labels_old):
        if verbose:
            print(f"Converged at iteration {iteration}: strict convergence.")
        return True, True
    if center_shift_total <= tol:
        if verbose:
            print(
                f"Converged at iteration {iteration}: center shift "
                f"{center_shift_total} within tolerance {tol}."
            )
        return True, False
    return False, False


def _kmeans_single_lloyd(
    X, sample_weight, centers_init, max_iter=300, verbose=False, tol=1e-4
):
    """A single run of Lloyd's algorithm from ``centers_init``.

    Returns
    -------
    labels : ndarray of shape (n_samples,), int32
    inertia : float
    centers : ndarray of shape (n_clusters, n_features)
    n_iter : int
    """
    n_clusters = centers_init.shape[0]
    centers = centers_init
    centers_new = np.zeros_like(centers)
    labels = np.full(X.shape[0], -1, dtype=np.int32)
    labels_old = labels.copy()
    weight_in_clusters = np.zeros(n_clusters, dtype=X.dtype)
    center_shift = np.zeros(n_clusters, dtype=X.dtype)

    strict_convergence = False
    for i in range(max_iter):
        # The offset only conditions the distance expansion; the mean of the
        # centres is inside the data, and predict() uses the same one.
        x_offset = _offset(X, centers)
        _lloyd_pass(
            X, sample_weight, centers, x_offset, centers_new, weight_in_clusters,
            labels, True,
        )
        shift_total = _update_centers(
            X, sample_weight, centers, x_offset, centers_new, weight_in_clusters,
            labels, center_shift,
        )
        if verbose:
            inertia = _inertia(X, sample_weight, centers, labels)
            print(f"Iteration {i}, inertia {inertia}.")
        centers, centers_new = centers_new, centers
        stop, strict_convergence = _converged(
            labels, labels_old, shift_total, tol, i, verbose
        )
        if stop:
            break
        labels_old[:] = labels

    if not strict_convergence:
        # Rerun the assignment so that labels_ matches the final centres.
        _lloyd_pass(
            X, sample_weight, centers, _offset(X, centers), centers_new,
            weight_in_clusters, labels, False,
        )
    inertia = _inertia(X, sample_weight, centers, labels)
    return labels, inertia, centers, i + 1


def _elkan_pass(
    X, sample_weight, centers, x_offset, center_half_distances,
    distance_next_center, upper_bounds, lower_bounds, labels, centers_new,
    weight_in_clusters, update_centers,
):
    """One Elkan pass (see ``elkan_iter_dense``); X dense or CSR."""
    if sp.issparse(X):
        elkan_iter_sparse(
            X.data, X.indices, X.indptr, sample_weight, centers,
            center_half_distances, distance_next_center, upper_bounds,
            lower_bounds, labels, centers_new, weight_in_clusters, update_centers,
        )
    else:
        elkan_iter_dense(
            X, sample_weight, centers, x_offset, center_half_distances,
            distance_next_center, upper_bounds, lower_bounds, labels, centers_new,
            weight_in_clusters, update_centers,
        )


def _half_center_distances(centers):
    """``||mu_a - mu_b|| / 2`` and, per centre, that to its nearest neighbour."""
    diff = centers[:, np.newaxis, :] - centers[np.newaxis, :, :]
    half = np.sqrt((diff * diff).sum(axis=2)) / 2
    return half, np.partition(half, kth=1, axis=0)[1]


def _kmeans_single_elkan(
    X, sample_weight, centers_init, max_iter=300, verbose=False, tol=1e-4
):
    """A single run of Elkan's algorithm from ``centers_init``.

    Same iterates as Lloyd's algorithm; the triangle inequality skips most
    distance computations.  Returns as :func:`_kmeans_single_lloyd`.
    """
    n_samples = X.shape[0]
    n_clusters = centers_init.shape[0]
    centers = centers_init
    centers_new = np.zeros_like(centers)
    weight_in_clusters = np.zeros(n_clusters, dtype=X.dtype)
    labels = np.full(n_samples, -1, dtype=np.int32)
    labels_old = labels.copy()
    center_half_distances, distance_next_center = _half_center_distances(centers)
    upper_bounds = np.zeros(n_samples, dtype=X.dtype)
    lower_bounds = np.zeros((n_samples, n_clusters), dtype=X.dtype)
    center_shift = np.zeros(n_clusters, dtype=X.dtype)

    if sp.issparse(X):
        elkan_init_bounds_sparse(
            X.data, X.indices, X.indptr, centers, center_half_distances, labels,
            upper_bounds, lower_bounds,
        )
    else:
        elkan_init_bounds(
            X, centers, center_half_distances, labels, upper_bounds, lower_bounds
        )
    strict_convergence = False
    for i in range(max_iter):
        x_offset = _offset(X, centers)
        _elkan_pass(
            X, sample_weight, centers, x_offset, center_half_distances,
            distance_next_center, upper_bounds, lower_bounds, labels, centers_new,
            weight_in_clusters, True,
        )
        shift_total = _update_centers(
            X, sample_weight, centers, x_offset, centers_new, weight_in_clusters,
            labels, center_shift,
        )
        elkan_shift_bounds(labels, center_shift, upper_bounds, lower_bounds)
        center_half_distances, distance_next_center = _half_center_distances(
            centers_new
        )
        if verbose:
            inertia = _inertia(X, sample_weight, centers, labels)
            print(f"Iteration {i}, inertia {inertia}")
        centers, centers_new = centers_new, centers
        stop, strict_convergence = _converged(
            labels, labels_old, shift_total, tol, i, verbose
        )
        if stop:
            break
        labels_old[:] = labels

    if not strict_convergence:
        _elkan_pass(
            X, sample_weight, centers, _offset(X, centers), center_half_distances,
            distance_next_center, upper_bounds, lower_bounds, labels, centers_new,
            weight_in_clusters, False,
        )
    inertia = _inertia(X, sample_weight, centers, labels)
    return labels, inertia, centers, i + 1


_KMEANS_SINGLE = {"lloyd": _kmeans_single_lloyd, "elkan": _kmeans_single_elkan}


def _labels(X, centers):
    """Index of the nearest centre of each row (the E-step alone)."""
    labels = np.full(X.shape[0], -1, dtype=np.int32)
    _lloyd_pass(
        X, np.ones(0, dtype=X.dtype), centers, _offset(X, centers),
        np.empty((0, 0), dtype=X.dtype), np.empty(0, dtype=X.dtype), labels, False,
    )
    return labels


###############################################################################
# The estimator


class KMeans(
    ClassNamePrefixFeaturesOutMixin, TransformerMixin, ClusterMixin, BaseEstimator
):
    """K-Means clustering (Lloyd's or Elkan's algorithm, k-means++ seeding).

    A drop-in for :class:`sklearn.cluster.KMeans`: same parameters, methods
    and fitted attributes, and the same iterates from the same initial
    centres (k-means++ seeds differ for the same ``random_state``, see
    Notes); the passes over the data are Numba kernels.

    Parameters
    ----------
    n_clusters : int, default=8
        The number of clusters to form and of centroids to generate.

    init : {'k-means++', 'random'}, callable or array-like of shape \
            (n_clusters, n_features), default='k-means++'
        Method for initialization:

        * 'k-means++': greedy k-means++; each centre after the first is the
          best of ``2 + log(k)`` rows drawn with probability proportional to
          ``w_i D(x_i)^2``.
        * 'random': ``n_clusters`` distinct rows drawn with probability
          proportional to their weights.
        * an array of shape (n_clusters, n_features): the initial centres.
        * a callable ``init(X, n_clusters, random_state=...)`` returning the
          initial centres.  As in scikit-learn it receives X minus its column
          means and its result is read in the same centred frame.

    n_init : 'auto' or int, default='auto'
        Number of runs from different seeds; the run of lowest inertia is
        kept.  'auto' is 1 for 'k-means++' or an array, 10 for 'random' or a
        callable.

    max_iter : int, default=300
        Maximum number of iterations of a single run.

    tol : float, default=1e-4
        Convergence tolerance on the squared centre shift, relative to the
        mean per-feature variance of X (weighted if ``sample_weight`` is
        given).

    verbose : int, default=0
        Verbosity mode.

    random_state : int, RandomState instance or None, default=None
        Determines random number generation for centroid initialization.

    copy_x : bool, default=True
        Kept for compatibility.  X is never modified here (scikit-learn
        centres X in place when ``copy_x=False``), so it has no effect.

    algorithm : {"lloyd", "elkan"}, default="lloyd"
        "lloyd" is the classical EM-style algorithm; "elkan" gives the same
        iterates using the triangle inequality, with an extra
        (n_samples, n_clusters) array of bounds.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        Coordinates of cluster centers.  If the algorithm stopped before
        fully converging, they are not the means of ``labels_``.

    labels_ : ndarray of shape (n_samples,)
        Label of each training point (consistent with ``predict``).

    inertia_ : float
        Sum of squared distances of samples to their closest cluster center,
        weighted by the sample weights if provided.

    n_iter_ : int
        Number of iterations run.

    n_features_in_ : int
        Number of features seen during :term:`fit`.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :term:`fit`. Defined only when `X`
        has feature names that are all strings.

    See Also
    --------
    sklearn.cluster.KMeans : The scikit-learn estimator this one mirrors.
    sklearn_notes.mixture.GaussianMixture : Soft assignments (notes 3.4.6).

    Notes
    -----
    Notes section 3.4.5 (K-Means Clustering): pick K centroids, then repeat
    "assign each sample to its centroid" and "adjust the centroids".  Neither
    step increases the (weighted) inertia

    .. math:: J = \\sum_i w_i \\lVert x_i - \\mu_{c(i)} \\rVert^2,

    the assignment step by
    :math:`c(i) = \\arg\\min_j \\lVert x_i - \\mu_j \\rVert^2` and the update
    step by :math:`\\mu_j = \\sum_{c(i)=j} w_i x_i / \\sum_{c(i)=j} w_i`.
    Compared with the EM clustering of section 3.4.6 this is the
    hard-assignment limit (responsibilities 0 or 1, equal spherical
    covariances).

    Stopping rule (scikit-learn's): stop when no label changes ("strict
    convergence"), or when :math:`\\sum_j \\lVert \\mu_j^{new} -
    \\mu_j^{old}\\rVert^2 \\le` ``tol`` times the mean variance of the
    features.  In the second case the labels are reassigned to the final
    centres.  A cluster left empty gets the row farthest from its centre.

    The seeds of 'k-means++' and 'random' are drawn in an order that depends
    only on the rows' values, so a row of weight 2 gives exactly the fit of
    the row repeated twice and shuffling X does not change the result; with
    the same ``random_state`` the seeds therefore differ from
    scikit-learn's, which draws in input order.  CSR input runs CSR kernels
    (other sparse formats are converted to CSR).

    References
    ----------
    S. Lloyd, "Least squares quantization in PCM", IEEE Trans. Information
    Theory 28(2), 1982.

    C. Elkan, "Using the triangle inequality to accelerate k-means", ICML 2003.

    D. Arthur and S. Vassilvitskii, "k-means++: the advantages of careful
    seeding", SODA 2007.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_notes.cluster import KMeans
    >>> X = np.array([[1, 2], [1, 4], [1, 0],
    ...               [10, 2], [10, 4], [10, 0]])
    >>> kmeans = KMeans(n_clusters=2, init=np.array([[0, 0], [9, 0]])).fit(X)
    >>> kmeans.labels_
    array([0, 0, 0, 1, 1, 1], dtype=int32)
    >>> kmeans.cluster_centers_
    array([[ 1.,  2.],
           [10.,  2.]])
    >>> kmeans.predict([[0, 0], [12, 3]])
    array([0, 1], dtype=int32)
    >>> float(kmeans.inertia_)
    16.0
    """

    _parameter_constraints: dict = {
        "n_clusters": [Interval(Integral, 1, None, closed="left")],
        "init": [StrOptions({"k-means++", "random"}), callable, "array-like"],
        "n_init": [StrOptions({"auto"}), Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "random_state": ["random_state"],
        "copy_x": ["boolean"],
        "algorithm": [StrOptions(set(_KMEANS_SINGLE))],
    }

    def __init__(
        self,
        n_clusters=8,
        *,
        init="k-means++",
        n_init="auto",
        max_iter=300,
        tol=1e-4,
        verbose=0,
        random_state=None,
        copy_x=True,
        algorithm="lloyd",
    ):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.verbose = verbose
        self.random_state = random_state
        self.copy_x = copy_x
        self.algorithm = algorithm

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True  # CSR kernels
        # fit, transform and the centres keep float32.
        tags.transformer_tags.preserves_dtype = ["float64", "float32"]
        return tags

    def _check_params_vs_input(self, X, sample_weight):
        if X.shape[0] < self.n_clusters:
            raise ValueError(
                f"n_samples={X.shape[0]} should be >= n_clusters={self.n_clusters}."
            )
        self._tol = _tolerance(X, sample_weight, self.tol)

        if self.n_init == "auto":
            if isinstance(self.init, str) and self.init == "k-means++":
                self._n_init = 1
            elif isinstance(self.init, str) or callable(self.init):
                self._n_init = 10
            else:  # array-like
                self._n_init = 1
        else:
            self._n_init = self.n_init
        if _is_arraylike_not_scalar(self.init) and self._n_init != 1:
            warnings.warn(
                "Explicit initial center position passed: performing only"
                f" one init in {self.__class__.__name__} instead of "
                f"n_init={self._n_init}.",
                RuntimeWarning,
                stacklevel=3,
            )
            self._n_init = 1

        self._algorithm = self.algorithm
        if self._algorithm == "elkan" and self.n_clusters == 1:
            warnings.warn(
                "algorithm='elkan' doesn't make sense for a single "
                "cluster. Using 'lloyd' instead.",
                RuntimeWarning,
            )
            self._algorithm = "lloyd"

    def _validate_center_shape(self, X, centers):
        if centers.shape[0] != self.n_clusters:
            raise ValueError(
                f"The shape of the initial centers {centers.shape} does not "
                f"match the number of clusters {self.n_clusters}."
            )
        if centers.shape[1] != X.shape[1]:
            raise ValueError(
                f"The shape of the initial centers {centers.shape} does not "
                f"match the number of features of the data {X.shape[1]}."
            )

    def _init_centroids(self, X, init, random_state, sample_weight):
        """Initial centres of one run (a new array: the drivers write into it)."""
        if isinstance(init, str) and init == "k-means++":
            return _kmeans_plusplus(X, self.n_clusters, sample_weight, random_state)
        if isinstance(init, str) and init == "random":
            order = _canonical_order(X)
            weight = sample_weight[order]
            seeds = random_state.choice(
                X.shape[0], size=self.n_clusters, replace=False, p=weight / weight.sum()
            )
            return _dense_rows(X, order[seeds])
        if callable(init):
            if sp.issparse(X):
                centers = init(X, self.n_clusters, random_state=random_state)
                if sp.issparse(centers):
                    centers = centers.toarray()
                centers = check_array(centers, dtype=X.dtype, copy=True, order="C")
                self._validate_center_shape(X, centers)
                return centers
            x_mean = X.mean(axis=0)
            centers = init(X - x_mean, self.n_clusters, random_state=random_state)
            centers = check_array(centers, dtype=X.dtype, copy=True, order="C")
            self._validate_center_shape(X, centers)
            centers += x_mean
            return centers
        return init.copy()

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Compute k-means clustering.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training instances to cluster (float64 or float32; other types
            are converted to float64, sparse matrices to CSR).

        y : Ignored
            Not used, present here for API consistency by convention.

        sample_weight : array-like of shape (n_samples,), default=None
            The weights for each observation in X (frequency weights).  Not
            used to seed if `init` is a callable or an array.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        X = validate_data(
            self,
            X,
            accept_sparse="csr",
            dtype=[np.float64, np.float32],
            order="C",
            accept_large_sparse=False,
        )
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=X.dtype, ensure_non_negative=True
        )
        self._check_params_vs_input(X, sample_weight)
        random_state = check_random_state(self.random_state)

        init = self.init
        if _is_arraylike_not_scalar(init):
            init = check_array(init, dtype=X.dtype, copy=True, order="C")
            self._validate_center_shape(X, init)

        kmeans_single = _KMEANS_SINGLE[self._algorithm]
        best_inertia, best_labels = None, None
        for _ in range(self._n_init):
            centers_init = self._init_centroids(X, init, random_state, sample_weight)
            if self.verbose:
                print("Initialization complete")
            labels, inertia, centers, n_iter = kmeans_single(
                X, sample_weight, centers_init, max_iter=self.max_iter,
                verbose=self.verbose, tol=self._tol,
            )
            # A run replaces the best one if its inertia is lower and it is
            # not the same clustering up to a permutation (rounding noise).
            if best_inertia is None or (
                inertia < best_inertia
                and not is_same_clustering(labels, best_labels, self.n_clusters)
            ):
                best_labels, best_centers = labels, centers
                best_inertia, best_n_iter = inertia, n_iter

        distinct_clusters = np.unique(best_labels).shape[0]
        if distinct_clusters < self.n_clusters:
            warnings.warn(
                f"Number of distinct clusters ({distinct_clusters}) found smaller "
                f"than n_clusters ({self.n_clusters}). Possibly due to duplicate "
                "points in X.",
                ConvergenceWarning,
                stacklevel=2,
            )

        self.cluster_centers_ = best_centers
        self._n_features_out = self.cluster_centers_.shape[0]
        self.labels_ = best_labels
        self.inertia_ = float(best_inertia)
        self.n_iter_ = best_n_iter
        return self

    def _check_test_data(self, X):
        return validate_data(
            self,
            X,
            accept_sparse="csr",
            reset=False,
            dtype=[np.float64, np.float32],
            order="C",
            accept_large_sparse=False,
        )

    def _centers_for(self, X):
        """The centres in X's dtype (float32 data against float64 centres)."""
        return self.cluster_centers_.astype(X.dtype, copy=False)

    def fit_predict(self, X, y=None, sample_weight=None):
        """Compute cluster centers and predict cluster index for each sample.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training instances.

        y : Ignored
            Not used, present here for API consistency by convention.

        sample_weight : array-like of shape (n_samples,), default=None
            The weights for each observation in X.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Index of the cluster each sample belongs to.
        """
        return self.fit(X, sample_weight=sample_weight).labels_

    def predict(self, X):
        """Predict the closest cluster each sample in X belongs to.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            New data to predict.

        Returns
        -------
        labels : ndarray of shape (n_samples,)
            Index of the cluster each sample belongs to.
        """
        check_is_fitted(self)
        X = self._check_test_data(X)
        return _labels(X, self._centers_for(X))

    def fit_transform(self, X, y=None, sample_weight=None):
        """Compute clustering and transform X to cluster-distance space.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            New data to transform.

        y : Ignored
            Not used, present here for API consistency by convention.

        sample_weight : array-like of shape (n_samples,), default=None
            The weights for each observation in X.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_clusters)
            X transformed in the new space.
        """
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def transform(self, X):
        """Transform X to a cluster-distance space.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            New data to transform.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_clusters)
            Euclidean distance of each sample to each cluster center.
        """
        check_is_fitted(self)
        X = self._check_test_data(X)
        centers = self._centers_for(X)
        distances = np.empty((X.shape[0], centers.shape[0]), dtype=X.dtype)
        if sp.issparse(X):
            euclidean_distances_sparse(X.data, X.indices, X.indptr, centers, distances)
        else:
            euclidean_distances_dense(X, centers, distances)
        return distances

    def score(self, X, y=None, sample_weight=None):
        """Opposite of the value of X on the K-means objective.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            New data.

        y : Ignored
            Not used, present here for API consistency by convention.

        sample_weight : array-like of shape (n_samples,), default=None
            The weights for each observation in X.

        Returns
        -------
        score : float
            Opposite of the value of X on the K-means objective.
        """
        check_is_fitted(self)
        X = self._check_test_data(X)
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=X.dtype, ensure_non_negative=True
        )
        centers = self._centers_for(X)
        labels = _labels(X, centers)
        return -_inertia(X, sample_weight, centers, labels)
