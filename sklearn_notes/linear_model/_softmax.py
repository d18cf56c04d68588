"""Softmax regression (notes 4.4) trained by the solvers of notes 8.2.

:class:`SoftmaxRegression` is the multinomial model of
:class:`LogisticRegression` (one weight row per class, even for two classes),
with an ``alpha`` L2 term, soft targets for distillation (notes 5.8) and a
choice of full-batch ("lbfgs", "newton") or mini-batch first-order solvers
("sgd", "momentum", "nesterov", "rmsprop", "adam").  Every solver calls the
same fused Numba loss/gradient kernel as LogisticRegression.
"""

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_array,
    check_is_fitted,
    validate_data,
)

from ._logistic import _LinearClassifierOutputs
from ._softmax_kernels import ADAM, MOMENTUM, NESTEROV, RMSPROP, SGD, minibatch_epoch
from ._softmax_solvers import (
    CrossEntropyObjective,
    minimize_lbfgs,
    minimize_newton_cholesky,
    predict_scores,
)

__all__ = ["SoftmaxRegression"]

_RULES = {
    "sgd": SGD,
    "momentum": MOMENTUM,
    "nesterov": NESTEROV,
    "rmsprop": RMSPROP,
    "adam": ADAM,
}


class SoftmaxRegression(_LinearClassifierOutputs, ClassifierMixin, BaseEstimator):
    """Softmax (multinomial logistic) regression, notes 4.4, solvers of 8.2.

    Minimises

    .. math:: J(W) = \\frac{1}{\\sum_i s_i}\\sum_i s_i \\Bigl(-\\sum_k y_{ik}
              \\log a_{ik}\\Bigr) + \\frac{\\alpha}{2}\\|W\\|_F^2,
              \\qquad a_i = \\mathrm{softmax}(W x_i + b)

    (eq. 4.24-4.28; the intercept ``b`` is not penalised). ``y_i`` is the
    one-hot code of the label, or a row of ``soft_targets``.

    Parameters
    ----------
    solver : {"lbfgs", "newton", "sgd", "momentum", "nesterov", "rmsprop", \
"adam"}, default="lbfgs"
        "lbfgs": L-BFGS-B on the full batch (``tol`` is its gradient
        tolerance). "newton": Newton's method with the full Hessian and a
        Cholesky solve. The others: mini-batch gradient descent with the
        update rules of notes 8.2 (see Notes).
    alpha : float, default=1e-4
        L2 strength. ``alpha = 1 / (C n)`` gives LogisticRegression's
        multinomial model with inverse strength ``C`` (unit weights).
    fit_intercept : bool, default=True
    learning_rate : float, default=0.01
        Step size ``eta`` of the mini-batch solvers.
    batch_size : int, default=32
        Mini-batch size (clipped to ``n_samples``).
    beta1 : float, default=0.9
        Momentum / first-moment decay (momentum, nesterov, adam).
    beta2 : float, default=0.999
        Second-moment decay (rmsprop, adam).
    epsilon : float, default=1e-8
        Added to ``sqrt(s)`` in rmsprop and adam.
    max_iter : int, default=200
        Epochs (mini-batch solvers) or iterations (lbfgs, newton).
    tol : float, default=1e-4
        Mini-batch solvers stop when the epoch loss has not decreased by at
        least ``tol`` for ``n_iter_no_change`` consecutive epochs; lbfgs and
        newton stop when ``max |grad J| <= tol``.
    n_iter_no_change : int, default=10
    shuffle : bool, default=True
        Reshuffle the rows before each epoch (mini-batch solvers).
    random_state : int, RandomState instance or None, default=None
        Seeds the shuffling.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (n_classes, n_features)
    intercept_ : ndarray of shape (n_classes,)
    loss_curve_ : list of float
        ``J`` after each iteration (lbfgs, newton) or the mean loss met
        during each epoch plus the L2 term (mini-batch solvers).
    n_iter_ : int
        Iterations or epochs run.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Defined only when X has string column names.

    See Also
    --------
    LogisticRegression : The same model with sklearn's parametrisation.
    sklearn.neural_network.MLPClassifier : Same optimisers on a network.

    Notes
    -----
    Mini-batch gradient ``g = sum_B s_i x_i (a_i - y_i)^T / sum_B s_i +
    alpha W`` (eq. 4.29), then, with ``t`` the update count:

    * sgd (eq. 8.11): ``W <- W - eta g``
    * momentum (eq. 8.13, classical form): ``v <- beta1 v - eta g``; ``W <- W + v``
    * nesterov (eq. 8.14): as momentum with ``g`` taken at ``W + beta1 v``
    * rmsprop (eq. 8.15): ``s <- beta2 s + (1 - beta2) g^2``;
      ``W <- W - eta g / (sqrt(s) + epsilon)``
    * adam (eq. 8.16): ``v <- beta1 v + (1 - beta1) g``, ``s`` as rmsprop,
      ``W <- W - eta (v / (1 - beta1^t)) / (sqrt(s / (1 - beta2^t)) + epsilon)``

    With the mini-batch solvers sample weights are exact in each batch's
    gradient but the batches themselves depend on the row order.

    References
    ----------
    D. P. Kingma and J. Ba, "Adam: A method for stochastic optimization", 2015.
    I. Sutskever et al., "On the importance of initialization and momentum in
    deep learning", 2013.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_notes.linear_model import SoftmaxRegression
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = SoftmaxRegression(solver="adam", learning_rate=0.05, tol=1e-3,
    ...                         random_state=0).fit(X, y)
    >>> clf.predict(X[:2])
    array([0, 0])
    >>> teacher = clf.predict_proba(X)  # distillation: fit on soft targets
    >>> student = SoftmaxRegression().fit(X, soft_targets=teacher)
    >>> student.classes_
    array([0, 1, 2])
    """

    _parameter_constraints: dict = {
        "solver": [StrOptions({"lbfgs", "newton", *_RULES})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "beta1": [Interval(Real, 0, 1, closed="left")],
        "beta2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        solver="lbfgs",
        alpha=1e-4,
        fit_intercept=True,
        learning_rate=0.01,
        batch_size=32,
        beta1=0.9,
        beta2=0.999,
        epsilon=1e-8,
        max_iter=200,
        tol=1e-4,
        n_iter_no_change=10,
        shuffle=True,
        random_state=None,
    ):
        self.solver = solver
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.random_state = random_state

    def _targets(self, X, y, soft_targets):
        """``(X, Y)`` with ``Y`` the (n_samples, n_classes) target rows."""
        if soft_targets is None:
            X, y = validate_data(self, X, y, dtype=[np.float64, np.float32], order="C")
            check_classification_targets(y)
            self.classes_ = np.unique(y)
            if self.classes_.shape[0] < 2:
                raise ValueError(
                    "SoftmaxRegression needs samples of at least 2 classes in the "
                    f"data, but the data contains only one class: {self.classes_[0]!r}"
                )
            class_index = LabelEncoder().fit(self.classes_).transform(y)
            Y = np.zeros((X.shape[0], self.classes_.shape[0]))
            Y[np.arange(X.shape[0]), class_index] = 1.0
            return X, Y
        X = validate_data(self, X, dtype=[np.float64, np.float32], order="C")
        Y = check_array(
            soft_targets, dtype=np.float64, order="C", input_name="soft_targets"
        )
        if Y.shape[0] != X.shape[0]:
            raise ValueError(
                f"soft_targets has {Y.shape[0]} rows but X has {X.shape[0]} samples."
            )
        if Y.shape[1] < 2:
            raise ValueError("soft_targets needs at least 2 columns (classes).")
        if (Y < 0).any() or not np.allclose(Y.sum(axis=1), 1.0, rtol=0, atol=1e-6):
            raise ValueError(
                "soft_targets rows must be probability vectors "
                "(non-negative, summing to 1)."
            )
        if y is None:
            self.classes_ = np.arange(Y.shape[1])
        else:
            self.classes_ = np.unique(np.asarray(y))
            if self.classes_.shape[0] != Y.shape[1]:
                raise ValueError(
                    f"y has {self.classes_.shape[0]} distinct labels but soft_targets "
                    f"has {Y.shape[1]} columns; with soft_targets, y only names the "
                    "classes of the columns (or pass y=None)."
                )
        return X, Y

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None, *, soft_targets=None):
        """Fit the model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,), default=None
            Class labels. Required unless ``soft_targets`` is given; then it
            may name the classes (its sorted distinct values label the
            columns of ``soft_targets``), or be None (``classes_ = 0..K-1``).
        sample_weight : array-like of shape (n_samples,), default=None
        soft_targets : array-like of shape (n_samples, n_classes), default=None
            Rows of class probabilities (e.g. a teacher's ``predict_proba``
            for distillation) used as the targets ``y_i`` of eq. 4.28.

        Returns
        -------
        self : SoftmaxRegression
        """
        X, Y = self._targets(X, y, soft_targets)
        sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        objective = CrossEntropyObjective(
            X, Y, sample_weight, self.alpha, self.fit_intercept, binary=False
        )
        w0 = np.zeros(objective.shape)
        self.loss_curve_ = []
        if self.solver == "lbfgs":

            def record(intermediate_result):
                self.loss_curve_.append(float(intermediate_result.fun))

            w, self.n_iter_ = minimize_lbfgs(
                objective, w0.ravel(), self.tol, self.max_iter, callback=record
            )
            coef = w.reshape(objective.shape)
        elif self.solver == "newton":

            def record(w):
                self.loss_curve_.append(objective.loss(w))

            w, self.n_iter_ = minimize_newton_cholesky(
                objective, w0.ravel(), self.tol, self.max_iter, callback=record
            )
            coef = w.reshape(objective.shape)
        else:
            coef = self._fit_minibatch(X, Y, sample_weight, objective, w0)
        coef = coef.astype(X.dtype)
        self.coef_ = np.ascontiguousarray(coef[:, :-1])
        self.intercept_ = (
            coef[:, -1].copy()
            if self.fit_intercept
            else np.zeros(coef.shape[0], X.dtype)
        )
        return self

    def _fit_minibatch(self, X, Y, sample_weight, objective, coef):
        """Epochs of :func:`minibatch_epoch` with loss-plateau stopping."""
        rng = check_random_state(self.random_state)
        n_samples = X.shape[0]
        batch_size = min(self.batch_size, n_samples)
        velocity = np.zeros_like(coef)
        second_moment = np.zeros_like(coef)
        point = np.empty_like(coef)
        grad = np.empty_like(coef)
        order = np.arange(n_samples, dtype=np.int64)
        best_loss = np.inf
        no_improvement = 0
        step = 0
        for epoch in range(self.max_iter):
            if self.shuffle:
                order = rng.permutation(n_samples).astype(np.int64)
            loss_sum, step = minibatch_epoch(
                X,
                Y,
                sample_weight,
                order,
                coef,
                self.fit_intercept,
                _RULES[self.solver],
                float(self.learning_rate),
                float(self.beta1),
                float(self.beta2),
                float(self.epsilon),
                float(self.alpha),
                batch_size,
                step,
                velocity,
                second_moment,
                point,
                grad,
            )
            if not np.all(np.isfinite(coef)):
                raise ValueError(
                    f"The {self.solver} solver diverged (non-finite coefficients) "
                    f"at epoch {epoch + 1}; lower learning_rate or scale X."
                )
            loss = loss_sum / objective.weight_sum + objective._penalty(coef)
            self.loss_curve_.append(float(loss))
            self.n_iter_ = epoch + 1
            # The plateau rule of sklearn's MLP.
            no_improvement = no_improvement + 1 if loss > best_loss - self.tol else 0
            best_loss = min(best_loss, loss)
            if no_improvement > self.n_iter_no_change:
                break
        else:
            warnings.warn(
                f"{self.solver}: maximum iterations ({self.max_iter}) reached and "
                "the optimisation hasn't converged yet.",
                ConvergenceWarning,
            )
        return coef

    def decision_function(self, X):
        """Class scores ``W x + b``; for two classes the log-odds ``z_1 - z_0``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
        """
        scores = self._scores(X)
        return scores[:, 1] - scores[:, 0] if scores.shape[1] == 2 else scores

    def _scores(self, X):
        check_is_fitted(self)
        X = validate_data(
            self, X, reset=False, dtype=[np.float64, np.float32], order="C"
        )
        return predict_scores(X, self._packed_coef(), True)
