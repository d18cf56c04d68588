"""Python drivers: the penalised cross-entropy objectives and their solvers.

Shared by :class:`~sklearn_notes.linear_model.LogisticRegression` and
:class:`~sklearn_notes.linear_model.SoftmaxRegression`.  The objective is
scikit-learn's (``LinearModelLoss``)::

    J(W) = sum_i s_i CE_i(W) / sum_i s_i + (l2 / 2) ||W||_F^2

with the intercept not penalised; ``l2 = 1 / (C sum_i s_i)`` for
LogisticRegression, ``alpha`` for SoftmaxRegression.  Parameters are a flat
vector, the C-order ravel of a ``(n_outputs, n_features + 1)`` array whose
last column is the intercept.
"""

import warnings

import numpy as np
from scipy import linalg, optimize
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.optimize import _check_optimize_result, _newton_cg

from ._softmax_kernels import (
    binary_hessian_product,
    binary_loss_gradient,
    linear_scores,
    softmax_hessian_product,
    softmax_loss_gradient,
    softmax_rows,
)

__all__ = [
    "CrossEntropyObjective",
    "minimize_lbfgs",
    "minimize_newton_cg",
    "minimize_newton_cholesky",
]

CONVERGENCE_HINT = (
    "Increase the number of iterations (max_iter) or scale the data as shown "
    "in https://scikit-learn.org/stable/modules/preprocessing.html"
)


class CrossEntropyObjective:
    """Loss, gradient, Hessian products and Hessian of ``J(W)`` above.

    Parameters
    ----------
    X : (n_samples, n_features) float array, C-contiguous.
    targets : (n_samples,) 0/1 float64 array if ``binary``, else
        ``(n_samples, n_classes)`` float64 array of (soft) targets.
    sample_weight : (n_samples,) float64 array.
    l2 : float
        Strength of the L2 term.
    fit_intercept : bool
    binary : bool
        One sigmoid output (notes 4.3) instead of a softmax (notes 4.4).
    """

    def __init__(self, X, targets, sample_weight, l2, fit_intercept, binary):
        self.X = X
        self.targets = targets
        self.sample_weight = sample_weight
        self.weight_sum = float(sample_weight.sum())
        self.l2 = float(l2)
        self.fit_intercept = bool(fit_intercept)
        self.binary = binary
        self.n_outputs = 1 if binary else targets.shape[1]
        self.shape = (self.n_outputs, X.shape[1] + 1)
        self.rows = np.arange(X.shape[0], dtype=np.int64)
        self._grad = np.empty(self.shape)
        # The L2 term covers the weights, not the intercept column.
        self._penalised = np.ones(self.shape)
        self._penalised[:, -1] = 0.0

    def _penalty(self, coef):
        weights = coef[:, :-1]
        return 0.5 * self.l2 * float(np.vdot(weights, weights))

    def loss_gradient(self, w):
        """``(J(w), grad J(w))``: one fused kernel pass over the data."""
        coef = w.reshape(self.shape)
        grad = self._grad
        if self.binary:
            loss = binary_loss_gradient(
                self.X,
                self.targets,
                self.sample_weight,
                coef[0],
                self.fit_intercept,
                grad[0],
            )
        else:
            loss = softmax_loss_gradient(
                self.X,
                self.targets,
                self.sample_weight,
                self.rows,
                coef,
                self.fit_intercept,
                grad,
            )
        loss = loss / self.weight_sum + self._penalty(coef)
        gradient = grad / self.weight_sum + self.l2 * self._penalised * coef
        return loss, gradient.ravel()

    def loss(self, w):
        return self.loss_gradient(w)[0]

    def gradient(self, w):
        return self.loss_gradient(w)[1]

    def hessian_product(self, w, direction):
        """``H(w) @ direction`` without forming ``H`` (one kernel pass)."""
        coef = w.reshape(self.shape)
        direction = np.ascontiguousarray(direction, dtype=np.float64).reshape(
            self.shape
        )
        out = np.empty(self.shape)
        if self.binary:
            binary_hessian_product(
                self.X,
                self.sample_weight,
                coef[0],
                self.fit_intercept,
                direction[0],
                out[0],
            )
        else:
            softmax_hessian_product(
                self.X,
                self.sample_weight,
                self.rows,
                coef,
                self.fit_intercept,
                direction,
                out,
            )
        out = out / self.weight_sum + self.l2 * self._penalised * direction
        if not self.fit_intercept:
            out[:, -1] = direction[:, -1]  # keep H invertible on the unused column
        return out.ravel()

    def gradient_hessian_product(self, w):
        """``(grad J(w), v -> H(w) v)``, the interface of sklearn's ``_newton_cg``."""
        return self.gradient(w), lambda direction: self.hessian_product(w, direction)

    def hessian(self, w):
        """The full Hessian (for Newton-Cholesky), blocks ``X^T D_kl X``."""
        coef = w.reshape(self.shape)
        n_features = self.X.shape[1]
        scores = np.empty((self.X.shape[0], self.n_outputs))
        linear_scores(self.X, coef, self.fit_intercept, scores)
        X1 = np.hstack([self.X, np.ones((self.X.shape[0], 1), dtype=self.X.dtype)])
        sw = self.sample_weight / self.weight_sum
        size = self.n_outputs * (n_features + 1)
        hessian = np.empty((size, size))
        if self.binary:
            p = 0.5 * (1.0 + np.tanh(0.5 * scores[:, 0]))  # sigmoid without overflow
            curvature = [[sw * p * (1.0 - p)]]
        else:
            prob = np.empty_like(scores)
            softmax_rows(scores, prob)
            curvature = [
                [
                    sw * prob[:, k] * ((k == m) - prob[:, m])
                    for m in range(self.n_outputs)
                ]
                for k in range(self.n_outputs)
            ]
        block = n_features + 1
        for k in range(self.n_outputs):
            for m in range(k, self.n_outputs):
                h = X1.T @ (X1 * curvature[k][m][:, None])
                hessian[k * block : (k + 1) * block, m * block : (m + 1) * block] = h
                hessian[m * block : (m + 1) * block, k * block : (k + 1) * block] = h.T
        hessian.flat[:: size + 1] += self.l2 * self._penalised.ravel()
        if not self.fit_intercept:
            for k in range(self.n_outputs):
                index = k * block + n_features
                hessian[index, :] = 0.0
                hessian[:, index] = 0.0
                hessian[index, index] = 1.0
        return hessian


def minimize_lbfgs(objective, w0, tol, max_iter, callback=None):
    """L-BFGS-B with scikit-learn's options (``gtol=tol``, ``maxls=50``).

    Returns ``(w, n_iter)``; warns ``ConvergenceWarning`` as sklearn does.
    """
    result = optimize.minimize(
        objective.loss_gradient,
        w0,
        method="L-BFGS-B",
        jac=True,
        options={
            "maxiter": max_iter,
            "maxls": 50,
            "gtol": tol,
            "ftol": 64 * np.finfo(float).eps,
        },
        callback=callback,
    )
    n_iter = _check_optimize_result("lbfgs", result, max_iter)
    return result.x, n_iter


def minimize_newton_cg(objective, w0, tol, max_iter):
    """Truncated Newton (conjugate gradients on ``H d = -g``), sklearn's loop."""
    return _newton_cg(
        grad_hess=objective.gradient_hessian_product,
        func=objective.loss,
        grad=objective.gradient,
        x0=w0,
        tol=tol,
        maxiter=max_iter,
    )


def minimize_newton_cholesky(objective, w0, tol, max_iter, callback=None):
    """Newton's method with the full Hessian, Cholesky solve and backtracking.

    Stops when ``max |grad| <= tol``.  Returns ``(w, n_iter)``.
    """
    w = np.array(w0, dtype=np.float64)
    loss, grad = objective.loss_gradient(w)
    n_iter = 0
    converged = np.max(np.abs(grad)) <= tol
    while not converged and n_iter < max_iter:
        n_iter += 1
        hessian = objective.hessian(w)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", linalg.LinAlgWarning)
                step = -linalg.solve(hessian, grad, assume_a="pos")
        except (linalg.LinAlgError, linalg.LinAlgWarning, ValueError):
            # Singular (no penalty, separable or over-parametrised softmax).
            step = -linalg.lstsq(hessian, grad)[0]
        slope = float(grad @ step)
        if slope >= 0.0:  # not a descent direction: fall back to the gradient
            step, slope = -grad, -float(grad @ grad)
        t = 1.0
        for _ in range(40):  # Armijo backtracking
            new_loss, new_grad = objective.loss_gradient(w + t * step)
            if new_loss <= loss + 1e-4 * t * slope:
                break
            t *= 0.5
        w = w + t * step
        improvement = loss - new_loss
        loss, grad = new_loss, new_grad
        if callback is not None:
            callback(w)
        converged = np.max(np.abs(grad)) <= tol or (
            0.0 <= improvement <= 64 * np.finfo(float).eps * max(abs(loss), 1.0)
        )
    if not converged:
        warnings.warn(
            f"Newton-Cholesky solver did not converge after {n_iter} iteration(s). "
            + CONVERGENCE_HINT,
            ConvergenceWarning,
        )
    return w, n_iter


def predict_scores(X, coef, fit_intercept):
    """Decision values ``X W^T + b`` via the Numba kernel, ``(n, n_outputs)``."""
    out = np.empty((X.shape[0], coef.shape[0]))
    linear_scores(X, coef, fit_intercept, out)
    return out
