"""Least squares: linear regression (notes 4.1) and classification (notes 4.2.1).

Both solve ``min_W sum_i s_i ||t_i - W^T x_i - b||^2`` after centring X and the
targets on their weighted means (which gives the intercept ``b``) and scaling
each row by ``sqrt(s_i)``.  The centred system is solved by
:func:`scipy.linalg.lstsq` (SVD-based LAPACK ``gelsd``): the minimum-norm
solution ``X^+ t`` of eq. 4.7, stable and defined when ``X^T X`` is singular,
never an explicit inverse.  The weighted means come from the shared Numba
kernel :func:`~sklearn_notes.utils._weighted_stats.class_weights_and_means`
with a single class.
"""

from numbers import Integral, Real

import numpy as np
from scipy import linalg, optimize
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, _fit_context
from sklearn.preprocessing import LabelEncoder
from sklearn.utils._param_validation import Interval
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from ..utils._weighted_stats import class_weights_and_means

__all__ = ["LeastSquaresClassifier", "LinearRegression"]


def _weighted_mean(A, sample_weight):
    """Weighted column means of ``A`` (one Numba pass)."""
    A = np.ascontiguousarray(A)
    one_class = np.zeros(A.shape[0], dtype=np.int64)
    _, mean = class_weights_and_means(A, one_class, sample_weight, 1)
    return mean[0]


def _centred_weighted_system(X, T, sample_weight, fit_intercept):
    """``(sqrt(s) (X - x_mean), sqrt(s) (T - t_mean), x_mean, t_mean)``.

    ``T`` is 2-D; copies are made, the caller's arrays are never written.
    """
    if fit_intercept:
        x_mean = _weighted_mean(X, sample_weight)
        t_mean = _weighted_mean(T, sample_weight)
    else:
        x_mean = np.zeros(X.shape[1])
        t_mean = np.zeros(T.shape[1])
    root = np.sqrt(sample_weight)[:, None]
    X_centred = (X - x_mean.astype(X.dtype)) * root.astype(X.dtype)
    T_centred = (T - t_mean) * root
    return X_centred, T_centred, x_mean, t_mean


class LinearRegression(RegressorMixin, BaseEstimator):
    """Ordinary least squares (notes 4.1).

    Minimises ``sum_i s_i (y_i - x_i . w - b)^2`` (eq. 4.1 with sample
    weights).  With ``fit_intercept`` the data are centred, so ``b = y_mean -
    x_mean . w``; the normal equations (eq. 4.6) are then solved through the
    SVD of the (weighted) design matrix, ``w = X^+ y`` (eq. 4.7), instead of
    inverting ``X^T X``.

    Parameters
    ----------
    fit_intercept : bool, default=True
    copy_X : bool, default=True
        X is never modified, whatever the value (kept for compatibility).
    tol : float, default=1e-6
        Relative cut-off for small singular values (``cond`` of
        :func:`scipy.linalg.lstsq`), as scikit-learn.
    n_jobs : int, default=None
        Unused (kept for compatibility).
    positive : bool, default=False
        Constrain the coefficients to be non-negative
        (:func:`scipy.optimize.nnls`, as scikit-learn).

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
    intercept_ : float or ndarray of shape (n_targets,)
    rank_ : int
        Rank of the centred design matrix (not set when ``positive=True``).
    singular_ : ndarray of shape (min(n_samples, n_features),)
        Its singular values (not set when ``positive=True``).
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Defined only when X has string column names.

    See Also
    --------
    sklearn.linear_model.LinearRegression : The reference implementation.
    LeastSquaresClassifier : The same solve with 1-of-K targets.

    Notes
    -----
    The gradient of eq. 4.4 is ``X^T (X w - y)`` (eq. 4.5); setting it to zero
    gives the normal equations. Sparse input is refused (scikit-learn accepts
    it through LSQR).

    References
    ----------
    G. H. Golub and C. F. Van Loan, *Matrix Computations*, 4th ed., 5.5.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_notes.linear_model import LinearRegression
    >>> X = np.array([[1.0, 1.0], [1.0, 2.0], [2.0, 2.0], [2.0, 3.0]])
    >>> y = X @ np.array([1.0, 2.0]) + 3.0
    >>> reg = LinearRegression().fit(X, y)
    >>> reg.coef_.round(6), round(float(reg.intercept_), 6)
    (array([1., 2.]), 3.0)
    """

    _parameter_constraints: dict = {
        "fit_intercept": ["boolean"],
        "copy_X": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "n_jobs": [None, Integral],
        "positive": ["boolean"],
    }

    def __init__(
        self, *, fit_intercept=True, copy_X=True, tol=1e-6, n_jobs=None, positive=False
    ):
        self.fit_intercept = fit_intercept
        self.copy_X = copy_X
        self.tol = tol
        self.n_jobs = n_jobs
        self.positive = positive

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the least-squares model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : LinearRegression
        """
        X, y = validate_data(
            self,
            X,
            y,
            dtype=[np.float64, np.float32],
            order="C",
            y_numeric=True,
            multi_output=True,
        )
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True
        )
        Y = np.asarray(y, dtype=np.float64).reshape(X.shape[0], -1)
        X_centred, Y_centred, x_mean, y_mean = _centred_weighted_system(
            X, Y, sample_weight, self.fit_intercept
        )
        if self.positive:
            coef = np.vstack(
                [
                    optimize.nnls(X_centred.astype(np.float64), Y_centred[:, j])[0]
                    for j in range(Y.shape[1])
                ]
            )
        else:
            solution, _, self.rank_, self.singular_ = linalg.lstsq(
                X_centred, Y_centred.astype(X.dtype), cond=self.tol
            )
            coef = solution.T
        coef = coef.astype(X.dtype)
        intercept = (y_mean - coef @ x_mean).astype(X.dtype)
        if y.ndim == 1:
            self.coef_ = coef[0]
            self.intercept_ = intercept[0] if self.fit_intercept else 0.0
        else:
            self.coef_ = coef
            self.intercept_ = intercept if self.fit_intercept else 0.0
        return self

    def predict(self, X):
        """Predict ``X w + b``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
        """
        check_is_fitted(self)
        X = validate_data(
            self, X, reset=False, dtype=[np.float64, np.float32], order="C"
        )
        return X @ self.coef_.T + self.intercept_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags


class LeastSquaresClassifier(ClassifierMixin, BaseEstimator):
    """Least-squares classification with 1-of-K targets (notes 4.2.1).

    Each class ``k`` gets a linear model ``y_k(x) = w_k^T x + w_k0``, fitted
    by minimising ``1/2 sum_i s_i ||W^T x_i + b - t_i||^2 + alpha/2 ||W||^2``
    where ``t_i`` is the one-hot code of the label. ``x`` is assigned to the
    class of largest ``y_k(x)``.

    Parameters
    ----------
    alpha : float, default=0.0
        L2 (ridge) strength. The default 0 is the notes' model exactly:
        ``W = X^+ T``, the *minimum-norm* least-squares solution from the
        SVD, which is unique and well defined even when ``X^T X`` is singular
        (collinear or constant features, more features than samples). A
        positive ``alpha`` shrinks towards 0 (``[X; sqrt(alpha) I]`` is solved
        by the same least-squares routine).
    fit_intercept : bool, default=True
    tol : float, default=1e-6
        Relative cut-off for small singular values (as LinearRegression).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        For two classes, the difference ``w_1 - w_0`` of the two models.
    intercept_ : ndarray of shape (1,) or (n_classes,)
    rank_ : int
        Rank of the centred (augmented) design matrix.
    n_features_in_ : int
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Defined only when X has string column names.

    See Also
    --------
    sklearn.linear_model.RidgeClassifier : Targets ``2 t - 1`` in {-1, +1}.

    Notes
    -----
    Relation to :class:`sklearn.linear_model.RidgeClassifier` with the same
    ``alpha`` and sample weights: its targets are ``2 t - 1``, the solution
    is linear in the targets and a constant target column is absorbed by the
    intercept, so its ``coef_`` is ``2 W`` and its intercept ``2 b - 1`` for
    ``K > 2`` classes (same predictions). With two classes the outputs satisfy
    ``y_0 + y_1 = 1`` and the single score ``y_1 - y_0`` reported here equals
    RidgeClassifier's ``2 y_1 - 1`` exactly.

    References
    ----------
    C. M. Bishop, *Pattern Recognition and Machine Learning*, 2006, 4.1.3.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_notes.linear_model import LeastSquaresClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = LeastSquaresClassifier().fit(X, y)
    >>> clf.predict(X[:3])
    array([0, 0, 0])
    """

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, *, alpha=0.0, fit_intercept=True, tol=1e-6):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.tol = tol

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit one least-squares model per class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : LeastSquaresClassifier
        """
        X, y = validate_data(self, X, y, dtype=np.float64, order="C")
        check_classification_targets(y)
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True
        )
        self.classes_ = np.unique(y)
        class_index = LabelEncoder().fit(self.classes_).transform(y)
        n_classes = self.classes_.shape[0]
        if n_classes < 2:
            raise ValueError(
                "LeastSquaresClassifier needs samples of at least 2 classes in the "
                f"data, but the data contains only one class: {self.classes_[0]!r}"
            )
        targets = np.zeros((X.shape[0], n_classes))
        targets[np.arange(X.shape[0]), class_index] = 1.0  # 1-of-K coding
        X_centred, T_centred, x_mean, t_mean = _centred_weighted_system(
            X, targets, sample_weight, self.fit_intercept
        )
        if self.alpha > 0:
            n_features = X.shape[1]
            X_centred = np.vstack([X_centred, np.sqrt(self.alpha) * np.eye(n_features)])
            T_centred = np.vstack([T_centred, np.zeros((n_features, n_classes))])
        solution, _, self.rank_, _ = linalg.lstsq(X_centred, T_centred, cond=self.tol)
        coef = solution.T
        intercept = t_mean - coef @ x_mean
        if (
            n_classes == 2
        ):  # one score, y_1(x) - y_0(x), as sklearn's binary classifiers
            coef = coef[1:] - coef[:1]
            intercept = intercept[1:] - intercept[:1]
        self.coef_ = np.ascontiguousarray(coef)
        self.intercept_ = intercept
        return self

    def decision_function(self, X):
        """The class scores ``y_k(x) = w_k^T x + w_k0``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples,) or (n_samples, n_classes)
            For two classes, ``y_1(x) - y_0(x)``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=np.float64, order="C")
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """Class of the largest score.

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
