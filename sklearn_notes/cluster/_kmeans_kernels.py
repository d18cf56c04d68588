"""Numba kernels of k-means (notes section 3.4.5).

Each kernel is one pass over the data and writes into OUT buffers that the
driver in ``_kmeans.py`` allocates once per run.  Inputs are only read (they
may be read-only memmaps); no kernel validates its input, allocates inside its
hot loop or touches Python objects.

The objective is the (weighted) inertia

    J = sum_i w_i ||x_i - mu_{c(i)}||^2,

and one Lloyd iteration is its two block-coordinate steps fused in one pass:

    assignment   c(i)   = argmin_j ||x_i - mu_j||^2
    update       mu_j   = sum_{c(i)=j} w_i x_i / sum_{c(i)=j} w_i .

``lloyd_iter_dense`` computes the assignment with the expansion
``||x - mu||^2 = ||x||^2 - 2 x.mu + ||mu||^2`` (the ``||x||^2`` term does not
change the argmin) on a block of rows transposed into a small buffer, so that
the inner loop runs over samples in SIMD registers with four features and
four centres per sweep -- a tiny register-blocked GEMM, as scikit-learn's
``lloyd_iter_chunked_dense`` calls BLAS on chunks of 256 rows.  Rows and
centres are shifted by ``x_offset`` (the mean of the centres, which lies
inside the data) on the fly, which keeps the expansion accurate (it cancels
digits when the data sit far from the origin) without copying X.  The Elkan,
inertia, transform and k-means++ kernels use the direct differences
``sum_f (x_f - mu_f)^2``.  The ``*_sparse`` kernels take CSR rows.
"""

import numpy as np

from .._numba import njit

#: Rows per block of the Lloyd kernel: the transposed block and its
#: distances (features + clusters) x 128 values stay in L1/L2 cache.
BLOCK_ROWS = 128


@njit
def lloyd_iter_dense(
    X,
    sample_weight,
    centers_old,
    x_offset,
    centers_new,
    weight_in_clusters,
    labels,
    update_centers,
):
    """One Lloyd pass: nearest centre of every row, and weighted centre sums.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    sample_weight : ndarray of shape (n_samples,), IN
    centers_old : ndarray of shape (n_clusters, n_features), IN
        Centres the rows are assigned to.
    x_offset : ndarray of shape (n_features,), IN
        Subtracted from rows and centres before the distance expansion (the
        driver passes the mean of the centres), and from the rows summed into
        ``centers_new``.
    centers_new : ndarray of shape (n_clusters, n_features), OUT
        ``sum_{c(i)=j} w_i (x_i - x_offset)``, set to zero here first.
        Untouched when ``update_centers`` is False.
    weight_in_clusters : ndarray of shape (n_clusters,), OUT
        ``sum_{c(i)=j} w_i``, set to zero here first.  Untouched when
        ``update_centers`` is False.
    labels : ndarray of shape (n_samples,), int32, OUT
        Index of the nearest centre (the first one on ties).
    update_centers : bool
        False runs the assignment step only (``predict``).
    """
    n_samples, n_features = X.shape
    n_clusters = centers_old.shape[0]
    dtype = X.dtype
    block = BLOCK_ROWS

    # Shifted centres as -2 mu and their squared norms ||mu||^2.
    minus_two_centers = np.empty((n_clusters, n_features), dtype=dtype)
    center_sq_norms = np.zeros(n_clusters, dtype=dtype)
    for j in range(n_clusters):
        for f in range(n_features):
            c = centers_old[j, f] - x_offset[f]
            minus_two_centers[j, f] = -2 * c
            center_sq_norms[j] += c * c

    x_block_t = np.empty((n_features, block), dtype=dtype)
    dist = np.empty((n_clusters, block), dtype=dtype)
    best_dist = np.empty(block, dtype=dtype)
    best_label = np.empty(block, dtype=np.int32)

    if update_centers:
        centers_new[:, :] = 0
        weight_in_clusters[:] = 0

    features_4 = n_features - n_features % 4
    clusters_4 = n_clusters - n_clusters % 4

    for start in range(0, n_samples, block):
        m = min(block, n_samples - start)
        for ii in range(m):
            for f in range(n_features):
                x_block_t[f, ii] = X[start + ii, f] - x_offset[f]

        # dist[j, ii] = ||mu_j||^2 - 2 x_ii . mu_j
        for j in range(n_clusters):
            norm = center_sq_norms[j]
            for ii in range(m):
                dist[j, ii] = norm
        for j in range(0, clusters_4, 4):
            for f in range(0, features_4, 4):
                a0 = minus_two_centers[j, f]
                a1 = minus_two_centers[j, f + 1]
                a2 = minus_two_centers[j, f + 2]
                a3 = minus_two_centers[j, f + 3]
                b0 = minus_two_centers[j + 1, f]
                b1 = minus_two_centers[j + 1, f + 1]
                b2 = minus_two_centers[j + 1, f + 2]
                b3 = minus_two_centers[j + 1, f + 3]
                c0 = minus_two_centers[j + 2, f]
                c1 = minus_two_centers[j + 2, f + 1]
                c2 = minus_two_centers[j + 2, f + 2]
                c3 = minus_two_centers[j + 2, f + 3]
                e0 = minus_two_centers[j + 3, f]
                e1 = minus_two_centers[j + 3, f + 1]
                e2 = minus_two_centers[j + 3, f + 2]
                e3 = minus_two_centers[j + 3, f + 3]
                for ii in range(m):
                    x0 = x_block_t[f, ii]
                    x1 = x_block_t[f + 1, ii]
                    x2 = x_block_t[f + 2, ii]
                    x3 = x_block_t[f + 3, ii]
                    dist[j, ii] += x0 * a0 + x1 * a1 + x2 * a2 + x3 * a3
                    dist[j + 1, ii] += x0 * b0 + x1 * b1 + x2 * b2 + x3 * b3
                    dist[j + 2, ii] += x0 * c0 + x1 * c1 + x2 * c2 + x3 * c3
                    dist[j + 3, ii] += x0 * e0 + x1 * e1 + x2 * e2 + x3 * e3
        # What the 4 x 4 blocks left: last features of blocked centres, and
        # every feature of the last n_clusters % 4 centres.
        for j in range(n_clusters):
            first_feature = features_4 if j < clusters_4 else 0
            for f in range(first_feature, n_features):
                a = minus_two_centers[j, f]
                for ii in range(m):
                    dist[j, ii] += x_block_t[f, ii] * a

        for ii in range(m):
            best_dist[ii] = dist[0, ii]
            best_label[ii] = 0
        for j in range(1, n_clusters):
            for ii in range(m):
                if dist[j, ii] < best_dist[ii]:
                    best_dist[ii] = dist[j, ii]
                    best_label[ii] = j

        for ii in range(m):
            labels[start + ii] = best_label[ii]
        if update_centers:
            for ii in range(m):
                i = start + ii
                label = best_label[ii]
                w = sample_weight[i]
                weight_in_clusters[label] += w
                for f in range(n_features):
                    centers_new[label, f] += (X[i, f] - x_offset[f]) * w


@njit
def finish_centers(
    centers_old, x_offset, centers_new, weight_in_clusters, center_shift
):
    """Turn centre sums into means and measure how far each centre moved.

    Parameters
    ----------
    centers_old : ndarray of shape (n_clusters, n_features), IN
    x_offset : ndarray of shape (n_features,), IN
        Added back to the means (the sums were of ``x_i - x_offset``).
    centers_new : ndarray of shape (n_clusters, n_features), INOUT
        In: ``sum w_i (x_i - x_offset)``; out: the new centres.  A cluster of
        zero weight is put on the centre of the heaviest cluster, as
        scikit-learn's ``_average_centers`` does.
    weight_in_clusters : ndarray of shape (n_clusters,), IN
    center_shift : ndarray of shape (n_clusters,), OUT
        ``||mu_j^new - mu_j^old||``.

    Returns
    -------
    shift_sq_total : float
        ``sum_j center_shift[j] ** 2``, compared with the tolerance.
    """
    n_clusters, n_features = centers_new.shape
    heaviest = np.argmax(weight_in_clusters)
    for j in range(n_clusters):
        if weight_in_clusters[j] > 0:
            alpha = 1.0 / weight_in_clusters[j]
            for f in range(n_features):
                centers_new[j, f] *= alpha
    for j in range(n_clusters):
        if weight_in_clusters[j] > 0:
            for f in range(n_features):
                centers_new[j, f] += x_offset[f]
    for j in range(n_clusters):
        if not weight_in_clusters[j] > 0:
            for f in range(n_features):
                centers_new[j, f] = centers_new[heaviest, f]
    total = 0.0
    for j in range(n_clusters):
        s = 0.0
        for f in range(n_features):
            diff = centers_new[j, f] - centers_old[j, f]
            s += diff * diff
        shift = np.sqrt(s)
        center_shift[j] = shift
        total += center_shift[j] * center_shift[j]
    return total


@njit
def inertia_dense(X, sample_weight, centers, labels):
    """Weighted sum of squared distances of the rows to their centres.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    sample_weight : ndarray of shape (n_samples,), IN
    centers : ndarray of shape (n_clusters, n_features), IN
    labels : ndarray of shape (n_samples,), int32, IN

    Returns
    -------
    inertia : float
        ``sum_i w_i ||x_i - mu_{labels[i]}||^2``, accumulated in float64.
    """
    n_samples, n_features = X.shape
    inertia = 0.0
    for i in range(n_samples):
        j = labels[i]
        s = 0.0
        for f in range(n_features):
            diff = X[i, f] - centers[j, f]
            s += diff * diff
        inertia += s * sample_weight[i]
    return inertia


@njit
def euclidean_distances_dense(X, centers, out):
    """Euclidean distance of every row to every centre (``transform``).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    centers : ndarray of shape (n_clusters, n_features), IN
    out : ndarray of shape (n_samples, n_clusters), OUT
        ``||x_i - mu_j||``.
    """
    n_samples, n_features = X.shape
    n_clusters = centers.shape[0]
    for i in range(n_samples):
        for j in range(n_clusters):
            s = 0.0
            for f in range(n_features):
                diff = X[i, f] - centers[j, f]
                s += diff * diff
            out[i, j] = np.sqrt(s)


@njit
def elkan_init_bounds(
    X, centers, center_half_distances, labels, upper_bounds, lower_bounds
):
    """First assignment of Elkan's algorithm, with its distance bounds.

    A centre ``j`` is skipped when ``d(x, mu_best) <= d(mu_best, mu_j) / 2``:
    by the triangle inequality it cannot be closer.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    centers : ndarray of shape (n_clusters, n_features), IN
    center_half_distances : ndarray of shape (n_clusters, n_clusters), IN
        ``||mu_a - mu_b|| / 2``.
    labels : ndarray of shape (n_samples,), int32, OUT
    upper_bounds : ndarray of shape (n_samples,), OUT
        ``d(x_i, mu_{labels[i]})`` (exact here).
    lower_bounds : ndarray of shape (n_samples, n_clusters), INOUT
        ``l[i, j] <= d(x_i, mu_j)``; entries of skipped centres keep their
        value (zeros from the driver).
    """
    n_samples, n_features = X.shape
    n_clusters = centers.shape[0]
    for i in range(n_samples):
        best = 0
        min_dist = _distance(X, i, centers, 0, n_features)
        lower_bounds[i, 0] = min_dist
        for j in range(1, n_clusters):
            if min_dist > center_half_distances[best, j]:
                dist = _distance(X, i, centers, j, n_features)
                lower_bounds[i, j] = dist
                if dist < min_dist:
                    min_dist = dist
                    best = j
        labels[i] = best
        upper_bounds[i] = min_dist


@njit
def _distance(X, i, centers, j, n_features):
    s = 0.0
    for f in range(n_features):
        diff = X[i, f] - centers[j, f]
        s += diff * diff
    return np.sqrt(s)


@njit
def elkan_iter_dense(
    X,
    sample_weight,
    centers_old,
    x_offset,
    center_half_distances,
    distance_next_center,
    upper_bounds,
    lower_bounds,
    labels,
    centers_new,
    weight_in_clusters,
    update_centers,
):
    """One Elkan pass: Lloyd's assignment, pruned by the triangle inequality.

    Same arithmetic as scikit-learn's ``elkan_iter_chunked_dense`` (Elkan
    2003): a row keeps its label without any distance computed when its upper
    bound is below half the distance from its centre to the nearest other
    centre; otherwise only the centres not excluded by the bounds are tried.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    sample_weight : ndarray of shape (n_samples,), IN
    centers_old : ndarray of shape (n_clusters, n_features), IN
    x_offset : ndarray of shape (n_features,), IN
        Subtracted from the rows summed into ``centers_new``.
    center_half_distances : ndarray of shape (n_clusters, n_clusters), IN
    distance_next_center : ndarray of shape (n_clusters,), IN
        Half the distance of each centre to its nearest other centre.
    upper_bounds : ndarray of shape (n_samples,), INOUT
    lower_bounds : ndarray of shape (n_samples, n_clusters), INOUT
    labels : ndarray of shape (n_samples,), int32, INOUT
    centers_new : ndarray of shape (n_clusters, n_features), OUT
        ``sum_{c(i)=j} w_i (x_i - x_offset)`` (when ``update_centers``).
    weight_in_clusters : ndarray of shape (n_clusters,), OUT
    update_centers : bool
    """
    n_samples, n_features = X.shape
    n_clusters = centers_old.shape[0]
    if update_centers:
        centers_new[:, :] = 0
        weight_in_clusters[:] = 0
    for i in range(n_samples):
        upper_bound = upper_bounds[i]
        bounds_tight = False
        label = labels[i]
        if not distance_next_center[label] >= upper_bound:
            for j in range(n_clusters):
                if (
                    j != label
                    and upper_bound > lower_bounds[i, j]
                    and upper_bound > center_half_distances[label, j]
                ):
                    if not bounds_tight:
                        upper_bound = _distance(X, i, centers_old, label, n_features)
                        lower_bounds[i, label] = upper_bound
                        bounds_tight = True
                    if (
                        upper_bound > lower_bounds[i, j]
                        or upper_bound > center_half_distances[label, j]
                    ):
                        dist = _distance(X, i, centers_old, j, n_features)
                        lower_bounds[i, j] = dist
                        if dist < upper_bound:
                            label = j
                            upper_bound = dist
            labels[i] = label
            upper_bounds[i] = upper_bound
        if update_centers:
            w = sample_weight[i]
            weight_in_clusters[label] += w
            for f in range(n_features):
                centers_new[label, f] += (X[i, f] - x_offset[f]) * w


@njit
def elkan_shift_bounds(labels, center_shift, upper_bounds, lower_bounds):
    """Loosen the bounds by how far the centres moved.

    Parameters
    ----------
    labels : ndarray of shape (n_samples,), int32, IN
    center_shift : ndarray of shape (n_clusters,), IN
    upper_bounds : ndarray of shape (n_samples,), INOUT
        ``u_i += shift[labels[i]]``.
    lower_bounds : ndarray of shape (n_samples, n_clusters), INOUT
        ``l_ij = max(l_ij - shift[j], 0)``.
    """
    n_samples, n_clusters = lower_bounds.shape
    for i in range(n_samples):
        upper_bounds[i] += center_shift[labels[i]]
        for j in range(n_clusters):
            bound = lower_bounds[i, j] - center_shift[j]
            lower_bounds[i, j] = bound if bound > 0 else 0


@njit
def sq_distances_to_row(X, row, out):
    """Squared distance of every row of X to X[row] (first k-means++ centre).

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    row : int
    out : ndarray of shape (n_samples,), float64, OUT
    """
    n_samples, n_features = X.shape
    for i in range(n_samples):
        s = 0.0
        for f in range(n_features):
            diff = X[i, f] - X[row, f]
            s += diff * diff
        out[i] = s


@njit
def kmeans_plusplus_trials(
    X, sample_weight, candidates, closest_sq_dist, trial_sq_dist, trial_potential
):
    """Potential of each candidate centre of greedy k-means++.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
    sample_weight : ndarray of shape (n_samples,), IN
    candidates : ndarray of shape (n_trials,), int, IN
        Rows of X tried as the next centre.
    closest_sq_dist : ndarray of shape (n_samples,), float64, IN
        ``D(x_i)^2``: squared distance to the nearest centre chosen so far.
    trial_sq_dist : ndarray of shape (n_trials, n_samples), float64, OUT
        ``min(D(x_i)^2, ||x_i - x_t||^2)`` for each candidate ``t``.
    trial_potential : ndarray of shape (n_trials,), float64, OUT
        ``sum_i w_i trial_sq_dist[t, i]``: the inertia if ``t`` is added.
    """
    n_samples, n_features = X.shape
    n_trials = candidates.shape[0]
    trial_potential[:] = 0.0
    for i in range(n_samples):
        w = sample_weight[i]
        for t in range(n_trials):
            c = candidates[t]
            s = 0.0
            for f in range(n_features):
                diff = X[i, f] - X[c, f]
                s += diff * diff
            if closest_sq_dist[i] < s:
                s = closest_sq_dist[i]
            trial_sq_dist[t, i] = s
            trial_potential[t] += w * s


@njit
def is_same_clustering(labels1, labels2, n_clusters):
    """Whether two labelings are equal up to a permutation of the labels.

    Parameters
    ----------
    labels1, labels2 : ndarray of shape (n_samples,), int32, IN
    n_clusters : int

    Returns
    -------
    same : bool
    """
    mapping = np.full(n_clusters, -1, dtype=np.int64)
    for i in range(labels1.shape[0]):
        if mapping[labels1[i]] == -1:
            mapping[labels1[i]] = labels2[i]
        elif mapping[labels1[i]] != labels2[i]:
            return False
    return True


@njit
def row_hashes(X_bits, negative_zero, out):
    """A 64-bit hash of each row's values (for a canonical row order).

    Integer arithmetic is exact, so a row's hash does not depend on where
    the row is in X, however the loop is compiled (here: over a block of
    rows at a time, in SIMD).

    Parameters
    ----------
    X_bits : ndarray of shape (n_samples, n_features), uint32 or uint64, IN
        The rows of X viewed as unsigned integers.
    negative_zero : uint64
        The bit pattern of ``-0.0``, hashed as ``0.0`` (equal values).
    out : ndarray of shape (n_samples,), uint64, OUT
    """
    n_samples, n_features = X_bits.shape
    block = BLOCK_ROWS
    for start in range(0, n_samples, block):
        m = min(block, n_samples - start)
        for ii in range(m):
            out[start + ii] = np.uint64(14695981039346656037)
        for f in range(n_features):
            for ii in range(m):
                bits = np.uint64(X_bits[start + ii, f])
                if bits == negative_zero:
                    bits = np.uint64(0)
                h = (out[start + ii] ^ bits) * np.uint64(1099511628211)
                out[start + ii] = h ^ (h >> np.uint64(29))


###############################################################################
# CSR input: the same passes, rows given as (data, indices, indptr)
#
# The distances use scikit-learn's sparse-dense form
#     ||x - mu||^2 = ||mu||^2 + sum_{f in nnz(x)} ((x_f - mu_f)^2 - mu_f^2),
# and the Lloyd assignment its expansion ||mu||^2 - 2 x.mu (no centring:
# shifting sparse rows would make them dense).


@njit
def _center_sq_norms(centers):
    n_clusters, n_features = centers.shape
    out = np.zeros(n_clusters)
    for j in range(n_clusters):
        for f in range(n_features):
            out[j] += centers[j, f] * centers[j, f]
    return out


@njit
def _sparse_sq_distance(data, indices, start, end, centers, j, center_sq_norm):
    s = center_sq_norm
    for p in range(start, end):
        c = centers[j, indices[p]]
        diff = data[p] - c
        s += diff * diff - c * c
    return s if s > 0.0 else 0.0


@njit
def lloyd_iter_sparse(
    data,
    indices,
    indptr,
    sample_weight,
    centers_old,
    centers_new,
    weight_in_clusters,
    labels,
    update_centers,
):
    """One Lloyd pass over CSR rows (see :func:`lloyd_iter_dense`).

    Parameters
    ----------
    data, indices, indptr : ndarrays, IN
        The CSR arrays of X (n_samples rows).
    sample_weight : ndarray of shape (n_samples,), IN
    centers_old : ndarray of shape (n_clusters, n_features), IN
    centers_new : ndarray of shape (n_clusters, n_features), OUT
        ``sum_{c(i)=j} w_i x_i`` (when ``update_centers``).
    weight_in_clusters : ndarray of shape (n_clusters,), OUT
    labels : ndarray of shape (n_samples,), int32, OUT
    update_centers : bool
    """
    n_samples = indptr.shape[0] - 1
    n_clusters, n_features = centers_old.shape
    minus_two_centers_t = np.empty((n_features, n_clusters), dtype=centers_old.dtype)
    for j in range(n_clusters):
        for f in range(n_features):
            minus_two_centers_t[f, j] = -2 * centers_old[j, f]
    center_sq_norms = _center_sq_norms(centers_old)
    dist = np.empty(n_clusters)
    if update_centers:
        centers_new[:, :] = 0
        weight_in_clusters[:] = 0
    for i in range(n_samples):
        for j in range(n_clusters):
            dist[j] = center_sq_norms[j]
        for p in range(indptr[i], indptr[i + 1]):
            value = data[p]
            col = indices[p]
            for j in range(n_clusters):
                dist[j] += value * minus_two_centers_t[col, j]
        label = 0
        best = dist[0]
        for j in range(1, n_clusters):
            if dist[j] < best:
                best = dist[j]
                label = j
        labels[i] = label
        if update_centers:
            w = sample_weight[i]
            weight_in_clusters[label] += w
            for p in range(indptr[i], indptr[i + 1]):
                centers_new[label, indices[p]] += data[p] * w


@njit
def sq_distances_to_centers_sparse(data, indices, indptr, centers, labels, out):
    """Squared distance of each CSR row to its centre ``centers[labels[i]]``.

    Parameters
    ----------
    data, indices, indptr : ndarrays, IN
    centers : ndarray of shape (n_clusters, n_features), IN
    labels : ndarray of shape (n_samples,), int32, IN
    out : ndarray of shape (n_samples,), float64, OUT
    """
    n_samples = indptr.shape[0] - 1
    center_sq_norms = _center_sq_norms(centers)
    for i in range(n_samples):
        j = labels[i]
        out[i] = _sparse_sq_distance(
            data, indices, indptr[i], indptr[i + 1], centers, j, center_sq_norms[j]
        )


@njit
def euclidean_distances_sparse(data, indices, indptr, centers, out):
    """Euclidean distance of every CSR row to every centre (``transform``).

    Parameters
    ----------
    data, indices, indptr : ndarrays, IN
    centers : ndarray of shape (n_clusters, n_features), IN
    out : ndarray of shape (n_samples, n_clusters), OUT
    """
    n_samples = indptr.shape[0] - 1
    n_clusters = centers.shape[0]
    center_sq_norms = _center_sq_norms(centers)
    for i in range(n_samples):
        for j in range(n_clusters):
            out[i, j] = np.sqrt(
                _sparse_sq_distance(
                    data, indices, indptr[i], indptr[i + 1], centers, j,
                    center_sq_norms[j],
                )
            )


@njit
def elkan_init_bounds_sparse(
    data, indices, indptr, centers, center_half_distances, labels, upper_bounds,
    lower_bounds,
):
    """:func:`elkan_init_bounds` for CSR rows."""
    n_samples = indptr.shape[0] - 1
    n_clusters = centers.shape[0]
    center_sq_norms = _center_sq_norms(centers)
    for i in range(n_samples):
        start, end = indptr[i], indptr[i + 1]
        best = 0
        min_dist = np.sqrt(
            _sparse_sq_distance(
                data, indices, start, end, centers, 0, center_sq_norms[0]
            )
        )
        lower_bounds[i, 0] = min_dist
        for j in range(1, n_clusters):
            if min_dist > center_half_distances[best, j]:
                dist = np.sqrt(
                    _sparse_sq_distance(
                        data, indices, start, end, centers, j, center_sq_norms[j]
                    )
                )
                lower_bounds[i, j] = dist
                if dist < min_dist:
                    min_dist = dist
                    best = j
        labels[i] = best
        upper_bounds[i] = min_dist


@njit
def elkan_iter_sparse(
    data,
    indices,
    indptr,
    sample_weight,
    centers_old,
    center_half_distances,
    distance_next_center,
    upper_bounds,
    lower_bounds,
    labels,
    centers_new,
    weight_in_clusters,
    update_centers,
):
    """:func:`elkan_iter_dense` for CSR rows (sums of ``w_i x_i``)."""
    n_samples = indptr.shape[0] - 1
    n_clusters = centers_old.shape[0]
    center_sq_norms = _center_sq_norms(centers_old)
    if update_centers:
        centers_new[:, :] = 0
        weight_in_clusters[:] = 0
    for i in range(n_samples):
        start, end = indptr[i], indptr[i + 1]
        upper_bound = upper_bounds[i]
        bounds_tight = False
        label = labels[i]
        if not distance_next_center[label] >= upper_bound:
            for j in range(n_clusters):
                if (
                    j != label
                    and upper_bound > lower_bounds[i, j]
                    and upper_bound > center_half_distances[label, j]
                ):
                    if not bounds_tight:
                        upper_bound = np.sqrt(
                            _sparse_sq_distance(
                                data, indices, start, end, centers_old, label,
                                center_sq_norms[label],
                            )
                        )
                        lower_bounds[i, label] = upper_bound
                        bounds_tight = True
                    if (
                        upper_bound > lower_bounds[i, j]
                        or upper_bound > center_half_distances[label, j]
                    ):
                        dist = np.sqrt(
                            _sparse_sq_distance(
                                data, indices, start, end, centers_old, j,
                                center_sq_norms[j],
                            )
                        )
                        lower_bounds[i, j] = dist
                        if dist < upper_bound:
                            label = j
                            upper_bound = dist
            labels[i] = label
            upper_bounds[i] = upper_bound
        if update_centers:
            w = sample_weight[i]
            weight_in_clusters[label] += w
            for p in range(start, end):
                centers_new[label, indices[p]] += data[p] * w


@njit
def kmeans_plusplus_trials_sparse(
    data, indices, indptr, sample_weight, candidate_rows, closest_sq_dist,
    trial_sq_dist, trial_potential,
):
    """:func:`kmeans_plusplus_trials` for CSR rows.

    Parameters
    ----------
    data, indices, indptr : ndarrays, IN
    sample_weight : ndarray of shape (n_samples,), IN
    candidate_rows : ndarray of shape (n_trials, n_features), IN
        The candidate rows, dense.
    closest_sq_dist : ndarray of shape (n_samples,), float64, IN
    trial_sq_dist : ndarray of shape (n_trials, n_samples), float64, OUT
    trial_potential : ndarray of shape (n_trials,), float64, OUT
    """
    n_samples = indptr.shape[0] - 1
    n_trials = candidate_rows.shape[0]
    center_sq_norms = _center_sq_norms(candidate_rows)
    trial_potential[:] = 0.0
    for i in range(n_samples):
        w = sample_weight[i]
        for t in range(n_trials):
            s = _sparse_sq_distance(
                data, indices, indptr[i], indptr[i + 1], candidate_rows, t,
                center_sq_norms[t],
            )
            if closest_sq_dist[i] < s:
                s = closest_sq_dist[i]
            trial_sq_dist[t, i] = s
            trial_potential[t] += w * s


@njit
def row_hashes_sparse(data_bits, indices, indptr, negative_zero, out):
    """:func:`row_hashes` for CSR rows (sorted indices, no stored zeros).

    Parameters
    ----------
    data_bits : ndarray of shape (nnz,), uint32 or uint64, IN
    indices, indptr : ndarrays, IN
    negative_zero : uint64
    out : ndarray of shape (n_samples,), uint64, OUT
    """
    n_samples = indptr.shape[0] - 1
    for i in range(n_samples):
        h = np.uint64(14695981039346656037)
        for p in range(indptr[i], indptr[i + 1]):
            bits = np.uint64(data_bits[p])
            if bits == 0 or bits == negative_zero:
                continue  # a stored zero is an absent entry
            h = (h ^ np.uint64(indices[p])) * np.uint64(1099511628211)
            h = (h ^ bits) * np.uint64(1099511628211)
            h ^= h >> np.uint64(29)
        out[i] = h
