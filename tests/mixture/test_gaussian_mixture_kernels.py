"""The Gaussian mixture kernels and drivers against naive NumPy/SciPy references."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy import stats
from scipy.special import logsumexp

from sklearn_notes.mixture._gaussian_mixture import (
    _compute_precision_cholesky,
    _compute_precision_cholesky_from_precisions,
    _estimate_gaussian_parameters,
    _estimate_weighted_log_prob,
    _precisions_from_cholesky,
    _responsibilities,
    _scatter_matrices,
)
from sklearn_notes.mixture._gaussian_mixture_kernels import (
    _diag_log_prob,
    _diag_weighted_squares,
    _log_normalize_rows,
    _normalize_densities,
    _projected_log_prob,
    _shift_rows_by_max,
    _spherical_log_prob,
    _weighted_deviations,
)

DTYPES = [np.float32, np.float64]
RTOL = {np.float32: 1e-4, np.float64: 1e-10}
COVARIANCE_TYPES = ["full", "tied", "diag", "spherical"]


def _random_spd(rng, n_features):
    A = rng.normal(size=(n_features, n_features))
    return A @ A.T + n_features * np.eye(n_features)


def _random_mixture(rng, covariance_type, n_components=3, n_features=4):
    """Weights, means and covariances of a random mixture (float64)."""
    weights = rng.dirichlet(np.ones(n_components))
    means = rng.normal(scale=3, size=(n_components, n_features))
    covariances = {
        "full": np.stack([_random_spd(rng, n_features) for _ in range(n_components)]),
        "tied": _random_spd(rng, n_features),
        "diag": rng.uniform(0.5, 3, size=(n_components, n_features)),
        "spherical": rng.uniform(0.5, 3, size=n_components),
    }[covariance_type]
    return weights, means, covariances


def _dense_covariance(covariances, covariance_type, k, n_features):
    if covariance_type == "full":
        return covariances[k]
    if covariance_type == "tied":
        return covariances
    if covariance_type == "diag":
        return np.diag(covariances[k])
    return covariances[k] * np.eye(n_features)


def _naive_weighted_log_prob(X, weights, means, covariances, covariance_type):
    n_features = X.shape[1]
    return np.column_stack(
        [
            np.log(weights[k])
            + stats.multivariate_normal(
                means[k], _dense_covariance(covariances, covariance_type, k, n_features)
            ).logpdf(X)
            for k in range(len(weights))
        ]
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_weighted_log_prob_matches_scipy(covariance_type, dtype, global_random_seed):
    """log pi_k + log N(x | mu_k, Sigma_k) (eq. 3.18, numerator of 3.19)."""
    rng = np.random.default_rng(global_random_seed)
    weights, means, covariances = _random_mixture(rng, covariance_type)
    # Large offset: the shift inside the full/tied driver must keep accuracy.
    X = rng.normal(size=(300, 4)) * 2 + means[0] + 100.0
    means = means + 100.0
    precisions_chol = _compute_precision_cholesky(covariances, covariance_type)
    X, weights, means = (a.astype(dtype) for a in (X, weights, means))
    # The reference sees the same (rounded) inputs, in float64.
    expected = _naive_weighted_log_prob(
        X.astype(np.float64),
        weights.astype(np.float64),
        means.astype(np.float64),
        covariances,
        covariance_type,
    )
    got = _estimate_weighted_log_prob(
        X, weights, means, precisions_chol.astype(dtype), covariance_type
    )
    assert got.dtype == dtype
    assert_allclose(got, expected, rtol=1e-5 if dtype == np.float32 else 1e-12)


@pytest.mark.parametrize("covariance_type", ["full", "tied"])
def test_weighted_log_prob_by_small_blocks(covariance_type, monkeypatch):
    """The row blocks of the projection cover every row exactly once."""
    import sklearn_notes.mixture._gaussian_mixture as gm

    rng = np.random.default_rng(0)
    weights, means, covariances = _random_mixture(rng, covariance_type)
    X = rng.normal(size=(103, 4))
    chol = _compute_precision_cholesky(covariances, covariance_type)
    whole = _estimate_weighted_log_prob(X, weights, means, chol, covariance_type)
    monkeypatch.setattr(gm, "_PROJECTION_BLOCK_ELEMENTS", 12 * 10)  # 10 rows
    monkeypatch.setattr(gm, "_MIN_BLOCK_ROWS", 1)
    blocked = _estimate_weighted_log_prob(X, weights, means, chol, covariance_type)
    assert_allclose(blocked, whole, rtol=1e-13)
    expected = _naive_weighted_log_prob(X, weights, means, covariances, covariance_type)
    assert_allclose(blocked, expected, rtol=1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("stride", ["full", "tied"])
def test_projected_log_prob_kernel(stride, dtype, global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    n_rows, n_components, n_features = 50, 3, 4
    n_columns = n_components * n_features if stride == "full" else n_features
    projected = rng.normal(size=(n_rows, n_columns)).astype(dtype)
    projected_means = rng.normal(size=(n_components, n_features)).astype(dtype)
    log_norm = rng.normal(size=n_components)
    out = np.empty((n_rows, n_components), dtype=dtype)
    component_stride = n_features if stride == "full" else 0
    _projected_log_prob(projected, projected_means, log_norm, component_stride, out)
    expected = np.empty((n_rows, n_components))
    for k in range(n_components):
        block = projected[:, k * component_stride : k * component_stride + n_features]
        expected[:, k] = log_norm[k] - 0.5 * ((block - projected_means[k]) ** 2).sum(1)
    assert_allclose(out, expected, rtol=RTOL[dtype], atol=1e-5)


@pytest.mark.parametrize("dtype", DTYPES)
def test_diag_and_spherical_kernels(dtype, global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    X = rng.normal(size=(60, 5)).astype(dtype)
    means = rng.normal(size=(3, 5)).astype(dtype)
    precisions = rng.uniform(0.5, 2, size=(3, 5)).astype(dtype)
    log_norm = rng.normal(size=3)
    squared = (X[:, None, :] - means[None]) ** 2
    out = np.empty((60, 3), dtype=dtype)
    _diag_log_prob(X, means, precisions, log_norm, out)
    expected = log_norm - 0.5 * (squared * precisions).sum(-1)
    assert_allclose(out, expected, rtol=RTOL[dtype])
    _spherical_log_prob(X, means, precisions[:, 0].copy(), log_norm, out)
    assert_allclose(
        out, log_norm - 0.5 * squared.sum(-1) * precisions[:, 0], rtol=RTOL[dtype]
    )


@pytest.mark.parametrize("dtype", DTYPES)
def test_log_normalize_rows(dtype, global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    # Log-probabilities far below exp's range: the shift must save them.
    log_prob = (rng.normal(size=(40, 4)) * 30 - 900).astype(dtype)
    expected_norm = logsumexp(log_prob.astype(np.float64), axis=1)
    expected_resp = log_prob - expected_norm[:, None]
    norm = np.empty(40, dtype=dtype)
    work = log_prob.copy()
    mean = _log_normalize_rows(work, norm)
    assert_allclose(norm, expected_norm, rtol=RTOL[dtype])
    # float32: log resp of ~-100 carry ~1e-5 absolute rounding.
    atol = 1e-3 if dtype == np.float32 else 1e-9
    assert_allclose(work, expected_resp, rtol=RTOL[dtype], atol=atol)
    assert mean == pytest.approx(expected_norm.mean(), rel=RTOL[dtype])


def test_log_normalize_rows_zero_density_row_gives_no_nan():
    log_prob = np.array([[0.0, -1.0], [-np.inf, -np.inf]])
    norm = np.empty(2)
    _log_normalize_rows(log_prob, norm)
    assert norm[1] == -np.inf
    assert not np.isnan(log_prob).any()
    assert_allclose(np.exp(log_prob[0]).sum(), 1.0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_shift_rows_by_max_and_normalize_densities(dtype, global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    log_prob = (rng.normal(size=(30, 4)) * 20 - 500).astype(dtype)
    shifted = log_prob.copy()
    row_max = np.full(30, np.nan)
    _shift_rows_by_max(shifted, row_max)
    assert_allclose(row_max, log_prob.max(axis=1))
    assert_allclose(shifted, log_prob - log_prob.max(axis=1)[:, None], rtol=RTOL[dtype])
    density = np.exp(shifted)
    component_weight = np.full(4, np.nan)
    mean = _normalize_densities(density, row_max, component_weight)
    reference = log_prob.astype(np.float64)
    expected = np.exp(reference - logsumexp(reference, axis=1)[:, None])
    assert_allclose(density, expected, rtol=RTOL[dtype], atol=1e-6)
    assert_allclose(component_weight, expected.sum(axis=0), rtol=RTOL[dtype])
    assert mean == pytest.approx(logsumexp(reference, axis=1).mean(), rel=RTOL[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
def test_responsibilities(dtype, global_random_seed):
    """gamma (eq. 3.19) as a softmax of the weighted log-probabilities; N_k (3.20)."""
    rng = np.random.default_rng(global_random_seed)
    # Log densities far below exp's range: the shift must save them.
    log_prob = (rng.normal(size=(80, 5)) * 20 - 900).astype(dtype)
    reference = log_prob.astype(np.float64)
    expected_resp = np.exp(reference - logsumexp(reference, axis=1)[:, None])
    resp = log_prob.copy()
    component_weight, mean = _responsibilities(resp)
    assert resp.dtype == dtype
    assert_allclose(resp, expected_resp, rtol=RTOL[dtype], atol=1e-6)
    assert_allclose(resp.sum(axis=1), 1.0, rtol=RTOL[dtype])
    assert_allclose(component_weight, expected_resp.sum(axis=0), rtol=RTOL[dtype])
    assert mean == pytest.approx(logsumexp(reference, axis=1).mean(), rel=RTOL[dtype])


def test_responsibilities_zero_density_row():
    resp = np.array([[-1.0, -2.0], [-np.inf, -np.inf]])
    component_weight, mean = _responsibilities(resp)
    assert mean == -np.inf
    assert_array_equal(resp[1], [0.0, 0.0])
    assert_allclose(component_weight, resp[0])
    assert not np.isnan(resp).any()


@pytest.mark.parametrize("dtype", DTYPES)
def test_weighted_deviations_kernel(dtype, global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    X = rng.normal(size=(30, 3)).astype(dtype)
    resp = rng.dirichlet(np.ones(2), size=30).astype(dtype)
    means = rng.normal(size=(2, 3)).astype(dtype)
    out = np.full((2, 16, 3), -7.0, dtype=dtype)
    _weighted_deviations(X, resp, means, 10, 12, out)
    for k in range(2):
        expected = np.sqrt(resp[10:22, k])[:, None] * (X[10:22] - means[k])
        assert_allclose(out[k, :12], expected, rtol=RTOL[dtype])
    assert (out[:, 12:] == -7.0).all()  # beyond n_rows: untouched


@pytest.mark.parametrize("dtype", DTYPES)
def test_diag_weighted_squares_kernel(dtype, global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    X = rng.normal(size=(40, 3)).astype(dtype)
    resp = rng.dirichlet(np.ones(4), size=40).astype(dtype)
    means = rng.normal(size=(4, 3)).astype(dtype)
    out = np.full((4, 3), np.nan)
    _diag_weighted_squares(X, resp, means, out)
    expected = np.einsum("nk,nkj->kj", resp, (X[:, None, :] - means[None]) ** 2)
    assert_allclose(out, expected, rtol=RTOL[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("pooled", [False, True])
def test_scatter_matrices(pooled, dtype, global_random_seed, monkeypatch):
    """Numerator of eq. (3.23); blocks smaller than n exercise the accumulation."""
    import sklearn_notes.mixture._gaussian_mixture as gm

    monkeypatch.setattr(gm, "_SCATTER_BLOCK_ELEMENTS", 3 * 4 * 7)  # 7 rows per block
    monkeypatch.setattr(gm, "_MIN_BLOCK_ROWS", 1)
    rng = np.random.default_rng(global_random_seed)
    X = (rng.normal(size=(50, 4)) + 5).astype(dtype)
    resp = rng.dirichlet(np.ones(3), size=50).astype(dtype)
    means = rng.normal(size=(3, 4)).astype(dtype)
    expected = np.stack(
        [
            (resp[:, k, None] * (X - means[k])).T @ (X - means[k]).astype(np.float64)
            for k in range(3)
        ]
    )
    if pooled:
        expected = expected.sum(axis=0)
    got = _scatter_matrices(X, resp, means, pooled=pooled)
    assert got.dtype == dtype
    assert_allclose(got, expected, rtol=RTOL[dtype] * 10)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_m_step_matches_equations(covariance_type, dtype, global_random_seed):
    """N_k (3.20), mu_k (3.21) and Sigma_k (3.23) + reg_covar, from their formulas."""
    rng = np.random.default_rng(global_random_seed)
    X = rng.normal(size=(60, 3)).astype(dtype)
    resp = rng.dirichlet(np.ones(4), size=60).astype(dtype)
    reg = 1e-3
    nk, means, covariances = _estimate_gaussian_parameters(
        X, resp, resp.sum(axis=0, dtype=np.float64), reg, covariance_type
    )
    r = resp.astype(np.float64)
    x = X.astype(np.float64)
    expected_nk = r.sum(axis=0)
    expected_means = r.T @ x / expected_nk[:, None]
    full = np.stack(
        [
            (r[:, k, None] * (x - expected_means[k])).T @ (x - expected_means[k])
            / expected_nk[k]
            for k in range(4)
        ]
    )
    expected = {
        "full": full + reg * np.eye(3),
        "tied": (full * expected_nk[:, None, None]).sum(0) / 60 + reg * np.eye(3),
        "diag": np.diagonal(full, axis1=1, axis2=2) + reg,
        "spherical": np.diagonal(full, axis1=1, axis2=2).mean(1) + reg,
    }[covariance_type]
    assert means.dtype == dtype and covariances.dtype == dtype
    assert_allclose(nk, expected_nk, rtol=RTOL[dtype])
    assert_allclose(means, expected_means, rtol=RTOL[dtype] * 10, atol=1e-6)
    assert_allclose(covariances, expected, rtol=RTOL[dtype] * 10, atol=1e-6)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
def test_precision_cholesky_round_trip(covariance_type, dtype, global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    _, _, covariances = _random_mixture(rng, covariance_type)
    covariances = covariances.astype(dtype)
    chol = _compute_precision_cholesky(covariances, covariance_type)
    precisions = _precisions_from_cholesky(chol, covariance_type)
    if covariance_type in ("full", "tied"):
        assert_allclose(precisions, np.linalg.inv(covariances), rtol=RTOL[dtype] * 10)
        # The factor is upper triangular with a positive diagonal.
        assert_allclose(np.tril(chol, -1), 0.0)
    else:
        assert_allclose(precisions, 1.0 / covariances, rtol=RTOL[dtype])
    again = _compute_precision_cholesky_from_precisions(precisions, covariance_type)
    assert_allclose(again, chol, rtol=RTOL[dtype] * 100, atol=1e-5)


@pytest.mark.parametrize("covariance_type", COVARIANCE_TYPES)
@pytest.mark.parametrize("bad", [0.0, -1.0, np.nan])
def test_precision_cholesky_refuses_ill_defined_covariance(covariance_type, bad):
    covariances = {
        "full": np.stack([np.eye(2), np.diag([1.0, bad])]),
        "tied": np.diag([1.0, bad]),
        "diag": np.array([[1.0, 1.0], [1.0, bad]]),
        "spherical": np.array([1.0, bad]),
    }[covariance_type]
    with pytest.raises(ValueError, match="ill-defined empirical covariance"):
        _compute_precision_cholesky(covariances, covariance_type)
    with pytest.raises(ValueError, match="passing float64"):
        _compute_precision_cholesky(covariances.astype(np.float32), covariance_type)
