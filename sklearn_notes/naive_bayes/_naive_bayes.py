"""Naive Bayes classifiers (notes 3.1-3.2): Gaussian, multinomial, Bernoulli.

A naive Bayes classifier picks the class of largest posterior (notes eq. 3.6
and 3.7)::

    c(x) = argmax_c p(c | x) = argmax_c p(c) p(x | c)
         = argmax_c [ log p(c) + sum_j log p(x_j | c) ]

where the *naive* assumption is that the features are independent **given
the class**, so ``p(x | c)`` factorises over the features.  Fitting is
estimation of ``p(c)`` and of the per-feature class conditionals:

* maximum likelihood (notes eq. 3.1-3.4) for the Gaussian means and variances
  and for the class priors;
* maximum a posteriori (notes eq. 3.5) for the multinomial and Bernoulli
  feature probabilities, whose Dirichlet/Beta prior is the pseudo-count
  ``alpha`` (additive "Laplace/Lidstone" smoothing).

Three layers, as the rest of the package: the ``@njit`` kernels in
``_naive_bayes_kernels.py`` (and the shared weighted class statistics of
``sklearn_notes.utils._weighted_stats``), private driver functions here, and
the estimators.  The estimators are drop-in replacements for scikit-learn's
classes of the same names; where they differ on purpose it is said in the
class docstring.
"""

import warnings
from numbers import Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.multiclass import check_classification_targets, unique_labels
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from ..utils._weighted_stats import class_means_and_squares
from ._naive_bayes_kernels import (
    binarize_dense,
    count_binarized_features_csr,
    count_binarized_features_dense,
    count_features_csr,
    count_features_dense,
    gaussian_joint_log_likelihood,
    normalize_log_rows,
)

__all__ = ["BernoulliNB", "GaussianNB", "MultinomialNB"]

# Floating dtypes the kernels are compiled for; other numeric input is cast to
# float64 once, in Python (NUMBA.md rule 3).
FLOAT_DTYPES = [np.float64, np.float32]

# Integer labels spanning at most this many values (or twice the number of
# rows) are encoded by counting instead of sorting.
_DENSE_LABEL_RANGE = 1 << 16


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------


def _encode_labels(y):
    """Sorted class labels and the class index of every row.

    Integer labels of a small range are encoded in O(n) with ``bincount``
    (the common case, and where scikit-learn spends a sort and a one-hot
    matrix); anything else goes through :func:`sklearn.utils.multiclass.unique_labels`,
    which also rejects continuous targets and mixed label types.

    Parameters
    ----------
    y : ndarray of shape (n_samples,)

    Returns
    -------
    classes : ndarray of shape (n_classes,)
    class_index : ndarray of shape (n_samples,), intp
    """
    small_int = y.dtype.kind == "i" or (y.dtype.kind == "u" and y.dtype.itemsize < 8)
    if small_int and y.size:
        low, high = int(y.min()), int(y.max())
        if high - low < max(_DENSE_LABEL_RANGE, 2 * y.size):
            offset = y.astype(np.intp) - low
            present = np.flatnonzero(np.bincount(offset, minlength=high - low + 1))
            lookup = np.empty(high - low + 1, dtype=np.intp)
            lookup[present] = np.arange(present.size)
            return (present + low).astype(y.dtype), lookup[offset]
    classes = unique_labels(y)
    check_classification_targets(classes)
    return classes, _class_index(y, classes)


def _class_index(y, classes):
    """Index of each label of ``y`` in the sorted ``classes``.

    Raises
    ------
    ValueError
        If a label of ``y`` is not one of ``classes`` (``partial_fit`` with a
        label that was not announced on the first call).
    """
    index = np.searchsorted(classes, y)
    np.minimum(index, classes.shape[0] - 1, out=index)
    unseen = classes[index] != y
    if np.any(unseen):
        raise ValueError(
            "The target label(s) %s in y do not exist in the initial classes %s"
            % (np.unique(y[unseen]), classes)
        )
    return index.astype(np.intp, copy=False)


def _partial_fit_classes(estimator, classes):
    """Classes of a ``partial_fit`` call and whether it is the first one.

    Same rules and messages as scikit-learn's
    ``sklearn.utils.multiclass._check_partial_fit_first_call``, but without
    setting ``classes_``: the estimator is changed only once the whole batch
    has been validated.
    """
    fitted = getattr(estimator, "classes_", None)
    if fitted is None:
        if classes is None:
            raise ValueError("classes must be passed on the first call to partial_fit.")
        return unique_labels(classes), True
    if classes is not None and not np.array_equal(fitted, unique_labels(classes)):
        raise ValueError(
            "`classes=%r` is not the same as on last call "
            "to partial_fit, was: %r" % (classes, fitted)
        )
    return fitted, False


def _validated_weights(sample_weight, X):
    """Frequency weights as a C-contiguous float64 array (ones if None)."""
    if sample_weight is None:
        return np.ones(X.shape[0])
    return _check_sample_weight(
        sample_weight, X, dtype=np.float64, ensure_non_negative=True
    )


# ---------------------------------------------------------------------------
# Base class: prediction from the joint log-likelihood
# ---------------------------------------------------------------------------


class _BaseNB(ClassifierMixin, BaseEstimator):
    """Prediction shared by the naive Bayes classifiers.

    Subclasses provide ``_check_X`` (validation for prediction) and
    ``_joint_log_likelihood`` returning a fresh, writable, C-contiguous
    ``(n_samples, n_classes)`` array of ``log p(c) + log p(x | c)``.
    """

    def predict_joint_log_proba(self, X):
        """Return joint log probability estimates for the test vector X.

        For each row ``x`` of X and class ``y``, the joint log probability is
        ``log P(x, y) = log P(y) + log P(x | y)`` (notes eq. 3.7 in logs).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        C : ndarray of shape (n_samples, n_classes)
            The joint log-probability of the samples for each class, columns
            in the order of :term:`classes_`.
        """
        check_is_fitted(self)
        X = self._check_X(X)
        return self._joint_log_likelihood(X)

    def predict(self, X):
        """Perform classification on an array of test vectors X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        C : ndarray of shape (n_samples,)
            Predicted target values for X (the MAP class, notes eq. 3.6).
        """
        jll = self.predict_joint_log_proba(X)
        return self.classes_[np.argmax(jll, axis=1)]

    def predict_log_proba(self, X):
        """Return log-probability estimates for the test vector X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        C : ndarray of shape (n_samples, n_classes)
            ``log p(c | x)``, columns in the order of :term:`classes_`.
        """
        jll = self.predict_joint_log_proba(X)
        # Normalise by log p(x) = logsumexp_c jll, in place.
        normalize_log_rows(jll, jll)
        return jll

    def predict_proba(self, X):
        """Return probability estimates for the test vector X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The input samples.

        Returns
        -------
        C : ndarray of shape (n_samples, n_classes)
            ``p(c | x)``, columns in the order of :term:`classes_`.
        """
        log_proba = self.predict_log_proba(X)
        return np.exp(log_proba, out=log_proba)


# ---------------------------------------------------------------------------
# Gaussian naive Bayes
# ---------------------------------------------------------------------------


def _pooled_variance(class_weight, class_mean, class_squares):
    """Variance of the whole batch from per-class statistics.

    ``var = (sum_k S_k + sum_k W_k (mu_k - mu)**2) / W`` (the law of total
    variance), so the batch need not be read again.
    """
    total_weight = class_weight.sum()
    mean = class_weight @ class_mean / total_weight
    between = class_weight @ (class_mean - mean) ** 2
    return (class_squares.sum(axis=0) + between) / total_weight


def _chan_update(count, mean, var, new_count, new_mean, new_var):
    """Chan, Golub and LeVeque's pairwise update of counts, means and variances.

    For two sets of total weights ``n_a``, ``n_b``, means ``mu_a``, ``mu_b``
    and (biased) variances ``v_a``, ``v_b``::

        n   = n_a + n_b
        mu  = (n_a mu_a + n_b mu_b) / n
        v   = (n_a v_a + n_b v_b + n_a n_b / n (mu_a - mu_b)**2) / n

    Arrays are per class (rows) and feature (columns).  A class whose new
    weight is (close to) zero keeps its old mean and variance and a class
    seen for the first time takes the new ones, as in scikit-learn.

    Parameters
    ----------
    count, new_count : ndarray of shape (n_classes,), float64
    mean, var, new_mean, new_var : ndarray of shape (n_classes, n_features), float64

    Returns
    -------
    mean, var : ndarray of shape (n_classes, n_features), float64
        New arrays; the inputs are not modified.
    """
    mean = mean.copy()
    var = var.copy()
    update = ~np.isclose(new_count, 0.0)
    first = update & (count == 0)
    mean[first] = new_mean[first]
    var[first] = new_var[first]
    both = update & (count != 0)
    if np.any(both):
        n_a = count[both, None]
        n_b = new_count[both, None]
        n_total = n_a + n_b
        mu_a, mu_b = mean[both], new_mean[both]
        squares = n_a * var[both] + n_b * new_var[both]
        squares += (n_b * n_a / n_total) * (mu_a - mu_b) ** 2
        mean[both] = (n_b * mu_b + n_a * mu_a) / n_total
        var[both] = squares / n_total
    return mean, var


class GaussianNB(_BaseNB):
    """Gaussian naive Bayes (GaussianNB).

    Each feature is, within each class, an independent normal variable whose
    mean and variance are fitted by maximum likelihood (weighted if
    ``sample_weight`` is given).  Can perform online updates of the model
    with :meth:`partial_fit`, using the pairwise update of Chan, Golub and
    LeVeque for the means and variances.

    Parameters
    ----------
    priors : array-like of shape (n_classes,), default=None
        Prior probabilities of the classes. If specified, the priors are not
        adjusted according to the data.

    var_smoothing : float, default=1e-9
        Portion of the largest variance of all features that is added to
        variances for calculation stability.

    Attributes
    ----------
    class_count_ : ndarray of shape (n_classes,)
        Number of training samples observed in each class (sum of the sample
        weights when given).

    class_prior_ : ndarray of shape (n_classes,)
        Probability of each class.

    classes_ : ndarray of shape (n_classes,)
        Class labels known to the classifier.

    epsilon_ : float
        Absolute additive value to variances:
        ``var_smoothing * max_j Var(X[:, j])`` of the last batch seen.

    n_features_in_ : int
        Number of features seen during :term:`fit`.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :term:`fit`. Defined only when `X`
        has feature names that are all strings.

    var_ : ndarray of shape (n_classes, n_features)
        Variance of each feature per class (plus ``epsilon_``).

    theta_ : ndarray of shape (n_classes, n_features)
        Mean of each feature per class.

    See Also
    --------
    BernoulliNB : Naive Bayes classifier for multivariate Bernoulli models.
    MultinomialNB : Naive Bayes classifier for multinomial models.
    sklearn.naive_bayes.GaussianNB : The scikit-learn estimator this one
        replaces.

    Notes
    -----
    Notes section 3.2, eq. (3.6)-(3.7), with the class conditional
    ``p(x | c) = prod_j N(x_j; theta_cj, var_cj)``.  The parameters are the
    maximum likelihood estimates of section 3.1.1 (eq. 3.3): for class ``c``
    with weights ``w_i``::

        N_c        = sum_{i in c} w_i
        theta_cj   = sum_{i in c} w_i x_ij / N_c
        var_cj     = sum_{i in c} w_i (x_ij - theta_cj)**2 / N_c + epsilon
        p(c)       = N_c / sum_c' N_c'          (unless ``priors`` is given)

    (the biased, maximum likelihood variance).  The squares are summed around
    the class mean in a second pass, never as ``E[x**2] - E[x]**2``.
    ``epsilon = var_smoothing * max_j Var(x_j)`` is computed from the
    unweighted variance of the batch, as in scikit-learn.  Prediction
    evaluates::

        log p(c) + log p(x | c) = log p(c) - 1/2 sum_j log(2 pi var_cj)
                                  - 1/2 sum_j (x_j - theta_cj)**2 / var_cj

    in one Numba pass over the rows, and normalises with a shifted
    log-sum-exp.

    Differences from scikit-learn 1.9.1, on purpose:

    * ``partial_fit`` removes the *previous* batch's ``epsilon_`` from
      ``var_`` before the update (scikit-learn subtracts the new one, so the
      first batch's smoothing is never removed);
    * negative sample weights are rejected with a ValueError.

    References
    ----------
    T. F. Chan, G. H. Golub and R. J. LeVeque (1979). Updating formulae and a
    pairwise algorithm for computing sample variances. Stanford CS tech report
    STAN-CS-79-773.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_notes.naive_bayes import GaussianNB
    >>> X = np.array([[-1, -1], [-2, -1], [-3, -2], [1, 1], [2, 1], [3, 2]])
    >>> y = np.array([1, 1, 1, 2, 2, 2])
    >>> clf = GaussianNB().fit(X, y)
    >>> clf.predict([[-0.8, -1]])
    array([1])
    >>> clf.theta_
    array([[-2.        , -1.33333333],
           [ 2.        ,  1.33333333]])
    >>> online = GaussianNB().partial_fit(X[:3], y[:3], classes=[1, 2])
    >>> online = online.partial_fit(X[3:], y[3:])
    >>> bool(np.allclose(online.theta_, clf.theta_))
    True
    """

    _parameter_constraints: dict = {
        "priors": ["array-like", None],
        "var_smoothing": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, *, priors=None, var_smoothing=1e-9):
        self.priors = priors
        self.var_smoothing = var_smoothing

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit Gaussian naive Bayes according to X, y.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training vectors.

        y : array-like of shape (n_samples,)
            Target values.

        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative frequency weights applied to individual samples
            (1. for unweighted).

        Returns
        -------
        self : object
            Returns the instance itself.
        """
        X, y = validate_data(self, X, y, dtype=FLOAT_DTYPES, order="C")
        classes, class_index = _encode_labels(y)
        weights = _validated_weights(sample_weight, X)
        prior = self._validated_priors(len(classes), X.dtype)
        self.classes_ = classes
        self._init_counters(X.shape[1], X.dtype, prior)
        self._update(X, class_index, weights, sample_weight is None, first_call=True)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Incremental fit on a batch of samples.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training vectors.

        y : array-like of shape (n_samples,)
            Target values.

        classes : array-like of shape (n_classes,), default=None
            List of all the classes that can possibly appear in the y vector.
            Must be provided at the first call to partial_fit, can be omitted
            in subsequent calls.

        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative frequency weights applied to individual samples.

        Returns
        -------
        self : object
            Returns the instance itself.
        """
        classes, first_call = _partial_fit_classes(self, classes)
        X, y = validate_data(
            self, X, y, reset=first_call, dtype=FLOAT_DTYPES, order="C"
        )
        class_index = _class_index(y, classes)
        weights = _validated_weights(sample_weight, X)
        if first_call:
            prior = self._validated_priors(len(classes), X.dtype)
            self.classes_ = classes
            self._init_counters(X.shape[1], X.dtype, prior)
        self._update(X, class_index, weights, sample_weight is None, first_call)
        return self

    def _validated_priors(self, n_classes, dtype):
        if self.priors is None:
            return None
        priors = np.asarray(self.priors, dtype=dtype)
        if priors.shape[0] != n_classes:
            raise ValueError("Number of priors must match number of classes.")
        if not np.isclose(priors.sum(), 1.0):
            raise ValueError("The sum of the priors should be 1.")
        if np.any(priors < 0):
            raise ValueError("Priors must be non-negative.")
        return priors

    def _init_counters(self, n_features, dtype, prior):
        n_classes = len(self.classes_)
        self.theta_ = np.zeros((n_classes, n_features), dtype=dtype)
        self.var_ = np.zeros((n_classes, n_features), dtype=dtype)
        self.class_count_ = np.zeros(n_classes, dtype=dtype)
        self.class_prior_ = prior if prior is not None else np.zeros(n_classes, dtype)

    def _update(self, X, class_index, weights, unweighted, first_call):
        """Merge the validated batch ``X`` into the means, variances and counts.

        ``unweighted`` says that ``weights`` are the ones of ``sample_weight=None``.
        """
        n_classes = len(self.classes_)
        new_count, new_mean, new_squares = class_means_and_squares(
            X, class_index, weights, n_classes
        )
        new_var = new_squares / np.where(new_count > 0, new_count, 1.0)[:, None]

        # epsilon from the *unweighted* variance of the batch, as scikit-learn.
        if unweighted:
            batch_var = _pooled_variance(new_count, new_mean, new_squares)
        else:
            n_samples = X.shape[0]
            _, _, batch_squares = class_means_and_squares(
                X, np.zeros(n_samples, dtype=np.intp), np.ones(n_samples), 1
            )
            batch_var = batch_squares[0] / n_samples
        dtype = self.var_.dtype
        # All features constant (or one sample): no data scale to smooth with,
        # and a zero variance would make every likelihood 0/0 = NaN, so take
        # unit scale; the classes then differ only by their means and priors.
        # At least the smallest normal number, so that 1 / var stays finite
        # (a subnormal variance of 1e-150-sized data would give inf * 0 = NaN).
        scale = batch_var.max()
        epsilon = max(
            dtype.type(self.var_smoothing * (scale if scale > 0 else 1.0)),
            np.finfo(dtype).tiny,
        )

        count = self.class_count_.astype(np.float64)
        old_var = self.var_.astype(np.float64)
        if not first_call:
            old_var -= self.epsilon_  # take the previous smoothing out
        mean, var = _chan_update(
            count, self.theta_.astype(np.float64), old_var, new_count, new_mean, new_var
        )
        count += new_count

        self.epsilon_ = epsilon
        self.theta_ = mean.astype(dtype)
        self.var_ = (var + epsilon).astype(dtype)
        self.class_count_ = count.astype(dtype)
        if self.priors is None:
            self.class_prior_ = (count / count.sum()).astype(dtype)

    def _check_X(self, X):
        return validate_data(self, X, reset=False, dtype=FLOAT_DTYPES, order="C")

    def _joint_log_likelihood(self, X):
        var = self.var_.astype(np.float64)
        with np.errstate(divide="ignore"):
            log_prior = np.log(self.class_prior_.astype(np.float64))
            class_constant = log_prior - 0.5 * np.log(2.0 * np.pi * var).sum(axis=1)
            inverse_var = 1.0 / var
        out_dtype = np.result_type(X.dtype, self.var_.dtype)
        jll = np.empty((X.shape[0], len(self.classes_)), dtype=out_dtype)
        gaussian_joint_log_likelihood(
            X, self.theta_.astype(np.float64), inverse_var, class_constant, jll
        )
        return jll


# ---------------------------------------------------------------------------
# Discrete naive Bayes: multinomial and Bernoulli
# ---------------------------------------------------------------------------


class _BaseDiscreteNB(_BaseNB):
    """Counting, smoothing and priors shared by MultinomialNB and BernoulliNB.

    Subclasses set ``_binarize_threshold()`` (None: count the values
    themselves), ``_requires_non_negative`` and
    ``_update_feature_log_prob(alpha)``.
    """

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left"), "array-like"],
        "fit_prior": ["boolean"],
        "class_prior": ["array-like", None],
        "force_alpha": ["boolean"],
    }

    _requires_non_negative = False

    def _binarize_threshold(self):
        return None

    def _check_X(self, X):
        return validate_data(
            self, X, reset=False, accept_sparse="csr", dtype=FLOAT_DTYPES, order="C"
        )

    def _check_X_y(self, X, y, reset=True):
        return validate_data(
            self, X, y, reset=reset, accept_sparse="csr", dtype=FLOAT_DTYPES, order="C"
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the naive Bayes classifier according to X, y.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training vectors.

        y : array-like of shape (n_samples,)
            Target values.

        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative frequency weights applied to individual samples
            (1. for unweighted).

        Returns
        -------
        self : object
            Returns the instance itself.
        """
        X, y = self._check_X_y(X, y)
        classes, class_index = _encode_labels(y)
        n_classes, n_features = len(classes), X.shape[1]
        class_count, feature_count = self._counts(
            X,
            class_index,
            sample_weight,
            np.zeros(n_classes),
            np.zeros((n_classes, n_features)),
        )
        self._set_model(classes, class_count, feature_count)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Incremental fit on a batch of samples.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training vectors.

        y : array-like of shape (n_samples,)
            Target values.

        classes : array-like of shape (n_classes,), default=None
            List of all the classes that can possibly appear in the y vector.
            Must be provided at the first call to partial_fit, can be omitted
            in subsequent calls.

        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative frequency weights applied to individual samples.

        Returns
        -------
        self : object
            Returns the instance itself.
        """
        classes, first_call = _partial_fit_classes(self, classes)
        X, y = self._check_X_y(X, y, reset=first_call)
        if first_call:
            class_count = np.zeros(len(classes))
            feature_count = np.zeros((len(classes), X.shape[1]))
        else:  # counts are sufficient statistics: keep adding to them
            class_count = self.class_count_.copy()
            feature_count = self.feature_count_.copy()
        class_index = _class_index(y, classes)
        class_count, feature_count = self._counts(
            X, class_index, sample_weight, class_count, feature_count
        )
        self._set_model(classes, class_count, feature_count)
        return self

    def _set_model(self, classes, class_count, feature_count):
        """Store the counts and the smoothed log-probabilities they give.

        Every check runs before the first attribute is set, so a refused batch
        leaves a fitted model as it was.
        """
        alpha = self._check_alpha()
        if self.class_prior is not None and len(self.class_prior) != len(classes):
            raise ValueError("Number of priors must match number of classes.")
        self.classes_ = classes
        self.class_count_ = class_count
        self.feature_count_ = feature_count
        self._update_feature_log_prob(alpha)
        self._update_class_log_prior()

    def _counts(self, X, class_index, sample_weight, class_count, feature_count):
        """Add the batch's weighted counts to ``class_count``/``feature_count``."""
        weights = _validated_weights(sample_weight, X)
        threshold = self._binarize_threshold()
        n_negative = 0
        if sp.issparse(X):
            csr = (X.data, X.indices, X.indptr, class_index, weights)
            if threshold is None:
                n_negative = count_features_csr(*csr, feature_count, class_count)
            else:
                count_binarized_features_csr(
                    *csr, float(threshold), feature_count, class_count
                )
        elif threshold is None:
            n_negative = count_features_dense(
                X, class_index, weights, feature_count, class_count
            )
        else:
            count_binarized_features_dense(
                X, class_index, weights, float(threshold), feature_count, class_count
            )
        if self._requires_non_negative and n_negative:
            raise ValueError(
                f"Negative values in data passed to {type(self).__name__} (input X)."
            )
        return class_count, feature_count

    def _check_alpha(self):
        alpha = (
            np.asarray(self.alpha) if not isinstance(self.alpha, Real) else self.alpha
        )
        alpha_min = np.min(alpha)
        if isinstance(alpha, np.ndarray):
            if not alpha.shape[0] == self.n_features_in_:
                raise ValueError(
                    "When alpha is an array, it should contains `n_features`. "
                    f"Got {alpha.shape[0]} elements instead of {self.n_features_in_}."
                )
            if alpha_min < 0:
                raise ValueError("All values in alpha must be greater than 0.")
        alpha_lower_bound = 1e-10
        if alpha_min < alpha_lower_bound and not self.force_alpha:
            warnings.warn(
                "alpha too small will result in numeric errors, setting alpha ="
                f" {alpha_lower_bound:.1e}. Use `force_alpha=True` to keep alpha"
                " unchanged."
            )
            return np.maximum(alpha, alpha_lower_bound)
        return alpha

    def _update_class_log_prior(self):
        n_classes = len(self.classes_)
        if self.class_prior is not None:
            if len(self.class_prior) != n_classes:
                raise ValueError("Number of priors must match number of classes.")
            self.class_log_prior_ = np.log(self.class_prior)
        elif self.fit_prior:
            # a class not seen yet (partial_fit) has log prior -inf
            with np.errstate(divide="ignore"):
                log_class_count = np.log(self.class_count_)
            self.class_log_prior_ = log_class_count - np.log(self.class_count_.sum())
        else:
            self.class_log_prior_ = np.full(n_classes, -np.log(n_classes))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True  # CSR/CSC handled by the CSR kernels
        # Literally true, as for scikit-learn's twins: count models fitted on
        # the continuous blobs of check_classifiers_train stay below its 0.83
        # accuracy bar (scikit-learn's own MultinomialNB/BernoulliNB fail it
        # too without this tag).
        tags.classifier_tags.poor_score = True
        return tags


def _as_float64(X):
    """``X`` as float64 for the BLAS product (a copy only if it is float32)."""
    return X.astype(np.float64, copy=False)


class MultinomialNB(_BaseDiscreteNB):
    """Naive Bayes classifier for multinomial models.

    Suitable for classification with discrete features such as word counts
    (fractional counts such as tf-idf also work in practice).  Accepts dense
    arrays and SciPy sparse matrices.

    Parameters
    ----------
    alpha : float or array-like of shape (n_features,), default=1.0
        Additive (Laplace/Lidstone) smoothing parameter: the pseudo-count of
        the Dirichlet prior of the MAP estimate (set alpha=0 and
        force_alpha=True, for no smoothing, i.e. the MLE).

    force_alpha : bool, default=True
        If False and alpha is less than 1e-10, it will set alpha to
        1e-10. If True, alpha will remain unchanged. This may cause
        numerical errors if alpha is too close to 0.

    fit_prior : bool, default=True
        Whether to learn class prior probabilities or not.
        If false, a uniform prior will be used.

    class_prior : array-like of shape (n_classes,), default=None
        Prior probabilities of the classes. If specified, the priors are not
        adjusted according to the data.

    Attributes
    ----------
    class_count_ : ndarray of shape (n_classes,)
        Number of samples encountered for each class during fitting (weighted
        by the sample weight when provided).

    class_log_prior_ : ndarray of shape (n_classes,)
        Smoothed empirical log probability for each class.

    classes_ : ndarray of shape (n_classes,)
        Class labels known to the classifier.

    feature_count_ : ndarray of shape (n_classes, n_features)
        Weighted sum of each feature over the samples of each class.

    feature_log_prob_ : ndarray of shape (n_classes, n_features)
        Empirical log probability of features given a class, ``P(x_i|y)``.

    n_features_in_ : int
        Number of features seen during :term:`fit`.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :term:`fit`. Defined only when `X`
        has feature names that are all strings.

    See Also
    --------
    BernoulliNB : Naive Bayes classifier for multivariate Bernoulli models.
    GaussianNB : Gaussian naive Bayes.
    sklearn.naive_bayes.MultinomialNB : The scikit-learn estimator this one
        replaces.

    Notes
    -----
    Notes section 3.2, eq. (3.6)-(3.7), for count vectors ``x``: the class
    conditional is multinomial, ``log p(x | c) = sum_j x_j log p_cj`` up to a
    term that does not depend on the class.  With ``N_cj = sum_{i in c} w_i
    x_ij`` the weighted feature counts, the estimate of ``p_cj`` is::

        p_cj = (N_cj + alpha_j) / sum_j' (N_cj' + alpha_j')

    This is the MAP estimate of section 3.1.2 (eq. 3.5) under a Dirichlet
    prior of parameters ``alpha_j + 1`` on ``(p_c1, ..., p_cd)`` -- equally,
    the posterior mean under a Dirichlet(``alpha``) prior; ``alpha`` acts as a
    pseudo-count added to every feature.  ``alpha = 0`` gives the maximum
    likelihood estimate of section 3.1.1, which gives probability zero (log
    -inf) to a feature never seen in a class: the "MLE suffers when there is
    not enough data" of the notes.  The class prior is ``N_c / N`` (or
    uniform, or ``class_prior``).

    Fitting reads ``X`` once in a Numba kernel that adds each row to its
    class's counts and checks the signs on the way; prediction is the BLAS
    product ``X @ feature_log_prob_.T + class_log_prior_``.

    Differences from scikit-learn 1.9.1, on purpose: ``partial_fit`` with a
    label that is not in ``classes_`` raises a ValueError (scikit-learn
    ignores such rows, or counts them in the first class for binary
    problems); negative sample weights are rejected with a ValueError.

    References
    ----------
    C.D. Manning, P. Raghavan and H. Schuetze (2008). Introduction to
    Information Retrieval. Cambridge University Press, pp. 234-265.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_notes.naive_bayes import MultinomialNB
    >>> rng = np.random.RandomState(1)
    >>> X = rng.randint(5, size=(6, 100))
    >>> y = np.array([1, 2, 3, 4, 5, 6])
    >>> clf = MultinomialNB().fit(X, y)
    >>> clf.predict(X[2:3])
    array([3])
    >>> clf.feature_count_.sum() == X.sum()
    np.True_
    """

    _requires_non_negative = True

    def __init__(
        self, *, alpha=1.0, force_alpha=True, fit_prior=True, class_prior=None
    ):
        self.alpha = alpha
        self.force_alpha = force_alpha
        self.fit_prior = fit_prior
        self.class_prior = class_prior

    def _update_feature_log_prob(self, alpha):
        smoothed_fc = self.feature_count_ + alpha
        smoothed_cc = smoothed_fc.sum(axis=1)
        self.feature_log_prob_ = np.log(smoothed_fc) - np.log(smoothed_cc[:, None])

    def _joint_log_likelihood(self, X):
        if not sp.issparse(X):
            X = _as_float64(X)
        jll = np.asarray(X @ self.feature_log_prob_.T)
        jll += self.class_log_prior_
        return jll

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        return tags


class BernoulliNB(_BaseDiscreteNB):
    """Naive Bayes classifier for multivariate Bernoulli models.

    Like MultinomialNB, this classifier is suitable for discrete data; it
    models binary features (occurrence, not counts).  Accepts dense arrays
    and SciPy sparse matrices.

    Parameters
    ----------
    alpha : float or array-like of shape (n_features,), default=1.0
        Additive (Laplace/Lidstone) smoothing parameter: the pseudo-count of
        the Beta prior of the MAP estimate (set alpha=0 and force_alpha=True,
        for no smoothing, i.e. the MLE).

    force_alpha : bool, default=True
        If False and alpha is less than 1e-10, it will set alpha to
        1e-10. If True, alpha will remain unchanged. This may cause
        numerical errors if alpha is too close to 0.

    binarize : float or None, default=0.0
        Threshold for binarizing (mapping to booleans) of sample features.
        If None, input is presumed to already consist of binary vectors.

    fit_prior : bool, default=True
        Whether to learn class prior probabilities or not.
        If false, a uniform prior will be used.

    class_prior : array-like of shape (n_classes,), default=None
        Prior probabilities of the classes. If specified, the priors are not
        adjusted according to the data.

    Attributes
    ----------
    class_count_ : ndarray of shape (n_classes,)
        Number of samples encountered for each class during fitting (weighted
        by the sample weight when provided).

    class_log_prior_ : ndarray of shape (n_classes,)
        Log probability of each class (smoothed).

    classes_ : ndarray of shape (n_classes,)
        Class labels known to the classifier.

    feature_count_ : ndarray of shape (n_classes, n_features)
        Number of samples encountered for each (class, feature) during
        fitting (weighted by the sample weight when provided).

    feature_log_prob_ : ndarray of shape (n_classes, n_features)
        Empirical log probability of features given a class, P(x_i|y).

    n_features_in_ : int
        Number of features seen during :term:`fit`.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :term:`fit`. Defined only when `X`
        has feature names that are all strings.

    See Also
    --------
    GaussianNB : Gaussian naive Bayes.
    MultinomialNB : Naive Bayes classifier for multinomial models.
    sklearn.naive_bayes.BernoulliNB : The scikit-learn estimator this one
        replaces.

    Notes
    -----
    Notes section 3.2, eq. (3.6)-(3.7), for binary vectors ``b_j = [x_j >
    binarize]``: each feature is a Bernoulli variable given the class, so::

        log p(x | c) = sum_j b_j log p_cj + (1 - b_j) log(1 - p_cj)

    (absent features count too, unlike the multinomial model).  With
    ``N_c`` the weighted class count and ``N_cj`` the weighted number of
    samples of class ``c`` with feature ``j`` on::

        p_cj = (N_cj + alpha_j) / (N_c + 2 alpha_j)

    the MAP estimate of section 3.1.2 (eq. 3.5) under a Beta(``alpha_j + 1``,
    ``alpha_j + 1``) prior (equally, the posterior mean under
    Beta(``alpha_j``, ``alpha_j``)): ``alpha`` is a pseudo-count of one "on"
    and one "off" observation each.  ``alpha = 0`` is the MLE of section
    3.1.1.

    Fitting binarises and counts in one Numba pass without copying ``X``.
    Prediction is the BLAS product ``b @ (log p - log(1 - p)).T`` plus
    ``sum_j log(1 - p_cj) + log p(c)``, with ``log(1 - p)`` computed as
    ``log(-expm1(log p))`` so that it keeps its digits when ``p`` is near 1.

    Differences from scikit-learn 1.9.1, on purpose: an array ``alpha`` is
    applied per feature in the denominator as well (``N_c + 2 alpha_j``;
    scikit-learn adds the ``(n_features,)`` array to the ``(n_classes,)``
    counts, which fails or mixes classes with features); ``partial_fit`` with
    a label not in ``classes_`` raises a ValueError; negative sample weights
    are rejected with a ValueError.

    References
    ----------
    C.D. Manning, P. Raghavan and H. Schuetze (2008). Introduction to
    Information Retrieval. Cambridge University Press, pp. 234-265.

    A. McCallum and K. Nigam (1998). A comparison of event models for naive
    Bayes text classification. Proc. AAAI/ICML-98 Workshop on Learning for
    Text Categorization, pp. 41-48.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_notes.naive_bayes import BernoulliNB
    >>> rng = np.random.RandomState(1)
    >>> X = rng.randint(5, size=(6, 100))
    >>> y = np.array([1, 2, 3, 4, 4, 5])
    >>> clf = BernoulliNB().fit(X, y)
    >>> clf.predict(X[2:3])
    array([3])
    >>> clf.class_count_
    array([1., 1., 1., 2., 1.])
    """

    _parameter_constraints: dict = {
        **_BaseDiscreteNB._parameter_constraints,
        "binarize": [None, Interval(Real, 0, None, closed="left")],
    }

    def __init__(
        self,
        *,
        alpha=1.0,
        force_alpha=True,
        binarize=0.0,
        fit_prior=True,
        class_prior=None,
    ):
        self.alpha = alpha
        self.force_alpha = force_alpha
        self.binarize = binarize
        self.fit_prior = fit_prior
        self.class_prior = class_prior

    def _binarize_threshold(self):
        return self.binarize

    def _update_feature_log_prob(self, alpha):
        smoothed_fc = self.feature_count_ + alpha
        smoothed_cc = self.class_count_[:, None] + 2 * np.asarray(alpha)
        self.feature_log_prob_ = np.log(smoothed_fc) - np.log(smoothed_cc)

    def _binarized(self, X):
        """``[X > binarize]`` as float64 (``X`` itself if ``binarize`` is None)."""
        if self.binarize is None:
            return X if sp.issparse(X) else _as_float64(X)
        if sp.issparse(X):
            binary = X.copy()
            binary.data = (X.data > self.binarize).astype(np.float64)
            binary.eliminate_zeros()
            return binary
        binary = np.empty(X.shape)
        binarize_dense(X, float(self.binarize), binary)
        return binary

    def _joint_log_likelihood(self, X):
        log_p = self.feature_log_prob_
        with np.errstate(divide="ignore"):
            log_1mp = np.log(-np.expm1(log_p))  # log(1 - p), precise for p ~ 1
        # sum_j b_j log p + (1 - b_j) log(1 - p)
        #   = b @ (log p - log(1 - p)).T + sum_j log(1 - p)
        jll = np.asarray(self._binarized(X) @ (log_p - log_1mp).T)
        jll += self.class_log_prior_ + log_1mp.sum(axis=1)
        return jll
