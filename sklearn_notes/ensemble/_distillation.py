"""Knowledge distillation (notes 5.8): a single student fit to a teacher's soft targets.

The teacher (by default a random forest) is fit on the labels; its class
probabilities, softened by a temperature ``T`` (eq. 5.39), become the targets
of a small student (by default a softmax regression), mixed with the one-hot
labels.
"""

from numbers import Real

import numpy as np
from scipy.special import softmax
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context, clone
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ..linear_model import SoftmaxRegression
from ._forest import RandomForestClassifier

__all__ = ["DistilledClassifier", "soften"]


def soften(teacher, X, temperature):
    """Teacher's class probabilities at temperature ``T`` (notes eq. 5.39).

    ``p_k = exp(z_k / T) / sum_j exp(z_j / T)`` with logits ``z``: the
    log-probabilities when the teacher has ``predict_proba`` (then
    ``p_k = q_k^(1/T) / sum_j q_j^(1/T)``, computed without a log, so that a
    zero probability stays exactly zero), otherwise its
    ``decision_function`` (``[0, z]`` for a binary log-odds ``z``).

    Parameters
    ----------
    teacher : fitted classifier
    X : array-like of shape (n_samples, n_features)
    temperature : float
        ``T > 0``; ``T = 1`` returns the teacher's own probabilities, larger
        ``T`` flattens them towards uniform.

    Returns
    -------
    soft_targets : ndarray of shape (n_samples, n_classes)
    """
    if hasattr(teacher, "predict_proba"):
        proba = np.asarray(teacher.predict_proba(X), dtype=np.float64)
        # Divide by the row maximum first: the powers stay in [0, 1] and the
        # largest is 1, so the normaliser never underflows.
        scaled = (proba / proba.max(axis=1, keepdims=True)) ** (1.0 / temperature)
        return scaled / scaled.sum(axis=1, keepdims=True)
    logits = np.asarray(teacher.decision_function(X), dtype=np.float64)
    if logits.ndim == 1:  # binary log-odds z = z_1 - z_0
        logits = np.column_stack([np.zeros_like(logits), logits])
    return softmax(logits / temperature, axis=1)


class DistilledClassifier(ClassifierMixin, BaseEstimator):
    """A student classifier trained on a teacher's softened predictions (notes 5.8).

    Fits the teacher on ``(X, y)``, softens its class probabilities on the
    training samples with the temperature ``T`` (eq. 5.39) and fits the
    student on the targets ``alpha * soft + (1 - alpha) * one_hot(y)``.
    Predictions are the student's.

    Parameters
    ----------
    teacher : classifier, default=None
        The (large) model distilled; needs ``predict_proba`` or
        ``decision_function``.  None means
        ``RandomForestClassifier(n_estimators=100)`` of this package.
    student : classifier, default=None
        The (small) model trained; its ``fit`` must accept
        ``soft_targets=`` (rows of class probabilities) as
        :class:`sklearn_notes.linear_model.SoftmaxRegression` does.  None
        means ``SoftmaxRegression()``.
    temperature : float, default=2.0
        ``T`` of eq. 5.39; ``T = 1`` keeps the teacher's probabilities.
    alpha : float, default=0.5
        Weight of the soft targets; ``1 - alpha`` goes to the one-hot labels.
        ``alpha = 0`` is plain training of the student on the labels.
    random_state : int, RandomState instance or None, default=None
        Seeds the default teacher (and a default student's shuffling).  A
        given teacher or student keeps its own ``random_state``.

    Attributes
    ----------
    teacher_ : classifier
        The fitted teacher.
    student_ : classifier
        The fitted student.
    soft_targets_ : ndarray of shape (n_samples, n_classes)
        The mixed targets the student was fit on.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Defined only when X has string column names.

    See Also
    --------
    sklearn_notes.linear_model.SoftmaxRegression : The default student.
    sklearn_notes.ensemble.RandomForestClassifier : The default teacher.

    Notes
    -----
    With teacher probabilities ``q`` (logits ``z = log q``), the softened
    targets are (eq. 5.39)

    ``p_k = exp(z_k / T) / sum_j exp(z_j / T) = q_k^(1/T) / sum_j q_j^(1/T)``

    and the student minimises the cross-entropy with
    ``y~ = alpha p + (1 - alpha) one_hot(y)``.  Cross-entropy is linear in
    its targets, so this is ``alpha`` times the soft loss plus
    ``1 - alpha`` times the usual one.

    Hinton et al. also raise the *student's* softmax to temperature ``T``
    during training (and scale the soft loss by ``T^2``).  The student here
    is trained at ``T = 1`` because a generic student does not expose its
    logits; for a softmax-regression student without penalty, training its
    logits at ``T`` on ``p`` only divides the fitted weights by ``T``, which
    changes the confidence of its probabilities but not its predictions.

    When distillation helps: the soft targets carry the teacher's
    similarities between classes ("dark knowledge"), which helps a student
    that can represent them and a teacher that generalises better than the
    student.  The teacher's probabilities are taken on its own training
    samples, where a random forest is nearly certain (each tree fits the
    points it saw), so its soft targets are close to the labels; and a
    linear student cannot follow a forest's non-linear boundary.  On
    breast cancer, wine and digits the distilled softmax student matches
    the one trained on the labels (within a test sample or two), it does
    not clearly beat it (see the user guide).

    References
    ----------
    .. [1] G. Hinton, O. Vinyals, J. Dean, "Distilling the knowledge in a
       neural network", NIPS Deep Learning Workshop, 2015.
    .. [2] C. Bucilua, R. Caruana, A. Niculescu-Mizil, "Model compression",
       KDD 2006.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_notes.ensemble import DistilledClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = DistilledClassifier(temperature=2.0, random_state=0).fit(X, y)
    >>> type(clf.student_).__name__
    'SoftmaxRegression'
    >>> clf.score(X, y) > 0.95
    True
    """

    _parameter_constraints: dict = {
        "teacher": [HasMethods(["fit"]), None],
        "student": [HasMethods(["fit", "predict"]), None],
        "temperature": [Interval(Real, 0, None, closed="neither")],
        "alpha": [Interval(Real, 0, 1, closed="both")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        teacher=None,
        student=None,
        *,
        temperature=2.0,
        alpha=0.5,
        random_state=None,
    ):
        self.teacher = teacher
        self.student = student
        self.temperature = temperature
        self.alpha = alpha
        self.random_state = random_state

    def _make_teacher(self):
        if self.teacher is None:
            return RandomForestClassifier(random_state=self.random_state)
        teacher = clone(self.teacher)
        if not (
            hasattr(teacher, "predict_proba") or hasattr(teacher, "decision_function")
        ):
            raise TypeError(
                f"The teacher {type(teacher).__name__} has neither predict_proba "
                "nor decision_function: there is nothing to soften."
            )
        return teacher

    def _make_student(self):
        if self.student is None:
            return SoftmaxRegression(random_state=self.random_state)
        return clone(self.student)

    # The teacher's and student's own parameters are validated when fitted.
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Fit the teacher on ``(X, y)``, then the student on its soft targets.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training samples.
        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        self : DistilledClassifier
            Fitted estimator.
        """
        X, y = validate_data(self, X, y, dtype=[np.float64, np.float32])
        check_classification_targets(y)
        self.classes_, y_codes = np.unique(y, return_inverse=True)
        n_classes = self.classes_.shape[0]
        if n_classes < 2:
            raise ValueError(
                "DistilledClassifier needs samples of at least 2 classes, but the "
                f"data contains only one class: {self.classes_[0]!r}"
            )
        self.teacher_ = self._make_teacher().fit(X, y_codes)
        soft = soften(self.teacher_, X, self.temperature)
        if soft.shape != (X.shape[0], n_classes):
            raise ValueError(
                f"The teacher returned {soft.shape[1]} class scores for "
                f"{n_classes} classes."
            )
        one_hot = np.zeros((X.shape[0], n_classes))
        one_hot[np.arange(X.shape[0]), y_codes] = 1.0
        self.soft_targets_ = self.alpha * soft + (1.0 - self.alpha) * one_hot
        self.student_ = self._make_student()
        self.student_.fit(X, y_codes, soft_targets=self.soft_targets_)
        return self

    def _student_X(self, X):
        check_is_fitted(self)
        return validate_data(self, X, reset=False, dtype=[np.float64, np.float32])

    def predict_proba(self, X):
        """The student's class probabilities.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        X = self._student_X(X)
        return self.student_.predict_proba(X)

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X):
        """The student's predicted classes.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        X = self._student_X(X)
        codes = np.asarray(self.student_.predict(X), dtype=np.intp)
        return self.classes_[codes]
