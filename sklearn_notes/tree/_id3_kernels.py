"""Numba kernels of ID3 (notes 5.5, eq. 5.28-5.31): information gain of a
multiway split on a categorical feature, and prediction by walking the tree."""

import numpy as np

from sklearn_notes._numba import njit


@njit
def _entropy(counts, total):
    """H = -sum_k p_k log2 p_k of a class-count vector (eq. 5.28)."""
    h = 0.0
    for k in range(counts.shape[0]):
        if counts[k] > 0:
            p = counts[k] / total
            h -= p * np.log2(p)
    return h


@njit
def information_gains(codes, y, samples, n_categories, n_classes, gains):
    """Information gain of splitting ``samples`` on every feature.

    Parameters
    ----------
    codes : int64 ndarray (n_samples, n_features), IN
        Category index of each value.
    y : int64 ndarray (n_samples,), IN
        Class index.
    samples : int64 ndarray (m,), IN
        The node's rows.
    n_categories : int64 ndarray (n_features,), IN
    n_classes : int
    gains : float64 ndarray (n_features,), OUT
        ``G(x, S) = H(S) - sum_v m_v / m H(S_v)`` (eq. 5.29-5.30).

    Returns
    -------
    parent_entropy : float
        H(S).
    """
    m = samples.shape[0]
    parent = np.zeros(n_classes)
    for i in range(m):
        parent[y[samples[i]]] += 1.0
    h_parent = _entropy(parent, m)
    for f in range(codes.shape[1]):
        table = np.zeros((n_categories[f], n_classes))
        sizes = np.zeros(n_categories[f])
        for i in range(m):
            s = samples[i]
            table[codes[s, f], y[s]] += 1.0
            sizes[codes[s, f]] += 1.0
        h_children = 0.0
        for v in range(n_categories[f]):
            if sizes[v] > 0:
                h_children += sizes[v] / m * _entropy(table[v], sizes[v])
        gains[f] = h_parent - h_children
    return h_parent


@njit
def id3_leaf_of(codes, feature, child_start, child_table):
    """Node each row stops at: its leaf, or the internal node whose feature
    has a category never seen there during training (code -1 or no child)."""
    n = codes.shape[0]
    out = np.empty(n, dtype=np.int64)
    for i in range(n):
        node = 0
        while feature[node] >= 0:
            code = codes[i, feature[node]]
            if code < 0:
                break
            child = child_table[child_start[node] + code]
            if child < 0:
                break
            node = child
        out[i] = node
    return out
