"""Bayesian model averaging (notes 5.7): a posterior-weighted mixture of models.

Each candidate model ``h`` gets the weight ``p(h | D)``, proportional to its
prior ``p(h)`` times its likelihood ``p(D | h)``.  The likelihood is measured
on held-out data (cross-validated ``predict_proba``), so that a model that
merely memorises the training set is not rewarded; the models are then refit
on all the data and their class probabilities mixed with these weights.
"""

import numpy as np
from joblib import Parallel, delayed
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context, clone
from sklearn.model_selection import check_cv, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import Bunch
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from ..linear_model import LogisticRegression
from ..naive_bayes import GaussianNB
from ..tree import DecisionTreeClassifier

__all__ = ["BayesianModelAveragingClassifier"]

#: Held-out probabilities are clipped to at least this before the log, so a
#: single confidently wrong prediction costs ``log(eps) ~ -36`` instead of
#: ``-inf`` (which would zero the model's weight whatever else it does).
_PROBABILITY_FLOOR = np.finfo(np.float64).eps


def _default_estimators():
    """Three small models of different kinds (fresh instances)."""
    return [
        ("gaussian_nb", GaussianNB()),
        # standardised, so that lbfgs converges on unscaled features
        ("logistic", make_pipeline(StandardScaler(), LogisticRegression())),
        ("tree", DecisionTreeClassifier(max_depth=5, random_state=0)),
    ]


def _held_out_log_likelihood(estimator, X, y_codes, cv):
    """``sum_i log p_h(y_i | x_i)`` with ``p_h`` fitted without sample ``i``."""
    proba = cross_val_predict(estimator, X, y_codes, cv=cv, method="predict_proba")
    picked = proba[np.arange(y_codes.shape[0]), y_codes]
    return float(np.sum(np.log(np.maximum(picked, _PROBABILITY_FLOOR))))


def _score_and_refit(estimator, X, y_codes, cv):
    log_likelihood = _held_out_log_likelihood(clone(estimator), X, y_codes, cv)
    return log_likelihood, clone(estimator).fit(X, y_codes)


class BayesianModelAveragingClassifier(ClassifierMixin, BaseEstimator):
    """Bayesian model averaging over a list of classifiers (notes 5.7).

    Weighs each model ``h`` by its posterior probability given the training
    data, ``p(h | D) ∝ p(h) p(D | h)``, with the likelihood ``p(D | h)``
    estimated from cross-validated class probabilities, and predicts with
    the posterior-weighted mixture of the models' class probabilities.

    Parameters
    ----------
    estimators : list of (str, estimator) tuples, default=None
        The candidate models, as in :class:`sklearn.ensemble.VotingClassifier`;
        each needs ``predict_proba``.  None means
        ``[("gaussian_nb", GaussianNB()), ("logistic",
        make_pipeline(StandardScaler(), LogisticRegression())), ("tree",
        DecisionTreeClassifier(max_depth=5, random_state=0))]`` with the
        classifiers of this package.
    prior : array-like of shape (n_estimators,), default=None
        Prior weights ``p(h)`` (non-negative, normalised to sum to one).
        None means the uniform prior ``1 / H``.
    cv : int, cross-validation generator or iterable, default=5
        How the held-out probabilities are obtained (see
        :func:`sklearn.model_selection.cross_val_predict`; an int means
        stratified k-fold).  Every sample must be held out exactly once.
    n_jobs : int, default=None
        Models scored and refit in parallel threads (``joblib``).

    Attributes
    ----------
    estimators_ : list of classifiers
        The models refit on all the training data, in the order given.
    named_estimators_ : :class:`~sklearn.utils.Bunch`
        The same, by name.
    classes_ : ndarray of shape (n_classes,)
        Class labels.
    log_likelihoods_ : ndarray of shape (n_estimators,)
        Held-out log-likelihood ``sum_i log p_h(y_i | x_i)`` of each model.
    posterior_ : ndarray of shape (n_estimators,)
        Posterior weights ``p(h | D)`` (they sum to one).
    log_evidence_ : float
        ``log sum_h p(h) p(D | h)``, the normaliser of the posterior.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Defined only when X has string column names.

    See Also
    --------
    sklearn.ensemble.VotingClassifier : Fixed (user-given) weights.
    sklearn.ensemble.StackingClassifier : Weights learned by a meta-model.

    Notes
    -----
    With models ``h = 1..H``, prior ``p(h)`` and held-out predictive
    probabilities ``p_h(y | x)``:

    ``log p(h | D) = log p(h) + sum_i log max(p_h(y_i | x_i), eps)
    - log sum_g exp(log p(g) + sum_i log max(p_g(y_i | x_i), eps))``,

    the normalisation done with a stable log-sum-exp and ``eps`` the float64
    machine epsilon.  Prediction (eq. 5.38 with the posterior in place of the
    prior) is the mixture

    ``p(y | x, D) = sum_h p(h | D) p_h(y | x)``.

    The notes weigh the models by their prior ``p(h)`` alone; that is plain
    averaging with fixed weights.  Bayesian model averaging uses the
    posterior ``p(h | D)``.

    Caveat: the log-likelihood is a sum over samples, so the log posterior
    odds between two models grow linearly with ``n``, and the posterior
    concentrates on the single model with the best held-out likelihood as
    the data grow.  BMA is soft *model selection*: it assumes one of the
    candidates is the true model, and does not combine models to reduce
    their error the way bagging or stacking do (Minka, 2000).

    References
    ----------
    .. [1] J. A. Hoeting, D. Madigan, A. E. Raftery, C. T. Volinsky,
       "Bayesian model averaging: a tutorial", Statistical Science 14, 1999.
    .. [2] T. P. Minka, "Bayesian model averaging is not model combination",
       MIT Media Lab note, 2000.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_notes.ensemble import BayesianModelAveragingClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> bma = BayesianModelAveragingClassifier().fit(X, y)
    >>> [name for name, _ in bma.named_estimators_.items()]
    ['gaussian_nb', 'logistic', 'tree']
    >>> bool(abs(bma.posterior_.sum() - 1.0) < 1e-12)
    True
    >>> bma.predict(X[:2])
    array([0, 0])
    """

    _parameter_constraints: dict = {
        "estimators": [list, None],
        "prior": ["array-like", None],
        "cv": ["cv_object"],
        "n_jobs": [None, int],
    }

    def __init__(self, estimators=None, *, prior=None, cv=5, n_jobs=None):
        self.estimators = estimators
        self.prior = prior
        self.cv = cv
        self.n_jobs = n_jobs

    def _named_models(self):
        models = _default_estimators() if self.estimators is None else self.estimators
        if len(models) == 0:
            raise ValueError(
                "estimators must be a non-empty list of (name, estimator)."
            )
        for item in models:
            if not (
                isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)
            ):
                raise ValueError(
                    "estimators must be a list of (str, estimator) tuples; got "
                    f"{item!r}."
                )
            if not hasattr(item[1], "predict_proba"):
                raise TypeError(
                    f"estimator {item[0]!r} ({type(item[1]).__name__}) has no "
                    "predict_proba: Bayesian model averaging needs p(y | x, h)."
                )
        names = [name for name, _ in models]
        if len(set(names)) != len(names):
            raise ValueError(f"estimator names must be unique; got {names}.")
        return models

    def _log_prior(self, n_models):
        if self.prior is None:
            return np.full(n_models, -np.log(n_models))
        prior = check_array(
            self.prior, ensure_2d=False, dtype=np.float64, input_name="prior"
        )
        if prior.shape != (n_models,):
            raise ValueError(
                f"prior has shape {prior.shape} but there are {n_models} estimators."
            )
        if (prior < 0).any() or prior.sum() <= 0:
            raise ValueError("prior must be non-negative with a positive sum.")
        with np.errstate(divide="ignore"):  # p(h) = 0 rules h out: log 0 = -inf
            return np.log(prior / prior.sum())

    # The members' own parameters are validated when they are fitted.
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y):
        """Score every model on held-out data, then refit it on all of X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training samples.
        y : array-like of shape (n_samples,)
            Class labels.

        Returns
        -------
        self : BayesianModelAveragingClassifier
            Fitted estimator.
        """
        models = self._named_models()
        X, y = validate_data(self, X, y, dtype=[np.float64, np.float32])
        check_classification_targets(y)
        self.classes_, y_codes = np.unique(y, return_inverse=True)
        if self.classes_.shape[0] < 2:
            raise ValueError(
                "BayesianModelAveragingClassifier needs samples of at least 2 "
                f"classes, but the data contains only one class: {self.classes_[0]!r}"
            )
        log_prior = self._log_prior(len(models))
        cv = check_cv(self.cv, y_codes, classifier=True)
        results = Parallel(n_jobs=self.n_jobs, prefer="threads")(
            delayed(_score_and_refit)(estimator, X, y_codes, cv)
            for _, estimator in models
        )
        self.log_likelihoods_ = np.array([ll for ll, _ in results])
        self.estimators_ = [member for _, member in results]
        self.named_estimators_ = Bunch(
            **{name: member for (name, _), member in zip(models, self.estimators_)}
        )
        log_joint = log_prior + self.log_likelihoods_
        self.log_evidence_ = float(logsumexp(log_joint))
        self.posterior_ = np.exp(log_joint - self.log_evidence_)
        return self

    def predict_proba(self, X):
        """Posterior-weighted mixture ``sum_h p(h | D) p_h(y | x)``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, dtype=[np.float64, np.float32])
        proba = np.zeros((X.shape[0], self.classes_.shape[0]))
        for weight, member in zip(self.posterior_, self.estimators_):
            if weight > 0:
                proba += weight * member.predict_proba(X)
        return proba

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X):
        """Class of highest mixture probability.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y : ndarray of shape (n_samples,)
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]
