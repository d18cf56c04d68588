"""Numba kernel of AdaBoost's default weak learner: the best Gini stump.

The features are sorted once per ``fit`` (``presort_features``); each boosting
round then only sweeps the sorted columns with the new weights, instead of
growing a tree from scratch.
"""

import numpy as np

from sklearn_notes._numba import njit


@njit
def best_stump(order, values, y, sample_weight, class_total, left_out):
    """Gini-best split ``x[f] <= t`` of weighted samples, sorted per feature.

    Parameters
    ----------
    order : int32 array (n_features, m), IN
        ``order[f]`` lists the positive-weight rows by increasing ``x[:, f]``.
    values : float32 array (n_features, m), IN
        ``values[f, i] = x[order[f, i], f]``.
    y : int64 array (n_samples,), IN
        Class codes ``0 .. K - 1``.
    sample_weight : float64 array (n_samples,), IN
        Weights (multiples of a common lattice unit, so the class sums below
        are exact whatever the summation order).
    class_total : float64 array (K,), IN
        Total weight of each class over the ``m`` rows.
    left_out : float64 array (K,), OUT
        Class weights left of the best split.

    Returns
    -------
    feature, threshold, n_left : int, float, int
        ``feature = -1`` when every feature is constant.  The proxy
        ``sum_k L_k^2 / W_L + sum_k R_k^2 / W_R`` (larger is better, the
        weighted Gini impurity of the children is ``W - proxy``) is computed
        from the class sums at each boundary; ties go to the lowest feature,
        then the lowest threshold.
    """
    n_features, m = order.shape
    n_classes = class_total.shape[0]
    weight_total = 0.0
    for k in range(n_classes):
        weight_total += class_total[k]
    left = np.empty(n_classes)
    best_proxy = -np.inf
    best_feature = -1
    best_threshold = 0.0
    best_n_left = 0
    for f in range(n_features):
        for k in range(n_classes):
            left[k] = 0.0
        weight_left = 0.0
        for i in range(m - 1):
            row = order[f, i]
            w = sample_weight[row]
            left[y[row]] += w
            weight_left += w
            x_here = values[f, i]
            x_next = values[f, i + 1]
            if x_next <= x_here:  # no threshold between equal values
                continue
            weight_right = weight_total - weight_left
            sq_left = 0.0
            sq_right = 0.0
            for k in range(n_classes):
                sq_left += left[k] * left[k]
                right = class_total[k] - left[k]
                sq_right += right * right
            proxy = sq_left / weight_left + sq_right / weight_right
            if proxy > best_proxy:
                best_proxy = proxy
                best_feature = f
                # midpoint as scikit-learn; if it rounds up to x_next, x_here
                threshold = x_here / 2.0 + x_next / 2.0
                if threshold >= x_next:
                    threshold = x_here
                best_threshold = threshold
                best_n_left = i + 1
                for k in range(n_classes):
                    left_out[k] = left[k]
    return best_feature, best_threshold, best_n_left
