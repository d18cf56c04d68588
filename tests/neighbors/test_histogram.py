"""HistogramDensity (eq. 3.8) against numpy.histogram / histogramdd."""

import numpy as np
import pytest
from sklearn.datasets import load_iris, load_wine

from sklearn_notes.neighbors import HistogramDensity


def _bin_centres(edges):
    return 0.5 * (edges[:-1] + edges[1:])


@pytest.mark.parametrize("bins", [1, 7, "auto", "fd", "sturges", "sqrt", "doane",
                                  "scott", "rice", "stone"])
def test_1d_matches_numpy_histogram(bins):
    x = load_iris().data[:, 2]
    hist = HistogramDensity(bins=bins).fit(x[:, None])
    density, edges = np.histogram(x, bins=bins, density=True)
    np.testing.assert_allclose(hist.bin_edges_[0], edges, rtol=1e-15)
    np.testing.assert_allclose(hist.density_, density, rtol=1e-12)
    with np.errstate(divide="ignore"):
        expected = np.log(density)
    np.testing.assert_allclose(hist.score_samples(_bin_centres(edges)[:, None]),
                               expected, rtol=1e-12)


def test_eq_3_8_by_hand():
    """p_i = n_i / (N Delta_i) with bins [0, 1), [1, 3), [3, 4]."""
    x = np.array([0.2, 0.5, 0.9, 1.5, 3.9, 4.0])[:, None]
    hist = HistogramDensity(bins=[[0.0, 1.0, 3.0, 4.0]]).fit(x)
    np.testing.assert_allclose(hist.density_, [3 / 6, 1 / (6 * 2), 2 / 6])
    # the last edge belongs to the last bin, as in numpy
    np.testing.assert_allclose(np.exp(hist.score_samples([[4.0], [3.0], [-0.1]])),
                               [2 / 6, 2 / 6, 0.0])


@pytest.mark.parametrize("bins", [4, [3, 5, 2, 4],
                                  [3, "sturges", 2, np.linspace(0, 3, 5)]])
def test_nd_matches_histogramdd(bins, global_random_seed):
    X = load_iris().data
    rng = np.random.default_rng(global_random_seed)
    w = rng.uniform(0.1, 2.0, size=len(X))
    use_weights = not (isinstance(bins, list)
                       and any(isinstance(b, str) for b in bins))
    sample_weight = w if use_weights else None
    hist = HistogramDensity(bins=bins).fit(X, sample_weight=sample_weight)
    numpy_bins = [np.histogram_bin_edges(X[:, d], b) if isinstance(b, str) else b
                  for d, b in enumerate(bins)] if isinstance(bins, list) else bins
    density, edges = np.histogramdd(X, bins=numpy_bins, density=True,
                                    weights=sample_weight)
    for ours, theirs in zip(hist.bin_edges_, edges):
        np.testing.assert_allclose(ours, theirs, rtol=1e-15)
    np.testing.assert_allclose(hist.density_, density, rtol=1e-12)
    # every point in the data: its bin's density
    index = tuple(np.clip(np.searchsorted(e, X[:, d], side="right") - 1, 0, len(e) - 2)
                  for d, e in enumerate(edges))
    np.testing.assert_allclose(np.exp(hist.score_samples(X)), density[index],
                               rtol=1e-12)


def test_integrates_to_one_on_a_grid(global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    X = rng.normal(size=(300, 2)) * [1.0, 2.0]
    w = rng.uniform(0, 3, size=300)
    hist = HistogramDensity(bins=[6, 9]).fit(X, sample_weight=w)
    # midpoint rule on a grid 10x finer than the bins, aligned with them
    axes = []
    for e in hist.bin_edges_:
        pieces = [np.linspace(a, b, 11)[:-1] for a, b in zip(e[:-1], e[1:])]
        fine = np.concatenate(pieces + [e[-1:]])
        axes.append(fine)
    centres = [_bin_centres(a) for a in axes]
    cell = np.outer(np.diff(axes[0]), np.diff(axes[1]))
    grid = np.stack(np.meshgrid(*centres, indexing="ij"), -1).reshape(-1, 2)
    density = np.exp(hist.score_samples(grid)).reshape(cell.shape)
    assert np.sum(density * cell) == pytest.approx(1.0, rel=1e-12)
    # and outside the bins the density is 0
    assert np.all(np.isneginf(hist.score_samples(X.min(axis=0, keepdims=True) - 1)))


def test_range_leaves_points_out_and_renormalises():
    x = np.array([-5.0, 0.1, 0.2, 0.7, 9.0])[:, None]
    hist = HistogramDensity(bins=2, range=[(0.0, 1.0)]).fit(x)
    density, _ = np.histogram(x, bins=2, range=(0.0, 1.0), density=True)
    np.testing.assert_allclose(hist.density_, density)
    assert np.isneginf(hist.score_samples([[-5.0]]))[0]
    with pytest.raises(ValueError, match="No training point"):
        HistogramDensity(bins=2, range=[(20.0, 30.0)]).fit(x)


def test_weights_are_repetitions_and_zero_weights_are_absent():
    X = load_wine().data[:, :3]
    counts = np.random.RandomState(0).randint(0, 3, size=len(X))
    counts[X[:, 0].argmax()] = 0  # a zero weight must not move the edges
    weighted = HistogramDensity(bins=5).fit(X, sample_weight=counts)
    repeated = HistogramDensity(bins=5).fit(np.repeat(X, counts, axis=0))
    for a, b in zip(weighted.bin_edges_, repeated.bin_edges_):
        np.testing.assert_allclose(a, b)
    np.testing.assert_allclose(weighted.density_, repeated.density_, rtol=1e-12)
    np.testing.assert_allclose(weighted.score_samples(X), repeated.score_samples(X),
                               rtol=1e-12)


def test_many_dimensions_store_occupied_bins_only():
    X = np.random.RandomState(0).normal(size=(200, 20))
    hist = HistogramDensity(bins=10).fit(X)  # 10**20 cells
    assert hist.density_ is None
    assert hist.occupied_bins_.shape[1] == 20
    assert hist.occupied_bins_.shape[0] <= 200
    volumes = np.ones(len(hist.occupied_bins_))
    for d, e in enumerate(hist.bin_edges_):
        volumes *= np.diff(e)[hist.occupied_bins_[:, d]]
    assert np.sum(hist.occupied_density_ * volumes) == pytest.approx(1.0, rel=1e-12)
    # each training point finds its bin: n_i / (N V_i) > 0
    assert np.all(np.isfinite(hist.score_samples(X)))


def test_sample(global_random_seed):
    X = load_iris().data[:, :2]
    hist = HistogramDensity(bins=[4, 3]).fit(X)
    S = hist.sample(20_000, random_state=global_random_seed)
    again = hist.sample(20_000, random_state=global_random_seed)
    np.testing.assert_array_equal(S, again)
    assert S.shape == (20_000, 2)
    # every sample lies in an occupied bin
    assert np.all(np.isfinite(hist.score_samples(S)))
    # the bin frequencies follow n_i / N (5 standard errors)
    counts, _ = np.histogramdd(S, bins=hist.bin_edges_)
    widths0, widths1 = (np.diff(e) for e in hist.bin_edges_)
    mass = hist.density_ * np.outer(widths0, widths1)
    frequency = counts / len(S)
    standard_error = np.sqrt(mass * (1 - mass) / len(S))
    assert np.all(np.abs(frequency - mass) <= 5 * standard_error + 1e-12)
    # uniform within a bin: the mean offset inside the bin is half its width
    first = hist.bin_edges_[0]
    inside = (S[:, 0] >= first[1]) & (S[:, 0] < first[2])
    offset = (S[inside, 0] - first[1]) / (first[2] - first[1])
    assert abs(offset.mean() - 0.5) < 5 * np.sqrt(1 / 12 / inside.sum())


@pytest.mark.parametrize("params, fit_kwargs, match", [
    ({"bins": 0}, {}, "bins"),
    ({"bins": [3, 3]}, {}, "one per feature"),
    ({"bins": "magic"}, {}, "bins"),
    ({"bins": [[0.0, 1.0, 0.5]]}, {}, "increasing"),
    ({"range": [(1.0, 0.0)]}, {}, "range"),
    ({"range": [(0.0, 1.0), (0.0, 1.0)]}, {}, "range"),
    ({"bins": "fd"}, {"sample_weight": np.ones(5)}, "sample_weight"),
    ({}, {"sample_weight": np.zeros(5)}, "non-zero"),
    ({}, {"sample_weight": -np.ones(5)}, "[Nn]egative"),
])
def test_bad_parameters(params, fit_kwargs, match):
    X = np.arange(5.0)[:, None]
    with pytest.raises(ValueError, match=match):
        HistogramDensity(**params).fit(X, **fit_kwargs)


@pytest.mark.parametrize("X, match", [
    (np.zeros((0, 2)), "0 sample"),
    (np.array([[0.0, np.nan]]), "NaN"),
    (np.array([[0.0, np.inf]]), "infinity"),
    (np.zeros(4), "2D array"),
])
def test_bad_X(X, match):
    with pytest.raises(ValueError, match=match):
        HistogramDensity().fit(X)


def test_wrong_n_features_and_arrays_untouched():
    X = np.random.RandomState(0).normal(size=(30, 2))
    w = np.random.RandomState(1).uniform(size=30)
    copies = X.copy(), w.copy()
    hist = HistogramDensity(bins=3).fit(X, sample_weight=w)
    hist.score_samples(X)
    hist.sample(3, random_state=0)
    np.testing.assert_array_equal(X, copies[0])
    np.testing.assert_array_equal(w, copies[1])
    with pytest.raises(ValueError, match="features"):
        hist.score_samples(np.zeros((2, 3)))
