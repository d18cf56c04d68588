"""Numba kernels for post-pruning (notes 5.5.2).

Minimal cost-complexity pruning as scikit-learn's ``_cost_complexity_prune``:
``R_alpha(T) = R(T) + alpha |leaves(T)|`` with ``R(t) = w_t / w_root * i(t)``;
the weakest link ``g(t) = (R(t) - R(T_t)) / (|leaves(T_t)| - 1)`` is pruned
repeatedly.
"""

import numpy as np

from sklearn_notes._numba import njit

TREE_LEAF = -1


@njit
def cost_complexity_prune(
    children_left,
    children_right,
    impurity,
    weighted_n_node_samples,
    ccp_alpha,
    find_path,
):
    """Weakest-link pruning.

    Parameters
    ----------
    children_left, children_right : int64 ndarrays (node_count,), IN
    impurity, weighted_n_node_samples : float64 ndarrays (node_count,), IN
    ccp_alpha : float
        Stop before pruning a link whose effective alpha exceeds it.
    find_path : bool
        Prune down to the root, recording every step (ignores ``ccp_alpha``).

    Returns
    -------
    leaves_in_subtree : bool ndarray (node_count,)
        The leaves of the pruned tree.
    alphas, impurities : float64 ndarrays
        Effective alphas and total leaf impurities along the path.
    """
    n_nodes = children_left.shape[0]
    total = weighted_n_node_samples[0]
    r_node = weighted_n_node_samples * impurity / total
    parent = np.full(n_nodes, -2, dtype=np.int64)
    leaves = np.zeros(n_nodes, dtype=np.bool_)
    n_leaves = np.zeros(n_nodes, dtype=np.int64)
    r_branch = np.zeros(n_nodes)
    for node in range(n_nodes):
        if children_left[node] == TREE_LEAF:
            leaves[node] = True
        else:
            parent[children_left[node]] = node
            parent[children_right[node]] = node
    for leaf in range(n_nodes):
        if not leaves[leaf]:
            continue
        r_branch[leaf] = r_node[leaf]
        node = leaf
        while node != 0:
            p = parent[node]
            r_branch[p] += r_node[leaf]
            n_leaves[p] += 1
            node = p
    candidate = ~leaves
    in_subtree = np.ones(n_nodes, dtype=np.bool_)
    alphas = np.zeros(n_nodes + 1)
    impurities = np.zeros(n_nodes + 1)
    count = 0
    alphas[0] = 0.0
    impurities[0] = r_branch[0]
    count = 1
    stack = np.empty(n_nodes, dtype=np.int64)
    while candidate[0]:
        effective_alpha = np.finfo(np.float64).max
        pruned = 0
        for i in range(n_nodes):
            if not candidate[i]:
                continue
            alpha = (r_node[i] - r_branch[i]) / (n_leaves[i] - 1)
            if alpha < effective_alpha:
                effective_alpha = alpha
                pruned = i
        if not find_path and ccp_alpha < effective_alpha:
            break
        top = 1
        stack[0] = pruned
        while top > 0:
            top -= 1
            node = stack[top]
            if not in_subtree[node]:
                continue
            candidate[node] = False
            leaves[node] = False
            in_subtree[node] = False
            if children_left[node] != TREE_LEAF:
                stack[top] = children_left[node]
                stack[top + 1] = children_right[node]
                top += 2
        leaves[pruned] = True
        in_subtree[pruned] = True
        n_pruned = n_leaves[pruned] - 1
        n_leaves[pruned] = 0
        r_diff = r_node[pruned] - r_branch[pruned]
        r_branch[pruned] = r_node[pruned]
        node = parent[pruned]
        while node != -2:
            n_leaves[node] -= n_pruned
            r_branch[node] += r_diff
            node = parent[node]
        alphas[count] = effective_alpha
        impurities[count] = r_branch[0]
        count += 1
    return leaves, alphas[:count].copy(), impurities[:count].copy()


@njit
def subtree_nodes(children_left, children_right, leaves_in_subtree):
    """Preorder list of the nodes kept when ``leaves_in_subtree`` are leaves,
    with the new children ids.

    Returns
    -------
    kept : int64 ndarray (new_count,)   old id of each new node
    new_left, new_right : int64 ndarrays (new_count,)
    """
    n_nodes = children_left.shape[0]
    new_id = np.full(n_nodes, -1, dtype=np.int64)
    kept = np.empty(n_nodes, dtype=np.int64)
    stack = np.empty(n_nodes + 1, dtype=np.int64)
    stack[0] = 0
    top = 1
    count = 0
    while top > 0:
        top -= 1
        node = stack[top]
        new_id[node] = count
        kept[count] = node
        count += 1
        if not leaves_in_subtree[node] and children_left[node] != TREE_LEAF:
            stack[top] = children_right[node]
            stack[top + 1] = children_left[node]
            top += 2
    kept = kept[:count].copy()
    new_left = np.full(count, TREE_LEAF, dtype=np.int64)
    new_right = np.full(count, TREE_LEAF, dtype=np.int64)
    for i in range(count):
        node = kept[i]
        if not leaves_in_subtree[node] and children_left[node] != TREE_LEAF:
            new_left[i] = new_id[children_left[node]]
            new_right[i] = new_id[children_right[node]]
    return kept, new_left, new_right
