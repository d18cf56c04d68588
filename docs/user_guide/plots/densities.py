"""Histogram, kernel and k-nearest-neighbour density estimates of one sample.

Drawn by ``matplotlib.sphinxext.plot_directive`` when the documentation is
built (``.. plot:: user_guide/plots/densities.py`` in
``docs/user_guide/density.rst``), after Bishop's figures 2.24-2.26.

200 points from a mixture of two Gaussians (the true density dashed).
Columns: :class:`~sklearn_notes.neighbors.HistogramDensity` (eq. 3.8),
:class:`~sklearn_notes.neighbors.KernelDensity` with a Gaussian kernel
(eq. 3.15, corrected) and the notes' hypercube window (eq. 3.12, side
sqrt(12) h, so that both kernels have variance h^2), and
:class:`~sklearn_notes.neighbors.KNeighborsDensity` (eq. 3.16).  Rows: the
smoothing parameter of each (bin width, bandwidth h, number of neighbours
K), from too small (top: high variance) to too large (bottom: high bias).
"""

import matplotlib

matplotlib.use("Agg")  # build-time rendering, no display

import matplotlib.pyplot as plt
import numpy as np

from sklearn_notes.neighbors import HistogramDensity, KernelDensity, KNeighborsDensity

WEIGHTS = np.array([0.3, 0.7])
MEANS = np.array([0.3, 0.7])
SCALES = np.array([0.06, 0.1])


def true_density(x):
    return sum(w * np.exp(-0.5 * ((x - m) / s) ** 2) / (s * np.sqrt(2 * np.pi))
               for w, m, s in zip(WEIGHTS, MEANS, SCALES))


def sample(n, seed=0):
    rng = np.random.default_rng(seed)
    component = rng.choice(2, size=n, p=WEIGHTS)
    return rng.normal(MEANS[component], SCALES[component])


def main():
    x = sample(200)
    X = x[:, None]
    grid = np.linspace(0.0, 1.0, 1001)
    G = grid[:, None]
    settings = [  # (number of bins, bandwidth h, K): small, medium, large
        (40, 0.01, 5),
        (15, 0.04, 30),
        (5, 0.15, 100),
    ]
    fig, axes = plt.subplots(3, 3, figsize=(11, 7.5), sharex=True,
                             layout="constrained")
    for row, (n_bins, h, k) in zip(axes, settings):
        hist = HistogramDensity(bins=n_bins, range=[(0.0, 1.0)]).fit(X)
        gaussian = KernelDensity(bandwidth=h).fit(X)
        # the cube of side sqrt(12) h has the Gaussian's variance h^2
        side = round(np.sqrt(12) * h, 3)
        cube = KernelDensity(bandwidth=side, kernel="hypercube").fit(X)
        knn = KNeighborsDensity(n_neighbors=k).fit(X)
        panels = [
            (f"histogram, {n_bins} bins", [(hist, "C0", None)]),
            (f"kernel, h = {h}", [(cube, "C2", f"hypercube, side {side}"),
                                  (gaussian, "C1", "Gaussian")]),
            (f"k-NN, K = {k}", [(knn, "C3", None)]),
        ]
        for ax, (title, models) in zip(row, panels):
            ax.plot(grid, true_density(grid), "k--", linewidth=1, label="true p(x)")
            for model, colour, label in models:
                ax.plot(grid, np.exp(model.score_samples(G)), color=colour,
                        linewidth=1.3, label=label)
            ax.plot(x, np.full_like(x, -0.15), "|", color="0.4", markersize=5)
            ax.set_title(title, fontsize=10)
            ax.set_ylim(-0.3, 6.0)
    axes[0, 1].legend(fontsize=8, loc="upper left")
    axes[0, 0].legend(fontsize=8, loc="upper left")
    for ax in axes[-1]:
        ax.set_xlabel("x")
    return fig


if __name__ == "__main__":
    main()
