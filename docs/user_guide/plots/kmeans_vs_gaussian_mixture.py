"""k-means partition against a full-covariance Gaussian mixture on 2-D data.

Drawn by ``matplotlib.sphinxext.plot_directive`` when the documentation is
built (``.. plot:: user_guide/plots/kmeans_vs_gaussian_mixture.py`` in
``docs/user_guide/clustering.rst``).  Two data sets, one row each:

* anisotropic blobs (three round blobs sheared by one linear map): every
  cluster is an elongated ellipse, which k-means' round Voronoi cells cut
  across;
* blobs of unequal variance: the cell boundary of k-means lies half-way
  between the centres, whereas the mixture moves it towards the tighter
  component.

Left column: k-means cells (background), centres (crosses).  Right column:
the mixture's most probable component (background), its means (dots) and the
ellipses at Mahalanobis distance 1 and 2 of each component.  The k-means cell
boundaries are dashed in both columns.  Points are coloured by the
blob that generated them; each cluster's colour is that of the blob it
matches best, so a point whose colour differs from its background is
misassigned.
"""

import matplotlib

matplotlib.use("Agg")  # build-time rendering, no display

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse
from scipy.optimize import linear_sum_assignment
from sklearn.datasets import make_blobs
from sklearn.metrics import adjusted_rand_score

from sklearn_notes.cluster import KMeans
from sklearn_notes.mixture import GaussianMixture

N_CLUSTERS = 3
POINT_COLOURS = ["#1f77b4", "#d62728", "#2ca02c"]
REGION_COLOURS = ["#c6dbef", "#fcbba1", "#c7e9c0"]


def make_datasets(random_state=170, n_samples=600):
    """The two data sets of the figure, as ``(title, X, y)``."""
    X, y = make_blobs(n_samples=n_samples, random_state=random_state)
    shear = np.array([[0.60834549, -0.63667341], [-0.40887718, 0.85253229]])
    X_unequal, y_unequal = make_blobs(
        n_samples=n_samples, cluster_std=[1.0, 2.5, 0.5],
        random_state=random_state)
    return [("Anisotropic blobs", X @ shear, y),
            ("Unequal variances", X_unequal, y_unequal)]


def match_to_truth(labels, y):
    """Permutation ``perm`` with ``perm[cluster]`` = the blob it matches best
    (maximal total overlap, Hungarian algorithm), so that colours agree."""
    overlap = np.zeros((N_CLUSTERS, N_CLUSTERS))
    np.add.at(overlap, (labels, y), 1)
    clusters, blobs = linear_sum_assignment(-overlap)
    perm = np.empty(N_CLUSTERS, dtype=int)
    perm[clusters] = blobs
    return perm


def draw_ellipses(ax, mean, covariance, colour):
    """Ellipses {x : (x - mean)^T covariance^-1 (x - mean) = r^2}, r = 1, 2.

    Their semi-axes are r sqrt(eigenvalues) along the eigenvectors.  In 2-D
    they hold 39 % and 86 % of the component's mass."""
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)
    angle = np.degrees(np.arctan2(eigenvectors[1, 1], eigenvectors[0, 1]))
    for radius, style in ((1.0, ":"), (2.0, "-")):
        width, height = 2 * radius * np.sqrt(eigenvalues[::-1])
        ax.add_patch(Ellipse(mean, width, height, angle=angle, fill=False,
                             edgecolor=colour, linewidth=2, linestyle=style))


def draw_regions(ax, grid_labels, xx, yy, perm):
    """Background: the region of each cluster, computed on a grid."""
    ax.pcolormesh(xx, yy, perm[grid_labels], cmap=ListedColormap(
        REGION_COLOURS), vmin=-0.5, vmax=N_CLUSTERS - 0.5, shading="auto",
        rasterized=True)


def draw_voronoi_boundaries(ax, centres, xx, yy):
    """The k-means cell boundaries, each drawn once: the bisector
    ``||x - c_i||^2 = ||x - c_j||^2`` where ``c_i`` and ``c_j`` are the two
    nearest centres."""
    grid = np.stack([xx, yy], axis=-1)
    squared = ((grid[..., None, :] - centres) ** 2).sum(axis=-1)
    nearest_two = np.argsort(squared, axis=-1)[..., :2]
    for i in range(N_CLUSTERS):
        for j in range(i + 1, N_CLUSTERS):
            shared = np.sort(nearest_two, axis=-1) == [i, j]
            difference = np.ma.masked_where(
                ~shared.all(axis=-1), squared[..., i] - squared[..., j])
            ax.contour(xx, yy, difference, levels=[0.0], colors="0.2",
                       linewidths=1.2, linestyles="--")


def plot_row(axes, title, X, y):
    kmeans = KMeans(n_clusters=N_CLUSTERS, n_init=10, random_state=0).fit(X)
    mixture = GaussianMixture(n_components=N_CLUSTERS, covariance_type="full",
                              random_state=0).fit(X)
    margin = 1.0
    xx, yy = np.meshgrid(
        np.linspace(X[:, 0].min() - margin, X[:, 0].max() + margin, 400),
        np.linspace(X[:, 1].min() - margin, X[:, 1].max() + margin, 400))
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    kmeans_grid = kmeans.predict(grid).reshape(xx.shape)
    mixture_grid = mixture.predict(grid).reshape(xx.shape)

    kmeans_perm = match_to_truth(kmeans.labels_, y)
    mixture_perm = match_to_truth(mixture.predict(X), y)
    point_colours = np.array(POINT_COLOURS)[y]

    ax = axes[0]
    draw_regions(ax, kmeans_grid, xx, yy, kmeans_perm)
    draw_voronoi_boundaries(ax, kmeans.cluster_centers_, xx, yy)
    ax.scatter(X[:, 0], X[:, 1], s=6, c=point_colours, linewidths=0)
    ax.scatter(*kmeans.cluster_centers_.T, marker="X", s=160, c="black",
               edgecolors="white", linewidths=1.5, zorder=3)
    ari = adjusted_rand_score(y, kmeans.labels_)
    ax.set_title(f"{title}: k-means (ARI {ari:.2f})", fontsize=10)

    ax = axes[1]
    draw_regions(ax, mixture_grid, xx, yy, mixture_perm)
    draw_voronoi_boundaries(ax, kmeans.cluster_centers_, xx, yy)
    ax.scatter(X[:, 0], X[:, 1], s=6, c=point_colours, linewidths=0)
    for component in range(N_CLUSTERS):
        colour = POINT_COLOURS[mixture_perm[component]]
        draw_ellipses(ax, mixture.means_[component],
                      mixture.covariances_[component], "black")
        ax.scatter(*mixture.means_[component], marker="o", s=70, c=colour,
                   edgecolors="black", linewidths=1.5, zorder=3)
    ari = adjusted_rand_score(y, mixture.predict(X))
    ax.set_title(f"{title}: Gaussian mixture, full (ARI {ari:.2f})",
                 fontsize=10)
    for ax in axes:
        ax.set_xlim(xx.min(), xx.max())
        ax.set_ylim(yy.min(), yy.max())
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])


def add_legend(ax):
    handles = [
        Line2D([], [], marker="X", color="black", markeredgecolor="white",
               markersize=10, linestyle="", label="k-means centre"),
        Line2D([], [], color="0.2", linestyle="--",
               label="k-means cell boundary"),
        Line2D([], [], marker="o", color="0.6", markeredgecolor="black",
               markersize=8, linestyle="", label="mixture mean"),
        Line2D([], [], color="black", linestyle=":", linewidth=2,
               label="Mahalanobis distance 1"),
        Line2D([], [], color="black", linewidth=2,
               label="Mahalanobis distance 2"),
    ]
    ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.9)


def main():
    datasets = make_datasets()
    fig, axes = plt.subplots(len(datasets), 2, figsize=(10, 9.5),
                             layout="constrained")
    for row, (title, X, y) in zip(axes, datasets):
        plot_row(row, title, X, y)
    add_legend(axes[0, 1])
    return fig


if __name__ == "__main__":
    main()
