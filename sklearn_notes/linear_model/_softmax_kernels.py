"""Numba kernels of the logistic and softmax models (notes 4.3, 4.4, 8.2).

Parameter layout shared by every kernel: ``coef`` has one row per output
(``n_outputs = 1`` for the binary logistic model, ``n_classes`` for softmax)
and ``n_features + 1`` columns, the last column being the intercept, which is
read only when ``fit_intercept`` is true.  Sums over samples are *weighted
sums*; the Python drivers divide by the total weight and add the penalty.

Each loss/gradient kernel is one pass over the rows: the scores of a row, its
loss and its contribution to the gradient are computed while the row is in
cache, instead of the two GEMMs and the intermediate ``(n_samples,
n_classes)`` arrays of the textbook formulation.  ``rows`` (int64) selects the
samples to visit, so the same kernel serves the full-batch solvers
(``rows = arange(n)``) and the mini-batch ones (a slice of a permutation).

Every kernel reads its inputs only (they may be read-only memmaps) and writes
only its OUT arguments.
"""

import numpy as np

from .._numba import njit

# Codes of the mini-batch update rules of :func:`minibatch_epoch`.
SGD, MOMENTUM, NESTEROV, RMSPROP, ADAM = 0, 1, 2, 3, 4


@njit
def _log1p_exp(z):
    """``log(1 + exp(z))`` without overflow (softplus)."""
    if z > 0.0:
        return z + np.log1p(np.exp(-z))
    return np.log1p(np.exp(z))


@njit
def _sigmoid(z):
    """``1 / (1 + exp(-z))`` without overflow (eq. 4.11)."""
    if z >= 0.0:
        return 1.0 / (1.0 + np.exp(-z))
    e = np.exp(z)
    return e / (1.0 + e)


@njit
def softmax_loss_gradient(X, Y, sample_weight, rows, coef, fit_intercept, grad):
    """Weighted cross-entropy of the softmax model and its gradient, one pass.

    For each visited row ``i``: scores ``z = W x_i + b`` (eq. 4.24), stable
    log-normaliser ``c + log sum_k exp(z_k - c)`` with ``c = max z`` (eq.
    4.27), loss ``-sum_k y_ik log a_ik`` (eq. 4.28 for one sample) and
    gradient ``x_i (a_i - y_i)^T`` (eq. 4.29), both times ``s_i``.  Rows of
    ``Y`` may be soft targets; a row summing to ``m`` has gradient
    ``m a_i - y_i``.

    Parameters
    ----------
    X : (n_samples, n_features) float array, IN.
    Y : (n_samples, n_classes) float64 array, IN; one-hot or soft targets.
    sample_weight : (n_samples,) float64 array, IN.
    rows : (n_rows,) int64 array, IN; the samples to visit.
    coef : (n_classes, n_features + 1) float64 array, IN.
    fit_intercept : bool, IN.
    grad : (n_classes, n_features + 1) float64 array, OUT; weighted sum of
        the per-sample gradients (intercept column zero if not fitted).

    Returns
    -------
    loss : float
        Weighted sum of the per-sample cross-entropies.
    """
    n_classes = coef.shape[0]
    n_features = X.shape[1]
    scores = np.empty(n_classes)
    grad[:, :] = 0.0
    loss = 0.0
    for r in range(rows.shape[0]):
        i = rows[r]
        weight = sample_weight[i]
        if weight == 0.0:
            continue
        for k in range(n_classes):
            s = coef[k, n_features] if fit_intercept else 0.0
            for j in range(n_features):
                s += X[i, j] * coef[k, j]
            scores[k] = s
        largest = scores[0]
        for k in range(1, n_classes):
            largest = max(largest, scores[k])
        target_mass = 0.0
        target_score = 0.0
        for k in range(n_classes):
            target_mass += Y[i, k]
            target_score += Y[i, k] * scores[k]
        # exp once per class: scores[k] becomes exp(z_k - max z) (eq. 4.27).
        sum_exp = 0.0
        for k in range(n_classes):
            scores[k] = np.exp(scores[k] - largest)
            sum_exp += scores[k]
        loss += weight * (target_mass * (largest + np.log(sum_exp)) - target_score)
        scale = weight * target_mass / sum_exp
        for k in range(n_classes):
            g = scale * scores[k] - weight * Y[i, k]
            for j in range(n_features):
                grad[k, j] += g * X[i, j]
            if fit_intercept:
                grad[k, n_features] += g
    return loss


@njit
def softmax_hessian_product(
    X, sample_weight, rows, coef, fit_intercept, direction, out
):
    """Hessian of the weighted softmax cross-entropy times a direction.

    Per row: ``a = softmax(z)``, ``u = V x + v0`` and the product's score part
    ``h_k = s_i a_k (u_k - a . u)``; ``out += h x^T`` (targets summing to 1).

    Parameters
    ----------
    X, sample_weight, rows, coef, fit_intercept : as :func:`softmax_loss_gradient`.
    direction : (n_classes, n_features + 1) float64 array, IN.
    out : (n_classes, n_features + 1) float64 array, OUT.
    """
    n_classes = coef.shape[0]
    n_features = X.shape[1]
    prob = np.empty(n_classes)
    along = np.empty(n_classes)
    out[:, :] = 0.0
    for r in range(rows.shape[0]):
        i = rows[r]
        weight = sample_weight[i]
        if weight == 0.0:
            continue
        for k in range(n_classes):
            s = coef[k, n_features] if fit_intercept else 0.0
            u = direction[k, n_features] if fit_intercept else 0.0
            for j in range(n_features):
                s += X[i, j] * coef[k, j]
                u += X[i, j] * direction[k, j]
            prob[k] = s
            along[k] = u
        largest = prob[0]
        for k in range(1, n_classes):
            largest = max(largest, prob[k])
        total = 0.0
        for k in range(n_classes):
            prob[k] = np.exp(prob[k] - largest)
            total += prob[k]
        mean_along = 0.0
        for k in range(n_classes):
            prob[k] /= total
            mean_along += prob[k] * along[k]
        for k in range(n_classes):
            h = weight * prob[k] * (along[k] - mean_along)
            for j in range(n_features):
                out[k, j] += h * X[i, j]
            if fit_intercept:
                out[k, n_features] += h


@njit
def binary_loss_gradient(X, y, sample_weight, coef, fit_intercept, grad):
    """Weighted binary cross-entropy (eq. 4.19) and its gradient, one pass.

    ``z = w . x + b``, loss ``log(1 + e^z) - y z`` (= eq. 4.19 with
    ``sigma(z)``, written without overflow) and gradient ``(sigma(z) - y) x``
    (eq. 4.22), both times the sample weight.

    Parameters
    ----------
    X : (n_samples, n_features) float array, IN.
    y : (n_samples,) float64 array of 0/1, IN.
    sample_weight : (n_samples,) float64 array, IN.
    coef : (n_features + 1,) float64 array, IN.
    fit_intercept : bool, IN.
    grad : (n_features + 1,) float64 array, OUT.

    Returns
    -------
    loss : float
    """
    n_features = X.shape[1]
    grad[:] = 0.0
    loss = 0.0
    for i in range(X.shape[0]):
        weight = sample_weight[i]
        if weight == 0.0:
            continue
        z = coef[n_features] if fit_intercept else 0.0
        for j in range(n_features):
            z += X[i, j] * coef[j]
        loss += weight * (_log1p_exp(z) - y[i] * z)
        g = weight * (_sigmoid(z) - y[i])
        for j in range(n_features):
            grad[j] += g * X[i, j]
        if fit_intercept:
            grad[n_features] += g
    return loss


@njit
def binary_hessian_product(X, sample_weight, coef, fit_intercept, direction, out):
    """Hessian of the weighted binary cross-entropy times a direction.

    ``H v = sum_i s_i sigma_i (1 - sigma_i) (x_i . v) x_i`` (from eq. 4.13).

    Parameters
    ----------
    X, sample_weight, coef, fit_intercept : as :func:`binary_loss_gradient`.
    direction : (n_features + 1,) float64 array, IN.
    out : (n_features + 1,) float64 array, OUT.
    """
    n_features = X.shape[1]
    out[:] = 0.0
    for i in range(X.shape[0]):
        weight = sample_weight[i]
        if weight == 0.0:
            continue
        z = coef[n_features] if fit_intercept else 0.0
        u = direction[n_features] if fit_intercept else 0.0
        for j in range(n_features):
            z += X[i, j] * coef[j]
            u += X[i, j] * direction[j]
        p = _sigmoid(z)
        h = weight * p * (1.0 - p) * u
        for j in range(n_features):
            out[j] += h * X[i, j]
        if fit_intercept:
            out[n_features] += h


@njit
def linear_scores(X, coef, fit_intercept, out):
    """``out = X W^T + b``: the decision function.

    Parameters
    ----------
    X : (n_samples, n_features) float array, IN.
    coef : (n_outputs, n_features + 1) float64 array, IN.
    fit_intercept : bool, IN.
    out : (n_samples, n_outputs) float64 array, OUT.
    """
    n_outputs = coef.shape[0]
    n_features = X.shape[1]
    for i in range(X.shape[0]):
        for k in range(n_outputs):
            s = coef[k, n_features] if fit_intercept else 0.0
            for j in range(n_features):
                s += X[i, j] * coef[k, j]
            out[i, k] = s


@njit
def softmax_rows(scores, out):
    """Row-wise stable softmax (eq. 4.27): ``out_ik = exp(z_ik - c_i) / sum``.

    Parameters
    ----------
    scores : (n_samples, n_classes) float64 array, IN.
    out : (n_samples, n_classes) float64 array, OUT (may be ``scores``).
    """
    n_classes = scores.shape[1]
    for i in range(scores.shape[0]):
        largest = scores[i, 0]
        for k in range(1, n_classes):
            largest = max(largest, scores[i, k])
        total = 0.0
        for k in range(n_classes):
            e = np.exp(scores[i, k] - largest)
            out[i, k] = e
            total += e
        for k in range(n_classes):
            out[i, k] /= total


@njit
def minibatch_epoch(
    X,
    Y,
    sample_weight,
    order,
    coef,
    fit_intercept,
    rule,
    learning_rate,
    beta1,
    beta2,
    epsilon,
    alpha,
    batch_size,
    step,
    velocity,
    second_moment,
    point,
    grad,
):
    """One epoch of mini-batch gradient descent on the softmax model (8.2).

    For each batch ``B`` of ``order``: ``g = sum_B s_i grad_i / sum_B s_i +
    alpha W`` (the gradient of :func:`softmax_loss_gradient`, made a weighted
    mean, plus the L2 term; the intercept is not penalised), then one update:

    * ``SGD`` (eq. 8.11): ``W -= eta g``;
    * ``MOMENTUM`` (classical, eq. 8.13 up to ``eta (1 - beta)``):
      ``v = beta1 v - eta g``; ``W += v``;
    * ``NESTEROV`` (eq. 8.14): ``g`` taken at ``W + beta1 v``, then as momentum;
    * ``RMSPROP`` (eq. 8.15): ``s = beta2 s + (1 - beta2) g^2``;
      ``W -= eta g / (sqrt(s) + eps)``;
    * ``ADAM`` (eq. 8.16): ``v = beta1 v + (1 - beta1) g``, ``s`` as RMSprop,
      bias-corrected ``v / (1 - beta1^t)``, ``s / (1 - beta2^t)``;
      ``W -= eta v_hat / (sqrt(s_hat) + eps)``.

    Parameters
    ----------
    X, Y, sample_weight, fit_intercept : as :func:`softmax_loss_gradient`.
    order : (n_samples,) int64 array, IN; the (shuffled) row order.
    coef : (n_classes, n_features + 1) float64 array, IN/OUT.
    rule : int, IN; one of ``SGD, MOMENTUM, NESTEROV, RMSPROP, ADAM``.
    learning_rate, beta1, beta2, epsilon, alpha : float, IN.
    batch_size : int, IN.
    step : int, IN; updates made before this epoch (Adam's ``t``).
    velocity, second_moment : like ``coef``, IN/OUT; optimiser state.
    point, grad : like ``coef``, OUT; work buffers.

    Returns
    -------
    loss_sum : float
        Weighted sum of the per-sample losses met during the epoch.
    step : int
        Updates made so far.
    """
    n_samples = order.shape[0]
    n_classes, n_params = coef.shape
    n_features = n_params - 1
    loss_sum = 0.0
    for start in range(0, n_samples, batch_size):
        stop = min(start + batch_size, n_samples)
        rows = order[start:stop]
        batch_weight = 0.0
        for r in range(rows.shape[0]):
            batch_weight += sample_weight[rows[r]]
        if batch_weight == 0.0:
            continue
        if rule == NESTEROV:
            for k in range(n_classes):
                for j in range(n_params):
                    point[k, j] = coef[k, j] + beta1 * velocity[k, j]
            loss_sum += softmax_loss_gradient(
                X, Y, sample_weight, rows, point, fit_intercept, grad
            )
        else:
            loss_sum += softmax_loss_gradient(
                X, Y, sample_weight, rows, coef, fit_intercept, grad
            )
        gradient_at = point if rule == NESTEROV else coef
        step += 1
        correction1 = 1.0 - beta1**step
        correction2 = 1.0 - beta2**step
        for k in range(n_classes):
            for j in range(n_params):
                g = grad[k, j] / batch_weight
                if j < n_features:
                    g += alpha * gradient_at[k, j]
                if rule == SGD:
                    coef[k, j] -= learning_rate * g
                elif rule == MOMENTUM or rule == NESTEROV:
                    velocity[k, j] = beta1 * velocity[k, j] - learning_rate * g
                    coef[k, j] += velocity[k, j]
                elif rule == RMSPROP:
                    second_moment[k, j] = (
                        beta2 * second_moment[k, j] + (1.0 - beta2) * g * g
                    )
                    coef[k, j] -= (
                        learning_rate * g / (np.sqrt(second_moment[k, j]) + epsilon)
                    )
                else:
                    velocity[k, j] = beta1 * velocity[k, j] + (1.0 - beta1) * g
                    second_moment[k, j] = (
                        beta2 * second_moment[k, j] + (1.0 - beta2) * g * g
                    )
                    v_hat = velocity[k, j] / correction1
                    s_hat = second_moment[k, j] / correction2
                    coef[k, j] -= learning_rate * v_hat / (np.sqrt(s_hat) + epsilon)
    return loss_sum, step
