"""PCA against scikit-learn's twin, NumPy references and bad input."""

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import decomposition as sk_decomposition
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import NotFittedError

from sklearn_notes.decomposition import PCA
from sklearn_notes.decomposition._pca import (
    _centered_scatter,
    _column_sums_checked,
    _square_root_factor,
    _tsqr_r,
)

SOLVERS = ["auto", "full", "covariance_eigh", "arpack", "randomized"]
LOADERS = {
    "iris": load_iris,
    "wine": load_wine,
    "breast_cancer": load_breast_cancer,
    "digits": load_digits,
}
_DATA = {}


def _data(name):
    if name not in _DATA:
        _DATA[name] = LOADERS[name]().data
    return _DATA[name]


def _fit_both(X, **params):
    params.setdefault("random_state", 0)
    return PCA(**params).fit(X), sk_decomposition.PCA(**params).fit(X)


def _well_separated(explained_variance, n_kept):
    """Indices of components whose eigenvalue is isolated (a unique axis).

    An eigenvector is defined up to sign only when its eigenvalue is simple;
    the error of any solver is about eps * lambda_max / gap, so components
    with a relative gap below 1e-6 (repeated, e.g. zero, eigenvalues) are
    compared through their subspace only.
    """
    ev = np.asarray(explained_variance, dtype=np.float64)
    scale = ev.max()
    keep = []
    for j in range(n_kept):
        gaps = [abs(ev[j] - ev[i]) for i in range(len(ev)) if i != j]
        if not gaps or min(gaps) > 1e-6 * scale:
            keep.append(j)
    return keep


def _assert_same_model(ours, theirs, X):
    """Fitted attributes and projections equal to scikit-learn's."""
    assert ours.n_components_ == theirs.n_components_
    assert ours.n_samples_ == theirs.n_samples_
    assert ours.n_features_in_ == theirs.n_features_in_
    assert ours._fit_svd_solver == theirs._fit_svd_solver
    k = theirs.n_components_
    scale = theirs.explained_variance_.max() if k else 1.0
    assert_allclose(ours.mean_, theirs.mean_, rtol=1e-12, atol=1e-12 * np.abs(X).max())
    assert_allclose(
        ours.explained_variance_,
        theirs.explained_variance_,
        rtol=1e-9,
        atol=1e-12 * scale,
    )
    assert_allclose(
        ours.singular_values_,
        theirs.singular_values_,
        rtol=1e-9,
        atol=1e-6 * np.sqrt(scale * X.shape[0]),
    )
    assert_allclose(
        ours.explained_variance_ratio_,
        theirs.explained_variance_ratio_,
        rtol=1e-9,
        atol=1e-12,
    )
    assert_allclose(
        ours.noise_variance_, theirs.noise_variance_, rtol=1e-6, atol=1e-12 * scale
    )
    # Same sign convention: svd_flip makes sklearn's signs deterministic.
    unique = _well_separated(theirs.explained_variance_, k)
    assert_allclose(ours.components_[unique], theirs.components_[unique], atol=1e-7)
    X_ours, X_theirs = ours.transform(X), theirs.transform(X)
    span = np.abs(X - X.mean(axis=0)).max()
    assert_allclose(X_ours[:, unique], X_theirs[:, unique], atol=1e-7 * span)
    # The reconstruction depends on the kept subspace only.
    assert_allclose(
        ours.inverse_transform(X_ours),
        theirs.inverse_transform(X_theirs),
        atol=1e-7 * span,
    )


# ---------------------------------------------------------------------------
# Parity with scikit-learn on real data
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", list(LOADERS))
@pytest.mark.parametrize("svd_solver", SOLVERS)
@pytest.mark.parametrize("n_components", [None, 1, 2, 0.95, "mle"])
def test_matches_sklearn(dataset, svd_solver, n_components):
    X = _data(dataset)
    params = dict(n_components=n_components, svd_solver=svd_solver, random_state=0)
    try:
        theirs = sk_decomposition.PCA(**params).fit(X)
    except ValueError as error:
        # Combinations scikit-learn refuses ("mle" or a ratio with a
        # truncated solver): same error, same message.
        with pytest.raises(ValueError) as ours_error:
            PCA(**params).fit(X)
        assert str(ours_error.value) == str(error)
        return
    ours = PCA(**params).fit(X)
    _assert_same_model(ours, theirs, X)


@pytest.mark.parametrize("dataset", list(LOADERS))
@pytest.mark.parametrize("svd_solver", SOLVERS)
@pytest.mark.parametrize("n_components", [2, 0.8])
@pytest.mark.parametrize("whiten", [False, True])
def test_probabilistic_model_matches_sklearn(dataset, svd_solver, n_components, whiten):
    """score_samples, score, get_covariance, get_precision (PPCA)."""
    if svd_solver in ("arpack", "randomized") and n_components == 0.8:
        n_components = 3  # ratios need an exact solver
    X = _data(dataset)
    ours, theirs = _fit_both(
        X, n_components=n_components, svd_solver=svd_solver, whiten=whiten
    )
    cov = theirs.get_covariance()
    assert_allclose(
        ours.get_covariance(), cov, rtol=1e-7, atol=1e-9 * np.abs(cov).max()
    )
    precision = theirs.get_precision()
    assert_allclose(
        ours.get_precision(), precision, rtol=1e-7, atol=1e-9 * np.abs(precision).max()
    )
    # log det P amplifies round-off by cond(P) (huge for sklearn's whitened
    # covariance model): the tolerance follows the conditioning.
    rtol = max(1e-7, 10 * np.finfo(np.float64).eps * np.linalg.cond(precision))
    assert_allclose(ours.score_samples(X), theirs.score_samples(X), rtol=rtol)
    score = ours.score(X)
    assert isinstance(score, float)
    assert score == pytest.approx(theirs.score(X), rel=rtol)


@pytest.mark.parametrize("dataset", list(LOADERS))
@pytest.mark.parametrize("svd_solver", SOLVERS)
def test_whiten_matches_sklearn(dataset, svd_solver):
    X = _data(dataset)
    ours, theirs = _fit_both(X, n_components=2, svd_solver=svd_solver, whiten=True)
    Z = ours.transform(X)
    assert_allclose(Z, theirs.transform(X), atol=1e-7)
    # Whitened projections have unit variance (ddof=1) and no correlation.
    assert_allclose(np.cov(Z.T), np.eye(2), atol=1e-7)
    assert_allclose(ours.inverse_transform(Z), theirs.inverse_transform(Z), atol=1e-6)
    assert_allclose(ours.fit_transform(X), Z, atol=1e-7)


@pytest.mark.parametrize("svd_solver", ["full", "arpack", "randomized"])
@pytest.mark.parametrize("n_components", [2, 10])
def test_wide_data_matches_sklearn(svd_solver, n_components, global_random_seed):
    """Fewer samples than features: the solvers work on the data itself."""
    rng = np.random.default_rng(global_random_seed)
    X = rng.standard_normal((40, 120)) @ np.diag(np.linspace(3, 0.1, 120)) + 5.0
    ours, theirs = _fit_both(X, n_components=n_components, svd_solver=svd_solver)
    _assert_same_model(ours, theirs, X)


@pytest.mark.parametrize("shape", [(2000, 250), (150, 250)])
@pytest.mark.parametrize("n_components", [1, 5, 100])
@pytest.mark.parametrize("whiten", [False, True])
def test_many_features_covariance_eigh_matches_sklearn(
    shape, n_components, whiten, global_random_seed
):
    """More than 200 features: only the leading eigenpairs are computed."""
    rng = np.random.default_rng(global_random_seed)
    scales = np.geomspace(10.0, 0.01, shape[1])
    X = rng.standard_normal(shape) * scales + rng.uniform(-5, 5, shape[1])
    ours, theirs = _fit_both(
        X, n_components=n_components, svd_solver="covariance_eigh", whiten=whiten
    )
    _assert_same_model(ours, theirs, X)
    assert_allclose(
        ours.get_covariance(), theirs.get_covariance(), rtol=1e-7, atol=1e-9
    )
    assert_allclose(ours.score_samples(X), theirs.score_samples(X), rtol=1e-6)


@pytest.mark.parametrize("svd_solver", ["arpack", "randomized"])
@pytest.mark.parametrize("iterated_power", [0, 1, "auto"])
@pytest.mark.parametrize("power_iteration_normalizer", ["auto", "QR", "LU", "none"])
def test_truncated_solvers_reproduce_sklearn_draws(
    svd_solver, iterated_power, power_iteration_normalizer
):
    """Same random_state, same draws, same (approximate) answer as sklearn.

    On digits the spectrum decays slowly, so a randomized SVD without power
    iterations is visibly inexact: matching sklearn there means running its
    algorithm with its draws, not just computing the exact PCA.
    """
    X = _data("digits")
    params = dict(
        n_components=5,
        svd_solver=svd_solver,
        iterated_power=iterated_power,
        power_iteration_normalizer=power_iteration_normalizer,
        n_oversamples=2,
        random_state=3,
    )
    ours, theirs = _fit_both(X, **params)
    assert_allclose(ours.explained_variance_, theirs.explained_variance_, rtol=1e-8)
    assert_allclose(ours.components_, theirs.components_, atol=1e-7)
    assert_allclose(ours.noise_variance_, theirs.noise_variance_, rtol=1e-8)
    if svd_solver == "randomized" and iterated_power == 0:
        exact = PCA(n_components=5, svd_solver="full").fit(X)
        assert not np.allclose(
            ours.explained_variance_, exact.explained_variance_, rtol=1e-3
        )


@pytest.mark.parametrize("svd_solver", ["arpack", "covariance_eigh"])
@pytest.mark.parametrize("sparse_format", ["csr", "csc"])
def test_sparse_input_matches_sklearn_and_dense(svd_solver, sparse_format):
    rng = np.random.default_rng(0)
    dense = rng.random((300, 12)) * (rng.random((300, 12)) < 0.3)
    X = sp.csr_matrix(dense) if sparse_format == "csr" else sp.csc_matrix(dense)
    ours, theirs = _fit_both(X, n_components=3, svd_solver=svd_solver)
    assert_allclose(ours.explained_variance_, theirs.explained_variance_, rtol=1e-9)
    assert_allclose(ours.components_, theirs.components_, atol=1e-8)
    assert_allclose(ours.noise_variance_, theirs.noise_variance_, rtol=1e-8)
    assert_allclose(ours.transform(X), theirs.transform(X), atol=1e-8)
    assert_allclose(ours.fit_transform(X), theirs.transform(X), atol=1e-8)
    from_dense = PCA(n_components=3, svd_solver=svd_solver, random_state=0).fit(dense)
    assert_allclose(ours.components_, from_dense.components_, atol=1e-8)
    assert_allclose(ours.mean_, dense.mean(axis=0), rtol=1e-12)
    # The input stays sparse and untouched.
    assert sp.issparse(X)
    assert_array_equal(X.toarray(), dense)


def test_sparse_default_solver_is_arpack():
    X = sp.random(50, 8, density=0.5, random_state=0, format="csr")
    pca = PCA().fit(X)
    assert pca._fit_svd_solver == "arpack"
    assert pca.n_components_ == 7


@pytest.mark.parametrize("svd_solver", ["full", "randomized"])
def test_sparse_input_refused_like_sklearn(svd_solver):
    X = sp.random(30, 5, density=0.5, random_state=0, format="csr")
    with pytest.raises(TypeError) as theirs:
        sk_decomposition.PCA(svd_solver=svd_solver).fit(X)
    with pytest.raises(TypeError) as ours:
        PCA(svd_solver=svd_solver).fit(X)
    assert str(ours.value) == str(theirs.value)
    assert "TruncatedSVD" in str(ours.value)


# ---------------------------------------------------------------------------
# Against NumPy references
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("dataset", ["iris", "wine", "breast_cancer"])
@pytest.mark.parametrize("svd_solver", SOLVERS)
def test_against_numpy_eigendecomposition(dataset, svd_solver):
    X = _data(dataset)
    k = 2
    pca = PCA(n_components=k, svd_solver=svd_solver, random_state=0).fit(X)
    covariance = np.cov(X, rowvar=False)
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    eigenvalues, eigenvectors = eigenvalues[::-1], eigenvectors[:, ::-1]
    scale = eigenvalues[0]
    assert_allclose(pca.explained_variance_, eigenvalues[:k], rtol=1e-9)
    assert_allclose(
        pca.explained_variance_ratio_, eigenvalues[:k] / eigenvalues.sum(), rtol=1e-9
    )
    assert_allclose(
        pca.singular_values_, np.sqrt(eigenvalues[:k] * (X.shape[0] - 1)), rtol=1e-9
    )
    assert_allclose(
        pca.noise_variance_, eigenvalues[k:].mean(), rtol=1e-6, atol=1e-13 * scale
    )
    # Up to sign, the components are the eigenvectors; the sign is the one
    # that makes the largest absolute entry positive.
    for j in range(k):
        v = eigenvectors[:, j] * np.sign(
            eigenvectors[np.argmax(np.abs(eigenvectors[:, j])), j]
        )
        assert_allclose(pca.components_[j], v, atol=1e-8)
        assert pca.components_[j][np.argmax(np.abs(pca.components_[j]))] > 0
    assert_allclose(pca.mean_, X.mean(axis=0))
    assert_allclose(
        pca.transform(X), (X - X.mean(axis=0)) @ pca.components_.T, atol=1e-9
    )


@pytest.mark.parametrize("svd_solver", ["full", "covariance_eigh"])
def test_all_components_reconstruct_exactly(svd_solver):
    X = _data("wine")
    pca = PCA(svd_solver=svd_solver).fit(X)
    assert pca.n_components_ == X.shape[1]
    assert pca.noise_variance_ == 0.0
    assert_allclose(pca.explained_variance_ratio_.sum(), 1.0)
    assert_allclose(pca.inverse_transform(pca.transform(X)), X, rtol=1e-9, atol=1e-9)
    assert_allclose(
        pca.get_covariance(), np.cov(X, rowvar=False), rtol=1e-8, atol=1e-10
    )


def test_float_n_components_is_first_ratio_above_threshold():
    X = _data("iris")
    ratios = PCA().fit(X).explained_variance_ratio_
    for threshold in [0.5, 0.9, 0.95, 0.99]:
        pca = PCA(n_components=threshold).fit(X)
        expected = int(np.argmax(np.cumsum(ratios) > threshold)) + 1
        assert pca.n_components_ == expected
        assert pca.explained_variance_ratio_.sum() > threshold


def test_mle_finds_the_planted_dimension(global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    signal = rng.standard_normal((500, 3)) @ rng.standard_normal((3, 10)) * 5.0
    X = signal + 0.1 * rng.standard_normal((500, 10))
    assert PCA(n_components="mle").fit(X).n_components_ == 3


def test_n_components_zero_keeps_nothing():
    X = _data("iris")
    ours, theirs = _fit_both(X, n_components=0, svd_solver="full")
    assert ours.components_.shape == (0, 4)
    assert_allclose(ours.noise_variance_, theirs.noise_variance_)
    assert_allclose(ours.get_precision(), theirs.get_precision())
    assert ours.transform(X).shape == (150, 0)


# ---------------------------------------------------------------------------
# Numerical robustness of the fast routes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("offset", [0.0, 3.0, 1e6])
def test_centered_scatter_is_exact_for_large_means(dtype, offset, global_random_seed):
    """X^T X - n mu mu^T cancels for a large mean: re-centred instead."""
    rng = np.random.default_rng(global_random_seed)
    X = (rng.standard_normal((5000, 6)) + offset).astype(dtype)
    X[:, 2] = offset  # a constant column: zero variance exactly
    mean = X.astype(np.float64).mean(axis=0).astype(dtype)
    scatter = _centered_scatter(X, mean)
    assert scatter.dtype == dtype
    centred = X.astype(np.float64) - mean.astype(np.float64)
    reference = centred.T @ centred
    rtol = 1e-3 if dtype == np.float32 else 1e-10
    assert_allclose(scatter, reference, rtol=rtol, atol=rtol * np.abs(reference).max())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize(
    "shape, block_rows", [((5000, 7), 64), ((300, 40), 80), ((9, 4), 8)]
)
def test_tsqr_factor_matches_gram(dtype, shape, block_rows, global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    A = rng.standard_normal(shape).astype(dtype)
    shift = A.mean(axis=0)
    R = _tsqr_r(A, shift, block_rows)
    assert R.shape == (min(shape), shape[1])
    assert_array_equal(R, np.triu(R))
    centred = A.astype(np.float64) - shift
    rtol = 1e-4 if dtype == np.float32 else 1e-12
    assert_allclose(
        R.astype(np.float64).T @ R, centred.T @ centred, rtol=rtol, atol=rtol * shape[0]
    )
    # Same singular values as the centred data (R = Q^T (A - shift)).
    assert_allclose(
        np.linalg.svd(R, compute_uv=False),
        np.linalg.svd(centred, compute_uv=False),
        rtol=rtol,
        atol=rtol,
    )


def test_square_root_factor(global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    A = rng.standard_normal((50, 6))
    A[:, 5] = A[:, 0]  # rank deficient: a zero eigenvalue
    scatter = A.T @ A
    R = _square_root_factor(scatter)
    assert_allclose(R.T @ R, scatter, atol=1e-10)
    assert_allclose(
        np.linalg.svd(R, compute_uv=False),
        np.linalg.svd(A, compute_uv=False),
        atol=1e-7,
    )


@pytest.mark.parametrize("svd_solver", SOLVERS)
def test_large_mean_does_not_lose_digits(svd_solver, global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    X = rng.standard_normal((3000, 5)) * [3.0, 2.0, 1.0, 0.5, 0.25] + 1e7
    pca = PCA(n_components=3, svd_solver=svd_solver, random_state=0).fit(X)
    centred = X - X.mean(axis=0)
    eigenvalues = np.linalg.eigvalsh(centred.T @ centred / (X.shape[0] - 1))[::-1]
    assert_allclose(pca.explained_variance_, eigenvalues[:3], rtol=1e-7)


# ---------------------------------------------------------------------------
# float32
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("svd_solver", SOLVERS)
@pytest.mark.parametrize("whiten", [False, True])
def test_float32_preserved_and_close_to_sklearn(svd_solver, whiten):
    X = _data("wine").astype(np.float32)
    ours, theirs = _fit_both(X, n_components=3, svd_solver=svd_solver, whiten=whiten)
    for name in [
        "components_",
        "explained_variance_",
        "explained_variance_ratio_",
        "singular_values_",
        "mean_",
    ]:
        assert getattr(ours, name).dtype == np.float32, name
        assert getattr(ours, name).dtype == getattr(theirs, name).dtype, name
    Z = ours.transform(X)
    assert Z.dtype == np.float32
    assert ours.fit_transform(X).dtype == np.float32
    assert ours.inverse_transform(Z).dtype == np.float32
    scale = theirs.explained_variance_.max()
    assert_allclose(
        ours.explained_variance_,
        theirs.explained_variance_,
        rtol=1e-3,
        atol=1e-5 * scale,
    )
    assert_allclose(ours.components_, theirs.components_, atol=1e-3)
    # And close to the float64 fit.
    exact = PCA(n_components=3, svd_solver="full", whiten=whiten).fit(
        X.astype(np.float64)
    )
    assert_allclose(
        ours.explained_variance_,
        exact.explained_variance_,
        rtol=1e-3,
        atol=1e-5 * scale,
    )


# ---------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("svd_solver", SOLVERS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fortran_ordered_input_gives_the_same_model(svd_solver, dtype):
    X = _data("breast_cancer").astype(dtype)
    params = dict(n_components=3, svd_solver=svd_solver, random_state=0)
    from_c = PCA(**params).fit(X)
    from_f = PCA(**params).fit(np.asfortranarray(X))
    rtol = 1e-4 if dtype == np.float32 else 1e-10
    assert_allclose(from_f.explained_variance_, from_c.explained_variance_, rtol=rtol)
    assert_allclose(from_f.components_, from_c.components_, atol=rtol)


def test_fit_transform_equals_fit_then_transform():
    X = _data("breast_cancer")
    for svd_solver in SOLVERS:
        pca = PCA(n_components=4, svd_solver=svd_solver, random_state=0)
        Z = pca.fit_transform(X)
        assert_allclose(Z, pca.transform(X), atol=1e-9 * np.abs(Z).max())


def test_feature_names_out_and_pandas():
    import pandas as pd
    iris = load_iris(as_frame=True)
    pca = PCA(n_components=2).fit(iris.data)
    assert_array_equal(pca.feature_names_in_, iris.data.columns)
    assert_array_equal(pca.get_feature_names_out(), ["pca0", "pca1"])
    theirs = sk_decomposition.PCA(n_components=2).fit(iris.data)
    assert_array_equal(pca.get_feature_names_out(), theirs.get_feature_names_out())
    out = PCA(n_components=2).set_output(transform="pandas").fit_transform(iris.data)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["pca0", "pca1"]


def test_same_seed_same_result_and_auto_policy():
    X = _data("digits")
    a = PCA(n_components=5, svd_solver="randomized", random_state=7).fit(X)
    b = PCA(n_components=5, svd_solver="randomized", random_state=7).fit(X)
    assert_array_equal(a.components_, b.components_)
    rng = np.random.default_rng(0)
    for shape, n_components in [
        ((2000, 50), 5),
        ((600, 550), 10),
        ((600, 550), 500),
        ((300, 200), 10),
        ((600, 550), "mle"),
    ]:
        X = rng.standard_normal(shape)
        ours = PCA(n_components=n_components).fit(X)
        theirs = sk_decomposition.PCA(n_components=n_components).fit(X)
        assert ours._fit_svd_solver == theirs._fit_svd_solver


def test_not_fitted():
    with pytest.raises(NotFittedError):
        PCA().transform(_data("iris"))
    with pytest.raises(NotFittedError):
        PCA().get_covariance()


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("svd_solver", SOLVERS)
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_input_is_refused(svd_solver, bad):
    X = _data("iris").copy()
    X[7, 2] = bad
    word = "NaN" if np.isnan(bad) else "infinity"
    with pytest.raises(ValueError, match=word):
        PCA(n_components=2, svd_solver=svd_solver).fit(X)
    pca = PCA(n_components=2, svd_solver=svd_solver).fit(_data("iris"))
    with pytest.raises(ValueError, match=word):
        pca.transform(X)
    with pytest.raises(ValueError, match=word):
        pca.score_samples(X)


def test_overflowing_but_finite_input_is_not_called_infinite():
    """Column sums may overflow to inf on finite data: no false alarm."""
    X = np.full((4, 2), 1e308)
    with np.errstate(over="ignore"):
        sums = _column_sums_checked(X, "PCA")  # must not raise
    assert np.isinf(sums).all()
    X[1, 1] = np.inf
    with np.errstate(over="ignore"), pytest.raises(ValueError, match="infinity"):
        _column_sums_checked(X, "PCA")


@pytest.mark.parametrize(
    "X, error, match",
    [
        (np.empty((0, 3)), ValueError, "0 sample"),
        (np.empty((5, 0)), ValueError, "0 feature"),
        (np.ones((1, 3)), ValueError, "1 sample"),
        (np.arange(5.0), ValueError, "Reshape your data"),
        (
            np.array([["a", "b"], ["c", "d"], ["e", "f"]], dtype=object),
            ValueError,
            "convert",
        ),
        (np.array([[1 + 1j, 2], [3, 4], [5, 6]]), ValueError, "Complex"),
    ],
)
def test_bad_training_data(X, error, match):
    with pytest.raises(error, match=match):
        PCA().fit(X)


def test_wrong_number_of_features():
    pca = PCA(n_components=2).fit(_data("iris"))
    with pytest.raises(ValueError, match="X has 3 features, but PCA is expecting 4"):
        pca.transform(np.ones((2, 3)))
    with pytest.raises(ValueError, match="X has 3 features"):
        pca.score(np.ones((2, 3)))


@pytest.mark.parametrize("svd_solver", SOLVERS)
@pytest.mark.parametrize("n_components", [5, 100])
def test_too_many_components(svd_solver, n_components):
    X = _data("iris")
    with pytest.raises(ValueError) as theirs:
        sk_decomposition.PCA(n_components=n_components, svd_solver=svd_solver).fit(X)
    with pytest.raises(ValueError, match="must be between") as ours:
        PCA(n_components=n_components, svd_solver=svd_solver).fit(X)
    assert str(ours.value) == str(theirs.value)


def test_arpack_needs_fewer_components_than_min_dimension():
    with pytest.raises(ValueError, match="strictly less than"):
        PCA(n_components=4, svd_solver="arpack").fit(_data("iris"))


@pytest.mark.parametrize(
    "params",
    [
        {"n_components": -1},
        {"n_components": 1.5},
        {"svd_solver": "svd"},
        {"tol": -1.0},
        {"n_oversamples": 0},
        {"iterated_power": -1},
    ],
)
def test_invalid_parameters(params):
    with pytest.raises(ValueError, match="parameter of PCA must be"):
        PCA(**params).fit(_data("iris"))


# ---------------------------------------------------------------------------
# The caller's arrays
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("svd_solver", SOLVERS)
@pytest.mark.parametrize("copy", [True, False])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_caller_arrays_untouched(svd_solver, copy, dtype):
    X = _data("wine").astype(dtype)
    original = X.copy()
    pca = PCA(n_components=3, svd_solver=svd_solver, copy=copy, random_state=0)
    pca.fit(X)
    assert_array_equal(X, original)
    Z = pca.fit_transform(X)
    assert_array_equal(X, original)
    Z_copy = Z.copy()
    pca.transform(X)
    pca.inverse_transform(Z)
    pca.score_samples(X)
    assert_array_equal(X, original)
    assert_array_equal(Z, Z_copy)


@pytest.mark.parametrize("svd_solver", SOLVERS)
def test_read_only_input(svd_solver):
    X = _data("wine").copy()
    X.setflags(write=False)
    ours = PCA(n_components=3, svd_solver=svd_solver, copy=False, random_state=0).fit(X)
    theirs = sk_decomposition.PCA(
        n_components=3, svd_solver=svd_solver, random_state=0
    ).fit(X)
    assert_allclose(ours.explained_variance_, theirs.explained_variance_, rtol=1e-9)


def test_sklearn_overwrites_with_copy_false_but_we_do_not():
    """Documents the one intended difference of ``copy=False``.

    scikit-learn's "full" solver centres a writeable float64 X in place when
    ``copy=False``; ours never writes to it (it needs no centred copy).
    """
    X_sklearn = _data("iris").copy()
    sk_decomposition.PCA(svd_solver="full", copy=False).fit(X_sklearn)
    assert not np.allclose(X_sklearn, _data("iris"))
    assert_allclose(X_sklearn.mean(axis=0), 0.0, atol=1e-12)

    X_ours = _data("iris").copy()
    PCA(svd_solver="full", copy=False).fit(X_ours)
    assert_array_equal(X_ours, _data("iris"))


@pytest.mark.parametrize(
    "svd_solver", ["full", "covariance_eigh", "arpack", "randomized"]
)
def test_constant_data_explains_no_variance(svd_solver):
    """Every solver gives ratios 0 on constant data (scikit-learn: 0/0 = NaN,
    and ARPACK fails on the zero operator), orthonormal directions, and
    projects every row to the origin."""
    X = np.full((30, 4), 2.5)
    pca = PCA(n_components=2, svd_solver=svd_solver, random_state=0).fit(X)
    assert_array_equal(pca.explained_variance_, np.zeros(2))
    assert_array_equal(pca.explained_variance_ratio_, np.zeros(2))
    assert_allclose(pca.components_ @ pca.components_.T, np.eye(2), atol=1e-12)
    assert_allclose(pca.transform(X), np.zeros((30, 2)), atol=1e-12)
