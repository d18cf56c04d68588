"""LinearDiscriminantAnalysis against scikit-learn's twin and against the maths."""

import re
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from scipy import linalg
from scipy.stats import multivariate_normal
from sklearn import discriminant_analysis as sk_da
from sklearn.base import clone
from sklearn.covariance import OAS, LedoitWolf, ShrunkCovariance
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import NotFittedError

from sklearn_notes.discriminant_analysis import LinearDiscriminantAnalysis

LOADERS = {
    "iris": load_iris,
    "wine": load_wine,
    "breast_cancer": load_breast_cancer,
    "digits": load_digits,
}
SOLVER_SETTINGS = [
    {"solver": "svd"},
    {"solver": "svd", "tol": 0.05},
    {"solver": "lsqr"},
    {"solver": "lsqr", "shrinkage": "auto"},
    {"solver": "lsqr", "shrinkage": 0.3},
    {"solver": "eigen"},
    {"solver": "eigen", "shrinkage": "auto"},
    {"solver": "eigen", "shrinkage": 0.1},
]


def _data(name):
    return LOADERS[name](return_X_y=True)


def assert_close(actual, expected, rtol=1e-8):
    """Equal up to ``rtol`` of the largest magnitude (solvers are not identical)."""
    expected = np.asarray(expected)
    scale = np.abs(expected).max() if expected.size else 1.0
    assert_allclose(actual, expected, rtol=rtol, atol=rtol * scale)


def assert_equal_up_to_sign(actual, expected, rtol=1e-8):
    """Columns equal up to one sign each (eigen/singular vectors)."""
    assert actual.shape == expected.shape
    signs = np.sign(np.sum(actual * expected, axis=0))
    signs[signs == 0] = 1
    assert_close(actual * signs, expected, rtol=rtol)


def _fit_both(X, y, **params):
    ours = LinearDiscriminantAnalysis(**params).fit(X, y)
    theirs = sk_da.LinearDiscriminantAnalysis(**params).fit(X, y)
    return ours, theirs


# ---------------------------------------------------------------------------
# Parity with scikit-learn on real data
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("settings", SOLVER_SETTINGS, ids=str)
@pytest.mark.parametrize("name", LOADERS)
def test_matches_sklearn_on_real_data(name, settings):
    X, y = _data(name)
    if name == "digits" and settings == {"solver": "eigen"}:
        # digits has constant pixels: Sw is singular, eigh(Sb, Sw) fails in
        # both (tested in test_eigen_singular_within_scatter_raises_like_sklearn)
        settings = {"solver": "eigen", "shrinkage": 1e-3}
    ours, theirs = _fit_both(X, y, store_covariance=True, **settings)

    assert_array_equal(ours.classes_, theirs.classes_)
    assert_close(ours.means_, theirs.means_, rtol=1e-12)
    assert_close(ours.priors_, theirs.priors_, rtol=1e-12)
    assert_close(ours.covariance_, theirs.covariance_, rtol=1e-10)
    assert_close(ours.coef_, theirs.coef_)
    assert_close(ours.intercept_, theirs.intercept_)
    assert ours.coef_.shape == theirs.coef_.shape
    assert ours.intercept_.shape == theirs.intercept_.shape

    assert_array_equal(ours.predict(X), theirs.predict(X))
    assert_close(ours.decision_function(X), theirs.decision_function(X))
    assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=0, atol=1e-8)
    assert ours.score(X, y) == theirs.score(X, y)

    if settings["solver"] != "lsqr":
        assert_allclose(
            ours.explained_variance_ratio_,
            theirs.explained_variance_ratio_,
            rtol=0,
            atol=1e-9,
        )
        assert_equal_up_to_sign(ours.transform(X), theirs.transform(X))
    if settings["solver"] == "svd":
        assert_close(ours.xbar_, theirs.xbar_, rtol=1e-12)
        assert ours.scalings_.shape == theirs.scalings_.shape
        assert_equal_up_to_sign(ours.scalings_, theirs.scalings_)


@pytest.mark.parametrize("name", ["iris", "wine", "digits"])
def test_predict_log_proba_matches_sklearn(name):
    X, y = _data(name)
    ours, theirs = _fit_both(X, y)
    # far from the training data the probabilities underflow to 0: sklearn
    # clips them to the smallest normal number before the log, and so do we
    X_far = np.vstack([X, 50 * X[:5] + 100])
    assert_allclose(
        ours.predict_log_proba(X_far), theirs.predict_log_proba(X_far), rtol=1e-8
    )


def test_binary_problem_matches_sklearn():
    X, y = load_breast_cancer(return_X_y=True)
    for solver in ["svd", "lsqr", "eigen"]:
        ours, theirs = _fit_both(X, y, solver=solver)
        assert ours.coef_.shape == (1, X.shape[1])
        assert ours.intercept_.shape == (1,)
        decision = ours.decision_function(X)
        assert decision.shape == (X.shape[0],)
        assert_close(decision, theirs.decision_function(X))
        assert_array_equal(ours.predict(X), theirs.predict(X))
        proba = ours.predict_proba(X)
        assert_allclose(proba, theirs.predict_proba(X), atol=1e-8)
        # two classes: sigmoid of the log-odds
        assert_allclose(proba[:, 1], 1 / (1 + np.exp(-decision)), rtol=1e-12)


@pytest.mark.parametrize("solver", ["svd", "lsqr", "eigen"])
def test_given_priors_match_sklearn(solver):
    X, y = load_wine(return_X_y=True)
    priors = np.array([0.2, 0.5, 0.3])
    ours, theirs = _fit_both(X, y, solver=solver, priors=priors, store_covariance=True)
    assert_allclose(ours.priors_, priors)
    assert_close(ours.covariance_, theirs.covariance_, rtol=1e-10)
    assert_close(ours.coef_, theirs.coef_)
    assert_close(ours.intercept_, theirs.intercept_)
    assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-8)


def test_priors_that_do_not_sum_to_one_are_renormalised_with_a_warning():
    X, y = load_iris(return_X_y=True)
    with pytest.warns(UserWarning, match="The priors do not sum to 1. Renormalizing"):
        ours = LinearDiscriminantAnalysis(priors=[2.0, 1.0, 1.0]).fit(X, y)
    with pytest.warns(UserWarning):
        theirs = sk_da.LinearDiscriminantAnalysis(priors=[2.0, 1.0, 1.0]).fit(X, y)
    assert_allclose(ours.priors_, [0.5, 0.25, 0.25])
    assert_close(ours.coef_, theirs.coef_)
    assert_close(ours.intercept_, theirs.intercept_)


@pytest.mark.parametrize(
    "priors, message",
    [
        ([-0.5, 1.0, 0.5], "priors must be non-negative"),
        ([0.5, 0.5], r"priors must have shape \(n_classes,\) = \(3,\)"),
        ([np.nan, 0.5, 0.5], "priors must be finite"),
    ],
)
def test_bad_priors_raise(priors, message):
    X, y = load_iris(return_X_y=True)
    for solver in ["svd", "lsqr", "eigen"]:
        with pytest.raises(ValueError, match=message):
            LinearDiscriminantAnalysis(solver=solver, priors=priors).fit(X, y)


@pytest.mark.parametrize(
    "estimator", [OAS(), LedoitWolf(), ShrunkCovariance(shrinkage=0.2)], ids=repr
)
@pytest.mark.parametrize("solver", ["lsqr", "eigen"])
def test_covariance_estimator_matches_sklearn(solver, estimator):
    X, y = load_wine(return_X_y=True)
    estimator = clone(estimator)  # a fresh, unfitted one for this case
    ours = LinearDiscriminantAnalysis(solver=solver, covariance_estimator=estimator)
    ours.fit(X, y)
    assert not hasattr(estimator, "covariance_")  # we fit clones, sklearn does not
    theirs = sk_da.LinearDiscriminantAnalysis(
        solver=solver, covariance_estimator=estimator
    ).fit(X, y)
    assert_close(ours.covariance_, theirs.covariance_, rtol=1e-10)
    assert_close(ours.coef_, theirs.coef_)
    assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-8)


def test_shrinkage_auto_matches_ledoit_wolf_of_standardised_class_data():
    """Reference from sklearn.covariance.ledoit_wolf, class by class."""
    from sklearn.covariance import ledoit_wolf

    X, y = load_wine(return_X_y=True)
    lda = LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto").fit(X, y)
    expected = np.zeros((X.shape[1], X.shape[1]))
    for k, label in enumerate(lda.classes_):
        Xk = X[y == label]
        scale = Xk.std(axis=0)
        expected += lda.priors_[k] * (
            scale[:, None] * ledoit_wolf((Xk - Xk.mean(0)) / scale)[0] * scale
        )
    assert_close(lda.covariance_, expected, rtol=1e-10)


# ---------------------------------------------------------------------------
# The maths of the notes: Bayes' rule with shared-covariance Gaussians
# (3.3.1) and Fisher's criterion (6.2), against naive NumPy/SciPy references
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("solver", ["svd", "lsqr", "eigen"])
@pytest.mark.parametrize("name", ["iris", "wine"])
def test_predict_proba_is_bayes_rule_with_shared_gaussian(name, solver):
    X, y = _data(name)
    lda = LinearDiscriminantAnalysis(solver=solver, store_covariance=True).fit(X, y)
    classes = np.unique(y)
    means = np.array([X[y == c].mean(axis=0) for c in classes])
    priors = np.array([np.mean(y == c) for c in classes])
    pooled = sum(
        np.mean(y == c) * np.cov(X[y == c].T, bias=True) for c in classes
    )
    joint = np.column_stack(
        [
            priors[k] * multivariate_normal(means[k], pooled).pdf(X)
            for k in range(len(classes))
        ]
    )
    posterior = joint / joint.sum(axis=1, keepdims=True)
    assert_allclose(lda.predict_proba(X), posterior, atol=1e-9)
    assert_array_equal(lda.predict(X), classes[joint.argmax(axis=1)])


def _scatters(X, y):
    classes = np.unique(y)
    overall = X.mean(axis=0)
    within = np.zeros((X.shape[1], X.shape[1]))
    between = np.zeros_like(within)
    for c in classes:
        Xc = X[y == c]
        centred = Xc - Xc.mean(axis=0)
        within += centred.T @ centred
        gap = (Xc.mean(axis=0) - overall)[:, None]
        between += len(Xc) * gap @ gap.T
    return within, between


@pytest.mark.parametrize("solver", ["svd", "eigen"])
@pytest.mark.parametrize("name", ["iris", "wine"])
def test_transform_directions_solve_fishers_eigenproblem(name, solver):
    X, y = _data(name)
    within, between = _scatters(X, y)
    lda = LinearDiscriminantAnalysis(solver=solver).fit(X, y)
    n_directions = len(np.unique(y)) - 1
    W = lda.scalings_[:, :n_directions]
    # S_B w = lambda S_W w, with lambda the Rayleigh quotient J(w) of 6.2
    rayleigh = np.einsum("ij,ij->j", W, between @ W) / np.einsum(
        "ij,ij->j", W, within @ W
    )
    assert_close(between @ W, (within @ W) * rayleigh, rtol=1e-9)
    expected = linalg.eigh(between, within, eigvals_only=True)[::-1][:n_directions]
    assert_allclose(rayleigh, expected, rtol=1e-9)
    assert_allclose(lda.explained_variance_ratio_, expected / expected.sum(), rtol=1e-9)


@pytest.mark.parametrize("name", ["iris", "wine", "digits"])
def test_svd_transform_whitens_the_within_class_covariance(name):
    X, y = _data(name)
    lda = LinearDiscriminantAnalysis().fit(X, y)
    projected = lda.transform(X)
    within, _ = _scatters(projected, y)
    assert_allclose(within / len(X), np.eye(projected.shape[1]), atol=1e-9)


# ---------------------------------------------------------------------------
# Singular within-class scatter: the default solver must cope
# ---------------------------------------------------------------------------


def test_digits_with_constant_pixels_matches_sklearn_and_drops_them():
    X, y = load_digits(return_X_y=True)
    constant = X.std(axis=0) == 0
    assert constant.any()  # the premise of the test
    ours, theirs = _fit_both(X, y)
    assert_array_equal(ours.predict(X), theirs.predict(X))
    assert_array_equal(ours.coef_[:, constant], 0.0)
    reduced = LinearDiscriminantAnalysis().fit(X[:, ~constant], y)
    assert_close(ours.coef_[:, ~constant], reduced.coef_, rtol=1e-9)


@pytest.mark.parametrize("name", ["iris", "wine", "digits"])
def test_duplicated_and_collinear_columns_match_sklearn(name):
    X, y = _data(name)
    X_singular = np.column_stack([X, X[:, :2], X[:, 2] - 3 * X[:, 3]])
    for solver in ["svd", "lsqr"]:
        ours, theirs = _fit_both(X_singular, y, solver=solver)
        assert np.all(np.isfinite(ours.coef_))
        assert_array_equal(ours.predict(X_singular), theirs.predict(X_singular))
        assert_allclose(
            ours.predict_proba(X_singular), theirs.predict_proba(X_singular), atol=1e-8
        )
    ours, theirs = _fit_both(X_singular, y)
    assert ours.scalings_.shape == theirs.scalings_.shape
    assert_equal_up_to_sign(ours.transform(X_singular), theirs.transform(X_singular))
    # the same classifier as without the redundant columns
    plain = LinearDiscriminantAnalysis().fit(X, y)
    assert_allclose(ours.predict_proba(X_singular), plain.predict_proba(X), atol=1e-8)


@pytest.mark.parametrize("name", ["wine", "digits"])
def test_nonzero_constant_columns_are_ignored(name):
    """A constant 3.7 column: its within-class variance is rounding noise.

    sklearn 1.9.1 rescales that noise to unit variance and gives the column a
    weight of order 1e14 (on these data its predictions change); ours treats
    the column as constant, so the fit equals the fit without it.
    """
    X, y = _data(name)
    X_const = np.column_stack([X, np.full(len(y), 3.7), np.full(len(y), -1e3)])
    ours = LinearDiscriminantAnalysis().fit(X_const, y)
    plain = LinearDiscriminantAnalysis().fit(X, y)
    assert_array_equal(ours.coef_[:, -2:], 0.0)
    assert_close(ours.coef_[:, :-2], plain.coef_, rtol=1e-9)
    assert_array_equal(ours.predict(X_const), plain.predict(X))
    assert_equal_up_to_sign(ours.transform(X_const), plain.transform(X), rtol=1e-9)
    # and the classifier without the column is sklearn's
    theirs = sk_da.LinearDiscriminantAnalysis().fit(X, y)
    assert_array_equal(plain.predict(X), theirs.predict(X))


def test_eigen_singular_within_scatter_raises_like_sklearn():
    X, y = load_digits(return_X_y=True)
    with pytest.raises(linalg.LinAlgError):
        sk_da.LinearDiscriminantAnalysis(solver="eigen").fit(X, y)
    with pytest.raises(linalg.LinAlgError, match="use shrinkage"):
        LinearDiscriminantAnalysis(solver="eigen").fit(X, y)


def test_within_scatter_of_rank_zero_raises():
    X = np.ones((10, 3))
    y = np.repeat([0, 1], 5)
    with pytest.raises(ValueError, match="rank 0"):
        LinearDiscriminantAnalysis().fit(X, y)


# ---------------------------------------------------------------------------
# n_components, tol, transform, feature names
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("solver", ["svd", "eigen"])
def test_n_components(solver):
    X, y = load_wine(return_X_y=True)
    for n_components in [1, 2]:
        ours, theirs = _fit_both(X, y, solver=solver, n_components=n_components)
        assert ours.transform(X).shape == (len(X), n_components)
        assert ours.explained_variance_ratio_.shape == (n_components,)
        assert_equal_up_to_sign(ours.transform(X), theirs.transform(X))
        assert_array_equal(
            ours.get_feature_names_out(), theirs.get_feature_names_out()
        )
    message = re.escape(
        "n_components cannot be larger than min(n_features, n_classes - 1)."
    )
    with pytest.raises(ValueError, match=message):
        LinearDiscriminantAnalysis(solver=solver, n_components=3).fit(X, y)


def test_full_explained_variance_sums_to_one():
    X, y = load_digits(return_X_y=True)
    lda = LinearDiscriminantAnalysis().fit(X, y)
    assert lda.explained_variance_ratio_.shape == (9,)
    assert_allclose(lda.explained_variance_ratio_.sum(), 1.0)
    assert np.all(np.diff(lda.explained_variance_ratio_) <= 0)


def test_large_tol_reduces_rank_as_sklearn():
    X, y = load_breast_cancer(return_X_y=True)
    for tol in [1e-3, 0.05, 0.3]:
        ours, theirs = _fit_both(X, y, tol=tol)
        assert ours.scalings_.shape == theirs.scalings_.shape
        assert_array_equal(ours.predict(X), theirs.predict(X))
        assert_close(ours.coef_, theirs.coef_, rtol=1e-7)


def test_fit_transform_and_feature_names_out():
    import pandas as pd
    X, y = load_iris(return_X_y=True, as_frame=True)
    lda = LinearDiscriminantAnalysis()
    projected = lda.fit_transform(X, y)
    assert_allclose(projected, lda.transform(X))
    assert_array_equal(lda.feature_names_in_, X.columns)
    assert_array_equal(
        lda.get_feature_names_out(),
        ["lineardiscriminantanalysis0", "lineardiscriminantanalysis1"],
    )
    assert isinstance(X, pd.DataFrame)


def test_lsqr_has_no_transform():
    X, y = load_iris(return_X_y=True)
    lda = LinearDiscriminantAnalysis(solver="lsqr").fit(X, y)
    with pytest.raises(NotImplementedError, match="transform not implemented"):
        lda.transform(X)
    assert not hasattr(lda, "scalings_")


def test_string_labels():
    X, y = load_iris(return_X_y=True)
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    ours, theirs = _fit_both(X, names)
    assert_array_equal(ours.classes_, theirs.classes_)
    assert_array_equal(ours.predict(X), theirs.predict(X))


def test_sparse_input_to_decision_function_as_sklearn():
    X, y = load_iris(return_X_y=True)
    ours, theirs = _fit_both(X, y)
    X_csr = sp.csr_matrix(X)
    assert_close(ours.decision_function(X_csr), theirs.decision_function(X_csr))
    with pytest.raises(TypeError, match="[Ss]parse"):
        LinearDiscriminantAnalysis().fit(X_csr, y)


# ---------------------------------------------------------------------------
# dtypes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("solver", ["svd", "lsqr", "eigen"])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_float32_dtypes_as_sklearn_and_accurate(solver, n_classes):
    X, y = load_wine(return_X_y=True)
    keep = y < n_classes
    X, y = X[keep], y[keep]
    X32 = X.astype(np.float32)
    ours, theirs = _fit_both(X32, y, solver=solver, store_covariance=True)
    for name, value in vars(theirs).items():
        if name.endswith("_") and hasattr(value, "dtype"):
            assert getattr(ours, name).dtype == value.dtype, name
    assert ours.predict_proba(X32).dtype == theirs.predict_proba(X32).dtype
    if solver != "lsqr":
        assert ours.transform(X32).dtype == theirs.transform(X32).dtype
    # float32 input, float64 arithmetic inside: close to the float64 fit
    reference = sk_da.LinearDiscriminantAnalysis(solver=solver).fit(X, y)
    assert_close(ours.coef_, reference.coef_, rtol=1e-5)
    assert_allclose(ours.predict_proba(X32), reference.predict_proba(X), atol=1e-5)


def test_integer_input_is_converted_to_float64():
    X, y = load_digits(return_X_y=True)
    X_int = X.astype(np.int64)
    ours, theirs = _fit_both(X_int, y)
    assert ours.coef_.dtype == np.float64
    assert_array_equal(ours.predict(X_int), theirs.predict(X_int))


# ---------------------------------------------------------------------------
# Bad input and parameters
# ---------------------------------------------------------------------------


def _with_value_at(X, flat_index, value):
    X = X.copy()
    X.flat[flat_index] = value
    return X


def _small():
    X, y = load_iris(return_X_y=True)
    return X[::5].copy(), y[::5].copy()


@pytest.mark.parametrize(
    "make_X, error, message",
    [
        (lambda X: _with_value_at(X, 7, np.nan), ValueError, "NaN"),
        (lambda X: _with_value_at(X, 7, np.inf), ValueError, "infinity"),
        (lambda X: X[:, :0], ValueError, "0 feature"),
        (lambda X: X[:, 0], ValueError, "Reshape your data"),
        (lambda X: X.astype(str).astype(object) + "cm", ValueError, "convert"),
        (lambda X: X + 1j, ValueError, "Complex data not supported"),
    ],
    ids=["nan", "inf", "no_features", "1d", "strings", "complex"],
)
def test_bad_X_in_fit(make_X, error, message):
    X, y = _small()
    with pytest.raises(error, match=message):
        LinearDiscriminantAnalysis().fit(make_X(X), y)


def test_empty_and_single_sample():
    X, y = _small()
    with pytest.raises(ValueError, match="0 sample"):
        LinearDiscriminantAnalysis().fit(X[:0], y[:0])
    with pytest.raises(ValueError, match="1 sample"):
        LinearDiscriminantAnalysis().fit(X[:1], y[:1])


def test_one_class_raises():
    X, y = _small()
    with pytest.raises(ValueError, match="only one class"):
        LinearDiscriminantAnalysis().fit(X, np.zeros(len(X)))


def test_as_many_samples_as_classes_raises():
    X, y = _small()
    with pytest.raises(ValueError, match="more than the number of classes"):
        LinearDiscriminantAnalysis().fit(X[:3], [0, 1, 2])


def test_continuous_target_raises():
    X, y = _small()
    with pytest.raises(ValueError, match="Unknown label type"):
        LinearDiscriminantAnalysis().fit(X, np.linspace(0, 1, len(X)))


@pytest.mark.parametrize(
    "method",
    [
        "predict",
        "predict_proba",
        "predict_log_proba",
        "decision_function",
        "transform",
    ],
)
def test_bad_X_at_predict_time(method):
    X, y = _small()
    lda = LinearDiscriminantAnalysis().fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but"):
        getattr(lda, method)(X[:, :3])
    with pytest.raises(ValueError, match="NaN"):
        getattr(lda, method)(np.where(X > 5, np.nan, X))
    with pytest.raises(ValueError, match="Reshape your data"):
        getattr(lda, method)(X[0])
    with pytest.raises(NotFittedError):
        getattr(LinearDiscriminantAnalysis(), method)(X)


def test_parameter_combinations_rejected_as_sklearn():
    X, y = _small()
    with pytest.raises(NotImplementedError, match="shrinkage not supported with 'svd'"):
        LinearDiscriminantAnalysis(shrinkage="auto").fit(X, y)
    with pytest.raises(ValueError, match="covariance estimator is not supported"):
        LinearDiscriminantAnalysis(covariance_estimator=OAS()).fit(X, y)
    with pytest.raises(ValueError, match="Only one of the two can be set"):
        LinearDiscriminantAnalysis(
            solver="lsqr", shrinkage=0.5, covariance_estimator=OAS()
        ).fit(X, y)
    with pytest.raises(ValueError, match="solver"):
        LinearDiscriminantAnalysis(solver="qr").fit(X, y)
    with pytest.raises(ValueError, match="shrinkage"):
        LinearDiscriminantAnalysis(solver="lsqr", shrinkage=1.5).fit(X, y)
    with pytest.raises(ValueError, match="tol"):
        LinearDiscriminantAnalysis(tol=-1.0).fit(X, y)


def test_caller_arrays_are_untouched_and_read_only_input_works():
    X, y = load_wine(return_X_y=True)
    priors = np.array([0.3, 0.3, 0.4])
    X_copy, y_copy, priors_copy = X.copy(), y.copy(), priors.copy()
    for solver, shrinkage in [("svd", None), ("lsqr", "auto"), ("eigen", 0.2)]:
        lda = LinearDiscriminantAnalysis(
            solver=solver, shrinkage=shrinkage, priors=priors
        )
        lda.fit(X, y)
        lda.predict_proba(X)
        if solver != "lsqr":
            lda.transform(X)
    assert_array_equal(X, X_copy)
    assert_array_equal(y, y_copy)
    assert_array_equal(priors, priors_copy)

    X_ro, y_ro = X.copy(), y.copy()
    X_ro.setflags(write=False)
    y_ro.setflags(write=False)
    lda = LinearDiscriminantAnalysis().fit(X_ro, y_ro)
    expected = LinearDiscriminantAnalysis().fit(X, y).predict(X)
    assert_array_equal(lda.predict(X_ro), expected)


def test_fortran_order_input_gives_the_same_model():
    X, y = load_wine(return_X_y=True)
    c_model = LinearDiscriminantAnalysis().fit(X, y)
    f_model = LinearDiscriminantAnalysis().fit(np.asfortranarray(X), y)
    assert_allclose(f_model.coef_, c_model.coef_, rtol=1e-12)


def test_no_warning_on_regular_data():
    X, y = load_wine(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for solver in ["svd", "lsqr", "eigen"]:
            LinearDiscriminantAnalysis(solver=solver).fit(X, y).predict_proba(X)


@pytest.mark.parametrize("settings", SOLVER_SETTINGS, ids=str)
def test_single_feature_matches_sklearn(settings):
    X, y = load_iris(return_X_y=True)
    X = X[:, 2:3]
    ours, theirs = _fit_both(X, y, **settings)
    assert_close(ours.coef_, theirs.coef_)
    assert_close(ours.intercept_, theirs.intercept_)
    assert_array_equal(ours.predict(X), theirs.predict(X))
    if settings["solver"] != "lsqr":
        assert ours.transform(X).shape == (len(X), 1)
        assert_equal_up_to_sign(ours.transform(X), theirs.transform(X))


@pytest.mark.parametrize("solver", ["svd", "lsqr", "eigen"])
def test_zero_prior_class_is_never_predicted_as_sklearn(solver):
    X, y = load_wine(return_X_y=True)
    priors = [0.5, 0.5, 0.0]
    with np.errstate(divide="ignore"):  # log(0) = -inf, in both
        ours, theirs = _fit_both(X, y, solver=solver, priors=priors)
    assert ours.intercept_[2] == -np.inf
    assert_array_equal(ours.predict(X), theirs.predict(X))
    assert not np.any(ours.predict(X) == 2)
    assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-8)


def test_priors_attribute_does_not_alias_the_parameter():
    X, y = load_wine(return_X_y=True)
    priors = np.array([0.2, 0.5, 0.3])
    lda = LinearDiscriminantAnalysis(priors=priors).fit(X, y)
    assert lda.priors_ is not priors
    assert not np.shares_memory(lda.priors_, priors)


def test_set_output_pandas():
    import pandas as pd

    X, y = load_wine(return_X_y=True)
    lda = LinearDiscriminantAnalysis().set_output(transform="pandas").fit(X, y)
    projected = lda.transform(X)
    assert isinstance(projected, pd.DataFrame)
    assert list(projected.columns) == list(lda.get_feature_names_out())
