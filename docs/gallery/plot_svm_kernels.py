"""Kernel SVMs: decision boundaries, margins and support vectors for three kernels.

Notes 4.5.  An SVC with a linear, a polynomial (degree 3) and an RBF kernel
on two interleaved moons, at two values of the box constraint C.  Solid line:
``f(x) = 0``; dashed: the margins ``f(x) = +-1``; ringed points are the
support vectors (``lambda_i > 0``).  Larger C penalises margin violations
more, so the boundary bends to the data and fewer points sit inside the
margin; the linear kernel cannot bend at all.
"""

import matplotlib

matplotlib.use("Agg")  # drawn by the documentation build, no display

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_moons
from sklearn.preprocessing import StandardScaler

from sklearn_notes.svm import SVC

KERNELS = {
    "linear": {"kernel": "linear"},
    "polynomial, degree 3": {"kernel": "poly", "degree": 3, "coef0": 1.0},
    "RBF": {"kernel": "rbf", "gamma": 1.0},
}


def draw(fig):
    X, y = make_moons(n_samples=120, noise=0.2, random_state=3)
    X = StandardScaler().fit_transform(X)
    gx, gy = np.meshgrid(np.linspace(-2.5, 2.5, 200), np.linspace(-2.5, 2.5, 200))
    grid = np.c_[gx.ravel(), gy.ravel()]
    axes = fig.subplots(2, len(KERNELS))
    for row, C in enumerate((0.1, 10.0)):
        for ax, (name, params) in zip(axes[row], KERNELS.items()):
            model = SVC(C=C, **params).fit(X, y)
            f = model.decision_function(grid).reshape(gx.shape)
            ax.contourf(gx, gy, f, levels=[-1e9, 0, 1e9], colors=["#c6dbef", "#fcbba1"])
            ax.contour(gx, gy, f, levels=[-1, 0, 1], colors="k",
                       linestyles=["--", "-", "--"], linewidths=1)
            ax.scatter(X[:, 0], X[:, 1], c=np.where(y == 1, "#d62728", "#1f77b4"), s=12)
            support = model.support_vectors_
            ax.scatter(support[:, 0], support[:, 1], s=60, facecolors="none",
                       edgecolors="k", linewidths=0.8)
            ax.set(title=f"{name}, C={C:g}: {len(support)} support vectors",
                   xticks=(), yticks=())


if __name__ == "__main__":
    draw(plt.figure(figsize=(13, 8), layout="constrained"))
    plt.show()
