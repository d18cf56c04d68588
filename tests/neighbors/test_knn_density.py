"""KNeighborsDensity (notes eq. 3.16) against a naive NumPy reference."""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.spatial.distance import cdist
from scipy.special import gamma
from sklearn.datasets import load_iris

from sklearn_notes.neighbors import KNeighborsDensity


def _naive_log_density(X_train, X, k, metric, p=2.0):
    n, d = X_train.shape
    if metric == "euclidean":
        dist = cdist(X, X_train)
        volume = np.pi ** (d / 2) / gamma(d / 2 + 1)
    elif metric == "manhattan":
        dist = cdist(X, X_train, "cityblock")
        volume = 2.0**d / gamma(d + 1)
    elif metric == "chebyshev":
        dist = cdist(X, X_train, "chebyshev")
        volume = 2.0**d
    else:
        dist = cdist(X, X_train, "minkowski", p=p)
        volume = (2 * gamma(1 + 1 / p)) ** d / gamma(1 + d / p)
    r_k = np.sort(dist, axis=1)[:, k - 1]
    return np.log(k / (n * volume * r_k**d))


@pytest.mark.parametrize(
    "metric, p",
    [("euclidean", 2), ("manhattan", 2), ("chebyshev", 2), ("minkowski", 3)],
)
@pytest.mark.parametrize("k", [1, 4, 15])
def test_score_samples_vs_naive(metric, p, k, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X_train = rng.randn(300, 3)
    X = rng.randn(50, 3) * 2
    density = KNeighborsDensity(n_neighbors=k, metric=metric, p=p).fit(X_train)
    assert_allclose(
        density.score_samples(X),
        _naive_log_density(X_train, X, k, metric, p),
        rtol=1e-10,
    )
    assert density.score(X) == pytest.approx(density.score_samples(X).sum(), rel=1e-12)
    assert isinstance(density.score(X), float)


def test_unit_ball_volumes_by_monte_carlo():
    # the fraction of the cube [-1, 1]^D inside each unit ball
    rng = np.random.RandomState(0)
    U = rng.uniform(-1, 1, size=(400_000, 3))
    for metric, norm in [
        ("euclidean", np.linalg.norm(U, axis=1)),
        ("manhattan", np.abs(U).sum(1)),
        ("minkowski", (np.abs(U) ** 3).sum(1) ** (1 / 3)),
    ]:
        density = KNeighborsDensity(metric=metric, p=3).fit(U[:10])
        fraction = np.mean(norm <= 1)
        assert np.exp(density.log_unit_ball_volume_) == pytest.approx(
            8 * fraction, rel=1e-2
        )


def test_density_does_not_integrate_to_one():
    # 1-D: p(x) = K / (N 2 r_K(x)); far away r_K ~ |x|, so p ~ K / (2 N |x|)
    rng = np.random.RandomState(0)
    X_train = rng.randn(200, 1)
    k = 5
    density = KNeighborsDensity(n_neighbors=k).fit(X_train)

    def integral(half_width, n_points=2_000_001):
        grid = np.linspace(-half_width, half_width, n_points).reshape(-1, 1)
        values = np.exp(density.score_samples(grid))
        return np.trapezoid(values, grid.ravel())

    assert integral(100.0) > 1.0

    # right tail: r_K(x) = x - a with a the K-th largest point, so
    # int_100^b p = K / (2N) log((b - a) / (100 - a)), unbounded in b
    a = np.sort(X_train.ravel())[-k]
    for b in [1e4, 1e6]:
        grid = np.geomspace(100.0, b, 200_001)
        values = np.exp(density.score_samples(grid.reshape(-1, 1)))
        tail_integral = np.trapezoid(values, grid)
        expected = k / (2 * 200) * np.log((b - a) / (100.0 - a))
        assert tail_integral == pytest.approx(expected, rel=1e-6)
    tail = np.exp(density.score_samples([[1e6]]))[0]
    assert tail == pytest.approx(k / (2 * 200 * 1e6), rel=1e-3)


def test_duplicates_give_infinite_log_density():
    X = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [2.0, 0.5]])
    density = KNeighborsDensity(n_neighbors=2).fit(X)
    scores = density.score_samples([[0.0, 0.0], [0.5, 0.5]])
    assert scores[0] == np.inf
    assert np.isfinite(scores[1])


def test_weighted_minkowski_volume():
    rng = np.random.RandomState(0)
    X_train = rng.randn(100, 2)
    X = rng.randn(10, 2)
    w = np.array([4.0, 0.25])
    weighted = KNeighborsDensity(metric_params={"w": w}, p=2).fit(X_train)
    # the same as the unweighted density of the rescaled data, Jacobian included
    scaled = KNeighborsDensity(metric="euclidean").fit(X_train * np.sqrt(w))
    assert_allclose(
        weighted.score_samples(X),
        scaled.score_samples(X * np.sqrt(w)) + 0.5 * np.log(w).sum(),
        rtol=1e-12,
    )


def test_bad_input():
    X, _ = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="n_neighbors"):
        KNeighborsDensity(n_neighbors=0).fit(X)
    with pytest.raises(ValueError, match="n_neighbors <= n_samples_fit"):
        KNeighborsDensity(n_neighbors=151).fit(X).score_samples(X)
    with pytest.raises(ValueError, match="metric"):
        KNeighborsDensity(metric="hamming").fit(X)
    with pytest.raises(ValueError, match="0 sample"):
        KNeighborsDensity().fit(np.empty((0, 4)))
    density = KNeighborsDensity().fit(X)
    with pytest.raises(ValueError, match="features"):
        density.score_samples(X[:, :2])
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        density.score_samples(bad)
    X_copy = X.copy()
    density.score_samples(X)
    assert_array_equal(X, X_copy)
