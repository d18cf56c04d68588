"""Minimum-risk (Bayes) decisions from any probabilistic classifier.

Notes 3.3.3-3.3.4.  A classifier gives the posteriors p(C_k|x); a loss matrix
L[k, j] says what deciding class j costs when the truth is class k.  The
decision that minimises the expected loss is, for every x separately,

    R(alpha_j|x) = sum_k L[k, j] p(C_k|x),      decide argmin_j R(alpha_j|x).

For the posteriors of all samples at once (rows of P) this is one matrix
product, R = P @ L, so the work is a small GEMM done by NumPy (NUMBA.md rule 7:
no kernel can beat BLAS here, and there is no loop left to compile).
"""

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    _fit_context,
    clone,
)
from sklearn.utils import get_tags
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    _routing_enabled,
    process_routing,
)
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets, type_of_target
from sklearn.utils.validation import (
    check_is_fitted,
    has_fit_parameter,
    validate_data,
)

__all__ = ["MinimumRiskClassifier"]


def _default_estimator():
    """The classifier used when ``estimator=None``: our Gaussian naive Bayes."""
    # Imported here, not at module level, so that the model_selection and
    # naive_bayes subpackages do not depend on each other at import time.
    from sklearn_notes.naive_bayes import GaussianNB

    return GaussianNB()


def _inner_has_predict_proba(meta):
    """``available_if`` check: the inner classifier can give posteriors.

    Looks at the fitted ``estimator_`` if there is one, else at ``estimator``
    (or the default), as :func:`sklearn.utils.validation._estimator_has` does.
    """
    inner = getattr(meta, "estimator_", None)
    if inner is None:
        inner = meta._estimator_or_default()
    if not hasattr(inner, "predict_proba"):
        raise AttributeError(
            f"{type(meta).__name__} needs class probabilities, but its estimator "
            f"{inner!r} has no predict_proba method."
        )
    return True


def _check_loss_matrix(loss_matrix, n_classes):
    """Validate a loss matrix and return it as a new float64 array.

    Parameters
    ----------
    loss_matrix : array-like of shape (n_classes, n_classes) or None
        ``loss_matrix[k, j]`` is the loss of deciding class ``j`` when the
        truth is class ``k``; ``None`` stands for the 0-1 loss.
    n_classes : int
        Number of classes of the fitted classifier.

    Returns
    -------
    loss : ndarray of shape (n_classes, n_classes), dtype float64
        A copy: the caller's array is never referenced nor modified.

    Raises
    ------
    ValueError
        If the matrix is not numeric, not 2-D, not (n_classes, n_classes),
        holds NaN or infinity, or holds negative losses.
    """
    if loss_matrix is None:
        # 0-1 loss: every mistake costs 1, a correct decision nothing.
        return 1.0 - np.eye(n_classes)
    try:
        loss = np.asarray(loss_matrix)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(
            f"loss_matrix must be a rectangular array of numbers: {exc}"
        ) from exc
    if loss.dtype.kind not in "biuf":
        raise ValueError(
            "loss_matrix must hold real numbers, got an array of dtype "
            f"{loss.dtype}."
        )
    if loss.ndim != 2:
        raise ValueError(
            "loss_matrix must be a 2-D array of shape (n_classes, n_classes) = "
            f"({n_classes}, {n_classes}); got a {loss.ndim}-D array of shape "
            f"{loss.shape}."
        )
    if loss.shape != (n_classes, n_classes):
        raise ValueError(
            f"loss_matrix has shape {loss.shape}, but the classifier has "
            f"{n_classes} classes: expected shape ({n_classes}, {n_classes}), "
            "rows indexed by the true class and columns by the decision, both "
            "in the order of classes_."
        )
    loss = np.array(loss, dtype=np.float64)  # always a copy
    bad = ~np.isfinite(loss)
    if bad.any():
        raise ValueError(
            "loss_matrix must hold finite losses, but it has NaN or infinity at "
            f"[true class, decision] positions {np.argwhere(bad).tolist()}."
        )
    negative = loss < 0
    if negative.any():
        raise ValueError(
            "loss_matrix must hold non-negative losses, but it has negative "
            f"entries at [true class, decision] positions "
            f"{np.argwhere(negative).tolist()}."
        )
    return loss


def _is_scaled_zero_one(loss):
    """True if ``loss = c (1 - I)`` with ``c > 0``: the decision is then argmax p."""
    n_classes = loss.shape[0]
    if n_classes == 1:
        return True
    scale = loss[0, 1]
    return scale > 0 and np.array_equal(loss, scale * (1.0 - np.eye(n_classes)))


class MinimumRiskClassifier(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """Decide the class of least expected loss under a loss matrix.

    Wraps any classifier that estimates posteriors ``predict_proba`` and
    replaces its "most probable class" rule by the Bayes decision of notes
    3.3.3-3.3.4: for each sample, predict the class ``j`` whose conditional
    risk ``R(alpha_j|x) = sum_k L[k, j] p(C_k|x)`` is smallest.

    Parameters
    ----------
    estimator : estimator object, default=None
        A classifier with ``fit`` and ``predict_proba``; it is cloned in
        :meth:`fit`.  ``None`` means :class:`sklearn_notes.naive_bayes.GaussianNB`.
        To tune its parameters in a search, pass it explicitly and address
        them as ``estimator__<param>``.

    loss_matrix : array-like of shape (n_classes, n_classes), default=None
        ``loss_matrix[k, j]`` is the loss of deciding class ``j`` when the true
        class is ``k`` (rows: truth, columns: decision), both in the order of
        ``classes_`` (sorted labels).  Entries must be finite and
        non-negative.  ``None`` is the 0-1 loss ``1 - I``, whose decision is
        the most probable class.

    Attributes
    ----------
    estimator_ : estimator object
        The fitted clone of ``estimator``.

    classes_ : ndarray of shape (n_classes,)
        The class labels, those of ``estimator_``.

    loss_matrix_ : ndarray of shape (n_classes, n_classes)
        The validated loss matrix as float64 (a copy; ``1 - I`` when
        ``loss_matrix=None``).

    n_features_in_ : int
        Number of features seen during :term:`fit`.  Only defined if
        ``estimator_`` defines it.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :term:`fit`.  Only defined if
        ``estimator_`` defines it.

    See Also
    --------
    sklearn.model_selection.FixedThresholdClassifier : Binary decisions at a
        fixed probability threshold.  For two classes a loss matrix amounts to
        deciding ``classes_[1]`` when ``p(C_1|x) > (L[0,1] - L[0,0]) /
        (L[0,1] - L[0,0] + L[1,0] - L[1,1])``.
    sklearn.model_selection.TunedThresholdClassifierCV : Threshold tuned by
        cross-validation.

    Notes
    -----
    Minimising the expected loss (notes 3.3.4)

    .. math::

        \\mathbb{E}[L] = \\sum_k \\sum_j \\int_{R_j} L_{kj}\\, p(x, C_k)\\, dx

    is the average over :math:`p(x)` of the conditional risk of the decision
    taken at ``x``, so it is minimised by putting each ``x`` in the decision
    region ``R_j`` whose integrand is smallest, i.e. by choosing for each
    sample the decision :math:`\\alpha_j` of least conditional risk

    .. math::

        R(\\alpha_j|x) = \\sum_k L_{kj}\\, p(C_k|x), \\qquad
        \\hat y(x) = \\arg\\min_j R(\\alpha_j|x).

    The notes write this rule for two classes; it holds unchanged for any
    number of classes.  With the 0-1 loss, :math:`R(\\alpha_j|x) = 1 -
    p(C_j|x)` and the rule is the maximum-posterior rule (3.6); in that case
    (and for any positive multiple of the 0-1 loss) :meth:`predict` takes the
    argmax of ``predict_proba`` directly, so its predictions and ties are
    exactly those of ``classes_[argmax(predict_proba)]`` (rounding in ``1 - p``
    could otherwise turn a one-ulp lead into a tie).  Otherwise ties go to the
    first class in ``classes_``.

    The decisions are only as good as the posteriors: a loss matrix acts on
    ``predict_proba``, so a poorly calibrated classifier gives poor decisions
    (wrap it in :class:`sklearn.calibration.CalibratedClassifierCV`).

    References
    ----------
    C. M. Bishop, *Pattern Recognition and Machine Learning*, Springer, 2006,
    section 1.5.2 "Minimizing the expected loss".

    R. O. Duda, P. E. Hart and D. G. Stork, *Pattern Classification*, 2nd ed.,
    Wiley, 2001, section 2.2 "Bayesian decision theory".

    Examples
    --------
    The cancer example of notes 3.3.3: missing a cancer costs 1000 times more
    than a false alarm.  In ``load_breast_cancer`` class 0 is malignant and
    class 1 benign, the order of the notes' matrix (truth in rows, decision in
    columns).

    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.model_selection import train_test_split
    >>> from sklearn_notes.model_selection import MinimumRiskClassifier
    >>> X, y = load_breast_cancer(return_X_y=True)
    >>> X_train, X_test, y_train, y_test = train_test_split(
    ...     X, y, stratify=y, random_state=0)
    >>> loss = [[0, 1000],   # truth cancer: decide cancer, decide normal
    ...         [1, 0]]      # truth normal: decide cancer, decide normal
    >>> argmax = MinimumRiskClassifier().fit(X_train, y_train)  # 0-1 loss
    >>> cautious = MinimumRiskClassifier(loss_matrix=loss).fit(X_train, y_train)

    Confusion matrices (rows: truth, columns: decision): fewer missed cancers
    (top right) for a few more false alarms (bottom left).

    >>> from sklearn.metrics import confusion_matrix
    >>> print(confusion_matrix(y_test, argmax.predict(X_test)))
    [[48  5]
     [ 6 84]]
    >>> print(confusion_matrix(y_test, cautious.predict(X_test)))
    [[51  2]
     [ 8 82]]

    The conditional risks of the two decisions (cancer, normal) per patient:

    >>> cautious.expected_loss(X_test[:2]).round(3)
    array([[   1.,    0.],
           [   0., 1000.]])
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict_proba"]), None],
        "loss_matrix": ["array-like", None],
    }

    def __init__(self, estimator=None, *, loss_matrix=None):
        self.estimator = estimator
        self.loss_matrix = loss_matrix

    def _estimator_or_default(self):
        return _default_estimator() if self.estimator is None else self.estimator

    @_fit_context(
        # MinimumRiskClassifier.estimator is not validated yet
        prefer_skip_nested_validation=False
    )
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the inner classifier and validate the loss matrix.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data, in any form the inner classifier accepts.

        y : array-like of shape (n_samples,)
            Class labels.

        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights, passed to the inner ``fit`` only when given (the
            inner classifier must then accept them).

        **fit_params : dict
            Other parameters of the inner ``fit``.  With metadata routing
            enabled, they (and ``sample_weight``) are routed to the inner
            classifier only if it requested them.

        Returns
        -------
        self : object
            The fitted classifier.
        """
        # y only: X is the inner classifier's business (it may take text,
        # sparse matrices, data frames...).  A column vector y is turned into
        # 1-D here, with scikit-learn's DataConversionWarning.
        y = validate_data(self, X="no_validation", y=y)
        check_classification_targets(y)
        target_type = type_of_target(y, input_name="y")
        if target_type not in ("binary", "multiclass"):
            raise ValueError(
                f"{type(self).__name__} needs one class label per sample "
                f"(binary or multiclass y), got a {target_type} target."
            )
        # Checked before fitting so a bad matrix fails fast.
        loss = _check_loss_matrix(self.loss_matrix, len(np.unique(y)))

        estimator = self._estimator_or_default()
        if _routing_enabled():
            if sample_weight is not None:
                fit_params["sample_weight"] = sample_weight
            inner_params = process_routing(self, "fit", **fit_params).estimator.fit
        else:
            inner_params = dict(fit_params)
            if sample_weight is not None:
                if not has_fit_parameter(estimator, "sample_weight"):
                    raise ValueError(
                        f"The estimator {estimator!r} does not accept "
                        "sample_weight in fit."
                    )
                inner_params["sample_weight"] = sample_weight
        self.estimator_ = clone(estimator).fit(X, y, **inner_params)

        self.classes_ = self.estimator_.classes_
        if len(self.classes_) != loss.shape[0]:  # an inner model relabelling y
            loss = _check_loss_matrix(self.loss_matrix, len(self.classes_))
        self.loss_matrix_ = loss
        for attribute in ("n_features_in_", "feature_names_in_"):
            if hasattr(self.estimator_, attribute):
                setattr(self, attribute, getattr(self.estimator_, attribute))
        return self

    @available_if(_inner_has_predict_proba)
    def predict_proba(self, X):
        """Posterior class probabilities ``p(C_k|x)`` of the inner classifier.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Column ``k`` is the probability of ``classes_[k]``.
        """
        check_is_fitted(self)
        return self.estimator_.predict_proba(X)

    @available_if(_inner_has_predict_proba)
    def predict_log_proba(self, X):
        """Log of the posterior probabilities of the inner classifier.

        Uses the inner ``predict_log_proba`` when there is one (it is often
        more accurate than the log of the probabilities).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The samples.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Column ``k`` is the log-probability of ``classes_[k]``.
        """
        check_is_fitted(self)
        if hasattr(self.estimator_, "predict_log_proba"):
            return self.estimator_.predict_log_proba(X)
        with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer
            return np.log(self.estimator_.predict_proba(X))

    @available_if(_inner_has_predict_proba)
    def expected_loss(self, X):
        """Compute the conditional risk ``R(alpha_j|x) = sum_k L[k, j] p(C_k|x)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The samples.

        Returns
        -------
        risk : ndarray of shape (n_samples, n_classes)
            ``risk[i, j]`` is the expected loss of deciding ``classes_[j]``
            for sample ``i``.
        """
        check_is_fitted(self)
        return self._risk(self.estimator_.predict_proba(X))

    def _risk(self, proba):
        # R = P @ L: row i, column j is sum_k p(C_k|x_i) L[k, j].
        return np.asarray(proba, dtype=np.float64) @ self.loss_matrix_

    @available_if(_inner_has_predict_proba)
    def decision_function(self, X):
        """Return minus the expected loss: larger values mean better decisions.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The samples.

        Returns
        -------
        scores : ndarray of shape (n_samples, n_classes) or (n_samples,)
            ``-expected_loss(X)``, so that ``argmax`` gives :meth:`predict`.
            For two classes, scikit-learn's binary convention: one column,
            ``R(alpha_0|x) - R(alpha_1|x)``, the risk saved by deciding
            ``classes_[1]`` instead of ``classes_[0]``; it is positive exactly
            where :meth:`predict` returns ``classes_[1]``.
        """
        risk = self.expected_loss(X)
        if risk.shape[1] == 2:
            return risk[:, 0] - risk[:, 1]
        return -risk

    @available_if(_inner_has_predict_proba)
    def predict(self, X):
        """Class of least expected loss for each sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            ``classes_[argmin_j R(alpha_j|x)]``; ties go to the first class.
            Under the 0-1 loss (or a positive multiple of it), the argmax of
            ``predict_proba``, exactly.
        """
        check_is_fitted(self)
        proba = self.estimator_.predict_proba(X)
        if _is_scaled_zero_one(self.loss_matrix_):
            # argmin_j (1 - p_j) = argmax_j p_j, without the rounding of 1 - p.
            return self.classes_[np.argmax(proba, axis=1)]
        return self.classes_[np.argmin(self._risk(proba), axis=1)]

    def get_metadata_routing(self):
        """Get metadata routing of this object.

        Please check :ref:`User Guide <metadata_routing>` on how the routing
        mechanism works.

        Returns
        -------
        routing : MetadataRouter
            Routes the parameters of :meth:`fit` to the inner ``fit``.
        """
        return MetadataRouter(owner=self).add(
            estimator=self._estimator_or_default(),
            method_mapping=MethodMapping().add(caller="fit", callee="fit"),
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner_tags = get_tags(self._estimator_or_default())
        # X goes to the inner classifier untouched: it accepts what that accepts.
        tags.input_tags.sparse = inner_tags.input_tags.sparse
        tags.input_tags.allow_nan = inner_tags.input_tags.allow_nan
        return tags
