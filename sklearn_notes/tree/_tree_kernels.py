"""Numba kernels of the CART tree builder (notes 5.5).

The builder is reusable by the ensembles: arrays in (``X``, encoded ``y``,
``sample_weight``, the rows to use), flat node arrays out, in scikit-learn's
``Tree`` layout (``children_left``, ``children_right``, ``feature``,
``threshold``, ``value``, ``impurity``, ``n_node_samples``,
``weighted_n_node_samples``).  Randomness (feature draws, random thresholds)
comes from a xorshift generator whose seed is drawn in Python from
``check_random_state``.

The split search is sort based, as scikit-learn's ``BestSplitter``, but the
sort is done once: every feature's column is argsorted at the root and each
split *stably partitions* the sorted lists of all features, so a node's samples
are always available in increasing order of every feature (the "presort"
strategy of the old scikit-learn and of C4.5).  Building a level then costs
O(D N) instead of O(D N log N).

What makes it fast in practice (a forest spends most of its time here):

- the partition writes every element once, without a branch, into a second
  pair of arrays (ping-pong by depth, :func:`partition_into`);
- when a node examines few features (``max_features`` <= D / 2, the
  forests), only the indices are partitioned and the values of a drawn
  feature are read back from ``X.T`` (``lazy_values``);
- gini with two classes and squared error with one output scan a feature with
  two running sums in registers (:func:`scan_sorted_feature`);
- a forest sorts the features once and each tree keeps its bootstrap rows
  (:func:`select_presorted`, without their values when they are read
  lazily);
- a split sums its two children's rows once (weight, class counts or sums,
  impurity, value) and the children reuse those statistics.

Scikit-learn sorts instead, at each node, the features it draws: O(K n log n)
for K drawn features against O(D n) here.  Measured on forests of 5000 x 20
(K = 4) that was about twice slower; the nodes small enough for a sort to win
hold a few percent of the rows of a tree's levels, so switching to it near
the leaves would not pay either.

Criterion codes: 0 gini, 1 entropy (= log_loss), 2 misclassification (the
notes' ``1 - max_k p_k``), 10 squared_error, 11 absolute_error, 12 poisson.
"""

import numpy as np

from sklearn_notes._numba import njit

GINI = 0
ENTROPY = 1
MISCLASSIFICATION = 2
SQUARED_ERROR = 10
ABSOLUTE_ERROR = 11
POISSON = 12

TREE_LEAF = -1
TREE_UNDEFINED = -2
# scikit-learn's tolerance: values closer than this are one value.
FEATURE_THRESHOLD = 1e-7
EPSILON = np.finfo(np.float64).eps
_RAND_R_MAX = 0x7FFFFFFF


# ----------------------------------------------------------------------------
# random numbers (xorshift32, as scikit-learn's ``our_rand_r``)
# ----------------------------------------------------------------------------
@njit
def _rand_r(state):
    """Next 31-bit random integer; ``state`` (IN/OUT) is an int64 array of 1."""
    x = state[0]
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    state[0] = x
    return x & _RAND_R_MAX


@njit
def _rand_int(low, high, state):
    """Random integer in [low, high)."""
    return low + _rand_r(state) % (high - low)


@njit
def _rand_uniform(low, high, state):
    """Random float in [low, high)."""
    return low + (high - low) * (_rand_r(state) / _RAND_R_MAX)


# ----------------------------------------------------------------------------
# presort
# ----------------------------------------------------------------------------
@njit
def presort(X, samples):
    """Sort the given rows of ``X`` by every feature.

    Parameters
    ----------
    X : ndarray (n_samples, n_features), IN
    samples : int64 ndarray (m,), IN
        Rows to use (scikit-learn drops the zero-weight ones).

    Returns
    -------
    order : int32 ndarray (n_features, m)
        ``order[f]`` lists ``samples`` in increasing order of feature ``f``
        (stable, so ties keep the order of ``samples``).
    values : ndarray (n_features, m), X.dtype
        ``values[f, i] = X[order[f, i], f]``.
    """
    m = samples.shape[0]
    n_features = X.shape[1]
    order = np.empty((n_features, m), dtype=np.int32)
    values = np.empty((n_features, m), dtype=X.dtype)
    column = np.empty(m, dtype=X.dtype)
    for f in range(n_features):
        for i in range(m):
            column[i] = X[samples[i], f]
        idx = np.argsort(column, kind="mergesort")
        for i in range(m):
            order[f, i] = samples[idx[i]]
            values[f, i] = column[idx[i]]
    return order, values


@njit
def reads_values_lazily(max_features, n_features):
    """Whether the builder moves only the indices of the presorted lists and
    reads a drawn feature's values from ``X.T`` (few features per node)."""
    return 2 * max_features <= n_features


@njit
def select_presorted(order, values, sample_weight, keep_values):
    """The presorted lists of the rows with a positive weight.

    A forest sorts every feature once (:func:`presort` on all rows) and each
    tree keeps its bootstrap rows from those lists: O(n_features n) per tree
    instead of a new O(n_features m log m) sort.  The kept lists stay sorted.

    Parameters
    ----------
    order : int32 ndarray (n_features, n), IN
    values : ndarray (n_features, n), IN
    sample_weight : float64 ndarray (n_samples,), IN
    keep_values : bool
        False: ``values_kept`` is allocated but not filled, for
        :func:`build_tree_with_columns` when it reads the values from ``X.T``
        (:func:`reads_values_lazily`): it only reads values it wrote.

    Returns
    -------
    order_kept, values_kept : (n_features, m) new arrays, m rows of positive
        weight, in the order of ``order``.
    """
    n_features, n = order.shape
    n_samples = sample_weight.shape[0]
    # one byte per row (stays in L1) instead of a float64 weight per lookup
    kept_row = np.zeros(n_samples, dtype=np.uint8)
    m = 0
    for i in range(n):
        if sample_weight[order[0, i]] > 0.0:
            kept_row[order[0, i]] = 1
            m += 1
    # branch free (a bootstrap keeps a row with probability 0.63, a branch
    # would be mispredicted often): write every row, advance on kept ones.
    # The write after a row's last kept one lands on the next row's first
    # slot (written again next) or, for the last row, on one spare slot.
    order_flat = np.empty(n_features * m + 1, dtype=order.dtype)
    values_flat = np.empty(n_features * m + 1, dtype=values.dtype)
    for f in range(n_features):
        kept = f * m
        if keep_values:
            for i in range(n):
                s = order[f, i]
                order_flat[kept] = s
                values_flat[kept] = values[f, i]
                kept += kept_row[s]
        else:
            for i in range(n):
                s = order[f, i]
                order_flat[kept] = s
                kept += kept_row[s]
    order_kept = order_flat[: n_features * m].reshape((n_features, m))
    values_kept = values_flat[: n_features * m].reshape((n_features, m))
    return order_kept, values_kept


# ----------------------------------------------------------------------------
# impurity of a set of samples (notes eq. 5.28, 5.33, 5.36)
# ----------------------------------------------------------------------------
@njit
def _class_impurity(counts, weight, criterion):
    """Impurity from weighted class counts ``counts`` (n_outputs, K), averaged
    over outputs: gini 1 - sum p_k^2, entropy -sum p_k log2 p_k,
    misclassification 1 - max_k p_k."""
    n_outputs, n_classes = counts.shape
    total = 0.0
    for o in range(n_outputs):
        if criterion == GINI:
            sum_sq = 0.0
            for k in range(n_classes):
                p = counts[o, k] / weight
                sum_sq += p * p
            total += 1.0 - sum_sq
        elif criterion == ENTROPY:
            h = 0.0
            for k in range(n_classes):
                if counts[o, k] > 0.0:
                    p = counts[o, k] / weight
                    h -= p * np.log2(p)
            total += h
        else:
            largest = 0.0
            for k in range(n_classes):
                if counts[o, k] > largest:
                    largest = counts[o, k]
            total += 1.0 - largest / weight
    return total / n_outputs


@njit
def _weighted_median(ys, ws, total_weight):
    """Weighted median of values ``ys`` sorted increasingly, weights ``ws``.

    As scikit-learn: the first value whose cumulative weight reaches half the
    total; when it reaches exactly half, the midpoint with the next value."""
    half = 0.5 * total_weight
    cumulative = 0.0
    n = ys.shape[0]
    for i in range(n):
        cumulative += ws[i]
        if cumulative >= half:
            if cumulative == half and i + 1 < n:
                return 0.5 * (ys[i] + ys[i + 1])
            return ys[i]
    return ys[n - 1]


@njit
def range_stats(
    row, start, end, y, y_class, sample_weight, criterion, value_out, totals_out
):
    """Weight, impurity and node value of the samples ``row[start:end]``.

    Parameters
    ----------
    row : int32 ndarray, IN
        Sample indices (one row of ``order``).
    y : float64 ndarray (n_samples, n_outputs), IN
    y_class : int64 ndarray (n_samples, n_outputs), IN
        Class indices (classification criteria only).
    value_out : float64 ndarray (n_outputs, K), OUT
        Class fractions (classification) or the mean / median (regression).
    totals_out : float64 ndarray (n_outputs, K), OUT
        Weighted class counts (classification) or weighted sums of y in
        column 0 (regression): the node totals its split search starts from,
        kept so that a child need not sum its rows again.

    Returns
    -------
    weight, impurity : float
    """
    n_outputs = y.shape[1]
    weight = 0.0
    totals_out[:, :] = 0.0
    if criterion < SQUARED_ERROR:
        for i in range(start, end):
            s = row[i]
            weight += sample_weight[s]
            for o in range(n_outputs):
                totals_out[o, y_class[s, o]] += sample_weight[s]
        impurity = _class_impurity(totals_out, weight, criterion)
        for o in range(n_outputs):
            for k in range(totals_out.shape[1]):
                value_out[o, k] = totals_out[o, k] / weight
        return weight, impurity
    for i in range(start, end):
        s = row[i]
        weight += sample_weight[s]
        for o in range(n_outputs):
            totals_out[o, 0] += sample_weight[s] * y[s, o]
    value_out[:, :] = 0.0
    impurity = 0.0
    n = end - start
    for o in range(n_outputs):
        total = totals_out[o, 0]
        mean = total / weight
        if criterion == SQUARED_ERROR:
            sum_sq = 0.0
            for i in range(start, end):
                d = y[row[i], o] - mean
                sum_sq += sample_weight[row[i]] * d * d
            impurity += sum_sq / weight
            value_out[o, 0] = mean
        elif criterion == POISSON:
            # half Poisson deviance: mean of y log(y / mean) - y + mean
            dev = 0.0
            for i in range(start, end):
                yi = y[row[i], o]
                if yi > 0.0 and mean > 0.0:
                    dev += sample_weight[row[i]] * (yi * np.log(yi / mean) - yi + mean)
                else:
                    dev += sample_weight[row[i]] * (mean - yi)
            impurity += dev / weight
            value_out[o, 0] = mean
        else:
            ys = np.empty(n)
            ws = np.empty(n)
            for i in range(n):
                ys[i] = y[row[start + i], o]
            idx = np.argsort(ys, kind="mergesort")
            ys_sorted = ys[idx]
            for i in range(n):
                ws[i] = sample_weight[row[start + idx[i]]]
            median = _weighted_median(ys_sorted, ws, weight)
            dev = 0.0
            for i in range(n):
                dev += ws[i] * abs(ys_sorted[i] - median)
            impurity += dev / weight
            value_out[o, 0] = median
    return weight, impurity / n_outputs


# ----------------------------------------------------------------------------
# split search
# ----------------------------------------------------------------------------
@njit
def _proxy(
    criterion, counts_left, counts_right, sum_left, sum_total, weight_left, weight_total
):
    """Quantity to maximise over splits: minus the weighted children impurity
    ``-(w_L i(L) + w_R i(R))``, or an equivalent up to a constant.
    Returns -inf for a split that is not allowed (Poisson empty mean)."""
    weight_right = weight_total - weight_left
    if criterion < SQUARED_ERROR:
        return -(
            weight_left * _class_impurity(counts_left, weight_left, criterion)
            + weight_right * _class_impurity(counts_right, weight_right, criterion)
        )
    n_outputs = sum_left.shape[0]
    proxy = 0.0
    for o in range(n_outputs):
        left = sum_left[o]
        right = sum_total[o] - left
        if criterion == SQUARED_ERROR:
            # sum_i w_i (y_i - mean)^2 = sum w y^2 - S^2 / W: maximise S^2 / W
            proxy += left * left / weight_left + right * right / weight_right
        else:
            if left <= EPSILON or right <= EPSILON:
                return -np.inf
            proxy += left * np.log(left / weight_left) + right * np.log(
                right / weight_right
            )
    return proxy


@njit
def _absolute_error_proxy(
    y_sorted_rows, start, end, y, sample_weight, in_left, weight_left, weight_total
):
    """-(sum of weighted absolute deviations from the median, left + right).

    ``y_sorted_rows[o, start:end]`` lists the node's samples by increasing
    y[:, o]; ``in_left`` marks the left child.  O(n) per call."""
    n_outputs = y.shape[1]
    n = end - start
    ys = np.empty(n)
    ws = np.empty(n)
    total = 0.0
    for o in range(n_outputs):
        for side in range(2):
            want_left = side == 0
            count = 0
            for i in range(start, end):
                s = y_sorted_rows[o, i]
                if in_left[s] == want_left:
                    ys[count] = y[s, o]
                    ws[count] = sample_weight[s]
                    count += 1
            w = weight_left if want_left else weight_total - weight_left
            median = _weighted_median(ys[:count], ws[:count], w)
            for i in range(count):
                total += ws[i] * abs(ys[i] - median)
    return -total


@njit(inline="always")  # per sample: a real call costs more than the work
def _move_left(
    s,
    w,
    y,
    y_class,
    criterion,
    counts_left,
    counts_right,
    sum_left,
    sq_left,
    sq_right,
    in_left,
):
    """Move sample ``s`` (weight ``w``) from the right child's statistics to
    the left child's (IN/OUT arrays)."""
    n_outputs = y.shape[1]
    if criterion < SQUARED_ERROR:
        for o in range(n_outputs):
            k = y_class[s, o]
            if criterion == GINI:
                sq_left[o] += w * (2.0 * counts_left[o, k] + w)
                sq_right[o] -= w * (2.0 * counts_right[o, k] - w)
            counts_left[o, k] += w
            counts_right[o, k] -= w
    else:
        for o in range(n_outputs):
            sum_left[o] += w * y[s, o]
    if criterion == ABSOLUTE_ERROR:
        in_left[s] = True


@njit
def _reset_left(
    criterion, counts_total, counts_left, counts_right, sum_left, sq_left, sq_right
):
    """Empty left child: all statistics on the right."""
    counts_left[:, :] = 0.0
    counts_right[:, :] = counts_total
    sum_left[:] = 0.0
    sq_left[:] = 0.0
    sq_right[:] = 0.0
    if criterion == GINI:
        for o in range(counts_total.shape[0]):
            for k in range(counts_total.shape[1]):
                sq_right[o] += counts_total[o, k] * counts_total[o, k]


@njit(inline="always")
def _split_proxy(
    criterion,
    y,
    sample_weight,
    start,
    end,
    weight_left,
    weight_total,
    counts_left,
    counts_right,
    sum_left,
    sum_total,
    sq_left,
    sq_right,
    in_left,
    y_sorted_rows,
):
    """Proxy of the current left/right statistics (larger is better)."""
    n_outputs = y.shape[1]
    weight_right = weight_total - weight_left
    if criterion == SQUARED_ERROR:
        # sum_i w_i (y_i - mean)^2 = sum w y^2 - S^2 / W: maximise S^2 / W
        proxy = 0.0
        for o in range(n_outputs):
            left = sum_left[o]
            right = sum_total[o] - left
            proxy += left * left / weight_left + right * right / weight_right
        return proxy
    if criterion == GINI:
        # -(W_L gini_L + W_R gini_R) = sum_k c_Lk^2 / W_L + sum_k c_Rk^2 / W_R - W
        proxy = 0.0
        for o in range(n_outputs):
            proxy += sq_left[o] / weight_left + sq_right[o] / weight_right
        return proxy / n_outputs - weight_total
    if criterion == ABSOLUTE_ERROR:
        return _absolute_error_proxy(
            y_sorted_rows,
            start,
            end,
            y,
            sample_weight,
            in_left,
            weight_left,
            weight_total,
        )
    return _proxy(
        criterion,
        counts_left,
        counts_right,
        sum_left,
        sum_total,
        weight_left,
        weight_total,
    )


# fast scans: the two most common cases with the statistics in registers
SCAN_GENERAL = 0
SCAN_GINI_TWO_CLASSES = 1  # gini, one output, two classes
SCAN_SQUARED_ERROR = 2  # squared error, one output


@njit
def scan_sorted_feature(
    order_f,
    values_f,
    start,
    end,
    sample_weight,
    per_sample,
    scan_kind,
    total_a,
    total_b,
    weight_total,
    min_samples_leaf,
    min_weight_leaf,
):
    """Best split position of one feature without missing values (fast path).

    The general loop of :func:`best_split` keeps the left statistics in
    arrays indexed by class and output, so every sample is a read-modify-write
    through memory.  In the two common cases two running sums are enough and
    stay in registers:

    - ``SCAN_GINI_TWO_CLASSES``: ``per_sample[s] = (w_s [y_s = 0],
      w_s [y_s = 1])``; with class weights ``c_0, c_1`` on the left,
      ``-(W_L gini_L + W_R gini_R) = (c_0^2 + c_1^2) / W_L
      + (r_0^2 + r_1^2) / W_R - W`` (r: right, ``total_a, total_b``: node).
    - ``SCAN_SQUARED_ERROR``: ``per_sample[s, 0] = w_s y_s``; the proxy is
      ``S_L^2 / W_L + S_R^2 / W_R`` (``total_a``: node sum S).

    Parameters
    ----------
    order_f, values_f : IN
        The node's samples ``[start, end)`` sorted by the feature, and values.
    per_sample : float64 ndarray (n_samples, 2), IN

    Returns
    -------
    proxy : float
        Best proxy (-inf if no valid split), the same quantity as
        :func:`best_split`'s general loop.
    position : int
        The split lies between ``position`` and ``position + 1``.
    """
    best_proxy = -np.inf
    best_position = -1
    weight_left = 0.0
    left_a = 0.0
    left_b = 0.0
    for i in range(start, end - 1):
        s = np.uint64(order_f[i])  # unsigned: no wraparound test per access
        weight_left += sample_weight[s]
        left_a += per_sample[s, 0]
        left_b += per_sample[s, 1]
        if values_f[i + 1] <= values_f[i] + FEATURE_THRESHOLD:
            continue  # not between two distinct values
        n_left = i + 1 - start
        if n_left < min_samples_leaf:
            continue
        if end - (i + 1) < min_samples_leaf:
            break
        weight_right = weight_total - weight_left
        if weight_left < min_weight_leaf or weight_right < min_weight_leaf:
            continue
        if scan_kind == SCAN_GINI_TWO_CLASSES:
            right_a = total_a - left_a
            right_b = total_b - left_b
            proxy = (
                (left_a * left_a + left_b * left_b) / weight_left
                + (right_a * right_a + right_b * right_b) / weight_right
                - weight_total
            )
        else:
            right_a = total_a - left_a
            proxy = left_a * left_a / weight_left + right_a * right_a / weight_right
        if proxy > best_proxy:
            best_proxy = proxy
            best_position = i
    return best_proxy, best_position


@njit
def best_split(
    order,
    values,
    start,
    end,
    y,
    y_class,
    sample_weight,
    features,
    max_features,
    criterion,
    random_splitter,
    min_samples_leaf,
    min_weight_leaf,
    weight_total,
    counts_total,
    counts_buffer,
    sum_total,
    sums_buffer,
    in_left,
    y_sorted_rows,
    rng_state,
    X_columns,
    scan_kind,
    per_sample,
    lazy_values,
):
    """Best (or best random) split of the node ``[start, end)``.

    Features are visited in a random order (Fisher-Yates on ``features``,
    IN/OUT, kept between nodes) until ``max_features`` non-constant ones have
    been examined.  A threshold lies halfway between two consecutive distinct
    values (scikit-learn's convention).  Missing values (NaN, sorted last)
    are tried on both sides, and "missing alone on the right" (threshold
    +inf) is a candidate too, as in scikit-learn.

    ``order`` / ``values`` hold the node's presorted lists, kept sorted by
    :func:`partition_into`.
    ``scan_kind`` (``SCAN_*``) with ``per_sample`` selects the fast scan
    :func:`scan_sorted_feature` for features without missing values.  With
    ``lazy_values`` the partitions keep ``order`` only, and ``values[f]`` is
    refilled here from ``X_columns`` for each feature drawn.

    Returns
    -------
    feature : int (-1 if no valid split), threshold : float,
    missing_go_to_left : bool, n_left : int, proxy : float
    """
    n_features = order.shape[0]
    n_outputs = y.shape[1]
    n_node = end - start
    best_feature = -1
    best_threshold = 0.0
    best_missing_left = False
    best_n_left = 0
    best_proxy = -np.inf
    # scratch rows kept after counts_left/sum_left's own rows (no allocation)
    counts_left = counts_buffer[:n_outputs]
    counts_right = counts_buffer[n_outputs:]
    sum_left = sums_buffer[:n_outputs]
    sq_left = sums_buffer[n_outputs : 2 * n_outputs]
    sq_right = sums_buffer[2 * n_outputs :]
    n_visited = 0
    f_j = 0
    while f_j < n_features and n_visited < max_features:
        j = _rand_int(f_j, n_features, rng_state)
        tmp = features[f_j]
        features[f_j] = features[j]
        features[j] = tmp
        f = features[f_j]
        f_j += 1
        if lazy_values:
            # the partitions moved only the indices: read this feature's
            # values (in sorted order) from X, for the drawn features only
            order_f = order[f]
            values_f = values[f]
            column = X_columns[f]
            for i in range(start, end):
                values_f[i] = column[np.uint64(order_f[i])]
        end_present = end
        while end_present > start and np.isnan(values[f, end_present - 1]):
            end_present -= 1
        n_missing = end - end_present
        if end_present == start:
            continue  # all missing
        low = values[f, start]
        high = values[f, end_present - 1]
        if n_missing == 0 and high <= low + FEATURE_THRESHOLD:
            continue  # constant in this node: does not count
        n_visited += 1

        if random_splitter:
            # one random threshold; missing values to a random side
            missing_left = False
            if high <= low + FEATURE_THRESHOLD:
                threshold = np.inf  # present values left, missing right
            else:
                threshold = _rand_uniform(np.float64(low), np.float64(high), rng_state)
                if threshold == high:
                    threshold = np.float64(low)
                if n_missing > 0:
                    missing_left = _rand_int(0, 2, rng_state) == 1
            pos = start
            while pos < end_present and values[f, pos] <= threshold:
                pos += 1
            n_left = pos - start + (n_missing if missing_left else 0)
            if n_left < min_samples_leaf or n_node - n_left < min_samples_leaf:
                continue
            _reset_left(
                criterion,
                counts_total,
                counts_left,
                counts_right,
                sum_left,
                sq_left,
                sq_right,
            )
            weight_left = 0.0
            for i in range(start, pos):
                s = order[f, i]
                weight_left += sample_weight[s]
                _move_left(
                    s,
                    sample_weight[s],
                    y,
                    y_class,
                    criterion,
                    counts_left,
                    counts_right,
                    sum_left,
                    sq_left,
                    sq_right,
                    in_left,
                )
            if missing_left:
                for i in range(end_present, end):
                    s = order[f, i]
                    weight_left += sample_weight[s]
                    _move_left(
                        s,
                        sample_weight[s],
                        y,
                        y_class,
                        criterion,
                        counts_left,
                        counts_right,
                        sum_left,
                        sq_left,
                        sq_right,
                        in_left,
                    )
            if not (
                weight_left < min_weight_leaf
                or weight_total - weight_left < min_weight_leaf
            ):
                proxy = _split_proxy(
                    criterion,
                    y,
                    sample_weight,
                    start,
                    end,
                    weight_left,
                    weight_total,
                    counts_left,
                    counts_right,
                    sum_left,
                    sum_total,
                    sq_left,
                    sq_right,
                    in_left,
                    y_sorted_rows,
                )
                if proxy > best_proxy:
                    best_proxy = proxy
                    best_feature = f
                    best_threshold = threshold
                    best_n_left = n_left
                    best_missing_left = (
                        missing_left if n_missing > 0 else n_left > n_node - n_left
                    )
            if criterion == ABSOLUTE_ERROR:
                for i in range(start, end):
                    in_left[order[f, i]] = False
            continue

        if n_missing == 0 and scan_kind != SCAN_GENERAL:
            if scan_kind == SCAN_GINI_TWO_CLASSES:
                total_a = counts_total[0, 0]
                total_b = counts_total[0, 1]
            else:
                total_a = sum_total[0]
                total_b = 0.0
            proxy, i = scan_sorted_feature(
                order[f],
                values[f],
                start,
                end,
                sample_weight,
                per_sample,
                scan_kind,
                total_a,
                total_b,
                weight_total,
                min_samples_leaf,
                min_weight_leaf,
            )
            if proxy > best_proxy:
                best_proxy = proxy
                best_feature = f
                best_n_left = i + 1 - start
                mid = (
                    np.float64(values[f, i]) / 2.0 + np.float64(values[f, i + 1]) / 2.0
                )
                if mid == values[f, i + 1] or mid == np.inf or mid == -np.inf:
                    mid = np.float64(values[f, i])
                best_threshold = mid
                best_missing_left = best_n_left > n_node - best_n_left
            continue

        if n_missing == 0:
            # the common case, written out: no missing value in this node
            _reset_left(
                criterion,
                counts_total,
                counts_left,
                counts_right,
                sum_left,
                sq_left,
                sq_right,
            )
            weight_left = 0.0
            for i in range(start, end - 1):
                s = order[f, i]
                w = sample_weight[s]
                weight_left += w
                if criterion < SQUARED_ERROR:
                    for o in range(n_outputs):
                        k = y_class[s, o]
                        if criterion == GINI:
                            sq_left[o] += w * (2.0 * counts_left[o, k] + w)
                            sq_right[o] -= w * (2.0 * counts_right[o, k] - w)
                        counts_left[o, k] += w
                        counts_right[o, k] -= w
                else:
                    for o in range(n_outputs):
                        sum_left[o] += w * y[s, o]
                if criterion == ABSOLUTE_ERROR:
                    in_left[s] = True
                if values[f, i + 1] <= values[f, i] + FEATURE_THRESHOLD:
                    continue
                n_left = i + 1 - start
                if n_left < min_samples_leaf:
                    continue
                if end - (i + 1) < min_samples_leaf:
                    break
                weight_right = weight_total - weight_left
                if weight_left < min_weight_leaf or weight_right < min_weight_leaf:
                    continue
                if criterion == SQUARED_ERROR:
                    proxy = 0.0
                    for o in range(n_outputs):
                        left = sum_left[o]
                        right = sum_total[o] - left
                        proxy += (
                            left * left / weight_left + right * right / weight_right
                        )
                elif criterion == GINI:
                    proxy = 0.0
                    for o in range(n_outputs):
                        proxy += sq_left[o] / weight_left + sq_right[o] / weight_right
                    proxy = proxy / n_outputs - weight_total
                elif criterion == ABSOLUTE_ERROR:
                    proxy = _absolute_error_proxy(
                        y_sorted_rows,
                        start,
                        end,
                        y,
                        sample_weight,
                        in_left,
                        weight_left,
                        weight_total,
                    )
                else:
                    proxy = _proxy(
                        criterion,
                        counts_left,
                        counts_right,
                        sum_left,
                        sum_total,
                        weight_left,
                        weight_total,
                    )
                if proxy > best_proxy:
                    best_proxy = proxy
                    best_feature = f
                    best_n_left = n_left
                    mid = (
                        np.float64(values[f, i]) / 2.0
                        + np.float64(values[f, i + 1]) / 2.0
                    )
                    if mid == values[f, i + 1] or mid == np.inf or mid == -np.inf:
                        mid = np.float64(values[f, i])
                    best_threshold = mid
                    best_missing_left = n_left > n_node - n_left
            if criterion == ABSOLUTE_ERROR:
                for i in range(start, end):
                    in_left[order[f, i]] = False
            continue

        # missing values: search with them on the right, then on the left
        for search in range(2):
            missing_left = search == 1
            _reset_left(
                criterion,
                counts_total,
                counts_left,
                counts_right,
                sum_left,
                sq_left,
                sq_right,
            )
            weight_left = 0.0
            if missing_left:
                for i in range(end_present, end):
                    s = order[f, i]
                    weight_left += sample_weight[s]
                    _move_left(
                        s,
                        sample_weight[s],
                        y,
                        y_class,
                        criterion,
                        counts_left,
                        counts_right,
                        sum_left,
                        sq_left,
                        sq_right,
                        in_left,
                    )
            for i in range(start, end_present):
                s = order[f, i]
                w = sample_weight[s]
                weight_left += w
                _move_left(
                    s,
                    w,
                    y,
                    y_class,
                    criterion,
                    counts_left,
                    counts_right,
                    sum_left,
                    sq_left,
                    sq_right,
                    in_left,
                )
                if i + 1 < end_present:
                    if values[f, i + 1] <= values[f, i] + FEATURE_THRESHOLD:
                        continue
                elif missing_left or n_missing == 0:
                    break  # everything on the left: not a split
                n_left = i + 1 - start + (n_missing if missing_left else 0)
                if n_left < min_samples_leaf:
                    continue
                if n_node - n_left < min_samples_leaf:
                    break
                if (
                    weight_left < min_weight_leaf
                    or weight_total - weight_left < min_weight_leaf
                ):
                    continue
                proxy = _split_proxy(
                    criterion,
                    y,
                    sample_weight,
                    start,
                    end,
                    weight_left,
                    weight_total,
                    counts_left,
                    counts_right,
                    sum_left,
                    sum_total,
                    sq_left,
                    sq_right,
                    in_left,
                    y_sorted_rows,
                )
                if proxy > best_proxy:
                    best_proxy = proxy
                    best_feature = f
                    best_n_left = n_left
                    if i + 1 == end_present:
                        # right child = the missing values only; NaN <= inf is False
                        best_threshold = np.inf
                    else:
                        mid = (
                            np.float64(values[f, i]) / 2.0
                            + np.float64(values[f, i + 1]) / 2.0
                        )
                        if mid == values[f, i + 1] or mid == np.inf or mid == -np.inf:
                            mid = np.float64(values[f, i])
                        best_threshold = mid
                    best_missing_left = (
                        missing_left if n_missing > 0 else n_left > n_node - n_left
                    )
            if criterion == ABSOLUTE_ERROR:
                for i in range(start, end):
                    in_left[order[f, i]] = False
    return best_feature, best_threshold, best_missing_left, best_n_left, best_proxy


@njit
def partition_into(
    order,
    values,
    start,
    end,
    feature,
    threshold,
    missing_go_to_left,
    goes_left,
    order_out,
    values_out,
    move_values,
):
    """Stable partition of every feature's sorted list of ``[start, end)``.

    Writes to ``order_out[:, start:end]`` / ``values_out[:, start:end]``
    (OUT) first the samples with ``x[feature] <= threshold`` (NaN: if
    ``missing_go_to_left``), then the others; each part stays sorted, with
    its NaN last.  Each element is written once, straight to its final slot:
    the left child's size is known after the first pass, so the right child
    starts there (no buffer, no copy back).  The builder alternates between
    two pairs of arrays by depth.
    ``order``/``values`` are IN, ``goes_left`` scratch (n_samples,).
    Without ``move_values`` only ``order_out`` is written (the builder then
    reads the values of a feature again from X when a node draws it).
    Returns the number of samples on the left.
    """
    n_left = mark_sides(
        order, values, start, end, feature, threshold, missing_go_to_left, goes_left
    )
    partition_features(
        order,
        values,
        start,
        end,
        start + n_left,
        goes_left,
        order_out,
        values_out,
        move_values,
        0,
        order.shape[0],
    )
    return n_left


@njit
def mark_sides(
    order, values, start, end, feature, threshold, missing_go_to_left, goes_left
):
    """First pass of :func:`partition_into`: ``goes_left[s]`` (OUT) for the
    samples ``s`` of ``[start, end)``; returns how many go left."""
    n_left_total = 0
    for i in range(start, end):
        v = values[feature, i]
        if np.isnan(v):
            left = missing_go_to_left
        else:
            left = np.float64(v) <= threshold
        goes_left[order[feature, i]] = left
        if left:
            n_left_total += 1
    return n_left_total


@njit
def partition_features(
    order,
    values,
    start,
    end,
    split,
    goes_left,
    order_out,
    values_out,
    move_values,
    first_feature,
    stop_feature,
):
    """Second pass of :func:`partition_into`, for the features
    ``first_feature <= f < stop_feature`` only (the builder partitions
    feature 0 first and the others only if a child will be split)."""
    for f in range(first_feature, stop_feature):
        # branch free: the side is a coin flip in feature f's order, a branch
        # would be mispredicted half the time (this loop is most of a
        # forest's fit).  Both targets come from one running count of the
        # samples sent left, and a select picks one: the only dependency
        # carried from one sample to the next is that count.
        # Indices are cast to unsigned: Numba then drops the negative-index
        # wraparound test of every access (about 15% of a forest's fit)
        order_f = order[f]
        order_out_f = order_out[f]
        n_left = 0
        if move_values:
            values_f = values[f]
            values_out_f = values_out[f]
            for i in range(start, end):
                s = order_f[i]
                step_left = np.int64(goes_left[np.uint64(s)])
                target = start + n_left if step_left else split + (i - start - n_left)
                order_out_f[np.uint64(target)] = s
                values_out_f[np.uint64(target)] = values_f[i]
                n_left += step_left
        else:
            for i in range(start, end):
                s = order_f[i]
                step_left = np.int64(goes_left[np.uint64(s)])
                target = start + n_left if step_left else split + (i - start - n_left)
                order_out_f[np.uint64(target)] = s
                n_left += step_left


# ----------------------------------------------------------------------------
# the builder
# ----------------------------------------------------------------------------
@njit
def _y_sorted_rows(row, start, end, y, y_sorted_rows):
    """Node samples sorted by each output's y (for absolute_error)."""
    n = end - start
    ys = np.empty(n)
    for o in range(y.shape[1]):
        for i in range(n):
            ys[i] = y[row[start + i], o]
        idx = np.argsort(ys, kind="mergesort")
        for i in range(n):
            y_sorted_rows[o, start + i] = row[start + idx[i]]


@njit
def _heap_push(heap_key, heap_id, size, key, node):
    i = size
    heap_key[i] = key
    heap_id[i] = node
    while i > 0:
        parent = (i - 1) // 2
        if heap_key[parent] >= heap_key[i]:
            break
        heap_key[parent], heap_key[i] = heap_key[i], heap_key[parent]
        heap_id[parent], heap_id[i] = heap_id[i], heap_id[parent]
        i = parent
    return size + 1


@njit
def _heap_pop(heap_key, heap_id, size):
    top = heap_id[0]
    size -= 1
    heap_key[0] = heap_key[size]
    heap_id[0] = heap_id[size]
    i = 0
    while True:
        left = 2 * i + 1
        right = left + 1
        largest = i
        if left < size and heap_key[left] > heap_key[largest]:
            largest = left
        if right < size and heap_key[right] > heap_key[largest]:
            largest = right
        if largest == i:
            break
        heap_key[largest], heap_key[i] = heap_key[i], heap_key[largest]
        heap_id[largest], heap_id[i] = heap_id[i], heap_id[largest]
        i = largest
    return top, size


@njit
def build_tree(
    order,
    values,
    y,
    sample_weight,
    n_classes,
    criterion,
    random_splitter,
    max_depth,
    min_samples_split,
    min_samples_leaf,
    min_weight_leaf,
    max_features,
    max_leaf_nodes,
    min_impurity_decrease,
    seed,
):
    """Grow a CART tree from presorted features (notes 5.5, stopping rules 5.5.1).

    Parameters
    ----------
    order : int32 ndarray (n_features, m), IN/OUT
    values : float32 ndarray (n_features, m), IN/OUT
        The presorted rows with a positive weight (:func:`presort`; a
        bootstrap passes its counts as weights).  Used as scratch by the
        builder (their content is lost): pass a fresh copy per tree.
    y : float64 ndarray (n_samples, n_outputs), IN
        Class indices as floats (classification) or targets (regression).
    sample_weight : float64 ndarray (n_samples,), IN
    n_classes : int64 ndarray (n_outputs,), IN  (ones for regression)
    criterion : int
        Criterion code (module docstring).
    random_splitter : bool
        ``splitter="random"``: one random threshold per feature.
    max_depth, min_samples_split, min_samples_leaf : int
    min_weight_leaf : float
    max_features : int
        Non-constant features examined per node.
    max_leaf_nodes : int
        -1 grows depth first; otherwise best first with that many leaves at most.
    min_impurity_decrease : float
    seed : int
        Nonzero seed of the xorshift generator, drawn in Python.

    Returns
    -------
    children_left, children_right, feature : int64 ndarrays (node_count,)
    threshold, impurity, weighted_n_node_samples : float64 ndarrays
    n_node_samples : int64 ndarray
    value : float64 ndarray (node_count, n_outputs, K)
    missing_go_to_left : uint8 ndarray (node_count,)
        Side of NaN at each split (the larger child if none was seen).
    max_depth_reached : int
    """
    return _grow(
        order,
        values,
        # X_columns: not given; rebuilt from the lists if the builder needs it
        np.empty((order.shape[0], 0), dtype=values.dtype),
        y,
        sample_weight,
        n_classes,
        criterion,
        random_splitter,
        max_depth,
        min_samples_split,
        min_samples_leaf,
        min_weight_leaf,
        max_features,
        max_leaf_nodes,
        min_impurity_decrease,
        seed,
    )


@njit
def build_tree_with_columns(
    order,
    values,
    X_columns,
    y,
    sample_weight,
    n_classes,
    criterion,
    random_splitter,
    max_depth,
    min_samples_split,
    min_samples_leaf,
    min_weight_leaf,
    max_features,
    max_leaf_nodes,
    min_impurity_decrease,
    seed,
):
    """:func:`build_tree` with ``X.T`` given (``X_columns``, float32
    (n_features, n_samples), IN): a forest passes it once for all its trees,
    so that a tree drawing few features per node need not rebuild it from
    the presorted lists.  Same parameters and result as :func:`build_tree`.
    """
    return _grow(
        order,
        values,
        X_columns,
        y,
        sample_weight,
        n_classes,
        criterion,
        random_splitter,
        max_depth,
        min_samples_split,
        min_samples_leaf,
        min_weight_leaf,
        max_features,
        max_leaf_nodes,
        min_impurity_decrease,
        seed,
    )


@njit
def _grow(
    order,
    values,
    X_columns,
    y,
    sample_weight,
    n_classes,
    criterion,
    random_splitter,
    max_depth,
    min_samples_split,
    min_samples_leaf,
    min_weight_leaf,
    max_features,
    max_leaf_nodes,
    min_impurity_decrease,
    seed,
):
    """Builder of :func:`build_tree` and :func:`build_tree_with_columns`
    (``X_columns`` empty when not given)."""
    n_outputs = y.shape[1]
    n_features, m = order.shape
    n_samples = y.shape[0]
    K = 1
    for o in range(n_outputs):
        if n_classes[o] > K:
            K = n_classes[o]
    y_class = np.zeros((n_samples, n_outputs), dtype=np.int64)
    if criterion < SQUARED_ERROR:
        for s in range(n_samples):
            for o in range(n_outputs):
                y_class[s, o] = np.int64(y[s, o])
    rng_state = np.empty(1, dtype=np.int64)
    rng_state[0] = seed

    capacity = 2 * m + 1
    children_left = np.full(capacity, TREE_LEAF, dtype=np.int64)
    children_right = np.full(capacity, TREE_LEAF, dtype=np.int64)
    feature = np.full(capacity, TREE_UNDEFINED, dtype=np.int64)
    threshold = np.full(capacity, np.float64(TREE_UNDEFINED))
    missing_left = np.zeros(capacity, dtype=np.uint8)
    # written for every node before they are read: no initialisation (a
    # forest allocates them for each of its small trees)
    impurity = np.empty(capacity)
    n_node_samples = np.empty(capacity, dtype=np.int64)
    weighted_n_node_samples = np.empty(capacity)
    value = np.empty((capacity, n_outputs, K))
    node_start = np.empty(capacity, dtype=np.int64)
    node_end = np.empty(capacity, dtype=np.int64)
    node_depth = np.empty(capacity, dtype=np.int64)
    split_pos = np.empty(capacity, dtype=np.int64)
    split_leaf = np.empty(capacity, dtype=np.bool_)
    improvement_of = np.empty(capacity)

    features = np.arange(n_features)
    counts_total = np.zeros((n_outputs, K))
    # left statistics and, below them, scratch rows for best_split
    counts_left = np.zeros((2 * n_outputs, K))
    sum_total = np.zeros(n_outputs)
    sum_left = np.zeros(3 * n_outputs)
    # each node's parent (-1: root) and side (0 left, 1 right), and the
    # statistics of its children computed by its split (_evaluate_node)
    node_parent = np.empty(capacity, dtype=np.int64)
    node_side = np.empty(capacity, dtype=np.int64)
    node_parent[0] = -1
    child_weight = np.empty((capacity, 2))
    child_impurity = np.empty((capacity, 2))
    child_value = np.empty((capacity, 2, n_outputs, K))
    child_totals = np.empty((capacity, 2, n_outputs, K))
    in_left = np.zeros(n_samples, dtype=np.bool_)
    goes_left = np.zeros(n_samples, dtype=np.bool_)
    # per-sample sums for the fast scans (scan_sorted_feature)
    scan_kind = SCAN_GENERAL
    per_sample = np.zeros((0, 2))
    if n_outputs == 1 and criterion == GINI and n_classes[0] == 2:
        scan_kind = SCAN_GINI_TWO_CLASSES
        per_sample = np.zeros((n_samples, 2))
        for s in range(n_samples):
            per_sample[s, y_class[s, 0]] = sample_weight[s]
    elif n_outputs == 1 and criterion == SQUARED_ERROR:
        scan_kind = SCAN_SQUARED_ERROR
        per_sample = np.zeros((n_samples, 2))
        for s in range(n_samples):
            per_sample[s, 0] = sample_weight[s] * y[s, 0]
    # Partitioning moves every feature's list at every node, but a node only
    # reads the values of the features it draws: when it draws few of them,
    # move the indices only and read the drawn features' values from X.
    lazy_values = reads_values_lazily(max_features, n_features)
    if lazy_values and X_columns.shape[1] == 0:
        # build_tree got presorted lists only: scatter them back into X.T
        X_columns = np.zeros((n_features, n_samples), dtype=values.dtype)
        for f in range(n_features):
            for i in range(m):
                X_columns[f, order[f, i]] = values[f, i]
    # ping-pong: a node at an even depth reads (order, values) and writes its
    # children's lists into (order_odd, values_odd), an odd one the reverse.
    # Safe because a node's range is only shared with its ancestors (done)
    # and descendants (not yet split).
    order_odd = np.empty_like(order)
    values_odd = np.empty_like(values)
    if criterion == ABSOLUTE_ERROR:
        y_sorted_rows = np.empty((n_outputs, m), dtype=np.int32)
    else:
        y_sorted_rows = np.empty((n_outputs, 0), dtype=np.int32)

    weighted_n_samples = 0.0
    for i in range(m):
        weighted_n_samples += sample_weight[order[0, i]]

    # stack (depth first) or heap (best first) of node ids
    pending = np.zeros(capacity, dtype=np.int64)
    heap_key = np.zeros(capacity)
    best_first = max_leaf_nodes > 0
    max_split_nodes = max_leaf_nodes - 1
    max_depth_reached = 0

    node_count = 1
    node_start[0] = 0
    node_end[0] = m
    node_depth[0] = 0
    if best_first:
        # best first (scikit-learn's BestFirstTreeBuilder): a node's split is
        # found when it is created; the pending split of largest impurity
        # improvement is applied next, until max_leaf_nodes - 1 splits are made.
        _evaluate_node(
            0,
            order,
            values,
            y,
            y_class,
            sample_weight,
            features,
            max_features,
            criterion,
            random_splitter,
            min_samples_split,
            min_samples_leaf,
            min_weight_leaf,
            max_depth,
            min_impurity_decrease,
            weighted_n_samples,
            node_start,
            node_end,
            node_depth,
            feature,
            threshold,
            impurity,
            n_node_samples,
            weighted_n_node_samples,
            value,
            split_pos,
            split_leaf,
            improvement_of,
            counts_total,
            counts_left,
            sum_total,
            sum_left,
            node_parent,
            node_side,
            child_weight,
            child_impurity,
            child_value,
            child_totals,
            in_left,
            y_sorted_rows,
            rng_state,
            missing_left,
            goes_left,
            order_odd,
            values_odd,
            X_columns,
            scan_kind,
            per_sample,
            lazy_values,
        )
        n_pending = _heap_push(heap_key, pending, 0, improvement_of[0], 0)
        while n_pending > 0:
            node, n_pending = _heap_pop(heap_key, pending, n_pending)
            if split_leaf[node] or max_split_nodes <= 0:
                feature[node] = TREE_UNDEFINED
                threshold[node] = TREE_UNDEFINED
                continue
            max_split_nodes -= 1
            start, end, pos = node_start[node], node_end[node], split_pos[node]
            for side in range(2):
                child = node_count
                node_count += 1
                if side == 0:
                    children_left[node] = child
                    node_start[child], node_end[child] = start, pos
                else:
                    children_right[node] = child
                    node_start[child], node_end[child] = pos, end
                node_parent[child] = node
                node_side[child] = side
                node_depth[child] = node_depth[node] + 1
                if node_depth[child] > max_depth_reached:
                    max_depth_reached = node_depth[child]
                _evaluate_node(
                    child,
                    order,
                    values,
                    y,
                    y_class,
                    sample_weight,
                    features,
                    max_features,
                    criterion,
                    random_splitter,
                    min_samples_split,
                    min_samples_leaf,
                    min_weight_leaf,
                    max_depth,
                    min_impurity_decrease,
                    weighted_n_samples,
                    node_start,
                    node_end,
                    node_depth,
                    feature,
                    threshold,
                    impurity,
                    n_node_samples,
                    weighted_n_node_samples,
                    value,
                    split_pos,
                    split_leaf,
                    improvement_of,
                    counts_total,
                    counts_left,
                    sum_total,
                    sum_left,
                    node_parent,
                    node_side,
                    child_weight,
                    child_impurity,
                    child_value,
                    child_totals,
                    in_left,
                    y_sorted_rows,
                    rng_state,
                    missing_left,
                    goes_left,
                    order_odd,
                    values_odd,
                    X_columns,
                    scan_kind,
                    per_sample,
                    lazy_values,
                )
                n_pending = _heap_push(
                    heap_key, pending, n_pending, improvement_of[child], child
                )
    else:
        # depth first, left subtree first; ids are renumbered in preorder after
        n_pending = 1
        pending[0] = 0
        while n_pending > 0:
            n_pending -= 1
            node = pending[n_pending]
            _evaluate_node(
                node,
                order,
                values,
                y,
                y_class,
                sample_weight,
                features,
                max_features,
                criterion,
                random_splitter,
                min_samples_split,
                min_samples_leaf,
                min_weight_leaf,
                max_depth,
                min_impurity_decrease,
                weighted_n_samples,
                node_start,
                node_end,
                node_depth,
                feature,
                threshold,
                impurity,
                n_node_samples,
                weighted_n_node_samples,
                value,
                split_pos,
                split_leaf,
                improvement_of,
                counts_total,
                counts_left,
                sum_total,
                sum_left,
                node_parent,
                node_side,
                child_weight,
                child_impurity,
                child_value,
                child_totals,
                in_left,
                y_sorted_rows,
                rng_state,
                missing_left,
                goes_left,
                order_odd,
                values_odd,
                X_columns,
                scan_kind,
                per_sample,
                lazy_values,
            )
            if node_depth[node] > max_depth_reached:
                max_depth_reached = node_depth[node]
            if split_leaf[node]:
                continue
            start, end, pos = node_start[node], node_end[node], split_pos[node]
            right = node_count
            left = node_count + 1
            node_count += 2
            children_left[node] = left
            children_right[node] = right
            node_start[left], node_end[left] = start, pos
            node_start[right], node_end[right] = pos, end
            node_depth[left] = node_depth[node] + 1
            node_depth[right] = node_depth[node] + 1
            node_parent[left] = node
            node_parent[right] = node
            node_side[left] = 0
            node_side[right] = 1
            pending[n_pending] = right
            pending[n_pending + 1] = left
            n_pending += 2
        _renumber_preorder(
            children_left,
            children_right,
            feature,
            threshold,
            impurity,
            n_node_samples,
            weighted_n_node_samples,
            value,
            missing_left,
            node_count,
        )

    return (
        children_left[:node_count].copy(),
        children_right[:node_count].copy(),
        feature[:node_count].copy(),
        threshold[:node_count].copy(),
        impurity[:node_count].copy(),
        n_node_samples[:node_count].copy(),
        weighted_n_node_samples[:node_count].copy(),
        value[:node_count].copy(),
        missing_left[:node_count].copy(),
        max_depth_reached,
    )


@njit
def _renumber_preorder(
    children_left,
    children_right,
    feature,
    threshold,
    impurity,
    n_node_samples,
    weighted_n_node_samples,
    value,
    missing_left,
    node_count,
):
    """Give the nodes scikit-learn's depth-first ids (preorder, left first);
    all arrays are IN/OUT, only their first ``node_count`` entries matter."""
    new_id = np.empty(node_count, dtype=np.int64)
    stack = np.empty(node_count, dtype=np.int64)
    stack[0] = 0
    top = 1
    next_id = 0
    while top > 0:
        top -= 1
        node = stack[top]
        new_id[node] = next_id
        next_id += 1
        if children_left[node] != TREE_LEAF:
            stack[top] = children_right[node]
            stack[top + 1] = children_left[node]
            top += 2
    old = np.empty(node_count, dtype=np.int64)
    for node in range(node_count):
        old[new_id[node]] = node
    left = children_left[:node_count].copy()
    right = children_right[:node_count].copy()
    for arr in (feature, n_node_samples):
        tmp = arr[:node_count].copy()
        for i in range(node_count):
            arr[i] = tmp[old[i]]
    for arr in (threshold, impurity, weighted_n_node_samples):
        tmp = arr[:node_count].copy()
        for i in range(node_count):
            arr[i] = tmp[old[i]]
    tmp_missing = missing_left[:node_count].copy()
    for i in range(node_count):
        missing_left[i] = tmp_missing[old[i]]
    tmp_value = value[:node_count].copy()
    for i in range(node_count):
        value[i] = tmp_value[old[i]]
        if left[old[i]] == TREE_LEAF:
            children_left[i] = TREE_LEAF
            children_right[i] = TREE_LEAF
        else:
            children_left[i] = new_id[left[old[i]]]
            children_right[i] = new_id[right[old[i]]]


@njit(inline="always")
def _is_leaf(
    depth,
    n,
    weight,
    impurity,
    max_depth,
    min_samples_split,
    min_samples_leaf,
    min_weight_leaf,
):
    """scikit-learn's stopping rules (notes 5.5.1) known before a node's
    split search; one function, because a parent relies on it to skip
    partitioning for children that will be leaves."""
    return (
        depth >= max_depth
        or n < min_samples_split
        or n < 2 * min_samples_leaf
        or weight < 2 * min_weight_leaf
        or impurity <= EPSILON
    )


@njit
def _evaluate_node(
    node,
    order,
    values,
    y,
    y_class,
    sample_weight,
    features,
    max_features,
    criterion,
    random_splitter,
    min_samples_split,
    min_samples_leaf,
    min_weight_leaf,
    max_depth,
    min_impurity_decrease,
    weighted_n_samples,
    node_start,
    node_end,
    node_depth,
    feature,
    threshold,
    impurity,
    n_node_samples,
    weighted_n_node_samples,
    value,
    split_pos,
    split_leaf,
    improvement_of,
    counts_total,
    counts_left,
    sum_total,
    sum_left,
    node_parent,
    node_side,
    child_weight,
    child_impurity,
    child_value,
    child_totals,
    in_left,
    y_sorted_rows,
    rng_state,
    missing_left,
    goes_left,
    order_odd,
    values_odd,
    X_columns,
    scan_kind,
    per_sample,
    lazy_values,
):
    """Statistics of ``node`` and its best split (scikit-learn's stopping
    rules, notes 5.5.1); fills the node's entries of the OUT arrays.

    A split computes its two children's weight, impurity, value and totals
    anyway (for the impurity decrease): they are kept in ``child_*[node,
    side]`` and a child reads them from its parent's entry
    (``node_parent``, ``node_side``) instead of summing its rows again."""
    start = node_start[node]
    end = node_end[node]
    n = end - start
    # this node's sorted lists, and where its children's go (ping-pong)
    if node_depth[node] % 2 == 0:
        order_node, values_node = order, values
        order_children, values_children = order_odd, values_odd
    else:
        order_node, values_node = order_odd, values_odd
        order_children, values_children = order, values
    # the node's samples: those of its first sorted list
    row = order_node[0]
    parent = node_parent[node]
    if parent < 0:  # the root
        weight, node_impurity = range_stats(
            row,
            start,
            end,
            y,
            y_class,
            sample_weight,
            criterion,
            value[node],
            counts_total,
        )
    else:
        side = node_side[node]
        weight = child_weight[parent, side]
        node_impurity = child_impurity[parent, side]
        value[node] = child_value[parent, side]
        counts_total[:, :] = child_totals[parent, side]
    impurity[node] = node_impurity
    n_node_samples[node] = n
    weighted_n_node_samples[node] = weight
    is_leaf = _is_leaf(
        node_depth[node],
        n,
        weight,
        node_impurity,
        max_depth,
        min_samples_split,
        min_samples_leaf,
        min_weight_leaf,
    )
    improvement = -np.inf
    if not is_leaf:
        n_outputs = y.shape[1]
        if criterion >= SQUARED_ERROR:
            # regression totals are the sums of y, in column 0
            for o in range(n_outputs):
                sum_total[o] = counts_total[o, 0]
        if criterion == ABSOLUTE_ERROR:
            _y_sorted_rows(row, start, end, y, y_sorted_rows)
        f, thr, to_left, n_left, proxy = best_split(
            order_node,
            values_node,
            start,
            end,
            y,
            y_class,
            sample_weight,
            features,
            max_features,
            criterion,
            random_splitter,
            min_samples_leaf,
            min_weight_leaf,
            weight,
            counts_total,
            counts_left,
            sum_total,
            sum_left,
            in_left,
            y_sorted_rows,
            rng_state,
            X_columns,
            scan_kind,
            per_sample,
            lazy_values,
        )
        if f < 0 or proxy == -np.inf:
            is_leaf = True
        else:
            # partition now: with missing values on the left, the left child
            # is not a prefix of order[f].  Feature 0 first: the children's
            # statistics are summed over its list (as the root's are)
            pos = start + mark_sides(
                order_node, values_node, start, end, f, thr, to_left, goes_left
            )
            partition_features(
                order_node,
                values_node,
                start,
                end,
                pos,
                goes_left,
                order_children,
                values_children,
                not lazy_values,
                0,
                1,
            )
            row = order_children[0]
            weight_left, impurity_left = range_stats(
                row,
                start,
                pos,
                y,
                y_class,
                sample_weight,
                criterion,
                child_value[node, 0],
                child_totals[node, 0],
            )
            weight_right, impurity_right = range_stats(
                row,
                pos,
                end,
                y,
                y_class,
                sample_weight,
                criterion,
                child_value[node, 1],
                child_totals[node, 1],
            )
            child_weight[node, 0] = weight_left
            child_weight[node, 1] = weight_right
            child_impurity[node, 0] = impurity_left
            child_impurity[node, 1] = impurity_right
            improvement = (weight / weighted_n_samples) * (
                node_impurity
                - weight_right / weight * impurity_right
                - weight_left / weight * impurity_left
            )
            if improvement + EPSILON < min_impurity_decrease:
                is_leaf = True
            else:
                feature[node] = f
                threshold[node] = thr
                split_pos[node] = pos
                missing_left[node] = to_left
                # the other features' lists are only read by a child that
                # is split; a leaf's own order does not matter (pure or
                # single-sample children, often both, deep in a full tree)
                depth = node_depth[node] + 1
                if not (
                    _is_leaf(
                        depth,
                        pos - start,
                        weight_left,
                        impurity_left,
                        max_depth,
                        min_samples_split,
                        min_samples_leaf,
                        min_weight_leaf,
                    )
                    and _is_leaf(
                        depth,
                        end - pos,
                        weight_right,
                        impurity_right,
                        max_depth,
                        min_samples_split,
                        min_samples_leaf,
                        min_weight_leaf,
                    )
                ):
                    partition_features(
                        order_node,
                        values_node,
                        start,
                        end,
                        pos,
                        goes_left,
                        order_children,
                        values_children,
                        not lazy_values,
                        1,
                        order_node.shape[0],
                    )
    split_leaf[node] = is_leaf
    improvement_of[node] = improvement
    if is_leaf:
        feature[node] = TREE_UNDEFINED
        threshold[node] = TREE_UNDEFINED


@njit
def node_depths(children_left, children_right):
    """Depth of every node (root 1); parents have smaller ids than children."""
    n = children_left.shape[0]
    depth = np.ones(n, dtype=np.int64)
    for node in range(n):
        if children_left[node] != TREE_LEAF:
            depth[children_left[node]] = depth[node] + 1
            depth[children_right[node]] = depth[node] + 1
    return depth


@njit
def apply_tree(
    X, children_left, children_right, feature, threshold, missing_go_to_left
):
    """Leaf index of every row of ``X`` (NaN follows ``missing_go_to_left``)."""
    n = X.shape[0]
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        node = 0
        while children_left[node] != TREE_LEAF:
            x = X[i, feature[node]]
            if np.isnan(x):
                go_left = missing_go_to_left[node] != 0
            else:
                go_left = x <= threshold[node]
            node = children_left[node] if go_left else children_right[node]
        out[i] = node
    return out


@njit
def decision_path_indices(
    X, children_left, children_right, feature, threshold, missing_go_to_left, max_depth
):
    """CSR ``indptr`` and ``indices`` of the nodes each row goes through."""
    n = X.shape[0]
    indptr = np.zeros(n + 1, dtype=np.int64)
    indices = np.empty(n * (max_depth + 1), dtype=np.int64)
    count = 0
    for i in range(n):
        node = 0
        indices[count] = 0
        count += 1
        while children_left[node] != TREE_LEAF:
            x = X[i, feature[node]]
            if np.isnan(x):
                go_left = missing_go_to_left[node] != 0
            else:
                go_left = x <= threshold[node]
            node = children_left[node] if go_left else children_right[node]
            indices[count] = node
            count += 1
        indptr[i + 1] = count
    return indptr, indices[:count].copy()
