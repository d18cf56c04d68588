"""EM for Gaussian mixtures: the fitted ellipses, the log-likelihood per step, and BIC.

Notes 3.4.4 and 3.4.6.  Left: a full-covariance mixture with K = 3 fitted by
EM on anisotropic data, with the one- and two-standard-deviation ellipses of
each component (eigenvectors of its covariance).  Middle: the mean
log-likelihood after each EM iteration of a fit started from random
responsibilities: EM never decreases it, which is the property the notes
prove, but it can crawl along a plateau before it finds the clusters.  Right: the
Bayesian information criterion of mixtures with K = 1..8 for the four
covariance types; the minimum picks the number of components.
"""

import matplotlib

matplotlib.use("Agg")  # drawn by the documentation build, no display

import warnings

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Ellipse
from sklearn.datasets import make_blobs
from sklearn.exceptions import ConvergenceWarning

from sklearn_notes.mixture import GaussianMixture


def make_data():
    X, _ = make_blobs(n_samples=600, centers=3, random_state=170)
    return X @ np.array([[0.6, -0.64], [-0.41, 0.85]])


def draw_ellipses(ax, model):
    colors = plt.get_cmap("brg")(np.linspace(0, 1, model.n_components))
    for mean, cov, color in zip(model.means_, model.covariances_, colors):
        eigenvalues, eigenvectors = np.linalg.eigh(cov)
        angle = np.degrees(np.arctan2(eigenvectors[1, 1], eigenvectors[0, 1]))
        for n_std in (1, 2):
            width, height = 2 * n_std * np.sqrt(eigenvalues[::-1])
            ax.add_patch(Ellipse(mean, width, height, angle=angle, fill=False,
                                 color=color, lw=1.5, alpha=0.9 / n_std))


def draw(fig):
    X = make_data()
    ax_fit, ax_em, ax_bic = fig.subplots(1, 3)

    model = GaussianMixture(n_components=3, random_state=0).fit(X)
    ax_fit.scatter(X[:, 0], X[:, 1], c=model.predict(X), s=4, cmap="brg", alpha=0.5)
    draw_ellipses(ax_fit, model)
    ax_fit.set(title="K = 3, full covariances", xticks=(), yticks=())

    # One EM step per fit call: warm_start keeps the parameters between calls.
    stepper = GaussianMixture(n_components=3, max_iter=1, warm_start=True,
                              init_params="random", random_state=3, tol=0)
    log_likelihoods = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(40):
            log_likelihoods.append(stepper.fit(X).score(X))
    ax_em.plot(np.arange(1, 41), log_likelihoods, "o-", ms=3)
    ax_em.set(title="EM from a random start", xlabel="iteration",
              ylabel="mean log-likelihood")

    ks = np.arange(1, 9)
    for covariance_type in ("full", "tied", "diag", "spherical"):
        bic = [GaussianMixture(n_components=k, covariance_type=covariance_type,
                               random_state=0).fit(X).bic(X) for k in ks]
        ax_bic.plot(ks, bic, "o-", ms=3, label=covariance_type)
    ax_bic.set(title="BIC (lower is better)", xlabel="K")
    ax_bic.legend(fontsize=8)


if __name__ == "__main__":
    draw(plt.figure(figsize=(14, 4.5), layout="constrained"))
    plt.show()
