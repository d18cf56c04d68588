"""Kernel support vector classification (notes 4.5, eq. 4.30-4.49).

The estimator :class:`SVC` (scikit-learn's interface) and its Python drivers:
one binary soft-margin problem per pair of classes (libsvm's one-vs-one), each
solved either as the dense quadratic programme of the notes (``solver="qp"``,
cvxopt, :mod:`._qp`) or by libsvm's SMO algorithm (``solver="smo"``, Numba,
:mod:`._smo_kernels`).
"""

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.svm._base import _one_vs_one_coef
from sklearn.utils import (
    check_random_state,
    column_or_1d,
    compute_class_weight,
    gen_batches,
)
from sklearn.utils._chunking import get_chunk_n_rows
from sklearn.utils._param_validation import Hidden, Interval, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import (
    _ovr_decision_function,
    check_classification_targets,
)
from sklearn.utils.validation import (
    _check_sample_weight,
    _num_samples,
    check_consistent_length,
    check_is_fitted,
    validate_data,
)

from ._qp import solve_dual_qp
from ._smo_kernels import smo_solve
from ._svc_kernels import finish_kernel, ovo_decision, ovo_votes, pairwise_coupling

#: String options of ``kernel`` -> kernel code of the Numba kernels.
KERNELS = {"linear": 0, "poly": 1, "rbf": 2, "sigmoid": 3, "precomputed": 4}

#: ``solver="auto"`` uses the dense QP for a pair problem of at most this many
#: points and SMO above.  Measured (20 features, rbf, one thread, fit CPU time
#: and peak memory growth): QP 0.04 s / 9 MiB at n=500, 0.19 s / 34 MiB at
#: 1000, 1.2 s / 130 MiB at 2000, against SMO's 0.004 / 0.010 / 0.030 s.
QP_MAX_SAMPLES = 500

#: SMO has no "C = inf": the hard margin is solved with these finite bounds in
#: turn, and accepted as soon as no multiplier reaches the bound (then the bound
#: is inactive and the solution is the hard-margin one).
HARD_MARGIN_C = (1e3, 1e6)

#: Most rows of the prediction kernel matrix computed at once (fewer if
#: scikit-learn's ``working_memory`` is smaller): predict, decision_function
#: and predict_proba hold ``O(chunk x n_SV)`` extra memory, never
#: ``n_samples x n_SV``.
_PREDICT_CHUNK = 1024


def kernel_matrix(X, Y, kernel, gamma, coef0, degree, Y_sq=None):
    """Gram matrix ``K[a, b] = k(x_a, y_b)`` of notes 4.5.3.

    GEMM in numpy, then one Numba pass (and numpy's exp for rbf).
    ``Y_sq`` optionally gives the squared row norms of Y.
    """
    K = X @ Y.T
    code = KERNELS[kernel]
    if code == 2:
        row_sq = np.einsum("ij,ij->i", X, X)
        col_sq = np.einsum("ij,ij->i", Y, Y) if Y_sq is None else Y_sq
    else:
        row_sq = col_sq = np.zeros(0)
    finish_kernel(K, row_sq, col_sq, code, float(gamma), float(coef0), int(degree))
    if code == 2:
        np.exp(K, out=K)
    return K


def _check_psd(K, kernel):
    """Raise if the Gram matrix is not PSD (then eq. 4.46 is not a convex QP)."""
    eigenvalues = np.linalg.eigvalsh(K)
    scale = max(1.0, float(np.abs(eigenvalues).max()))
    if eigenvalues[0] < -1e-8 * scale:
        raise ValueError(
            f"solver='qp' needs a positive semi-definite kernel, but the {kernel!r} "
            f"Gram matrix of these points has a negative eigenvalue "
            f"({eigenvalues[0]:.3g}): the dual (4.46) is not concave, cvxopt cannot "
            "solve it. Use solver='smo', which (as libsvm) finds a stationary point "
            "of the non-convex dual."
        )


def _solve_binary(K_or_X, y, C, params):
    """One binary C-SVC dual; returns (alpha, rho, n_iter, converged).

    ``K_or_X`` is the Gram matrix for precomputed kernels and the points
    otherwise; ``y`` in {-1, +1}; ``C`` the per-point box bounds.
    """
    n = y.shape[0]
    solver = params["solver"]
    kernel = params["kernel"]
    automatic = solver == "auto"
    if automatic:
        solver = "smo" if (n > QP_MAX_SAMPLES or kernel == "sigmoid") else "qp"
    if solver == "qp":
        if kernel == "precomputed":
            K = K_or_X
        else:
            K = kernel_matrix(
                K_or_X,
                K_or_X,
                kernel,
                params["gamma"],
                params["coef0"],
                params["degree"],
            )
        try:
            if kernel in ("sigmoid", "precomputed") or (
                kernel == "poly" and params["coef0"] < 0
            ):
                _check_psd(K, params["kernel_name"])
        except ValueError:
            if not automatic:
                raise
            # "auto" hands a non-PSD Gram matrix to SMO, as for sigmoid
            return _solve_binary(K_or_X, y, C, {**params, "solver": "smo"})
        Q = (y[:, None] * y[None, :]) * K
        alpha, intercept, n_iter, converged = solve_dual_qp(
            Q,
            y,
            C,
            tol=params["tol"],
            verbose=params["verbose"],
            max_iter=params["max_iter"],
        )
        return alpha, -intercept, n_iter, converged
    # SMO (libsvm)
    X = np.ascontiguousarray(K_or_X, dtype=np.float64)
    x_sq = np.einsum("ij,ij->i", X, X) if kernel == "rbf" else np.zeros(n)
    bytes_per_row = 4 * n
    n_slots = int(max(2, min(n, params["cache_size"] * 2**20 // bytes_per_row)))
    max_iter = params["max_iter"]
    if max_iter <= 0:
        max_iter = max(10_000_000, 100 * n)  # libsvm's own cap
    alpha = np.empty(n)
    gradient = np.empty(n)
    result = np.empty(3)
    # hard margin (C = inf): weights are moot without slacks; escalate a finite box
    hard = bool(np.isinf(C).all())
    bounds = [np.full(n, c) for c in HARD_MARGIN_C] if hard else [C]
    for bound in bounds:
        smo_solve(
            X,
            x_sq,
            y,
            bound,
            KERNELS[kernel],
            float(params["gamma"]),
            float(params["coef0"]),
            int(params["degree"]),
            float(params["tol"]),
            bool(params["shrinking"]),
            n_slots,
            int(max_iter),
            alpha,
            gradient,
            result,
        )
        if params["verbose"]:
            print(f"optimization finished, #iter = {int(result[1])}")
        if not hard or not (alpha >= bound).any():
            break
    else:
        raise ValueError(
            "C=inf asks for the hard margin of notes 4.5.1, but the data are not "
            "separable by this kernel: multipliers reach the bound "
            f"C={HARD_MARGIN_C[-1]:g}. Use a finite C (soft margin, 4.5.2)."
        )
    return alpha.copy(), float(result[0]), int(result[1]), bool(result[2])


def _sigmoid_train(decision, labels):
    """Platt's sigmoid ``P(y=1|f) = 1 / (1 + exp(A f + B))`` (Lin, Lin, Weng 2007).

    libsvm's ``sigmoid_train``: Newton's method with backtracking on the
    regularised targets ``(N+ + 1)/(N+ + 2)`` and ``1/(N- + 2)``.
    """
    prior1 = float((labels > 0).sum())
    prior0 = float(labels.shape[0] - prior1)
    hi_target = (prior1 + 1.0) / (prior1 + 2.0)
    lo_target = 1.0 / (prior0 + 2.0)
    target = np.where(labels > 0, hi_target, lo_target)

    def objective(A, B):
        fApB = decision * A + B
        positive = fApB >= 0
        return float(
            np.sum(
                np.where(
                    positive,
                    target * fApB + np.log1p(np.exp(-np.abs(fApB))),
                    (target - 1.0) * fApB + np.log1p(np.exp(-np.abs(fApB))),
                )
            )
        )

    A, B = 0.0, float(np.log((prior0 + 1.0) / (prior1 + 1.0)))
    fval = objective(A, B)
    for _ in range(100):
        fApB = decision * A + B
        e = np.exp(-np.abs(fApB))
        p = np.where(fApB >= 0, e / (1.0 + e), 1.0 / (1.0 + e))
        q = 1.0 - p
        d2 = p * q
        h11 = 1e-12 + np.sum(decision * decision * d2)
        h22 = 1e-12 + np.sum(d2)
        h21 = np.sum(decision * d2)
        d1 = target - p
        g1 = np.sum(decision * d1)
        g2 = np.sum(d1)
        if abs(g1) < 1e-5 and abs(g2) < 1e-5:
            break
        det = h11 * h22 - h21 * h21
        dA = -(h22 * g1 - h21 * g2) / det
        dB = -(-h21 * g1 + h11 * g2) / det
        gd = g1 * dA + g2 * dB
        step = 1.0
        while step >= 1e-10:
            new_A, new_B = A + step * dA, B + step * dB
            new_f = objective(new_A, new_B)
            if new_f < fval + 1e-4 * step * gd:
                A, B, fval = new_A, new_B, new_f
                break
            step /= 2.0
        if step < 1e-10:
            break
    return A, B


def _sigmoid_predict(decision, A, B):
    fApB = decision * A + B
    e = np.exp(-np.abs(fApB))
    return np.where(fApB >= 0, e / (1.0 + e), 1.0 / (1.0 + e))


class SVC(ClassifierMixin, BaseEstimator):
    """C-support vector classification with kernels (notes 4.5).

    Soft-margin kernel SVM, solved in the dual (eq. 4.46) either as the dense
    quadratic programme of the notes (cvxopt) or by libsvm's SMO algorithm
    written in Numba.  Multiclass problems are split one-vs-one exactly as
    libsvm (and so scikit-learn's :class:`sklearn.svm.SVC`) does.

    Parameters
    ----------
    C : float, default=1.0
        Penalty of the slacks in the soft-margin primal (4.5.2); the box
        ``0 <= lambda_n <= C`` of the dual.  ``C=np.inf`` is the hard margin of
        4.5.1 (a ValueError if the data are not separable by the kernel).
    kernel : {'linear', 'poly', 'rbf', 'sigmoid', 'precomputed'} or callable, \
            default='rbf'
        The kernel k(x, z) of 4.5.3.
    degree : int, default=3
        Degree d of the polynomial kernel ``(gamma x.z + coef0)^d``.
    gamma : {'scale', 'auto'} or float, default='scale'
        Kernel coefficient for 'rbf', 'poly' and 'sigmoid'. 'scale' is
        ``1 / (n_features * X.var())`` (the weighted variance when
        ``sample_weight`` is given), 'auto' is ``1 / n_features``.
    coef0 : float, default=0.0
        The constant r of the polynomial and sigmoid kernels.
    shrinking : bool, default=True
        Whether SMO shrinks its active set (no effect on ``solver="qp"``).
    probability : bool, default="deprecated"
        Fit Platt's sigmoids by an internal 5-fold cross-validation (as libsvm)
        to enable ``predict_proba``.  As in scikit-learn 1.9, setting it warns
        (deprecated there in favour of ``CalibratedClassifierCV``).
    tol : float, default=1e-3
        SMO stops when the maximal violating pair's gap is below ``tol``; the
        QP path uses it to accept its KKT polish.
    cache_size : float, default=200
        Megabytes of kernel rows SMO keeps (float32, as libsvm).
    class_weight : dict or 'balanced', default=None
        Multiplies C of the points of each class.
    verbose : bool, default=False
        Print solver progress (cvxopt's iterations, SMO's iteration count).
    max_iter : int, default=-1
        Iteration cap of the solver (SMO iterations / cvxopt iterations);
        -1: SMO's default ``max(10^7, 100 n)``, cvxopt's default 100.
    decision_function_shape : {'ovo', 'ovr'}, default='ovr'
        Shape of ``decision_function``: the one-vs-one values, or
        scikit-learn's one-vs-rest transformation of them.
    break_ties : bool, default=False
        With 'ovr' and more than two classes, predict the argmax of the
        ovr decision function instead of the one-vs-one vote.
    random_state : int, RandomState instance or None, default=None
        Draws the folds of the probability cross-validation.
    solver : {'auto', 'qp', 'smo'}, default='auto'
        'qp': the dual (4.46) with ``cvxopt.solvers.qp`` (dense, O(n^2)
        memory), polished on its KKT system; 'smo': libsvm's SMO with WSS3,
        shrinking and a kernel cache; 'auto': 'qp' for pair problems of at most
        500 points with a PSD Gram matrix, 'smo' otherwise (and always for
        sigmoid).

    Attributes
    ----------
    class_weight_ : ndarray of shape (n_classes,)
        Multipliers of C per class.
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    coef_ : ndarray of shape (n_classes * (n_classes - 1) / 2, n_features)
        ``w = sum_m lambda_m y_m x_m`` (eq. 4.48), linear kernel only.
    dual_coef_ : ndarray of shape (n_classes - 1, n_SV)
        ``lambda_m y_m`` of the support vectors, in libsvm's one-vs-one layout.
    fit_status_ : int
        0 if every pair problem converged, 1 otherwise.
    intercept_ : ndarray of shape (n_classes * (n_classes - 1) / 2,)
        b of each pair (eq. 4.47).
    n_features_in_ : int
        Number of features seen during fit.
    n_iter_ : ndarray of shape (n_classes * (n_classes - 1) / 2,)
        Solver iterations per pair.
    support_ : ndarray of shape (n_SV,)
        Indices of the support vectors (lambda > 0), grouped by class.
    support_vectors_ : ndarray of shape (n_SV, n_features)
        The support vectors (empty for precomputed and callable kernels).
    n_support_ : ndarray of shape (n_classes,)
        Number of support vectors per class.
    probA_, probB_ : ndarray of shape (n_classes * (n_classes - 1) / 2,)
        Platt's sigmoid parameters per pair (``probability=True``).
    shape_fit_ : tuple
        Shape of the training X.

    See Also
    --------
    sklearn.svm.SVC : scikit-learn's libsvm-based twin.

    Notes
    -----
    Notes 4.5.2: the soft-margin primal ``min 1/2 ||w||^2 + C sum_n xi_n``
    subject to ``y_n (w^T x_n + b) >= 1 - xi_n``, ``xi_n >= 0`` has the dual
    (4.46) ``max_lambda sum_n lambda_n - 1/2 sum_nm lambda_n lambda_m y_n y_m
    k(x_n, x_m)`` s.t. ``sum_n lambda_n y_n = 0``, ``0 <= lambda_n <= C``.
    The bias is (4.47) ``b = mean over 0 < lambda_n < C of (y_n - sum_m
    lambda_m y_m k(x_m, x_n))`` (libsvm's midpoint of the feasible interval
    when no multiplier is free) and the decision function is ``f(x) = sum_m
    lambda_m y_m k(x_m, x) + b``; with the linear kernel ``w`` is (4.48).

    ``sample_weight`` multiplies C per point (libsvm); points of zero weight
    are dropped.  ``probability=True`` follows libsvm's algorithm (5-fold CV,
    Platt/Lin sigmoid, Wu-Lin-Weng coupling) but draws its folds from
    ``random_state`` with numpy, so probabilities are not bit-identical to
    scikit-learn's.

    References
    ----------
    Chang and Lin, "LIBSVM: a library for support vector machines", ACM TIST
    2011.  Fan, Chen and Lin, "Working set selection using second order
    information for training SVM", JMLR 2005.  Platt 1999; Lin, Lin and Weng
    2007; Wu, Lin and Weng, JMLR 2004.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_notes.svm import SVC
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = SVC(kernel="rbf", C=1.0).fit(X, y)
    >>> clf.n_support_.sum() > 0
    np.True_
    >>> float(clf.score(X, y)) > 0.95
    True
    """

    _parameter_constraints: dict = {
        "C": [Interval(Real, 0.0, None, closed="right")],
        "kernel": [StrOptions(set(KERNELS)), callable],
        "degree": [Interval(Integral, 0, None, closed="left")],
        "gamma": [
            StrOptions({"scale", "auto"}),
            Interval(Real, 0.0, None, closed="left"),
        ],
        "coef0": [Interval(Real, None, None, closed="neither")],
        "shrinking": ["boolean"],
        "probability": ["boolean", Hidden(StrOptions({"deprecated"}))],
        "tol": [Interval(Real, 0.0, None, closed="neither")],
        "cache_size": [Interval(Real, 0, None, closed="neither")],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "verbose": ["verbose"],
        "max_iter": [Interval(Integral, -1, None, closed="left")],
        "decision_function_shape": [StrOptions({"ovr", "ovo"})],
        "break_ties": ["boolean"],
        "random_state": ["random_state"],
        "solver": [StrOptions({"auto", "qp", "smo"})],
    }

    def __init__(
        self,
        *,
        C=1.0,
        kernel="rbf",
        degree=3,
        gamma="scale",
        coef0=0.0,
        shrinking=True,
        probability="deprecated",
        tol=1e-3,
        cache_size=200,
        class_weight=None,
        verbose=False,
        max_iter=-1,
        decision_function_shape="ovr",
        break_ties=False,
        random_state=None,
        solver="auto",
    ):
        self.C = C
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.shrinking = shrinking
        self.probability = probability
        self.tol = tol
        self.cache_size = cache_size
        self.class_weight = class_weight
        self.verbose = verbose
        self.max_iter = max_iter
        self.decision_function_shape = decision_function_shape
        self.break_ties = break_ties
        self.random_state = random_state
        self.solver = solver

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.pairwise = self.kernel == "precomputed"
        return tags

    # ------------------------------------------------------------------ fit
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit one soft-margin dual (4.46) per pair of classes.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features) or (n_samples, n_samples)
            Training vectors; the Gram matrix for ``kernel="precomputed"``.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Multiplies C per sample (libsvm); zero-weight samples are dropped.

        Returns
        -------
        self : object
            Fitted estimator.
        """
        rng = check_random_state(self.random_state)
        if callable(self.kernel):
            check_consistent_length(X, y)
        else:
            X, y = validate_data(self, X, y, dtype=np.float64, order="C")
        y_ = column_or_1d(y, warn=True)
        check_classification_targets(y_)
        classes, y_index = np.unique(y_, return_inverse=True)
        self.class_weight_ = compute_class_weight(
            self.class_weight, classes=classes, y=y_
        )
        if len(classes) < 2:
            raise ValueError(
                "The number of classes has to be greater than one; got %d class"
                % len(classes)
            )
        self.classes_ = classes
        self._effective_probability = self.probability not in ("deprecated", False)
        if self.probability != "deprecated":
            warnings.warn(
                "The `probability` parameter was deprecated in scikit-learn 1.9 and "
                "will be removed in 1.11. Use `CalibratedClassifierCV(SVC(), "
                "ensemble=False)` instead of `SVC(probability=True)`",
                FutureWarning,
            )
        n_samples = _num_samples(X)
        if self.kernel == "precomputed" and n_samples != X.shape[1]:
            raise ValueError(
                "Precomputed matrix must be a square matrix."
                " Input is a {}x{} matrix.".format(X.shape[0], X.shape[1])
            )
        sample_weight = _check_sample_weight(sample_weight, X, dtype=np.float64)
        if not (sample_weight > 0).any():
            raise ValueError(
                "Invalid input - all samples have zero or negative weights."
            )
        kept = sample_weight > 0  # libsvm drops the others
        if np.unique(y_index[kept]).shape[0] < 2:
            raise ValueError(
                "Invalid input - all samples with positive weights belong to the "
                "same class."
            )

        if callable(self.kernel):
            self._X_fit = X
            data = self._callable_gram(X)
            kernel = "precomputed"
        else:
            data = X
            kernel = self.kernel
        if kernel == "precomputed":
            self._gamma = 0.0
        elif isinstance(self.gamma, str):
            if self.gamma == "scale":
                # X.var() over all entries, with frequency weights (a weight
                # of 2 = the row repeated; scikit-learn ignores the weights)
                weights = sample_weight[kept]
                row_means = X[kept].mean(axis=1)
                mean = np.average(row_means, weights=weights)
                X_var = float(
                    np.average(((X[kept] - mean) ** 2).mean(axis=1), weights=weights)
                )
                self._gamma = 1.0 / (X.shape[1] * X_var) if X_var != 0 else 1.0
            else:
                self._gamma = 1.0 / X.shape[1]
        else:
            self._gamma = float(self.gamma)

        params = {
            "solver": self.solver,
            "kernel": kernel,
            "kernel_name": "callable" if callable(self.kernel) else self.kernel,
            "gamma": self._gamma,
            "coef0": float(self.coef0),
            "degree": int(self.degree),
            "tol": float(self.tol),
            "shrinking": bool(self.shrinking),
            "cache_size": float(self.cache_size),
            "max_iter": int(self.max_iter),
            "verbose": bool(self.verbose),
        }
        C_per_sample = float(self.C) * self.class_weight_[y_index] * sample_weight
        self._fit_one_vs_one(data, kernel, y_index, C_per_sample, kept, params, rng)

        self.shape_fit_ = X.shape if hasattr(X, "shape") else (n_samples,)
        if not (
            np.isfinite(self._intercept_).all() and np.isfinite(self._dual_coef_).all()
        ):
            raise ValueError(
                "The dual coefficients or intercepts are not finite."
                " The input data may contain large values and need to be"
                " preprocessed."
            )
        self.intercept_ = self._intercept_.copy()
        self.dual_coef_ = self._dual_coef_
        if len(self.classes_) == 2:
            # libsvm's +1 is classes_[0]; scikit-learn reports f > 0 for classes_[1]
            self.intercept_ = -self.intercept_
            self.dual_coef_ = -self.dual_coef_
        if self.fit_status_ == 1:
            warnings.warn(
                "Solver terminated early (max_iter=%i)."
                "  Consider pre-processing your data with"
                " StandardScaler or MinMaxScaler." % self.max_iter,
                ConvergenceWarning,
            )
        return self

    def _callable_gram(self, X, Y=None):
        K = self.kernel(X, self._X_fit if Y is None else Y)
        if hasattr(K, "toarray"):
            K = K.toarray()
        K = np.asarray(K, dtype=np.float64, order="C")
        if Y is None and K.shape[0] != K.shape[1]:
            raise ValueError("X.shape[0] should be equal to X.shape[1]")
        return K

    def _pair_data(self, data, kernel, rows):
        if kernel == "precomputed":
            return np.ascontiguousarray(data[np.ix_(rows, rows)])
        return np.ascontiguousarray(data[rows])

    def _fit_one_vs_one(self, data, kernel, y_index, C_per_sample, kept, params, rng):
        """libsvm's svm_train for C-SVC: pairs (i, j), i < j, in order."""
        n_classes = len(self.classes_)
        # training points grouped by class, original order within a class
        members = [np.flatnonzero((y_index == c) & kept) for c in range(n_classes)]
        is_support = [np.zeros(m.shape[0], dtype=bool) for m in members]
        pair_alpha, intercepts, n_iter, status = [], [], [], 0
        prob_A, prob_B = [], []
        for i in range(n_classes):
            for j in range(i + 1, n_classes):
                rows = np.concatenate([members[i], members[j]])
                y_pair = np.concatenate(
                    [np.ones(members[i].shape[0]), -np.ones(members[j].shape[0])]
                )
                pair_data = self._pair_data(data, kernel, rows)
                C_pair = C_per_sample[rows]
                if self._effective_probability:
                    A, B = self._platt_cv(
                        pair_data, kernel, y_pair, C_pair, params, rng
                    )
                    prob_A.append(A)
                    prob_B.append(B)
                alpha, rho, iterations, converged = _solve_binary(
                    pair_data, y_pair, C_pair, params
                )
                status |= not converged
                n_i = members[i].shape[0]
                is_support[i] |= alpha[:n_i] > 0
                is_support[j] |= alpha[n_i:] > 0
                pair_alpha.append(alpha * y_pair)
                intercepts.append(-rho)
                n_iter.append(iterations)

        # libsvm's model layout: support vectors grouped by class
        n_support = np.array([s.sum() for s in is_support], dtype=np.int32)
        sv_start = np.concatenate([[0], np.cumsum(n_support)]).astype(np.int64)
        dual_coef = np.zeros((n_classes - 1, int(sv_start[-1])))
        p = 0
        for i in range(n_classes):
            for j in range(i + 1, n_classes):
                n_i = members[i].shape[0]
                coef = pair_alpha[p]
                dual_coef[j - 1, sv_start[i] : sv_start[i + 1]] = coef[:n_i][
                    is_support[i]
                ]
                dual_coef[i, sv_start[j] : sv_start[j + 1]] = coef[n_i:][is_support[j]]
                p += 1
        support = np.concatenate([m[s] for m, s in zip(members, is_support)]).astype(
            np.int32
        )
        self.support_ = support
        self._n_support = n_support
        self._sv_start = sv_start
        self._dual_coef_ = dual_coef
        self._intercept_ = np.asarray(intercepts, dtype=np.float64)
        self.n_iter_ = np.asarray(n_iter, dtype=np.int32)
        self.fit_status_ = int(status)
        if kernel == "precomputed":
            self.support_vectors_ = np.empty((0, 0))
        else:
            self.support_vectors_ = data[support]
            self._sv_sq = np.einsum(
                "ij,ij->i", self.support_vectors_, self.support_vectors_
            )
        self._probA = np.asarray(prob_A, dtype=np.float64)
        self._probB = np.asarray(prob_B, dtype=np.float64)

    def _platt_cv(self, pair_data, kernel, y_pair, C_pair, params, rng):
        """libsvm's svm_binary_svc_probability: 5-fold CV decision values + sigmoid."""
        n = y_pair.shape[0]
        n_folds = 5
        perm = rng.permutation(n)
        decision = np.zeros(n)
        for fold in range(n_folds):
            begin, end = fold * n // n_folds, (fold + 1) * n // n_folds
            test = perm[begin:end]
            train = np.concatenate([perm[:begin], perm[end:]])
            n_pos = int((y_pair[train] > 0).sum())
            n_neg = train.shape[0] - n_pos
            if n_pos == 0 and n_neg == 0:
                decision[test] = 0.0
            elif n_neg == 0:
                decision[test] = 1.0
            elif n_pos == 0:
                decision[test] = -1.0
            else:
                if kernel == "precomputed":
                    train_data = np.ascontiguousarray(pair_data[np.ix_(train, train)])
                else:
                    train_data = np.ascontiguousarray(pair_data[train])
                alpha, rho, _, _ = _solve_binary(
                    train_data,
                    y_pair[train],
                    C_pair[train],
                    {**params, "verbose": False},
                )
                coef = alpha * y_pair[train]
                if kernel == "precomputed":
                    K = pair_data[np.ix_(test, train)]
                else:
                    K = kernel_matrix(
                        pair_data[test],
                        train_data,
                        kernel,
                        params["gamma"],
                        params["coef0"],
                        params["degree"],
                    )
                decision[test] = K @ coef - rho
        return _sigmoid_train(decision, y_pair)

    # ------------------------------------------------------------ predict
    def _validate_for_predict(self, X):
        check_is_fitted(self)
        if not callable(self.kernel):
            X = validate_data(self, X, dtype=np.float64, order="C", reset=False)
        if self.kernel == "precomputed" and X.shape[1] != self.shape_fit_[0]:
            raise ValueError(
                "X.shape[1] = %d should be equal to %d, "
                "the number of samples at training time"
                % (X.shape[1], self.shape_fit_[0])
            )
        return X

    def _ovo_decision_batches(self, X):
        """Decision values of consecutive batches of rows of a validated X.

        Yields ``(rows, decision)``, ``decision`` of shape (batch, n_pairs),
        libsvm-oriented (f > 0 votes i).  A batch's kernel matrix (batch x
        n_SV, or batch x n_train for a callable kernel) is the only large
        temporary.
        """
        n_pairs = self._intercept_.shape[0]
        # columns of a batch's kernel matrix before the support is selected
        n_columns = (
            self._X_fit.shape[0] if callable(self.kernel) else self.support_.shape[0]
        )
        chunk = get_chunk_n_rows(
            8 * (2 * n_columns + n_pairs), max_n_rows=_PREDICT_CHUNK
        )
        for rows in gen_batches(_num_samples(X), max(1, chunk)):
            if callable(self.kernel):
                K = self._callable_gram(X[rows], self._X_fit)[:, self.support_]
            elif self.kernel == "precomputed":
                K = np.ascontiguousarray(X[rows][:, self.support_])
            else:
                K = kernel_matrix(
                    X[rows],
                    self.support_vectors_,
                    self.kernel,
                    self._gamma,
                    self.coef0,
                    self.degree,
                    self._sv_sq,
                )
            decision = np.empty((K.shape[0], n_pairs))
            ovo_decision(
                K, self._dual_coef_, self._sv_start, self._intercept_, decision
            )
            yield rows, decision

    def _ovo_decision(self, X):
        """libsvm-oriented decision values (n_samples, n_pairs); f > 0 votes i."""
        X = self._validate_for_predict(X)
        out = np.empty((_num_samples(X), self._intercept_.shape[0]))
        for rows, decision in self._ovo_decision_batches(X):
            out[rows] = decision
        return out

    def decision_function(self, X):
        """Decision function ``f(x) = sum_m lambda_m y_m k(x_m, x) + b`` (4.47).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The input samples ((n_samples, n_train) for precomputed kernels).

        Returns
        -------
        decision : ndarray of shape (n_samples,), (n_samples, n_pairs) or \
                (n_samples, n_classes)
            Binary: ``f(x)``, positive for ``classes_[1]``.  Multiclass: the
            one-vs-one values, or their one-vs-rest transformation ('ovr').
        """
        check_is_fitted(self)
        n_classes = len(self.classes_)
        if n_classes == 2 or self.decision_function_shape != "ovr":
            dec = self._ovo_decision(X)
            return -dec.ravel() if n_classes == 2 else dec
        # one-vs-rest values batch by batch (the transformation is row-wise)
        X = self._validate_for_predict(X)
        out = np.empty((_num_samples(X), n_classes))
        for rows, dec in self._ovo_decision_batches(X):
            out[rows] = _ovr_decision_function(dec < 0, -dec, n_classes)
        return out

    def predict(self, X):
        """One-vs-one vote of the pair classifiers (libsvm).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted class labels.
        """
        check_is_fitted(self)
        if self.break_ties and self.decision_function_shape == "ovo":
            raise ValueError(
                "break_ties must be False when decision_function_shape is 'ovo'"
            )
        if (
            self.break_ties
            and self.decision_function_shape == "ovr"
            and len(self.classes_) > 2
        ):
            index = np.argmax(self.decision_function(X), axis=1)
        else:
            # vote batch by batch: no (n_samples, n_pairs) array of decisions
            X = self._validate_for_predict(X)
            index = np.empty(_num_samples(X), dtype=np.int64)
            for rows, decision in self._ovo_decision_batches(X):
                ovo_votes(decision, len(self.classes_), index[rows])
        return self.classes_.take(index)

    def _check_proba(self):
        if self.probability == "deprecated" or not self.probability:
            raise AttributeError(
                "predict_proba is not available when probability=False"
            )
        return True

    @available_if(_check_proba)
    def predict_proba(self, X):
        """Class probabilities from Platt's sigmoids and pairwise coupling.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Probabilities in the order of ``classes_``.
        """
        dec = self._ovo_decision(X)
        n_classes = len(self.classes_)
        pairwise = np.clip(
            _sigmoid_predict(dec, self._probA, self._probB), 1e-7, 1 - 1e-7
        )
        # scikit-learn's libsvm couples pairwise probabilities for two classes too
        proba = np.empty((dec.shape[0], n_classes))
        r = np.empty((n_classes, n_classes))
        for a in range(dec.shape[0]):
            p = 0
            for i in range(n_classes):
                for j in range(i + 1, n_classes):
                    r[i, j] = pairwise[a, p]
                    r[j, i] = 1.0 - pairwise[a, p]
                    p += 1
            pairwise_coupling(r, proba[a])
        return proba

    @available_if(_check_proba)
    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
        """
        return np.log(self.predict_proba(X))

    # ----------------------------------------------------------- attributes
    @property
    def n_support_(self):
        """Number of support vectors per class."""
        try:
            check_is_fitted(self)
        except Exception:
            raise AttributeError("n_support_")
        return self._n_support

    @property
    def coef_(self):
        """``w = sum_m lambda_m y_m x_m`` (eq. 4.48), linear kernel only."""
        if self.kernel != "linear":
            raise AttributeError("coef_ is only available when using a linear kernel")
        if self.dual_coef_.shape[0] == 1:
            coef = self.dual_coef_ @ self.support_vectors_
        else:
            coef = np.vstack(
                _one_vs_one_coef(
                    self.dual_coef_, self._n_support, self.support_vectors_
                )
            )
        coef.flags.writeable = False
        return coef

    @property
    def probA_(self):
        """Platt's A per pair (``probability=True``)."""
        return self._probA

    @property
    def probB_(self):
        """Platt's B per pair (``probability=True``)."""
        return self._probB
