"""Numba kernels of gradient boosting (notes 5.3.2): a histogram tree learner.

Every feature is binned once per fit (at most 255 quantile bins, ``uint8``
codes, stored row-major: a sample's codes share a cache line).  A regression
tree on the negative gradient is then grown from per-node histograms of
(sum of w * g, sum of w, count) per bin: the best split of a node is one
left-to-right scan of each feature's histogram, and the larger child's
histogram is the parent's minus the smaller child's (only the smaller child
is ever counted).  Split thresholds
are bin edges, so the fitted trees predict on the raw features exactly.

Samples with ``binned[i, f] <= b`` go left; bin ``b`` of feature ``f``
holds ``edges[f, b - 1] < x <= edges[f, b]``, so the split is
``x <= edges[f, b]``.

All kernels read their inputs only and write into the OUT arrays named in
their docstrings (or return new arrays).
"""

import numpy as np

from .._numba import njit

__all__ = [
    "apply_binned",
    "bin_features",
    "build_histogram",
    "find_best_split",
    "grow_tree",
    "leaf_newton_step",
    "leaf_percentile",
    "predict_stages",
    "random_sample_mask",
    "weighted_percentile",
]

TREE_LEAF = -1
_EPSILON = np.finfo(np.float64).eps
_TIE_TOLERANCE = 1e-10


@njit
def bin_features(X, edges, n_edges, binned):
    """Bin code of every value: the number of edges strictly below it.

    X : (n, p) float32, IN.  edges : (p, max_bins - 1) float64, IN (row ``f``
    sorted, first ``n_edges[f]`` used).  binned : (n, p) uint8, OUT.
    """
    n, p = X.shape
    for f in range(p):
        m = n_edges[f]
        for i in range(n):
            x = np.float64(X[i, f])
            low, high = 0, m  # binary search: first edge >= x
            while low < high:
                mid = (low + high) >> 1
                if edges[f, mid] < x:
                    low = mid + 1
                else:
                    high = mid
            binned[i, f] = low


@njit
def build_histogram(binned, samples, start, end, gradient, weight, unit_weight, hist):
    """Histogram of the node ``samples[start:end]``.

    hist : (p, n_bins, 3) float64, OUT: per feature and bin the sums of
    ``w * g``, of ``w`` and the count.  ``gradient`` is already multiplied
    by the weight.  With ``unit_weight`` the weight sum is the count and is
    not accumulated.  Row by row: each sample's ``p`` codes are one cache
    line of the row-major ``binned``.
    """
    p = binned.shape[1]
    hist[:, :, :] = 0.0
    if unit_weight:
        for i in range(start, end):
            s = samples[i]
            g = gradient[s]
            codes = binned[s]
            for f in range(p):
                b = codes[f]
                hist[f, b, 0] += g
                hist[f, b, 2] += 1.0
        for f in range(p):
            for b in range(hist.shape[1]):
                hist[f, b, 1] = hist[f, b, 2]
    else:
        for i in range(start, end):
            s = samples[i]
            g = gradient[s]
            w = weight[s]
            codes = binned[s]
            for f in range(p):
                b = codes[f]
                hist[f, b, 0] += g
                hist[f, b, 1] += w
                hist[f, b, 2] += 1.0


@njit
def find_best_split(
    hist,
    n_bins,
    features,
    max_features,
    sum_g,
    sum_w,
    count,
    min_samples_leaf,
    min_weight_leaf,
):
    """Best split of a node from its histogram (squared-error criterion).

    Maximises the proxy ``G_L**2 / W_L + G_R**2 / W_R`` (the weighted
    variance reduction up to the constant ``G**2 / W``), over the features
    in ``features`` (IN: a random permutation when features are drawn)
    until ``max_features`` non-constant ones were scanned.  Proxies equal
    to a relative 1e-10 count as ties and keep the first candidate.

    Returns (proxy, feature, bin, G_L, W_L, count_L); feature -1 if none.
    """
    best_proxy = -np.inf
    best_feature = -1
    best_bin = -1
    best_g = 0.0
    best_w = 0.0
    best_c = 0.0
    visited = 0
    for j in range(features.shape[0]):
        if visited >= max_features:
            break
        f = features[j]
        h = hist[f]
        nb = n_bins[f]
        # constant in the node: every sample in one bin
        non_empty = 0
        for b in range(nb):
            if h[b, 2] > 0.0:
                non_empty += 1
        if non_empty < 2:
            continue
        visited += 1
        g_left = 0.0
        w_left = 0.0
        c_left = 0.0
        for b in range(nb - 1):
            g_left += h[b, 0]
            w_left += h[b, 1]
            c_left += h[b, 2]
            if h[b, 2] == 0.0:
                continue  # same partition as the previous bin
            c_right = count - c_left
            if c_left < min_samples_leaf or c_right < min_samples_leaf:
                continue
            w_right = sum_w - w_left
            if w_left < min_weight_leaf or w_right < min_weight_leaf:
                continue
            if w_left <= 0.0 or w_right <= 0.0:
                continue
            g_right = sum_g - g_left
            proxy = g_left * g_left / w_left + g_right * g_right / w_right
            # ties within rounding go to the first candidate scanned, so that
            # sums taken in another order (shuffled or repeated rows) cannot
            # flip the choice
            if best_feature < 0 or proxy > best_proxy * (1.0 + _TIE_TOLERANCE):
                best_proxy = proxy
                best_feature = f
                best_bin = b
                best_g = g_left
                best_w = w_left
                best_c = c_left
    return best_proxy, best_feature, best_bin, best_g, best_w, best_c


@njit
def _next_random(state):
    """xorshift64* step; state : (1,) uint64, IN/OUT."""
    x = state[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    state[0] = x
    return (x * np.uint64(2685821657736338717)) >> np.uint64(11)


@njit
def _shuffle(features, state):
    for i in range(features.shape[0] - 1, 0, -1):
        j = np.int64(_next_random(state) % np.uint64(i + 1))
        features[i], features[j] = features[j], features[i]


@njit
def grow_tree(
    binned,
    n_bins,
    gradient,
    weight,
    unit_weight,
    samples,
    max_depth,
    min_samples_split,
    min_samples_leaf,
    min_weight_leaf,
    max_leaf_nodes,
    min_impurity_decrease,
    max_features,
    seed,
    leaf_of_row,
):
    """Grow one least-squares regression tree on histograms.

    Parameters
    ----------
    binned : (n, p) uint8, IN.  n_bins : (p,) int64, IN.
    gradient : (n,) float64, IN: weight * negative gradient.
    weight : (n,) float64, IN.
    samples : (m,) int64, IN/OUT: the in-bag rows (positive weight); left
        partitioned by leaf.
    max_depth, max_leaf_nodes : int, -1 for no limit.  With a leaf limit the
        tree grows best first (largest impurity decrease next), otherwise
        depth first (same tree either way when there is no leaf limit).
    seed : int, the feature-sampling seed.
    leaf_of_row : (n,) int64, OUT: the leaf of each in-bag row (others
        untouched).

    Returns
    -------
    left, right, feature, bin_threshold, value, impurity, n_node_samples,
    weighted_n_node_samples (node arrays, ``value`` = mean gradient).
    """
    p = binned.shape[1]
    m = samples.shape[0]
    max_bins = 0
    for f in range(p):
        max_bins = max(max_bins, n_bins[f])
    if max_leaf_nodes > 0:
        capacity = 2 * max_leaf_nodes - 1
    else:
        capacity = 2 * m - 1
    if max_depth >= 0 and max_depth < 40:
        capacity = min(capacity, 2 ** (max_depth + 1) - 1)
    capacity = max(capacity, 1)

    left = np.full(capacity, TREE_LEAF, dtype=np.int64)
    right = np.full(capacity, TREE_LEAF, dtype=np.int64)
    feature = np.full(capacity, -2, dtype=np.int64)
    bin_threshold = np.zeros(capacity, dtype=np.int64)
    value = np.zeros(capacity)
    impurity = np.zeros(capacity)
    node_count_samples = np.zeros(capacity, dtype=np.int64)
    node_weight = np.zeros(capacity)
    # per node while it may still split
    node_start = np.zeros(capacity, dtype=np.int64)
    node_end = np.zeros(capacity, dtype=np.int64)
    node_depth = np.zeros(capacity, dtype=np.int64)
    node_sum_g = np.zeros(capacity)
    node_sum_g2 = np.zeros(capacity)  # sum of w * g**2, for the impurity
    node_slot = np.full(capacity, -1, dtype=np.int64)
    split_gain = np.zeros(capacity)
    split_feature = np.zeros(capacity, dtype=np.int64)
    split_bin = np.zeros(capacity, dtype=np.int64)
    split_left_c = np.zeros(capacity)
    frontier = np.zeros(capacity, dtype=np.int64)
    n_frontier = 0

    # histogram slots: the larger child reuses its parent's
    n_slots = 8
    pool = np.empty((n_slots, p, max_bins, 3))
    free = np.arange(n_slots - 1, -1, -1)
    n_free = n_slots

    buffer = np.empty(m, dtype=np.int64)
    features = np.arange(p)
    state = np.empty(1, dtype=np.uint64)
    state[0] = np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(1)
    shuffle = max_features < p
    total_weight = 0.0
    for i in range(m):
        total_weight += weight[samples[i]]

    # root
    n_free -= 1
    node_slot[0] = free[n_free]
    build_histogram(
        binned,
        samples,
        0,
        m,
        gradient,
        weight,
        unit_weight,
        pool[node_slot[0]],
    )
    g_sum = 0.0
    g2_sum = 0.0
    w_sum = 0.0
    for i in range(m):
        s = samples[i]
        g_sum += gradient[s]
        w_sum += weight[s]
        if weight[s] > 0.0:
            g2_sum += gradient[s] * gradient[s] / weight[s]
    node_start[0] = 0
    node_end[0] = m
    node_sum_g[0] = g_sum
    node_sum_g2[0] = g2_sum
    node_weight[0] = w_sum
    node_count_samples[0] = m
    node_count = 1
    n_leaves = 1

    new_nodes = np.zeros(2, dtype=np.int64)
    n_new = 1
    new_nodes[0] = 0
    while True:
        # evaluate the nodes just created: split candidates or leaves
        for q in range(n_new):
            node = new_nodes[q]
            w = node_weight[node]
            c = node_count_samples[node]
            mean = node_sum_g[node] / w
            value[node] = mean
            imp = node_sum_g2[node] / w - mean * mean
            imp = max(imp, 0.0)
            impurity[node] = imp
            splittable = (
                (max_depth < 0 or node_depth[node] < max_depth)
                and c >= min_samples_split
                and c >= 2 * min_samples_leaf
                and w >= 2.0 * min_weight_leaf
                and imp > _EPSILON
            )
            found = False
            if splittable:
                if shuffle:
                    _shuffle(features, state)
                proxy, f, b, gl, wl, cl = find_best_split(
                    pool[node_slot[node]],
                    n_bins,
                    features,
                    max_features,
                    node_sum_g[node],
                    w,
                    np.float64(c),
                    np.float64(min_samples_leaf),
                    min_weight_leaf,
                )
                if f >= 0:
                    improvement = (proxy - node_sum_g[node] ** 2 / w) / total_weight
                    if improvement + _EPSILON >= min_impurity_decrease:
                        found = True
                        split_gain[node] = improvement
                        split_feature[node] = f
                        split_bin[node] = b
                        split_left_c[node] = cl
            if found:
                frontier[n_frontier] = node
                n_frontier += 1
            else:
                free[n_free] = node_slot[node]
                n_free += 1
                node_slot[node] = -1

        if n_frontier == 0:
            break
        if max_leaf_nodes > 0 and n_leaves >= max_leaf_nodes:
            break
        # pick the next node to split
        pick = n_frontier - 1
        if max_leaf_nodes > 0:
            for j in range(n_frontier):
                if split_gain[frontier[j]] > split_gain[frontier[pick]]:
                    pick = j
        node = frontier[pick]
        frontier[pick] = frontier[n_frontier - 1]
        n_frontier -= 1

        # partition samples[start:end]: left block then right block (stable)
        f = split_feature[node]
        b = split_bin[node]
        start = node_start[node]
        end = node_end[node]
        n_left = 0
        n_right = 0
        for i in range(start, end):
            s = samples[i]
            if binned[s, f] <= b:
                samples[start + n_left] = s
                n_left += 1
            else:
                buffer[n_right] = s
                n_right += 1
        for i in range(n_right):
            samples[start + n_left + i] = buffer[i]

        left_node = node_count
        right_node = node_count + 1
        node_count += 2
        n_leaves += 1
        left[node] = left_node
        right[node] = right_node
        feature[node] = f
        bin_threshold[node] = b
        node_start[left_node] = start
        node_end[left_node] = start + n_left
        node_start[right_node] = start + n_left
        node_end[right_node] = end
        for child in (left_node, right_node):
            node_depth[child] = node_depth[node] + 1
            node_count_samples[child] = node_end[child] - node_start[child]

        # the smaller child is counted, the larger one is parent - smaller
        if n_left <= n_right:
            small, large = left_node, right_node
        else:
            small, large = right_node, left_node
        if n_free == 0:
            grown = np.empty((2 * n_slots, p, max_bins, 3))
            grown[:n_slots] = pool
            pool = grown
            free = np.empty(2 * n_slots, dtype=np.int64)
            for j in range(n_slots):
                free[j] = n_slots + j
            n_free = n_slots
            n_slots *= 2
        n_free -= 1
        node_slot[small] = free[n_free]
        node_slot[large] = node_slot[node]
        node_slot[node] = -1
        small_hist = pool[node_slot[small]]
        build_histogram(
            binned,
            samples,
            node_start[small],
            node_end[small],
            gradient,
            weight,
            unit_weight,
            small_hist,
        )
        large_hist = pool[node_slot[large]]
        large_hist -= small_hist
        g_sum = 0.0
        g2_sum = 0.0
        w_sum = 0.0
        for i in range(node_start[small], node_end[small]):
            s = samples[i]
            g_sum += gradient[s]
            w_sum += weight[s]
            if weight[s] > 0.0:
                g2_sum += gradient[s] * gradient[s] / weight[s]
        node_sum_g[small] = g_sum
        node_sum_g2[small] = g2_sum
        node_weight[small] = w_sum
        node_sum_g[large] = node_sum_g[node] - g_sum
        node_sum_g2[large] = node_sum_g2[node] - g2_sum
        node_weight[large] = node_weight[node] - w_sum
        if unit_weight:  # exact counts, no cancellation
            node_weight[large] = np.float64(node_count_samples[large])
        new_nodes[0] = left_node
        new_nodes[1] = right_node
        n_new = 2

    for node in range(node_count):
        if left[node] == TREE_LEAF:
            for i in range(node_start[node], node_end[node]):
                leaf_of_row[samples[i]] = node
    return (
        left[:node_count].copy(),
        right[:node_count].copy(),
        feature[:node_count].copy(),
        bin_threshold[:node_count].copy(),
        value[:node_count].copy(),
        impurity[:node_count].copy(),
        node_count_samples[:node_count].copy(),
        node_weight[:node_count].copy(),
    )


@njit
def apply_binned(binned, rows, left, right, feature, bin_threshold, out):
    """Leaf of the binned training ``rows``; out : (n,) int64, OUT at ``rows``."""
    for j in range(rows.shape[0]):
        i = rows[j]
        node = 0
        while left[node] != TREE_LEAF:
            if binned[i, feature[node]] <= bin_threshold[node]:
                node = left[node]
            else:
                node = right[node]
        out[i] = node


@njit
def leaf_newton_step(leaf, inbag, weight, numerator, denominator, n_nodes):
    """Per leaf ``sum(w * numerator) / sum(w * denominator)`` over in-bag rows
    (0 where the denominator is below 1e-150, as scikit-learn's safe divide).
    """
    num = np.zeros(n_nodes)
    den = np.zeros(n_nodes)
    for i in range(leaf.shape[0]):
        if inbag[i]:
            num[leaf[i]] += weight[i] * numerator[i]
            den[leaf[i]] += weight[i] * denominator[i]
    out = np.zeros(n_nodes)
    for j in range(n_nodes):
        if abs(den[j]) >= 1e-150:
            out[j] = num[j] / den[j]
    return out


@njit
def weighted_percentile(values, weights, rank):
    """Inverted-CDF weighted percentile (``rank`` in [0, 1])."""
    order = np.argsort(values, kind="mergesort")
    total = 0.0
    for i in range(values.shape[0]):
        total += weights[i]
    target = rank * total
    if target == 0.0:
        target = np.nextafter(0.0, 1.0)
    cumulative = 0.0
    for j in range(order.shape[0]):
        cumulative += weights[order[j]]
        if cumulative >= target:
            return values[order[j]]
    return values[order[order.shape[0] - 1]]


@njit
def leaf_percentile(leaf, inbag, weight, residual, rank, huber_delta, n_nodes):
    """Per leaf line search of the absolute, quantile and Huber losses.

    The weighted ``rank``-percentile of the residuals ``y - F`` of the leaf's
    in-bag rows; with ``huber_delta >= 0`` plus Friedman's Huber step, the
    weighted mean of ``sign(r - median) * min(delta, |r - median|)``.
    """
    counts = np.zeros(n_nodes + 1, dtype=np.int64)
    for i in range(leaf.shape[0]):
        if inbag[i]:
            counts[leaf[i] + 1] += 1
    for j in range(n_nodes):
        counts[j + 1] += counts[j]
    rows = np.empty(counts[n_nodes], dtype=np.int64)
    fill = counts[:n_nodes].copy()
    for i in range(leaf.shape[0]):
        if inbag[i]:
            rows[fill[leaf[i]]] = i
            fill[leaf[i]] += 1
    out = np.zeros(n_nodes)
    for j in range(n_nodes):
        size = counts[j + 1] - counts[j]
        if size == 0:
            continue
        r = np.empty(size)
        w = np.empty(size)
        for t in range(size):
            r[t] = residual[rows[counts[j] + t]]
            w[t] = weight[rows[counts[j] + t]]
        centre = weighted_percentile(r, w, rank)
        if huber_delta >= 0.0:
            step = 0.0
            total = 0.0
            for t in range(size):
                diff = r[t] - centre
                clipped = min(huber_delta, abs(diff))
                step += w[t] * (
                    clipped if diff > 0 else (-clipped if diff < 0 else 0.0)
                )
                total += w[t]
            centre += step / total
        out[j] = centre
    return out


@njit
def random_sample_mask(uniform, n_inbag, mask):
    """Exactly ``n_inbag`` rows drawn without replacement (scikit-learn's
    sequential rule, so the same random numbers give the same mask).

    uniform : (n,) float64, IN.  mask : (n,) bool, OUT.
    """
    n = uniform.shape[0]
    n_bagged = 0
    for i in range(n):
        if uniform[i] * (n - i) < (n_inbag - n_bagged):
            mask[i] = True
            n_bagged += 1
        else:
            mask[i] = False


@njit
def predict_stages(
    X,
    left,
    right,
    feature,
    threshold,
    value,
    roots,
    first_stage,
    last_stage,
    n_trees_per_stage,
    learning_rate,
    raw,
):
    """Add ``learning_rate * tree(x)`` of stages [first, last) to ``raw``.

    Node arrays of all trees concatenated, children as absolute indices,
    ``roots[t]`` the root of tree ``t = stage * K + k``.
    X : (n, p) float32, IN.  raw : (n, K) float64, IN/OUT.
    """
    n = X.shape[0]
    for i in range(n):
        for stage in range(first_stage, last_stage):
            for k in range(n_trees_per_stage):
                node = roots[stage * n_trees_per_stage + k]
                while left[node] != TREE_LEAF:
                    if X[i, feature[node]] <= threshold[node]:
                        node = left[node]
                    else:
                        node = right[node]
                raw[i, k] += learning_rate * value[node]
