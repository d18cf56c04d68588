"""GaussianNB, MultinomialNB and BernoulliNB against scikit-learn's twins."""

import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn.naive_bayes as sk_nb
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import NotFittedError

from sklearn_notes.naive_bayes import BernoulliNB, GaussianNB, MultinomialNB
from sklearn_notes.naive_bayes._naive_bayes import _encode_labels

LOADERS = {
    "iris": load_iris,
    "wine": load_wine,
    "breast_cancer": load_breast_cancer,
    "digits": load_digits,
}
DISCRETE = [MultinomialNB, BernoulliNB]
ALL = [GaussianNB, MultinomialNB, BernoulliNB]


def _data(name):
    return LOADERS[name](return_X_y=True)


def _twin(estimator):
    """The scikit-learn estimator with the same class name and parameters."""
    return getattr(sk_nb, type(estimator).__name__)(**estimator.get_params())


def _bernoulli_threshold(X):
    # a threshold that makes the binary features informative on every data set
    return float(np.median(X))


def _make(cls, X, **params):
    if cls is BernoulliNB and "binarize" not in params:
        params["binarize"] = _bernoulli_threshold(X)
    return cls(**params)


FITTED_ATTRIBUTES = {
    GaussianNB: ["class_count_", "class_prior_", "theta_", "var_", "epsilon_"],
    MultinomialNB: [
        "class_count_",
        "class_log_prior_",
        "feature_count_",
        "feature_log_prob_",
    ],
    BernoulliNB: [
        "class_count_",
        "class_log_prior_",
        "feature_count_",
        "feature_log_prob_",
    ],
}


def assert_same_model(ours, theirs, X, rtol=1e-10, proba_atol=1e-12):
    assert_array_equal(ours.classes_, theirs.classes_)
    assert ours.n_features_in_ == theirs.n_features_in_
    for name in FITTED_ATTRIBUTES[type(ours)]:
        assert_allclose(
            getattr(ours, name), getattr(theirs, name), rtol=rtol, err_msg=name
        )
    assert_array_equal(ours.predict(X), theirs.predict(X))
    assert_allclose(
        ours.predict_proba(X), theirs.predict_proba(X), rtol=rtol, atol=proba_atol
    )
    # The joint log-likelihood is a sum of terms that can cancel (a value of
    # 1e-3 from terms of 1e3): its rounding error is relative to the scale of
    # the terms, so the absolute tolerance is relative to the array's scale.
    expected = theirs.predict_joint_log_proba(X)
    scale = np.abs(expected[np.isfinite(expected)]).max()
    assert_allclose(
        ours.predict_joint_log_proba(X), expected, rtol=rtol, atol=rtol * scale
    )
    assert_allclose(
        ours.predict_log_proba(X),
        theirs.predict_log_proba(X),
        rtol=rtol,
        atol=rtol * scale,
    )


# ---------------------------------------------------------------------------
# Parity with scikit-learn on real data
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", list(LOADERS))
@pytest.mark.parametrize("cls", ALL)
def test_fit_matches_sklearn_on_real_data(cls, dataset):
    X, y = _data(dataset)
    ours = _make(cls, X).fit(X, y)
    theirs = _twin(ours).fit(X, y)
    assert_same_model(ours, theirs, X)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y))
    assert isinstance(ours.score(X, y), float)


@pytest.mark.parametrize("dataset", list(LOADERS))
@pytest.mark.parametrize("cls", ALL)
def test_sample_weight_matches_sklearn(cls, dataset, global_random_seed):
    X, y = _data(dataset)
    weights = np.random.default_rng(global_random_seed).uniform(0.0, 3.0, size=len(y))
    ours = _make(cls, X).fit(X, y, sample_weight=weights)
    theirs = _twin(ours).fit(X, y, sample_weight=weights)
    assert_same_model(ours, theirs, X)


@pytest.mark.parametrize("cls", ALL)
def test_weight_two_equals_repeated_row(cls, global_random_seed):
    X, y = _data("wine")
    rng = np.random.default_rng(global_random_seed)
    weights = rng.integers(0, 3, size=len(y))  # 0, 1 or 2 copies of each row
    weights[[0, 60, 140]] = 1  # keep every class present
    repeated = np.repeat(np.arange(len(y)), weights)
    weighted = _make(cls, X).fit(X, y, sample_weight=weights.astype(float))
    copies = _make(cls, X).fit(X[repeated], y[repeated])
    if cls is GaussianNB:
        # epsilon_ is var_smoothing times the *unweighted* variance of the
        # rows passed (as in scikit-learn), so compare the variances without it
        assert_allclose(weighted.theta_, copies.theta_, rtol=1e-10)
        assert_allclose(
            weighted.var_ - weighted.epsilon_, copies.var_ - copies.epsilon_, rtol=1e-9
        )
        assert_allclose(weighted.class_count_, copies.class_count_, rtol=1e-12)
        assert_allclose(weighted.class_prior_, copies.class_prior_, rtol=1e-12)
    else:
        for name in FITTED_ATTRIBUTES[cls]:
            assert_allclose(
                getattr(weighted, name), getattr(copies, name), rtol=1e-12, err_msg=name
            )
        assert_allclose(weighted.predict_proba(X), copies.predict_proba(X), rtol=1e-10)


@pytest.mark.parametrize("dataset", ["iris", "digits"])
@pytest.mark.parametrize("cls", ALL)
def test_partial_fit_in_chunks_equals_fit(cls, dataset, global_random_seed):
    X, y = _data(dataset)
    order = np.random.default_rng(global_random_seed).permutation(len(y))
    X, y = X[order], y[order]
    full = _make(cls, X).fit(X, y)
    online = _make(cls, X)
    for chunk in np.array_split(np.arange(len(y)), 4):
        online.partial_fit(X[chunk], y[chunk], classes=np.unique(y))
    assert_allclose(online.class_count_, full.class_count_)
    if cls is GaussianNB:
        assert_allclose(online.theta_, full.theta_, rtol=1e-10, atol=1e-12)
        # the smoothing is that of the last batch: without it, equal
        assert_allclose(
            online.var_ - online.epsilon_,
            full.var_ - full.epsilon_,
            rtol=1e-9,
            atol=1e-10,
        )
        assert_allclose(online.class_prior_, full.class_prior_, rtol=1e-12)
    else:
        for name in FITTED_ATTRIBUTES[cls]:
            assert_allclose(getattr(online, name), getattr(full, name), rtol=1e-12)
        assert_allclose(online.predict_proba(X), full.predict_proba(X), rtol=1e-10)
        assert_array_equal(online.predict(X), full.predict(X))


@pytest.mark.parametrize("cls", DISCRETE)
def test_partial_fit_matches_sklearn_partial_fit(cls):
    X, y = _data("digits")
    ours, theirs = _make(cls, X), None
    theirs = _twin(ours)
    weights = np.linspace(0.5, 2.0, len(y))
    for chunk in np.array_split(np.arange(len(y)), 3):
        kwargs = dict(classes=np.unique(y), sample_weight=weights[chunk])
        ours.partial_fit(X[chunk], y[chunk], **kwargs)
        theirs.partial_fit(X[chunk], y[chunk], **kwargs)
        assert_same_model(ours, theirs, X)


def test_gaussian_partial_fit_matches_sklearn_up_to_smoothing():
    X, y = _data("iris")
    ours, theirs = GaussianNB(), sk_nb.GaussianNB()
    for chunk in np.array_split(np.arange(len(y)), 3):
        ours.partial_fit(X[chunk], y[chunk], classes=[0, 1, 2])
        theirs.partial_fit(X[chunk], y[chunk], classes=[0, 1, 2])
    assert_allclose(ours.theta_, theirs.theta_, rtol=1e-12)
    assert_allclose(ours.class_count_, theirs.class_count_)
    assert ours.epsilon_ == pytest.approx(theirs.epsilon_, rel=1e-12)
    # scikit-learn leaves older batches' epsilon in var_ (see the class Notes)
    assert_allclose(ours.var_, theirs.var_, rtol=0, atol=5 * ours.epsilon_)
    assert_array_equal(ours.predict(X), theirs.predict(X))


def test_gaussian_partial_fit_removes_previous_smoothing():
    X, y = _data("iris")
    clf = GaussianNB(var_smoothing=0.1)
    clf.partial_fit(X[y == 0], y[y == 0], classes=[0, 1, 2])
    first_epsilon = clf.epsilon_
    clf.partial_fit(X[y != 0], y[y != 0])
    assert clf.epsilon_ != pytest.approx(first_epsilon)
    # class 0 was only in the first batch: its variance carries the current
    # smoothing, not the sum of both
    assert_allclose(clf.var_[0], X[y == 0].var(axis=0) + clf.epsilon_, rtol=1e-12)


# ---------------------------------------------------------------------------
# dtypes, priors, parameters
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls", ALL)
def test_float32_input(cls):
    X, y = _data("digits")
    X32 = X.astype(np.float32)
    ours = _make(cls, X).fit(X32, y)
    theirs = _twin(ours).fit(X32, y)
    for name in FITTED_ATTRIBUTES[cls]:
        assert (
            np.asarray(getattr(ours, name)).dtype
            == np.asarray(getattr(theirs, name)).dtype
        )
    proba = ours.predict_proba(X32)
    assert proba.dtype == theirs.predict_proba(X32).dtype
    if cls is GaussianNB:
        # scikit-learn computes in float32, we accumulate in float64
        reference = GaussianNB().fit(X, y)
        assert_allclose(ours.theta_, reference.theta_, rtol=1e-6)
        assert_allclose(ours.var_, reference.var_, rtol=1e-5)
        assert_allclose(ours.theta_, theirs.theta_, rtol=1e-5, atol=1e-6)
        assert np.mean(ours.predict(X32) == theirs.predict(X32)) > 0.99
    else:
        assert_same_model(ours, theirs, X32)


@pytest.mark.parametrize("cls", ALL)
def test_integer_input_is_used_as_float(cls):
    X, y = _data("digits")
    Xi = X.astype(np.int64)
    ours = _make(cls, X).fit(Xi, y)
    theirs = _twin(ours).fit(Xi, y)
    assert_same_model(ours, theirs, Xi)


def test_gaussian_priors():
    X, y = _data("iris")
    priors = np.array([0.2, 0.3, 0.5])
    ours = GaussianNB(priors=priors).fit(X, y)
    theirs = sk_nb.GaussianNB(priors=priors).fit(X, y)
    assert_allclose(ours.class_prior_, priors)
    assert_same_model(ours, theirs, X)


@pytest.mark.parametrize(
    "priors, message",
    [
        ([0.5, 0.5], "Number of priors must match number of classes."),
        ([0.5, 0.5, 0.5], "The sum of the priors should be 1."),
        ([1.5, -0.5, 0.0], "Priors must be non-negative."),
    ],
)
def test_gaussian_bad_priors(priors, message):
    X, y = _data("iris")
    with pytest.raises(ValueError, match=message):
        GaussianNB(priors=priors).fit(X, y)


@pytest.mark.parametrize("cls", DISCRETE)
@pytest.mark.parametrize(
    "params",
    [
        {"class_prior": np.full(10, 0.1)},
        {"class_prior": np.linspace(1, 10, 10) / 55},
        {"fit_prior": False},
        {"alpha": 0.3},
        {"alpha": 0.0, "force_alpha": True},
    ],
)
def test_discrete_priors_and_alpha(cls, params):
    X, y = _data("digits")
    # alpha=0 leaves features never seen in a class at log(0) = -inf
    with np.errstate(divide="ignore", invalid="ignore"):
        ours = _make(cls, X, **params).fit(X, y)
        theirs = _twin(ours).fit(X, y)
        for name in FITTED_ATTRIBUTES[cls]:
            assert_allclose(getattr(ours, name), getattr(theirs, name), rtol=1e-10)
        assert_array_equal(ours.predict(X), theirs.predict(X))


def test_discrete_class_prior_wrong_length():
    X, y = _data("iris")
    for cls in DISCRETE:
        with pytest.raises(ValueError, match="Number of priors must match"):
            cls(class_prior=[0.5, 0.5]).fit(X, y)


def test_multinomial_alpha_array_matches_sklearn():
    X, y = _data("digits")
    alpha = np.linspace(0.1, 2.0, X.shape[1])
    ours = MultinomialNB(alpha=alpha).fit(X, y)
    theirs = sk_nb.MultinomialNB(alpha=alpha).fit(X, y)
    assert_same_model(ours, theirs, X)


def test_bernoulli_alpha_array_is_per_feature():
    # p_cj = (N_cj + alpha_j) / (N_c + 2 alpha_j); scikit-learn cannot do this
    # (it broadcasts the (n_features,) alpha against the (n_classes,) counts)
    X, y = _data("iris")
    alpha = np.array([0.5, 1.0, 2.0, 4.0])
    clf = BernoulliNB(alpha=alpha, binarize=3.0).fit(X, y)
    Xb = X > 3.0
    expected = np.array(
        [
            (Xb[y == c].sum(axis=0) + alpha) / ((y == c).sum() + 2 * alpha)
            for c in range(3)
        ]
    )
    assert_allclose(np.exp(clf.feature_log_prob_), expected, rtol=1e-12)
    # a scalar alpha of the same value everywhere equals scikit-learn
    same = BernoulliNB(alpha=np.full(4, 2.0), binarize=3.0).fit(X, y)
    theirs = sk_nb.BernoulliNB(alpha=2.0, binarize=3.0).fit(X, y)
    assert_allclose(same.feature_log_prob_, theirs.feature_log_prob_, rtol=1e-12)


def test_bernoulli_likelihood_matches_the_formula():
    X, y = _data("wine")
    clf = BernoulliNB(binarize=np.median(X)).fit(X, y)
    b = X > np.median(X)
    p = np.exp(clf.feature_log_prob_)
    expected = clf.class_log_prior_ + b @ np.log(p).T + (~b) @ np.log1p(-p).T
    assert_allclose(clf.predict_joint_log_proba(X), expected, rtol=1e-10)


def test_bernoulli_binarize_none_uses_values():
    rng = np.random.default_rng(0)
    X = rng.integers(0, 2, size=(80, 5)).astype(float)
    y = rng.integers(0, 3, size=80)
    ours = BernoulliNB(binarize=None).fit(X, y)
    theirs = sk_nb.BernoulliNB(binarize=None).fit(X, y)
    assert_same_model(ours, theirs, X)


@pytest.mark.parametrize("cls", DISCRETE)
def test_alpha_checks(cls):
    X, y = _data("iris")
    with pytest.raises(ValueError, match="should contains `n_features`"):
        cls(alpha=np.ones(3)).fit(X, y)
    with pytest.warns(UserWarning, match="alpha too small"):
        cls(alpha=0.0, force_alpha=False).fit(X, y)
    with pytest.raises(ValueError, match="alpha"):
        cls(alpha=-1.0).fit(X, y)


# ---------------------------------------------------------------------------
# Sparse input (discrete models)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("container", [sp.csr_matrix, sp.csc_matrix, sp.csr_array])
@pytest.mark.parametrize("cls", DISCRETE)
def test_sparse_input_matches_sklearn_and_dense(cls, container):
    X, y = _data("digits")
    Xs = container(X)
    weights = np.linspace(0.1, 2.0, len(y))
    ours = _make(cls, X).fit(Xs, y, sample_weight=weights)
    theirs = _twin(ours).fit(Xs, y, sample_weight=weights)
    assert_same_model(ours, theirs, Xs)
    dense = _make(cls, X).fit(X, y, sample_weight=weights)
    assert_allclose(ours.feature_count_, dense.feature_count_, rtol=1e-12)
    assert_allclose(ours.predict_proba(Xs), dense.predict_proba(X), rtol=1e-10)
    # partial_fit on sparse chunks
    online = _make(cls, X)
    for chunk in np.array_split(np.arange(len(y)), 3):
        online.partial_fit(Xs[chunk], y[chunk], classes=np.unique(y))
    unweighted = _make(cls, X).fit(X, y)
    assert_allclose(online.feature_log_prob_, unweighted.feature_log_prob_, rtol=1e-12)


def test_sparse_tags():
    assert MultinomialNB().__sklearn_tags__().input_tags.sparse
    assert BernoulliNB().__sklearn_tags__().input_tags.sparse
    assert not GaussianNB().__sklearn_tags__().input_tags.sparse
    assert MultinomialNB().__sklearn_tags__().input_tags.positive_only


def test_gaussian_refuses_sparse_with_sklearns_message():
    X, y = _data("iris")
    with pytest.raises(TypeError, match="Sparse data was passed"):
        GaussianNB().fit(sp.csr_matrix(X), y)


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "y",
    [
        np.array([3, -2, 3, 7, -2, 9], dtype=np.int32),
        np.array([5, 5, 1, 1, 0, 0], dtype=np.uint8),
        np.array([0, 10**12, 0, 10**12, 3, 3]),  # too wide to count
        np.array([1.0, 2.0, 1.0, 2.0, 4.0, 4.0]),
        np.array(["b", "a", "c", "a", "b", "c"], dtype=object),
        np.array([True, False, True, False, True, True]),
    ],
)
def test_labels_like_sklearn(y):
    X = np.arange(24, dtype=float).reshape(6, 4) % 5
    classes, class_index = _encode_labels(y)
    assert_array_equal(classes[class_index], y)
    for cls in ALL:
        ours = cls().fit(X, y)
        theirs = getattr(sk_nb, cls.__name__)().fit(X, y)
        assert_array_equal(ours.classes_, theirs.classes_)
        assert ours.classes_.dtype == theirs.classes_.dtype
        assert_array_equal(ours.predict(X), theirs.predict(X))


@pytest.mark.parametrize("cls", ALL)
def test_string_labels_partial_fit(cls):
    X, y = _data("iris")
    names = np.array(["setosa", "versicolor", "virginica"], dtype=object)[y]
    clf = cls()
    clf.partial_fit(X[::2], names[::2], classes=["setosa", "versicolor", "virginica"])
    clf.partial_fit(X[1::2], names[1::2])
    reference = cls().fit(X, names)
    assert_array_equal(clf.classes_, reference.classes_)
    assert_allclose(clf.class_count_, reference.class_count_)


@pytest.mark.parametrize("cls", ALL)
def test_continuous_target_is_refused(cls):
    X, y = _data("iris")
    with pytest.raises(ValueError, match="Unknown label type"):
        cls().fit(X, y + 0.5)


@pytest.mark.parametrize("cls", ALL)
def test_partial_fit_label_checks(cls):
    X, y = _data("iris")
    with pytest.raises(ValueError, match="classes must be passed on the first call"):
        cls().partial_fit(X, y)
    clf = cls().partial_fit(X[y < 2], y[y < 2], classes=[0, 1])
    with pytest.raises(ValueError, match=r"label\(s\) \[2\] in y do not exist"):
        clf.partial_fit(X, y)
    with pytest.raises(ValueError, match="is not the same as on last call"):
        clf.partial_fit(X[y < 2], y[y < 2], classes=[0, 1, 2])


@pytest.mark.parametrize("cls", ALL)
def test_single_class_and_binary(cls):
    X, y = _data("breast_cancer")
    ours = _make(cls, X).fit(X, y)
    theirs = _twin(ours).fit(X, y)
    assert_same_model(ours, theirs, X)
    one = _make(cls, X).fit(X[:50], np.zeros(50, dtype=int))
    assert_array_equal(one.predict(X[:5]), 0)
    assert_allclose(one.predict_proba(X[:5]), 1.0)


def test_class_absent_from_partial_fit_batch():
    X, y = _data("iris")
    for cls in ALL:
        clf = cls().partial_fit(X[y == 0], y[y == 0], classes=[0, 1, 2])
        assert_array_equal(clf.class_count_, [50, 0, 0])
        # classes not seen yet have prior 0: probability 0, not NaN
        assert_allclose(clf.predict_proba(X[:3]), [[1.0, 0.0, 0.0]] * 3)
        assert_array_equal(clf.predict(X[:3]), 0)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("cls", ALL)
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_input(cls, bad):
    X, y = _data("iris")
    X = X.copy()
    X[3, 1] = bad
    with pytest.raises(ValueError, match="Input X contains"):
        cls().fit(X, y)
    clf = cls().fit(_data("iris")[0], y)
    with pytest.raises(ValueError, match="Input X contains"):
        clf.predict(X)


@pytest.mark.parametrize("as_sparse", [False, True])
def test_multinomial_negative_counts(as_sparse):
    X, y = _data("iris")
    X = X.copy()
    X[5, 2] = -1.0
    if as_sparse:
        X = sp.csr_matrix(X)
    message = r"Negative values in data passed to MultinomialNB \(input X\)"
    with pytest.raises(ValueError, match=message):
        MultinomialNB().fit(X, y)
    clf = MultinomialNB().partial_fit(_data("iris")[0], y, classes=[0, 1, 2])
    counts_before = clf.feature_count_.copy()
    with pytest.raises(ValueError, match=message):
        clf.partial_fit(X, y)
    # a refused batch leaves the model as it was
    assert_array_equal(clf.feature_count_, counts_before)


def test_bernoulli_accepts_negative_values():
    X, y = _data("iris")
    Xc = X - X.mean(axis=0)
    ours = BernoulliNB().fit(Xc, y)
    theirs = sk_nb.BernoulliNB().fit(Xc, y)
    assert_same_model(ours, theirs, Xc)


@pytest.mark.parametrize("cls", ALL)
def test_shape_and_type_errors(cls):
    X, y = _data("iris")
    clf = cls().fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but"):
        clf.predict(X[:, :3])
    with pytest.raises(ValueError, match="Expected 2D array, got 1D array"):
        cls().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="Expected 2D array, got 1D array"):
        clf.predict(X[0])
    strings = X.astype(str).astype(object)
    strings[0, 0] = "a"
    with pytest.raises(ValueError, match="could not convert string to float"):
        cls().fit(strings, y)
    with pytest.raises(ValueError, match="Found input variables with inconsistent"):
        cls().fit(X, y[:-1])
    with pytest.raises(ValueError, match="0 sample"):
        cls().fit(X[:0], y[:0])
    with pytest.raises(ValueError, match=r"sample_weight.shape == \(3,\)"):
        cls().fit(X, y, sample_weight=np.ones(3))
    with pytest.raises(
        ValueError, match="Negative values in data passed to `sample_weight`"
    ):
        cls().fit(X, y, sample_weight=-np.ones(len(y)))
    with pytest.raises(ValueError, match="at least one non-zero"):
        cls().fit(X, y, sample_weight=np.zeros(len(y)))
    with pytest.raises(NotFittedError):
        cls().predict(X)


# ---------------------------------------------------------------------------
# Inputs are never modified, the model pickles
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("cls", ALL)
def test_caller_arrays_not_modified(cls, dtype):
    X, y = _data("wine")
    X = np.asfortranarray(X.astype(dtype))
    weights = np.linspace(0.5, 1.5, len(y))
    saved = X.copy(), y.copy(), weights.copy()
    clf = _make(cls, X).fit(X, y, sample_weight=weights)
    clf.partial_fit(X, y, sample_weight=weights)
    for method in (
        "predict",
        "predict_proba",
        "predict_log_proba",
        "predict_joint_log_proba",
    ):
        getattr(clf, method)(X)
    assert_array_equal(X, saved[0])
    assert_array_equal(y, saved[1])
    assert_array_equal(weights, saved[2])
    if cls is not GaussianNB:
        Xs = sp.csr_matrix(X)
        data = Xs.data.copy()
        clf.fit(Xs, y, sample_weight=weights).predict_proba(Xs)
        assert_array_equal(Xs.data, data)


@pytest.mark.parametrize("cls", ALL)
def test_pickle_round_trip(cls):
    X, y = _data("iris")
    clf = cls().fit(X, y)
    clone = pickle.loads(pickle.dumps(clf))
    assert_array_equal(clone.predict_proba(X), clf.predict_proba(X))


def test_gaussian_log_proba_is_stable_far_from_the_data():
    # a point far away gives joint log-likelihoods of about -1e12: the
    # normalisation must still give finite log-probabilities summing to one
    X, y = _data("iris")
    clf = GaussianNB().fit(X, y)
    far = np.full((1, 4), 1e6)
    log_proba = clf.predict_log_proba(far)
    assert np.isfinite(log_proba).all()
    assert_allclose(np.exp(log_proba).sum(), 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf.predict_proba(far)


@pytest.mark.parametrize("cls", DISCRETE)
def test_sparse_float32_and_int64_indices(cls):
    X, y = _data("digits")
    Xs = sp.csr_matrix(X.astype(np.float32))
    Xs.indices = Xs.indices.astype(np.int64)
    Xs.indptr = Xs.indptr.astype(np.int64)
    ours = _make(cls, X).fit(Xs, y)
    theirs = _twin(ours).fit(Xs, y)
    assert_same_model(ours, theirs, Xs)


@pytest.mark.parametrize("cls", ALL)
def test_refused_first_partial_fit_leaves_estimator_unfitted(cls):
    X, y = _data("iris")
    clf = cls()
    with pytest.raises(ValueError, match=r"label\(s\) \[2\] in y do not exist"):
        clf.partial_fit(X, y, classes=[0, 1])
    assert not hasattr(clf, "classes_")
    # the next first call works as a first call
    clf.partial_fit(X, y, classes=[0, 1, 2])
    assert_allclose(clf.class_count_, [50, 50, 50])


@pytest.mark.parametrize("cls", DISCRETE)
def test_refused_batch_leaves_fitted_model_unchanged(cls):
    X, y = _data("iris")
    clf = cls(class_prior=[0.2, 0.3, 0.5]).partial_fit(X, y, classes=[0, 1, 2])
    before = {name: getattr(clf, name).copy() for name in FITTED_ATTRIBUTES[cls]}
    clf.set_params(alpha=np.ones(3))  # wrong length: refused after counting
    with pytest.raises(ValueError, match="should contains `n_features`"):
        clf.partial_fit(X, y)
    for name, value in before.items():
        assert_array_equal(getattr(clf, name), value)


@pytest.mark.parametrize("cls", ALL)
def test_feature_names_in(cls):
    import pandas as pd

    data = load_iris(as_frame=True)
    clf = cls().fit(data.data, data.target)
    assert_array_equal(clf.feature_names_in_, data.data.columns)
    with pytest.raises(ValueError, match="feature names"):
        clf.predict(data.data[data.data.columns[::-1]])
    assert isinstance(data.data, pd.DataFrame)


@pytest.mark.parametrize("name", ["MultinomialNB", "BernoulliNB"])
def test_poor_score_tag_is_true(name):
    """The ``poor_score`` tag states a fact, as on scikit-learn's twins.

    This is the data of scikit-learn's ``check_classifiers_train`` (shifted to
    be non-negative for the count models): ours and scikit-learn's model make
    the same predictions, and both stay below the check's 0.83 accuracy bar.
    """
    import sklearn.naive_bayes
    from sklearn.datasets import make_blobs
    from sklearn.preprocessing import StandardScaler
    from sklearn.utils import shuffle

    import sklearn_notes.naive_bayes

    X, y = make_blobs(n_samples=300, random_state=0)
    X, y = shuffle(X, y, random_state=7)
    X = StandardScaler().fit_transform(X)
    X -= X.min()
    ours = getattr(sklearn_notes.naive_bayes, name)().fit(X, y)
    theirs = getattr(sklearn.naive_bayes, name)().fit(X, y)
    assert ours.__sklearn_tags__().classifier_tags.poor_score
    assert theirs.__sklearn_tags__().classifier_tags.poor_score
    assert np.array_equal(ours.predict(X), theirs.predict(X))
    assert ours.score(X, y) < 0.83
