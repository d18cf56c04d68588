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
def range_stats(row, start, end, y, y_class, sample_weight, criterion, value_out):
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

    Returns
    -------
    weight, impurity : float
    """
    n_outputs = y.shape[1]
    weight = 0.0
    for i in range(start, end):
        weight += sample_weight[row[i]]
    value_out[:, :] = 0.0
    if criterion < SQUARED_ERROR:
        for i in range(start, end):
            s = row[i]
            for o in range(n_outputs):
                value_out[o, y_class[s, o]] += sample_weight[s]
        impurity = _class_impurity(value_out, weight, criterion)
        for o in range(n_outputs):
            for k in range(value_out.shape[1]):
                value_out[o, k] /= weight
        return weight, impurity
    impurity = 0.0
    n = end - start
    for o in range(n_outputs):
        total = 0.0
        for i in range(start, end):
            total += sample_weight[row[i]] * y[row[i], o]
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
):
    """Best (or best random) split of the node ``[start, end)``.

    Features are visited in a random order (Fisher-Yates on ``features``,
    IN/OUT, kept between nodes) until ``max_features`` non-constant ones have
    been examined.  A threshold lies halfway between two consecutive distinct
    values (scikit-learn's convention).  Missing values (NaN, sorted last)
    are tried on both sides, and "missing alone on the right" (threshold
    +inf) is a candidate too, as in scikit-learn.

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
def partition(
    order,
    values,
    start,
    end,
    feature,
    threshold,
    missing_go_to_left,
    goes_left,
    buffer_index,
    buffer_value,
):
    """Stable partition of every feature's sorted list of ``[start, end)``:
    first the samples with ``x[feature] <= threshold`` (NaN: if
    ``missing_go_to_left``), then the others.  Each part stays sorted, with
    its NaN last.  Returns the number of samples on the left."""
    n_features = order.shape[0]
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
    for f in range(n_features):
        n_left = start
        n_right = 0
        for i in range(start, end):
            s = order[f, i]
            if goes_left[s]:
                order[f, n_left] = s
                values[f, n_left] = values[f, i]
                n_left += 1
            else:
                buffer_index[n_right] = s
                buffer_value[n_right] = values[f, i]
                n_right += 1
        for k in range(n_right):
            order[f, n_left + k] = buffer_index[k]
            values[f, n_left + k] = buffer_value[k]
    return n_left_total


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
    """Grow a CART tree (notes 5.5, stopping rules 5.5.1).

    Parameters
    ----------
    order : int32 ndarray (n_features, m), IN/OUT
    values : float32 ndarray (n_features, m), IN/OUT
        The presorted rows with a positive weight (:func:`presort`; a
        bootstrap passes its counts as weights).  Partitioned in place.
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
    impurity = np.zeros(capacity)
    n_node_samples = np.zeros(capacity, dtype=np.int64)
    weighted_n_node_samples = np.zeros(capacity)
    value = np.zeros((capacity, n_outputs, K))
    node_start = np.zeros(capacity, dtype=np.int64)
    node_end = np.zeros(capacity, dtype=np.int64)
    node_depth = np.zeros(capacity, dtype=np.int64)
    split_pos = np.zeros(capacity, dtype=np.int64)
    split_leaf = np.zeros(capacity, dtype=np.bool_)
    improvement_of = np.zeros(capacity)
    missing_left = np.zeros(capacity, dtype=np.uint8)

    features = np.arange(n_features)
    counts_total = np.zeros((n_outputs, K))
    # left statistics and, below them, scratch rows for best_split
    counts_left = np.zeros((2 * n_outputs, K))
    sum_total = np.zeros(n_outputs)
    sum_left = np.zeros(3 * n_outputs)
    child_value = np.zeros((n_outputs, K))
    in_left = np.zeros(n_samples, dtype=np.bool_)
    goes_left = np.zeros(n_samples, dtype=np.bool_)
    buffer_index = np.empty(m, dtype=np.int32)
    buffer_value = np.empty(m, dtype=values.dtype)
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
            child_value,
            in_left,
            y_sorted_rows,
            rng_state,
            missing_left,
            goes_left,
            buffer_index,
            buffer_value,
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
                    child_value,
                    in_left,
                    y_sorted_rows,
                    rng_state,
                    missing_left,
                    goes_left,
                    buffer_index,
                    buffer_value,
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
                child_value,
                in_left,
                y_sorted_rows,
                rng_state,
                missing_left,
                goes_left,
                buffer_index,
                buffer_value,
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
    child_value,
    in_left,
    y_sorted_rows,
    rng_state,
    missing_left,
    goes_left,
    buffer_index,
    buffer_value,
):
    """Statistics of ``node`` and its best split (scikit-learn's stopping
    rules, notes 5.5.1); fills the node's entries of the OUT arrays."""
    start = node_start[node]
    end = node_end[node]
    n = end - start
    row = order[0]
    weight, node_impurity = range_stats(
        row, start, end, y, y_class, sample_weight, criterion, value[node]
    )
    impurity[node] = node_impurity
    n_node_samples[node] = n
    weighted_n_node_samples[node] = weight
    is_leaf = (
        node_depth[node] >= max_depth
        or n < min_samples_split
        or n < 2 * min_samples_leaf
        or weight < 2 * min_weight_leaf
        or node_impurity <= EPSILON
    )
    improvement = -np.inf
    if not is_leaf:
        n_outputs = y.shape[1]
        if criterion < SQUARED_ERROR:
            counts_total[:, :] = 0.0
            for i in range(start, end):
                s = row[i]
                for o in range(n_outputs):
                    counts_total[o, y_class[s, o]] += sample_weight[s]
        else:
            sum_total[:] = 0.0
            for i in range(start, end):
                s = row[i]
                for o in range(n_outputs):
                    sum_total[o] += sample_weight[s] * y[s, o]
        if criterion == ABSOLUTE_ERROR:
            _y_sorted_rows(row, start, end, y, y_sorted_rows)
        f, thr, to_left, n_left, proxy = best_split(
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
            weight,
            counts_total,
            counts_left,
            sum_total,
            sum_left,
            in_left,
            y_sorted_rows,
            rng_state,
        )
        if f < 0 or proxy == -np.inf:
            is_leaf = True
        else:
            # partition now: with missing values on the left, the left child
            # is not a prefix of order[f]; a leaf's own order does not matter
            pos = start + partition(
                order,
                values,
                start,
                end,
                f,
                thr,
                to_left,
                goes_left,
                buffer_index,
                buffer_value,
            )
            row_f = order[0]
            weight_left, impurity_left = range_stats(
                row_f, start, pos, y, y_class, sample_weight, criterion, child_value
            )
            weight_right, impurity_right = range_stats(
                row_f, pos, end, y, y_class, sample_weight, criterion, child_value
            )
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
