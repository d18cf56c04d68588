"""Three non-parametric density estimates, and what their smoothing parameter does.

Notes 3.4.1-3.4.3.  Top row: 1-D samples from a mixture of two Gaussians
(the true density dashed), estimated by a histogram (bin count), a kernel
density estimate (bandwidth ``h``) and a k-nearest-neighbour density (``k``),
each at three settings: too rough, about right, too smooth.  The k-NN
density is not a density at all (its integral diverges: its tails decay like
``1/|x|``), which the figure shows.  Bottom row: a 2-D kernel density estimate
with three kernels at the Scott bandwidth.
"""

import matplotlib

matplotlib.use("Agg")  # drawn by the documentation build, no display

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import norm

from sklearn_notes.neighbors import HistogramDensity, KernelDensity, KNeighborsDensity


def sample_mixture(n, rng):
    first = rng.random(n) < 0.3
    return np.where(first, rng.normal(-2.0, 0.5, n), rng.normal(1.0, 1.0, n))


def true_density(x):
    return 0.3 * norm.pdf(x, -2.0, 0.5) + 0.7 * norm.pdf(x, 1.0, 1.0)


def draw(fig):
    rng = np.random.default_rng(0)
    x = sample_mixture(300, rng)[:, None]
    grid = np.linspace(-5, 5, 500)[:, None]
    axes = fig.subplots(2, 3)
    settings = [
        ("Histogram, bins", lambda v: HistogramDensity(bins=v), (5, 20, 80)),
        ("Gaussian KDE, h", lambda v: KernelDensity(bandwidth=v), (0.05, 0.3, 1.5)),
        ("k-NN density, k", lambda v: KNeighborsDensity(n_neighbors=v), (2, 30, 150)),
    ]
    for ax, (title, make, values) in zip(axes[0], settings):
        ax.plot(grid[:, 0], true_density(grid[:, 0]), "k--", lw=1, label="true")
        for value in values:
            density = np.exp(make(value).fit(x).score_samples(grid))
            ax.plot(grid[:, 0], density, lw=1.2, label=f"{value}")
        ax.plot(x[:, 0], np.full(len(x), -0.01), "|k", ms=4, alpha=0.3)
        ax.set(title=title, ylim=(-0.03, 0.7), xlim=(-5, 5))
        ax.legend(fontsize=7, loc="upper left")

    centers = np.array([[-1.5, -1.0], [1.5, 1.0], [1.5, -1.5]])
    X2 = np.vstack([rng.normal(c, 0.6, (100, 2)) for c in centers])
    gx, gy = np.meshgrid(np.linspace(-4, 4, 120), np.linspace(-4, 4, 120))
    grid2 = np.c_[gx.ravel(), gy.ravel()]
    for ax, kernel in zip(axes[1], ("gaussian", "epanechnikov", "tophat")):
        kde = KernelDensity(kernel=kernel, bandwidth="scott").fit(X2)
        density = np.exp(kde.score_samples(grid2)).reshape(gx.shape)
        ax.contourf(gx, gy, density, levels=12, cmap="Blues")
        ax.scatter(X2[:, 0], X2[:, 1], s=3, c="k", alpha=0.4)
        ax.set(title=f"2-D KDE, {kernel} kernel", xticks=(), yticks=())


if __name__ == "__main__":
    draw(plt.figure(figsize=(13, 8), layout="constrained"))
    plt.show()
