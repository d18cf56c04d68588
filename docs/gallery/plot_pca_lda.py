"""PCA and LDA projections of the digits to two dimensions.

Notes 6.1-6.2.  PCA keeps the directions of largest total variance and never
looks at the labels; LDA keeps the directions that best separate the class
means relative to the within-class scatter (the eigenvectors of
``S_W^{-1} S_B``).  On the 10 handwritten digits, the two LDA components pull
the classes apart far better than the two principal components.  Right: the
cumulative explained variance of PCA, the usual way to choose the number of
components.
"""

import matplotlib

matplotlib.use("Agg")  # drawn by the documentation build, no display

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

from sklearn_notes.decomposition import PCA
from sklearn_notes.discriminant_analysis import LinearDiscriminantAnalysis


def draw(fig):
    X, y = load_digits(return_X_y=True)
    ax_pca, ax_lda, ax_var = fig.subplots(1, 3)
    projections = {
        ax_pca: ("PCA", PCA(n_components=2).fit_transform(X)),
        ax_lda: ("LDA", LinearDiscriminantAnalysis(n_components=2).fit_transform(X, y)),
    }
    for ax, (name, Z) in projections.items():
        scatter = ax.scatter(Z[:, 0], Z[:, 1], c=y, cmap="tab10", s=5, alpha=0.7)
        ax.set(title=f"digits, first two {name} components", xticks=(), yticks=())
    fig.colorbar(scatter, ax=ax_lda, ticks=range(10), label="digit")
    ratio = PCA().fit(X).explained_variance_ratio_
    ax_var.plot(np.arange(1, len(ratio) + 1), np.cumsum(ratio))
    ax_var.axhline(0.9, color="grey", ls=":", lw=1)
    ax_var.set(title="PCA: cumulative explained variance", xlabel="components",
               ylim=(0, 1.02))


if __name__ == "__main__":
    draw(plt.figure(figsize=(14, 4.5), layout="constrained"))
    plt.show()
