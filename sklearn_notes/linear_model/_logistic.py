"""Logistic regression (notes 4.3) and its multinomial form (notes 4.4).

:class:`LogisticRegression` mirrors :class:`sklearn.linear_model.LogisticRegression`
(same parameters, defaults, objective and L-BFGS-B options), for the L2 or no
penalty and the solvers "lbfgs", "newton-cg" and "newton-cholesky".  The
loss and its gradient are one fused Numba pass over the data
(:mod:`._softmax_kernels`), shared with :class:`SoftmaxRegression`.
"""

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import compute_class_weight
from sklearn.utils._param_validation import Hidden, Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from ._softmax_kernels import softmax_rows
from ._softmax_solvers import (
    CrossEntropyObjective,
    minimize_lbfgs,
    minimize_newton_cg,
    minimize_newton_cholesky,
    predict_scores,
)

__all__ = ["LogisticRegression"]

SUPPORTED_SOLVERS = ("lbfgs", "newton-cg", "newton-cholesky")


class _LinearClassifierOutputs:
    """decision_function / predict / predict_proba / predict_log_proba.

    Shared by the classifiers with ``coef_`` of shape ``(1 or n_classes,
    n_features)``: one output is the binary logistic model (sigmoid), several
    a softmax.
    """

    def _packed_coef(self):
        return np.hstack(
            [
                np.asarray(self.coef_, dtype=np.float64),
                np.asarray(self.intercept_, dtype=np.float64)[:, None],
            ]
        )

    def decision_function(self, X):
        """Scores ``X W^T + b``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            For two classes, the score of ``classes_[1]``.
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, reset=False, dtype=[np.float64, np.float32], order="C"
        )
        scores = predict_scores(X, self._packed_coef(), True)
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """Class of highest score.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self.classes_[(scores > 0).astype(np.intp)]
        return self.classes_[np.argmax(scores, axis=1)]

    def predict_proba(self, X):
        """Class probabilities: sigmoid (eq. 4.11) or stable softmax (eq. 4.27).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            scores = np.column_stack([-0.5 * scores, 0.5 * scores])
        proba = np.empty_like(scores)
        softmax_rows(scores, proba)  # softmax of (-z/2, z/2) = (1 - sigma(z), sigma(z))
        return proba

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        scores = self.decision_function(X)
        if scores.ndim == 1:
            scores = np.column_stack([-0.5 * scores, 0.5 * scores])
        largest = scores.max(axis=1, keepdims=True)
        return (
            scores
            - largest
            - np.log(np.exp(scores - largest).sum(axis=1, keepdims=True))
        )


class LogisticRegression(_LinearClassifierOutputs, ClassifierMixin, BaseEstimator):
    """Logistic regression: binary (notes 4.3) or multinomial (notes 4.4).

    Minimises scikit-learn's objective

    .. math:: \\frac{1}{\\sum_i s_i}\\sum_i s_i\\, \\mathrm{CE}_i(W)
              + \\frac{1}{2 C \\sum_i s_i}\\|W\\|_F^2

    where ``CE_i`` is the cross-entropy of eq. 4.19 (two classes, one
    weight vector, ``sigma(w.x + b)``) or eq. 4.28 (``K > 2`` classes, one
    row of ``W`` per class, softmax), ``s_i`` the sample weight times the
    class weight.  The gradient is eq. 4.22 / 4.29 summed over the samples.

    Parameters
    ----------
    penalty : {"l2", None} or "deprecated", default="deprecated"
        Deprecated in scikit-learn 1.8 (FutureWarning, as there): the L2
        penalty is used when ``l1_ratio == 0`` and none when ``C=np.inf``.
        "l1" and "elasticnet" (``l1_ratio > 0``) are not implemented and
        raise ``ValueError``.
    C : float, default=1.0
        Inverse regularisation strength.
    l1_ratio : float, default=0.0
        Only 0 (pure L2) is supported.
    dual : bool, default=False
        Only the primal (``False``) is supported.
    tol : float, default=1e-4
        Stop when the largest absolute gradient entry is below ``tol``
        (``gtol`` of L-BFGS-B, as scikit-learn).
    fit_intercept : bool, default=True
        Whether to fit the bias ``b`` (not penalised, as in scikit-learn).
    intercept_scaling : float, default=1
        Only used by liblinear in scikit-learn; ignored here too.
    class_weight : dict, "balanced" or None, default=None
        Multiplies the sample weights, as scikit-learn.
    random_state : int, RandomState instance or None, default=None
        Unused by the supported solvers (as in scikit-learn).
    solver : {"lbfgs", "newton-cg", "newton-cholesky"}, default="lbfgs"
        "liblinear", "sag" and "saga" raise ``ValueError``.
    max_iter : int, default=100
        Maximum number of solver iterations; reaching it without meeting
        ``tol`` emits a ``ConvergenceWarning``.
    verbose : int, default=0
        Accepted for compatibility; nothing is printed.
    warm_start : bool, default=False
        Start from the previous ``coef_``/``intercept_``.
    n_jobs : int, default=None
        No effect (deprecated in scikit-learn 1.8, FutureWarning as there).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
    intercept_ : ndarray of shape (1,) or (n_classes,)
    n_iter_ : ndarray of shape (1,), int32
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Defined only when X has string column names.

    See Also
    --------
    sklearn.linear_model.LogisticRegression : The reference implementation.
    SoftmaxRegression : The same model trained by the first-order solvers of
        notes 8.2, with soft targets.

    Notes
    -----
    Loss and gradient are computed in one Numba pass over the rows
    (:func:`~sklearn_notes.linear_model._softmax_kernels.softmax_loss_gradient`):
    scores ``z = W x + b``, stable log-sum-exp with ``c = max_k z_k``
    (eq. 4.27), loss ``logsumexp(z) - z_y`` and gradient ``x (a - y)^T``
    (eq. 4.29), without forming the ``(n_samples, n_classes)`` intermediates.
    "newton-cg" uses a fused Hessian-vector product
    ``H v = sum_i s_i x_i (a_i * (u_i - a_i . u_i))^T`` with ``u_i = V x_i``.

    References
    ----------
    C. M. Bishop, *Pattern Recognition and Machine Learning*, 2006, 4.3.2-4.3.4.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_notes.linear_model import LogisticRegression
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = LogisticRegression(max_iter=1000).fit(X, y)
    >>> clf.predict(X[:2])
    array([0, 0])
    >>> clf.predict_proba(X[:1]).round(2)
    array([[0.98, 0.02, 0.  ]])
    """

    _parameter_constraints: dict = {
        "penalty": [
            StrOptions({"l1", "l2", "elasticnet"}),
            None,
            Hidden(StrOptions({"deprecated"})),
        ],
        "C": [Interval(Real, 0, None, closed="right")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both"), None],
        "dual": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "intercept_scaling": [Interval(Real, 0, None, closed="neither")],
        "class_weight": [dict, StrOptions({"balanced"}), None],
        "random_state": ["random_state"],
        "solver": [
            StrOptions(
                {"lbfgs", "liblinear", "newton-cg", "newton-cholesky", "sag", "saga"}
            )
        ],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "n_jobs": [None, Integral],
    }

    def __init__(
        self,
        penalty="deprecated",
        *,
        C=1.0,
        l1_ratio=0.0,
        dual=False,
        tol=1e-4,
        fit_intercept=True,
        intercept_scaling=1,
        class_weight=None,
        random_state=None,
        solver="lbfgs",
        max_iter=100,
        verbose=0,
        warm_start=False,
        n_jobs=None,
    ):
        self.penalty = penalty
        self.C = C
        self.l1_ratio = l1_ratio
        self.dual = dual
        self.tol = tol
        self.fit_intercept = fit_intercept
        self.intercept_scaling = intercept_scaling
        self.class_weight = class_weight
        self.random_state = random_state
        self.solver = solver
        self.max_iter = max_iter
        self.verbose = verbose
        self.warm_start = warm_start
        self.n_jobs = n_jobs

    def _l2_strength_inverse(self):
        """Resolve penalty/l1_ratio/C as scikit-learn 1.9; return C or inf."""
        if self.penalty == "deprecated":
            if self.l1_ratio is None:
                warnings.warn(
                    "'l1_ratio=None' was deprecated in version 1.8 and will "
                    "trigger an error in 1.10. Use 0<=l1_ratio<=1 instead.",
                    FutureWarning,
                )
                penalty = "l2"
            elif self.l1_ratio == 0:
                penalty = "l2"
            else:
                penalty = "l1" if self.l1_ratio == 1 else "elasticnet"
            if self.C == np.inf:
                penalty = None
        else:
            penalty = self.penalty
            warnings.warn(
                "'penalty' was deprecated in version 1.8 and will be removed in"
                " 1.10. To avoid this warning, leave 'penalty' set to its default"
                " value and use 'l1_ratio' or 'C' instead.",
                FutureWarning,
            )
        if penalty not in ("l2", None):
            raise ValueError(
                f"penalty={penalty!r} (l1_ratio={self.l1_ratio}) is not supported by "
                "sklearn_notes.linear_model.LogisticRegression, which implements the "
                "L2 penalty (l1_ratio=0) or none (C=np.inf). Use "
                "sklearn.linear_model.LogisticRegression for L1/elastic-net."
            )
        if self.solver not in SUPPORTED_SOLVERS:
            raise ValueError(
                f"solver={self.solver!r} is not supported by "
                "sklearn_notes.linear_model.LogisticRegression; supported solvers "
                f"are {SUPPORTED_SOLVERS}."
            )
        if self.dual:
            raise ValueError(
                "dual=True is only implemented by liblinear, which "
                "sklearn_notes.linear_model.LogisticRegression does not support."
            )
        if self.n_jobs is not None:
            warnings.warn(
                "'n_jobs' has no effect since 1.8 and will be removed in 1.10. "
                f"You provided 'n_jobs={self.n_jobs}', please leave it unspecified.",
                FutureWarning,
            )
        if self.penalty is None:
            if self.C != 1.0:
                warnings.warn(
                    "Setting penalty=None will ignore the C and l1_ratio parameters"
                )
            return np.inf
        return np.inf if penalty is None else float(self.C)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : LogisticRegression
        """
        C = self._l2_strength_inverse()
        X, y = validate_data(self, X, y, dtype=[np.float64, np.float32], order="C")
        check_classification_targets(y)
        self.classes_ = np.unique(y)
        n_classes = self.classes_.shape[0]
        if n_classes < 2:
            raise ValueError(
                "This solver needs samples of at least 2 classes"
                " in the data, but the data contains only one"
                " class: %r" % self.classes_[0]
            )
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=np.float64, copy=True
        )
        class_index = LabelEncoder().fit(self.classes_).transform(y)
        if self.class_weight is not None:
            class_weight = compute_class_weight(
                self.class_weight,
                classes=self.classes_,
                y=y,
                sample_weight=sample_weight,
            )
            sample_weight *= class_weight[class_index]
        weight_sum = float(sample_weight.sum())
        l2 = 0.0 if C == np.inf else 1.0 / (C * weight_sum)

        binary = n_classes == 2
        if binary:
            targets = (class_index == 1).astype(np.float64)
        else:
            targets = np.zeros((X.shape[0], n_classes))
            targets[np.arange(X.shape[0]), class_index] = 1.0
        objective = CrossEntropyObjective(
            X, targets, sample_weight, l2, self.fit_intercept, binary
        )
        w0 = np.zeros(objective.shape)
        if self.warm_start and hasattr(self, "coef_"):
            previous = self._packed_coef()
            if previous.shape != w0.shape:
                raise ValueError(
                    f"Initialization coef is of shape {previous.shape}, expected "
                    f"shape {w0.shape}"
                )
            w0[:] = previous
            if not self.fit_intercept:
                w0[:, -1] = 0.0
        w0 = w0.ravel()

        if self.solver == "lbfgs":
            w, n_iter = minimize_lbfgs(objective, w0, self.tol, self.max_iter)
        elif self.solver == "newton-cg":
            w, n_iter = minimize_newton_cg(objective, w0, self.tol, self.max_iter)
        else:
            w, n_iter = minimize_newton_cholesky(objective, w0, self.tol, self.max_iter)

        coef = w.reshape(objective.shape).astype(X.dtype)
        self.coef_ = np.ascontiguousarray(coef[:, :-1])
        self.intercept_ = (
            coef[:, -1].copy()
            if self.fit_intercept
            else np.zeros(coef.shape[0], X.dtype)
        )
        self.n_iter_ = np.asarray([n_iter], dtype=np.int32)
        return self
