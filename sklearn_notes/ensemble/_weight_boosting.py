"""AdaBoost (notes 5.3.1): discrete multi-class SAMME over weighted weak learners.

Each round fits a clone of the base estimator on the current sample weights,
measures its weighted error, gives it a say ``alpha`` and multiplies the
weights of the samples it got wrong by ``exp(alpha)``.  The base learner does
the heavy lifting (our Numba decision tree by default, a depth-1 stump).
"""

import warnings
from numbers import Integral, Real

import numpy as np
from scipy.special import softmax
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context, clone
from sklearn.ensemble._base import _set_random_states
from sklearn.metrics import accuracy_score
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    has_fit_parameter,
    validate_data,
)

from ..tree import DecisionTreeClassifier
from ..tree._classes import Tree, presort_features
from ._weight_boosting_kernels import best_stump

__all__ = ["AdaBoostClassifier"]


#: Weights are multiples of 2**-40: sums of them (total about 1) are exact in
#: float64 whatever the summation order.
_GRID = 2.0**40


def _on_grid(scale, positive):
    """Round normalised multipliers to the ``_GRID`` lattice, keeping them > 0.

    Exact sums make the members' split ties (two features separating the
    same samples) break the same way whether a sample is repeated or
    weighted; the floor of one lattice unit plays the role of scikit-learn's
    ``eps`` clipping (weights never underflow to zero, issue #20320), except
    for the samples the caller weighted zero.
    """
    rounded = np.maximum(np.round(scale * _GRID), 1.0) / _GRID
    return np.where(positive, rounded, 0.0)


class AdaBoostClassifier(ClassifierMixin, BaseEstimator):
    """AdaBoost classifier, discrete SAMME (notes 5.3.1).

    Fits ``n_estimators`` weak classifiers one after another, each on sample
    weights that emphasise the samples its predecessors misclassified, and
    predicts by their weighted vote.

    Parameters
    ----------
    estimator : object, default=None
        Base estimator; it must accept ``sample_weight`` in ``fit``.  None
        means a decision stump, ``DecisionTreeClassifier(max_depth=1)`` of
        :mod:`sklearn_notes.tree`.
    n_estimators : int, default=50
        Maximum number of boosting rounds; fewer are kept when a round is
        perfect or no better than chance.
    learning_rate : float, default=1.0
        Shrinks each estimator's weight ``alpha_m``.
    random_state : int, RandomState instance or None, default=None
        Seeds the ``random_state`` of each base estimator.

    Attributes
    ----------
    estimator_ : estimator
        The unfitted base estimator the members are cloned from.
    estimators_ : list of classifiers
        The fitted members.
    estimator_weights_ : ndarray of shape (n_estimators,)
        Weight ``alpha_m`` of each member (0 for rounds not run).
    estimator_errors_ : ndarray of shape (n_estimators,)
        Weighted training error ``epsilon_m`` of each member (1 for rounds
        not run).
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    n_classes_ : int
        Number of classes.
    feature_importances_ : ndarray of shape (n_features,)
        Members' impurity importances averaged with weights ``alpha_m``.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit (only when X has string names).

    See Also
    --------
    sklearn.ensemble.AdaBoostClassifier : scikit-learn's twin.
    sklearn_notes.tree.DecisionTreeClassifier : the default weak learner.

    Notes
    -----
    With weights normalised to sum to one (eq. 5.9, ``w_n = 1/N``), round
    ``m`` fits ``h_m`` and computes the weighted error (eqs. 5.10-5.11)

    ``epsilon_m = sum_n w_n I(h_m(x_n) != t_n) / sum_n w_n``,

    the classifier weight (SAMME, Zhu et al. 2009; eq. 5.12 plus the
    multi-class term, times the learning rate ``nu``)

    ``alpha_m = nu * (ln((1 - epsilon_m) / epsilon_m) + ln(K - 1))``,

    and the new data weights (eq. 5.13), renormalised to sum to one,

    ``w_n <- w_n exp(alpha_m I(h_m(x_n) != t_n))``.

    For ``K = 2`` and ``nu = 1`` this is exactly eq. 5.12.  Eq. 5.18,
    ``theta_m = 1/2 ln((1 - epsilon_m) / epsilon_m)``, is the same rule
    written for labels ``+-1`` with the symmetric update 5.19
    ``w exp(-theta y f(x))``: multiplying the wrong samples by
    ``exp(2 theta)`` and the right ones by 1 (5.13) gives the same normalised
    weights as ``exp(theta)`` and ``exp(-theta)``, so ``alpha = 2 theta`` and
    both ensembles vote identically (5.14 vs 5.15).

    Training stops early when a member is perfect (``epsilon_m = 0``, kept
    with weight 1) or no better than chance (``epsilon_m >= 1 - 1/K``,
    dropped).  The decision function is
    ``f_k(x) = sum_m alpha_m (I(h_m(x) = k) - I(h_m(x) != k) / (K - 1))
    / sum_m alpha_m`` and the probabilities are ``softmax(f(x) / (K - 1))``.

    Two implementation choices differ from scikit-learn: the default stump is
    found by one sweep over features sorted once per ``fit`` (ties between
    equally good splits go to the lowest feature index, not a random one),
    and each weight is kept as ``w_n = c_n u_n`` (initial weight times a
    multiplier on a ``2**-40`` lattice, at least one lattice unit) so that
    sums are exact and an integer weight is exactly equivalent to repeating
    the sample.

    References
    ----------
    .. [1] Y. Freund, R. Schapire, "A Decision-Theoretic Generalization of
       On-Line Learning and an Application to Boosting", 1997.
    .. [2] J. Zhu, H. Zou, S. Rosset, T. Hastie, "Multi-class AdaBoost",
       Statistics and Its Interface 2, 2009.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_notes.ensemble import AdaBoostClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = AdaBoostClassifier(n_estimators=20, random_state=0).fit(X, y)
    >>> clf.score(X, y) > 0.9
    True
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict"]), None],
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        estimator=None,
        *,
        n_estimators=50,
        learning_rate=1.0,
        random_state=None,
    ):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.random_state = random_state

    def _validate_estimator(self):
        if self.estimator is None:
            self.estimator_ = DecisionTreeClassifier(max_depth=1)
        else:
            self.estimator_ = clone(self.estimator)
        if not has_fit_parameter(self.estimator_, "sample_weight"):
            raise ValueError(
                f"{self.estimator_.__class__.__name__} doesn't support sample_weight."
            )

    def _check_X(self, X):
        return validate_data(self, X, dtype=(np.float64, np.float32), reset=False)

    # The member's own estimator parameters (e.g. the tree's) are validated
    # when it is fitted, hence no nested-validation skip.
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None):
        """Boost ``n_estimators`` weak classifiers on (X, y).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training samples.
        y : array-like of shape (n_samples,)
            Class labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Initial sample weights; None means ``1 / n_samples`` (eq. 5.9).

        Returns
        -------
        self : object
            Fitted estimator.
        """
        X, y = validate_data(self, X, y, dtype=(np.float64, np.float32))
        check_classification_targets(y)
        sample_weight = _check_sample_weight(
            sample_weight, X, dtype=np.float64, copy=True, ensure_non_negative=True
        )
        self._validate_estimator()

        self.estimators_ = []
        self.estimator_weights_ = np.zeros(self.n_estimators, dtype=np.float64)
        self.estimator_errors_ = np.ones(self.n_estimators, dtype=np.float64)
        random_state = check_random_state(self.random_state)

        # The boosting weight of sample n is w_n = c_n * u_n: its initial
        # weight c_n times a multiplier u_n that only depends on its own
        # history, so a sample of weight 2 and two copies of it evolve alike.
        positive = sample_weight > 0
        # Default weak learner: sort the features once, then each round
        # only sweeps them for the best stump (see ``_fit_stump``).
        self._stumps = None
        if self.estimator is None:
            classes, y_codes = np.unique(y, return_inverse=True)
            X32 = np.asarray(X, dtype=np.float32)
            order, values = presort_features(X32, np.flatnonzero(positive))
            self._stumps = (X32, classes, y_codes.astype(np.int64), order, values)
        scale = _on_grid(
            np.full_like(sample_weight, 1.0 / sample_weight.sum()), positive
        )
        for iboost in range(self.n_estimators):
            scale, alpha, error = self._boost(
                iboost, X, y, sample_weight, scale, random_state
            )
            if scale is None:  # no better than chance: dropped
                break
            self.estimator_weights_[iboost] = alpha
            self.estimator_errors_[iboost] = error
            if error == 0:
                break
            total = np.sum(sample_weight * scale)
            if not np.isfinite(total):
                warnings.warn(
                    "Sample weights have reached infinite values, at iteration "
                    f"{iboost}, causing overflow. Iterations stopped. Try "
                    "lowering the learning rate.",
                    stacklevel=2,
                )
                break
            if total <= 0:
                break
            scale = _on_grid(scale / total, positive)  # normalise: sum w = 1
        return self

    def _boost(self, iboost, X, y, initial_weight, scale, random_state):
        """One SAMME round: fit, error (5.11), alpha (5.12), weights (5.13).

        Returns the updated (unnormalised) multipliers ``u``, ``alpha_m`` and
        ``epsilon_m``; ``(None, None, None)`` when the member is dropped.
        """
        sample_weight = initial_weight * scale
        member = clone(self.estimator_)
        _set_random_states(member, random_state)
        self.estimators_.append(member)
        if self._stumps is None:
            member.fit(X, y, sample_weight=sample_weight)
            wrong = member.predict(X) != y
        else:
            wrong = self._fit_stump(member, sample_weight)
        if iboost == 0:
            self.classes_ = member.classes_
            self.n_classes_ = len(self.classes_)

        error = np.sum(sample_weight[wrong]) / np.sum(sample_weight)
        if error <= 0:  # perfect member: it alone decides
            return scale, 1.0, 0.0
        n_classes = self.n_classes_
        if error >= 1.0 - 1.0 / n_classes:  # no better than chance
            self.estimators_.pop(-1)
            if len(self.estimators_) == 0:
                raise ValueError(
                    "BaseClassifier in AdaBoostClassifier ensemble is worse "
                    "than random, ensemble can not be fit."
                )
            return None, None, None

        alpha = self.learning_rate * (
            np.log((1.0 - error) / error) + np.log(n_classes - 1.0)
        )
        if iboost < self.n_estimators - 1:
            # the wrong samples' weights are multiplied by exp(alpha)
            scale = np.where(wrong, scale * np.exp(alpha), scale)
        return scale, alpha, error

    def _fit_stump(self, stump, sample_weight):
        """Fit ``stump`` (an unfitted depth-1 tree) by the presorted sweep.

        Sets the fitted attributes of :class:`DecisionTreeClassifier` (same
        Gini criterion, same midpoint thresholds; ties between equally good
        splits go to the lowest feature rather than a random one) and
        returns the mask of the training samples it misclassifies.
        """
        X32, classes, y_codes, order, values = self._stumps
        n_classes = len(classes)
        class_total = np.bincount(y_codes, weights=sample_weight, minlength=n_classes)
        left = np.zeros(n_classes)
        feature, threshold, n_left = -1, 0.0, 0
        if np.count_nonzero(class_total) > 1:  # a pure root stays a leaf
            feature, threshold, n_left = best_stump(
                order, values, y_codes, sample_weight, class_total, left
            )
        n_rows = order.shape[1]
        if feature < 0:
            nodes = [(class_total, n_rows)]
            tree_arrays = ([-1], [-1], [-2], [-2.0])
        else:
            right = class_total - left
            nodes = [(class_total, n_rows), (left, n_left), (right, n_rows - n_left)]
            tree_arrays = (
                [1, -1, -1],
                [2, -1, -1],
                [feature, -2, -2],
                [threshold, -2.0, -2.0],
            )
        weights = np.array([node.sum() for node, _ in nodes])
        fractions = np.array([node for node, _ in nodes]) / weights[:, np.newaxis]
        stump.n_features_in_ = X32.shape[1]
        stump.n_outputs_ = 1
        stump.classes_ = classes
        stump.n_classes_ = n_classes
        stump.max_features_ = X32.shape[1]
        stump.tree_ = Tree(
            X32.shape[1],
            [n_classes],
            1,
            *tree_arrays,
            1.0 - np.sum(fractions**2, axis=1),  # Gini impurity
            [count for _, count in nodes],
            weights,
            fractions[:, np.newaxis, :],
            [1] + [0] * (len(nodes) - 1),
        )
        if feature < 0:
            predicted = np.full(X32.shape[0], np.argmax(class_total))
        else:
            predicted = np.where(
                X32[:, feature] <= threshold, np.argmax(left), np.argmax(right)
            )
        return predicted != y_codes

    def _member_votes(self, member, alpha, X):
        """alpha for the predicted class, -alpha / (K - 1) for the others."""
        hit = member.predict(X)[:, np.newaxis] == self.classes_
        return np.where(hit, alpha, -alpha / (self.n_classes_ - 1))

    def _collapse(self, votes, norm):
        scores = votes / norm
        if self.n_classes_ == 2:
            return scores[:, 1] - scores[:, 0]
        return scores

    def decision_function(self, X):
        """Weighted vote ``f_k(x)`` of the members.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        score : ndarray of shape (n_samples, n_classes) or (n_samples,)
            One column per class; for two classes the second minus the
            first (positive favours ``classes_[1]``).
        """
        check_is_fitted(self)
        X = self._check_X(X)
        if self.n_classes_ == 1:
            return np.zeros((X.shape[0], 1), dtype=X.dtype)
        votes = np.zeros((X.shape[0], self.n_classes_))
        for member, alpha in zip(self.estimators_, self.estimator_weights_):
            votes += self._member_votes(member, alpha, X)
        return self._collapse(votes, self.estimator_weights_.sum())

    def staged_decision_function(self, X):
        """Decision function after each boosting round.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Yields
        ------
        score : ndarray of shape (n_samples, n_classes) or (n_samples,)
            As :meth:`decision_function` for the first ``m`` members.
        """
        check_is_fitted(self)
        X = self._check_X(X)
        if self.n_classes_ == 1:  # one class: no vote to take
            for _ in self.estimators_:
                yield np.zeros((X.shape[0], 1), dtype=X.dtype)
            return
        votes = np.zeros((X.shape[0], self.n_classes_))
        norm = 0.0
        for member, alpha in zip(self.estimators_, self.estimator_weights_):
            norm += alpha
            votes += self._member_votes(member, alpha, X)
            yield self._collapse(votes, norm)

    def _label(self, score):
        if self.n_classes_ == 2:
            return self.classes_.take(score > 0, axis=0)
        return self.classes_.take(np.argmax(score, axis=1), axis=0)

    def predict(self, X):
        """Class of the largest weighted vote (eq. 5.14).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y : ndarray of shape (n_samples,)
            Predicted classes.
        """
        return self._label(self.decision_function(X))

    def staged_predict(self, X):
        """Predicted classes after each boosting round.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Yields
        ------
        y : ndarray of shape (n_samples,)
            Predictions of the first ``m`` members.
        """
        for score in self.staged_decision_function(X):
            yield self._label(score)

    def _proba(self, score):
        # Zhu et al. eq. (15): softmax(f(x) / (K - 1))
        if self.n_classes_ == 1:
            return np.ones((score.shape[0], 1))
        if self.n_classes_ == 2:
            score = np.vstack([-score, score]).T / 2
        else:
            score = score / (self.n_classes_ - 1)
        return softmax(score, axis=1)

    def predict_proba(self, X):
        """Class probabilities ``softmax(f(x) / (K - 1))``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        p : ndarray of shape (n_samples, n_classes)
            Probabilities in the order of ``classes_``.
        """
        check_is_fitted(self)
        if self.n_classes_ == 1:
            return np.ones((self._check_X(X).shape[0], 1))
        return self._proba(self.decision_function(X))

    def staged_predict_proba(self, X):
        """Class probabilities after each boosting round.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Yields
        ------
        p : ndarray of shape (n_samples, n_classes)
            Probabilities of the first ``m`` members.
        """
        for score in self.staged_decision_function(X):
            yield self._proba(score)

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        log_p : ndarray of shape (n_samples, n_classes)
            Log-probabilities in the order of ``classes_``.
        """
        return np.log(self.predict_proba(X))

    def staged_score(self, X, y, sample_weight=None):
        """Accuracy after each boosting round.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.
        y : array-like of shape (n_samples,)
            True labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.

        Yields
        ------
        score : float
            Accuracy of the first ``m`` members.
        """
        for y_pred in self.staged_predict(X):
            yield accuracy_score(y, y_pred, sample_weight=sample_weight)

    @property
    def feature_importances_(self):
        """Members' feature importances averaged with weights ``alpha_m``."""
        check_is_fitted(self)
        if len(self.estimators_) == 0:
            raise ValueError("Estimator not fitted, call `fit` first.")
        try:
            weights = self.estimator_weights_[: len(self.estimators_)]
            return (
                sum(
                    w * member.feature_importances_
                    for w, member in zip(weights, self.estimators_)
                )
                / weights.sum()
            )
        except AttributeError as error:
            raise AttributeError(
                "Unable to compute feature importances since estimator does "
                "not have a feature_importances_ attribute"
            ) from error
