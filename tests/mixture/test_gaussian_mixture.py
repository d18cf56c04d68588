"""GaussianMixture against scikit-learn's twin, on real data, and its contract."""

import inspect
import re
import warnings

import numpy as np
import pytest
import sklearn.mixture
from numpy.testing import assert_allclose, assert_array_equal
from scipy import sparse, stats
from sklearn.datasets import load_iris, load_wine, make_blobs
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.preprocessing import StandardScaler

from sklearn_notes.mixture import GaussianMixture

COVARIANCE_TYPES = ["full", "tied", "diag", "spherical"]
SEEDED_INITS = ["random", "random_from_data", "k-means++"]
FITTED = ["weights_", "means_", "covariances_", "precisions_", "precisions_cholesky_"]


@pytest.fixture(scope="module")
def iris():
    return load_iris().data


@pytest.fixture(scope="module")
def wine():
    return StandardScaler().fit_transform(load_wine().data)


def _fit_both(X, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = sklearn.mixture.GaussianMixture(**params).fit(X)
        ours = GaussianMixture(**params).fit(X)
    return ours, theirs


def _assert_same_fit(ours, theirs, rtol=1e-6, atol=1e-8):
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.converged_ == theirs.converged_
    assert abs(ours.lower_bound_ - theirs.lower_bound_) < 1e-4
    assert_allclose(ours.lower_bounds_, theirs.lower_bounds_, atol=1e-4)
    for name in FITTED:
        assert_allclose(
            getattr(ours, name), getattr(theirs, name), rtol=rtol, atol=atol
        )


# -- the same numbers as scikit-learn ------------------------------------------


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_same_fit_as_sklearn_with_same_means_init(iris, covariance_type):
    """Given means_init (and a seeded start for the rest), the same EM path."""
    means_init = iris[[0, 60, 120]]
    ours, theirs = _fit_both(
        iris,
        n_components=3,
        covariance_type=covariance_type,
        means_init=means_init,
        init_params="random",
        random_state=0,
    )
    _assert_same_fit(ours, theirs)
    assert_array_equal(ours.predict(iris), theirs.predict(iris))


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_same_fit_as_sklearn_with_all_initial_parameters(iris, covariance_type):
    n_features = iris.shape[1]
    precisions = {
        "full": np.stack([np.eye(n_features) * (k + 1) for k in range(3)]),
        "tied": np.eye(n_features) * 2,
        "diag": np.ones((3, n_features)) * np.array([[1.0], [2.0], [3.0]]),
        "spherical": np.array([1.0, 2.0, 3.0]),
    }[covariance_type]
    ours, theirs = _fit_both(
        iris,
        n_components=3,
        covariance_type=covariance_type,
        weights_init=[0.2, 0.3, 0.5],
        means_init=iris[[10, 70, 140]],
        precisions_init=precisions,
    )
    _assert_same_fit(ours, theirs)


@pytest.mark.parametrize("init_params", SEEDED_INITS)
@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_same_fit_as_sklearn_for_seeded_inits(iris, covariance_type, init_params):
    ours, theirs = _fit_both(
        iris,
        n_components=3,
        covariance_type=covariance_type,
        init_params=init_params,
        random_state=0,
    )
    # A k-means++ start puts one point per component: its variance is
    # reg_covar exactly here, x^2 - x^2 + reg_covar in scikit-learn's "diag"
    # formula, and that rounding noise is amplified by a 1e6 precision.
    loose = init_params == "k-means++" and covariance_type in ("diag", "spherical")
    if loose:
        _assert_same_fit(ours, theirs, rtol=1e-3, atol=1e-4)
    else:
        _assert_same_fit(ours, theirs)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_same_fit_as_sklearn_with_n_init(wine, covariance_type):
    ours, theirs = _fit_both(
        wine,
        n_components=3,
        covariance_type=covariance_type,
        init_params="random_from_data",
        n_init=3,
        random_state=1,
    )
    _assert_same_fit(ours, theirs)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_same_methods_as_sklearn(iris, covariance_type):
    ours, theirs = _fit_both(
        iris, n_components=3, covariance_type=covariance_type,
        init_params="random", random_state=0,
    )
    X_test = iris[::7] + 0.1
    assert_allclose(ours.score_samples(X_test), theirs.score_samples(X_test), rtol=1e-8)
    assert_allclose(ours.predict_proba(X_test), theirs.predict_proba(X_test), atol=1e-8)
    assert ours.score(X_test) == pytest.approx(theirs.score(X_test), rel=1e-10)
    assert ours.bic(iris) == pytest.approx(theirs.bic(iris), rel=1e-10)
    assert ours.aic(iris) == pytest.approx(theirs.aic(iris), rel=1e-10)
    assert ours._n_parameters() == theirs._n_parameters()
    # Same fitted parameters and same random_state: the very same samples.
    X_ours, y_ours = ours.sample(50)
    X_theirs, y_theirs = theirs.sample(50)
    assert_array_equal(y_ours, y_theirs)
    assert_allclose(X_ours, X_theirs, rtol=1e-6)
    assert X_ours.dtype == X_theirs.dtype and y_ours.dtype == y_theirs.dtype


def test_kmeans_start_finds_the_same_optimum_as_sklearn():
    """The default k-means start: the same optimum on well separated blobs."""
    X, _ = make_blobs(600, n_features=3, centers=4, cluster_std=0.8, random_state=0)
    ours, theirs = _fit_both(X, n_components=4, tol=1e-8, random_state=0)
    assert ours.converged_
    assert abs(ours.lower_bound_ - theirs.lower_bound_) < 1e-6
    order_ours = np.lexsort(ours.means_.T)
    order_theirs = np.lexsort(theirs.means_.T)
    # Different k-means starts, so EM stops at slightly different points of
    # the same optimum (spread 0.8 per coordinate).
    assert_allclose(ours.means_[order_ours], theirs.means_[order_theirs], atol=1e-3)
    assert_allclose(ours.weights_[order_ours], theirs.weights_[order_theirs], atol=1e-4)


def test_same_signatures_as_sklearn():
    """No invented parameters: fit has no sample_weight, as in scikit-learn 1.9.1."""
    twin = sklearn.mixture.GaussianMixture
    for method in ["fit", "fit_predict", "predict", "predict_proba", "score_samples",
                   "score", "sample", "bic", "aic"]:
        assert inspect.signature(getattr(GaussianMixture, method)) == inspect.signature(
            getattr(twin, method)
        ), method
    assert "sample_weight" not in inspect.signature(GaussianMixture.fit).parameters


# -- the model's own properties ----------------------------------------------


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_score_samples_is_the_mixture_density(iris, covariance_type):
    """log p(x) = log sum_k pi_k N(x | mu_k, Sigma_k), with scipy's densities."""
    gm = GaussianMixture(3, covariance_type=covariance_type, random_state=0).fit(iris)
    n_features = iris.shape[1]

    def covariance(k):
        c = gm.covariances_
        return {
            "full": lambda: c[k],
            "tied": lambda: c,
            "diag": lambda: np.diag(c[k]),
            "spherical": lambda: c[k] * np.eye(n_features),
        }[covariance_type]()

    joint = np.column_stack(
        [
            gm.weights_[k]
            * stats.multivariate_normal(gm.means_[k], covariance(k)).pdf(iris)
            for k in range(3)
        ]
    )
    density = joint.sum(axis=1)
    assert_allclose(gm.score_samples(iris), np.log(density), rtol=1e-10)
    assert_allclose(gm.predict_proba(iris), joint / density[:, None], atol=1e-10)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_predict_proba_rows_sum_to_one_and_argmax_is_predict(wine, covariance_type):
    gm = GaussianMixture(3, covariance_type=covariance_type, random_state=0).fit(wine)
    proba = gm.predict_proba(wine)
    assert proba.shape == (wine.shape[0], 3)
    assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    assert ((proba >= 0) & (proba <= 1)).all()
    assert_array_equal(proba.argmax(axis=1), gm.predict(wine))
    fresh = GaussianMixture(3, covariance_type=covariance_type, random_state=0)
    labels = fresh.fit_predict(wine)
    assert_array_equal(labels, gm.predict(wine))


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_fitted_attributes_are_consistent(iris, covariance_type):
    gm = GaussianMixture(3, covariance_type=covariance_type, random_state=0).fit(iris)
    assert gm.weights_.sum() == pytest.approx(1.0)
    assert gm.n_features_in_ == 4
    assert len(gm.lower_bounds_) == gm.n_iter_
    assert gm.lower_bounds_[-1] == gm.lower_bound_
    assert gm.lower_bound_ == pytest.approx(gm.score(iris), abs=gm.tol)
    if covariance_type == "full":
        for prec, cov in zip(gm.precisions_, gm.covariances_):
            assert_allclose(prec, np.linalg.inv(cov), rtol=1e-8)
    elif covariance_type == "tied":
        assert_allclose(gm.precisions_, np.linalg.inv(gm.covariances_), rtol=1e-8)
    else:
        assert_allclose(gm.precisions_, 1.0 / gm.covariances_, rtol=1e-12)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_em_never_decreases_the_likelihood(iris, covariance_type):
    """Without regularisation every EM step increases the log-likelihood."""
    gm = GaussianMixture(
        3, covariance_type=covariance_type, reg_covar=0, tol=1e-8,
        init_params="random", random_state=0, max_iter=500,
    ).fit(iris)
    assert np.all(np.diff(gm.lower_bounds_) >= -1e-12)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_float32_is_preserved_and_close_to_float64(iris, covariance_type):
    params = dict(n_components=3, covariance_type=covariance_type,
                  init_params="random", random_state=0)
    gm64 = GaussianMixture(**params).fit(iris)
    gm32 = GaussianMixture(**params).fit(iris.astype(np.float32))
    for name in FITTED:
        assert getattr(gm32, name).dtype == np.float32, name
    assert gm32.score_samples(iris.astype(np.float32)).dtype == np.float32
    assert gm32.predict_proba(iris.astype(np.float32)).dtype == np.float32
    assert gm32.lower_bound_ == pytest.approx(gm64.lower_bound_, abs=1e-3)
    assert_allclose(gm32.means_, gm64.means_, atol=1e-3)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_samples_come_from_the_fitted_mixture(iris, covariance_type):
    gm = GaussianMixture(3, covariance_type=covariance_type, random_state=0).fit(iris)
    X, y = gm.sample(60_000)
    assert X.shape == (60_000, 4) and y.shape == (60_000,)
    assert X.dtype == np.float64 and y.dtype == np.int64
    # Component counts are multinomial(n, weights): within 5 standard deviations.
    counts = np.bincount(y, minlength=3)
    spread = np.sqrt(60_000 * gm.weights_ * (1 - gm.weights_))
    assert np.all(np.abs(counts - 60_000 * gm.weights_) < 5 * spread)
    for k in range(3):
        covariance = {
            "full": gm.covariances_[k] if covariance_type == "full" else None,
            "tied": gm.covariances_ if covariance_type == "tied" else None,
            "diag": np.diag(gm.covariances_[k]) if covariance_type == "diag" else None,
            "spherical": gm.covariances_[k] * np.eye(4)
            if covariance_type == "spherical" else None,
        }[covariance_type]
        Xk = X[y == k]
        standard_error = np.sqrt(np.diag(covariance) / len(Xk))
        assert np.all(np.abs(Xk.mean(axis=0) - gm.means_[k]) < 5 * standard_error)
        assert_allclose(np.cov(Xk.T), covariance, atol=0.15 * np.abs(covariance).max())


def test_sample_is_reproducible_and_validated(iris):
    gm = GaussianMixture(2, random_state=3).fit(iris)
    X1, y1 = gm.sample(10)
    X2, y2 = gm.sample(10)
    assert_array_equal(X1, X2)
    assert_array_equal(y1, y2)
    with pytest.raises(ValueError, match="Invalid value for 'n_samples': 0"):
        gm.sample(0)


def test_bic_and_aic_formulas(iris):
    gm = GaussianMixture(2, covariance_type="diag", random_state=0).fit(iris)
    n_parameters = 2 * 4 + 2 * 4 + 1  # variances, means, free weights
    log_likelihood = gm.score_samples(iris).sum()
    expected_bic = -2 * log_likelihood + n_parameters * np.log(150)
    assert gm.bic(iris) == pytest.approx(expected_bic)
    assert gm.aic(iris) == pytest.approx(-2 * log_likelihood + 2 * n_parameters)
    # More components fit the training data better: a smaller AIC here.
    single = GaussianMixture(1, covariance_type="diag").fit(iris)
    assert gm.aic(iris) < single.aic(iris)


# -- warm_start, n_init, max_iter, convergence -------------------------------


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_warm_start_continues_where_it_stopped(iris, covariance_type):
    params = dict(n_components=3, covariance_type=covariance_type,
                  init_params="random", random_state=0, tol=0)
    two_steps = GaussianMixture(max_iter=2, **params)
    one_by_one = GaussianMixture(max_iter=1, warm_start=True, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        two_steps.fit(iris)
        one_by_one.fit(iris)
        one_by_one.fit(iris)
    for name in FITTED:
        assert_allclose(getattr(one_by_one, name), getattr(two_steps, name), rtol=1e-10)
    assert one_by_one.lower_bound_ == pytest.approx(two_steps.lower_bound_, abs=1e-12)


def test_warm_start_ignores_n_init_after_the_first_fit(iris):
    gm = GaussianMixture(3, warm_start=True, n_init=5, random_state=0, max_iter=300)
    gm.fit(iris)
    means = gm.means_.copy()
    gm.fit(iris)  # converged already: one more iteration from the same point
    assert gm.n_iter_ == 1
    assert_allclose(gm.means_, means, atol=1e-2)


def test_warm_start_refuses_a_different_number_of_features(iris):
    gm = GaussianMixture(2, warm_start=True, random_state=0).fit(iris)
    with pytest.raises(ValueError, match="X has 3 features, but the warm-started"):
        gm.fit(iris[:, :3])


def test_sample_from_a_float32_fit(iris):
    gm = GaussianMixture(3, covariance_type="diag", random_state=0)
    gm.fit(iris.astype(np.float32))
    X, y = gm.sample(1000)
    assert X.shape == (1000, 4) and np.bincount(y, minlength=3).sum() == 1000


def test_more_initialisations_never_give_a_worse_likelihood(wine):
    params = dict(n_components=4, init_params="random", random_state=0, tol=1e-6,
                  max_iter=1000)
    single = [
        GaussianMixture(**{**params, "random_state": seed}).fit(wine).lower_bound_
        for seed in range(3)
    ]
    best = GaussianMixture(n_init=5, **params).fit(wine).lower_bound_
    assert best >= GaussianMixture(**params).fit(wine).lower_bound_ - 1e-12
    assert best >= min(single) - 1e-12


def test_convergence_warning_and_flags(iris):
    gm = GaussianMixture(3, max_iter=1, tol=0, random_state=0)
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        gm.fit(iris)
    assert not gm.converged_ and gm.n_iter_ == 1
    gm = GaussianMixture(3, random_state=0).fit(iris)
    assert gm.converged_
    assert abs(gm.lower_bounds_[-1] - gm.lower_bounds_[-2]) < gm.tol


def test_max_iter_zero_returns_the_initialisation(iris):
    means_init = iris[[0, 50, 100]] + 0.5
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ConvergenceWarning for max_iter=0
        gm = GaussianMixture(3, means_init=means_init, max_iter=0, random_state=0)
        gm.fit(iris)
    assert_allclose(gm.means_, means_init)
    assert gm.n_iter_ == 0 and gm.lower_bound_ == -np.inf and gm.lower_bounds_ == []
    # With every initial parameter given, the model is exactly them.
    precisions = np.stack([np.eye(4) * 2] * 3)
    gm = GaussianMixture(
        3, weights_init=[0.5, 0.25, 0.25], means_init=means_init,
        precisions_init=precisions, max_iter=0,
    ).fit(iris)
    assert_allclose(gm.precisions_, precisions)
    assert_allclose(gm.covariances_, np.linalg.inv(precisions))
    assert_allclose(gm.weights_, [0.5, 0.25, 0.25])


def test_no_initial_responsibilities_when_every_parameter_is_given(iris, monkeypatch):
    """As scikit-learn (gh-26015): the init_params start is skipped entirely."""
    import sklearn_notes.mixture._gaussian_mixture as module

    def refuse(*args):
        raise AssertionError("init_params start should not run")

    monkeypatch.setitem(module._INITIALIZERS, "kmeans", refuse)
    gm = GaussianMixture(
        3, weights_init=[0.3, 0.3, 0.4], means_init=iris[[0, 60, 120]],
        precisions_init=np.stack([np.eye(4)] * 3),
    )
    gm.fit(iris)
    assert gm.converged_
    with pytest.raises(AssertionError, match="should not run"):
        gm.set_params(precisions_init=None).fit(iris)


def test_verbose_prints_like_sklearn(iris, capsys):
    params = dict(n_components=2, verbose=1, verbose_interval=1,
                  init_params="random", random_state=0)
    sklearn.mixture.GaussianMixture(**params).fit(iris)
    theirs = capsys.readouterr().out
    GaussianMixture(**params).fit(iris)
    assert capsys.readouterr().out == theirs
    GaussianMixture(**{**params, "verbose": 2}).fit(iris)
    out = capsys.readouterr().out
    assert "ll change" in out and "lower bound" in out


# -- degenerate data: a clear error, never NaN -------------------------------


# The k-means start warns that it finds 2 distinct points for 10 clusters.
@pytest.mark.filterwarnings("ignore:Number of distinct clusters")
@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_collapsed_components_raise_a_clear_error(covariance_type):
    """Two clusters of zero spread and reg_covar=0 (scikit-learn's own test)."""
    X = np.vstack((np.ones((5, 5)), np.zeros((5, 5))))
    gm = GaussianMixture(
        10, reg_covar=0, covariance_type=covariance_type, random_state=0
    )
    message = re.escape(
        "Fitting the mixture model failed because some components have"
        " ill-defined empirical covariance (for instance caused by "
        "singleton or collapsed samples). Try to decrease the number "
        "of components, increase reg_covar, or scale the input data."
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        with pytest.raises(ValueError, match=message):
            gm.fit(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm.set_params(reg_covar=1e-6).fit(X)
    for name in FITTED:
        assert np.isfinite(getattr(gm, name)).all(), name
    assert np.isfinite(gm.score_samples(X)).all()


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_singleton_start_without_regularisation(iris, covariance_type):
    """random_from_data starts each component on one point; reg_covar=0.

    A full covariance of one point is singular: the clear error.  Pooled
    ("tied") or per-feature variances of ``x - x / (1 + 10 eps)`` stay
    positive, so those fits go on, finite, as scikit-learn's do.
    """
    params = dict(n_components=3, covariance_type=covariance_type, reg_covar=0,
                  init_params="random_from_data", random_state=0)
    if covariance_type == "full":
        with pytest.raises(ValueError, match="ill-defined empirical covariance"):
            GaussianMixture(**params).fit(iris)
        with pytest.raises(ValueError, match="ill-defined empirical covariance"):
            sklearn.mixture.GaussianMixture(**params).fit(iris)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm = GaussianMixture(**params).fit(iris)
    for name in FITTED:
        assert np.isfinite(getattr(gm, name)).all(), name
    assert np.isfinite(gm.score_samples(iris)).all()


def test_float32_error_suggests_float64():
    X = np.vstack((np.ones((5, 3)), np.zeros((5, 3)))).astype(np.float32)
    with pytest.raises(ValueError, match="passing float64 data instead of float32"):
        GaussianMixture(2, reg_covar=0, random_state=0).fit(X)


def test_density_underflow_raises_instead_of_nan():
    """A point so far out that its density underflows under every component.

    scikit-learn's responsibilities become 0 / 0 = NaN here; ours stop with
    a clear error.
    """
    X = np.array([[0.0], [1.0], [2.0], [1e300]])
    gm = GaussianMixture(2, covariance_type="spherical", weights_init=[0.5, 0.5],
                         means_init=[[0.0], [2.0]], precisions_init=[1.0, 1.0])
    with pytest.raises(ValueError, match="log-likelihood of some samples is not"):
        gm.fit(X)
    gm = GaussianMixture(2, covariance_type="spherical", random_state=0).fit(X[:3])
    assert gm.score_samples(X)[-1] == -np.inf
    assert not np.isnan(gm.predict_proba(X)).any()


# -- bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    "X, message",
    [
        (np.array([[1.0, np.nan], [2.0, 3.0], [0.0, 1.0]]), "NaN"),
        (np.array([[1.0, np.inf], [2.0, 3.0], [0.0, 1.0]]), "infinity"),
        (np.empty((0, 3)), "0 sample"),
        (np.empty((5, 0)), "0 feature"),
        (np.array([[1.0, 2.0]]), "1 sample"),
        (np.array([1.0, 2.0, 3.0]), "Reshape your data"),
        (
            np.array([["a", "b"], ["c", "d"]], dtype=object),
            "could not convert|argument must be",
        ),
        (np.array([[1 + 2j, 1.0], [0.0, 1.0]]), "Complex data not supported"),
    ],
)
def test_bad_training_data(X, message):
    with pytest.raises(ValueError, match=message):
        GaussianMixture().fit(X)


def test_sparse_input_is_refused():
    with pytest.raises(TypeError, match="[Ss]parse"):
        GaussianMixture().fit(sparse.csr_matrix(np.eye(4)))


def test_more_components_than_samples(iris):
    with pytest.raises(ValueError, match="Expected n_samples >= n_components"):
        GaussianMixture(n_components=6).fit(iris[:5])


def test_wrong_number_of_features_after_fit(iris):
    gm = GaussianMixture(2, random_state=0).fit(iris)
    for method in ["predict", "predict_proba", "score_samples", "score", "bic", "aic"]:
        with pytest.raises(ValueError, match="X has 3 features"):
            getattr(gm, method)(iris[:, :3])


def test_unfitted():
    gm = GaussianMixture()
    for method in ["predict", "predict_proba", "score_samples", "score"]:
        with pytest.raises(NotFittedError):
            getattr(gm, method)(np.ones((2, 2)))
    with pytest.raises(NotFittedError):
        gm.sample()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"n_components": 0}, "n_components"),
        ({"covariance_type": "banana"}, "covariance_type"),
        ({"tol": -1}, "tol"),
        ({"reg_covar": -1e-6}, "reg_covar"),
        ({"max_iter": -1}, "max_iter"),
        ({"n_init": 0}, "n_init"),
        ({"init_params": "kmedoids"}, "init_params"),
        ({"verbose_interval": 0}, "verbose_interval"),
    ],
)
def test_bad_parameters(iris, params, message):
    with pytest.raises(ValueError, match=message):
        GaussianMixture(**params).fit(iris)


@pytest.mark.parametrize(
    "weights_init, message",
    [
        ([0.5, 0.5], "should have the shape of \\(3,\\)"),
        ([[0.2, 0.3, 0.5]], "should have the shape of \\(3,\\)"),
        ([-0.2, 0.7, 0.5], "should be in the range \\[0, 1\\]"),
        ([0.2, 0.2, 0.2], "should be normalized"),
        ([np.nan, 0.5, 0.5], "NaN"),
    ],
)
def test_malformed_weights_init(iris, weights_init, message):
    with pytest.raises(ValueError, match=message):
        GaussianMixture(3, weights_init=weights_init).fit(iris)


@pytest.mark.parametrize(
    "means_init, message",
    [
        (np.zeros((2, 4)), "'means' should have the shape of \\(3, 4\\)"),
        (np.zeros((3, 3)), "'means' should have the shape of \\(3, 4\\)"),
        (np.full((3, 4), np.nan), "NaN"),
    ],
)
def test_malformed_means_init(iris, means_init, message):
    with pytest.raises(ValueError, match=message):
        GaussianMixture(3, means_init=means_init).fit(iris)


@pytest.mark.parametrize(
    "covariance_type, precisions_init, message",
    [
        ("full", np.stack([np.eye(4)] * 2), "should have the shape of \\(3, 4, 4\\)"),
        (
            "full",
            np.stack([np.eye(4), np.eye(4), -np.eye(4)]),
            "symmetric, positive-definite",
        ),
        ("full", np.stack([np.eye(4), np.eye(4), np.triu(np.ones((4, 4)))]),
         "symmetric, positive-definite"),
        ("tied", np.eye(3), "should have the shape of \\(4, 4\\)"),
        ("tied", np.diag([1.0, 1.0, 0.0, 1.0]), "symmetric, positive-definite"),
        ("diag", np.ones((3, 3)), "should have the shape of \\(3, 4\\)"),
        (
            "diag",
            np.array([[1.0] * 4, [1.0] * 4, [1.0, 0.0, 1.0, 1.0]]),
            "should be positive",
        ),
        ("spherical", np.ones(2), "should have the shape of \\(3,\\)"),
        ("spherical", np.array([1.0, -1.0, 1.0]), "should be positive"),
        ("spherical", np.array([1.0, np.inf, 1.0]), "infinity"),
    ],
)
def test_malformed_precisions_init(iris, covariance_type, precisions_init, message):
    gm = GaussianMixture(
        3, covariance_type=covariance_type, precisions_init=precisions_init
    )
    with pytest.raises(ValueError, match=message):
        gm.fit(iris)


def test_callers_arrays_and_parameters_are_untouched(iris):
    X = iris.copy()
    weights_init = [0.2, 0.3, 0.5]
    means_init = iris[[0, 60, 120]].copy()
    precisions_init = np.stack([np.eye(4)] * 3)
    copies = [X.copy(), means_init.copy(), precisions_init.copy()]
    gm = GaussianMixture(3, weights_init=weights_init, means_init=means_init,
                         precisions_init=precisions_init)
    gm.fit(X)
    gm.predict(X)
    gm.score_samples(X)
    for original, copy in zip([X, means_init, precisions_init], copies):
        assert_array_equal(original, copy)
    # fit stores validated copies elsewhere: the parameters stay the objects given.
    assert gm.weights_init is weights_init
    assert gm.means_init is means_init
    assert gm.precisions_init is precisions_init
    # Even a max_iter=0 fit, whose means_ are the initial means, owns them.
    gm.set_params(max_iter=0).fit(X)
    gm.means_[0, 0] = 1e9
    gm.weights_[0] = 0.9
    assert means_init[0, 0] != 1e9 and weights_init[0] == 0.2


def test_feature_names_are_recorded(iris):
    import pandas as pd

    frame = pd.DataFrame(iris, columns=["a", "b", "c", "d"])
    gm = GaussianMixture(2, random_state=0).fit(frame)
    assert_array_equal(gm.feature_names_in_, ["a", "b", "c", "d"])
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        assert_allclose(gm.score_samples(frame), gm.score_samples(iris))


def test_integer_and_list_input(iris):
    X_int = np.round(iris * 10).astype(np.int64)
    gm = GaussianMixture(2, random_state=0).fit(X_int)
    assert gm.means_.dtype == np.float64
    assert_allclose(
        gm.score_samples(X_int.tolist()), gm.score_samples(X_int.astype(float))
    )
