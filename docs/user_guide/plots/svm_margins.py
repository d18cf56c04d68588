"""Soft and hard margins of a linear SVM on 2-D data, for C = 0.1, 1 and inf.

Drawn by ``matplotlib.sphinxext.plot_directive`` when the documentation is
built (``.. plot:: user_guide/plots/svm_margins.py`` in
``docs/user_guide/svm.rst``).  Two separable blobs; one panel per C.  Solid
line: the decision boundary ``f(x) = 0``; dashed: the margins ``f(x) = +-1``.
Marker edges show the support-vector categories of notes 4.5.2: lambda = 0
(no edge), 0 < lambda < C (on the margin, black ring), lambda = C (inside the
margin or misclassified, red ring).  Smaller C buys a wider margin with more
points inside it; C = inf is the hard margin of 4.5.1 (no point inside).
"""

import matplotlib

matplotlib.use("Agg")  # build-time rendering, no display

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_blobs

from sklearn_notes.svm import SVC

VALUES_OF_C = (0.1, 1.0, np.inf)


def make_data():
    X, y = make_blobs(n_samples=80, centers=2, cluster_std=1.7, random_state=6)
    return X, y


def plot_panel(ax, X, y, C):
    model = SVC(kernel="linear", C=C, solver="qp").fit(X, y)
    x_min, y_min = X.min(axis=0) - 1
    x_max, y_max = X.max(axis=0) + 1
    grid_x, grid_y = np.meshgrid(
        np.linspace(x_min, x_max, 200), np.linspace(y_min, y_max, 200)
    )
    f = model.decision_function(np.c_[grid_x.ravel(), grid_y.ravel()])
    ax.contourf(
        grid_x,
        grid_y,
        f.reshape(grid_x.shape),
        levels=[-1e9, 0, 1e9],
        colors=["#c6dbef", "#fcbba1"],
        alpha=0.6,
    )
    ax.contour(
        grid_x,
        grid_y,
        f.reshape(grid_x.shape),
        levels=[-1, 0, 1],
        colors="k",
        linestyles=["--", "-", "--"],
        linewidths=1,
    )
    ax.scatter(
        X[:, 0], X[:, 1], c=np.where(y == 1, "#d62728", "#1f77b4"), s=18, zorder=2
    )
    alpha = np.abs(model.dual_coef_.ravel())
    on_margin = alpha < C * (1 - 1e-9)
    sv = model.support_vectors_
    ax.scatter(
        sv[on_margin, 0],
        sv[on_margin, 1],
        s=90,
        facecolors="none",
        edgecolors="k",
        linewidths=1.2,
        zorder=3,
        label="0 < λ < C",
    )
    if np.isfinite(C):
        ax.scatter(
            sv[~on_margin, 0],
            sv[~on_margin, 1],
            s=90,
            facecolors="none",
            edgecolors="#b2182b",
            linewidths=1.2,
            zorder=3,
            label="λ = C",
        )
    width = 2 / np.linalg.norm(model.coef_)
    label = "∞ (hard margin)" if np.isinf(C) else f"{C:g}"
    ax.set_title(f"C = {label}: margin width {width:.2f}, {len(sv)} SVs", fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.legend(loc="lower left", fontsize=8, framealpha=0.9)


def main():
    X, y = make_data()
    fig, axes = plt.subplots(
        1, len(VALUES_OF_C), figsize=(13, 4.3), layout="constrained"
    )
    for ax, C in zip(axes, VALUES_OF_C):
        plot_panel(ax, X, y, C)
    return fig


if __name__ == "__main__":
    main()
