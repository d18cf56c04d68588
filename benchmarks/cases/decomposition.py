"""PCA(n_components=20) against scikit-learn's PCA with each of its solvers.

Target (issue): fit no slower than scikit-learn's fastest solver on this
data (ratio against the fastest at most 1.0).  When n >> d that is
``svd_solver="covariance_eigh"`` (BENCHMARKS.md: 0.04x of "full").
"""

import numpy as np

from _harness import Case, Contender, Target

from ._data import TWO_CLASSES

N_COMPONENTS = 20


def held_out_explained_variance(pca, X_test, y_test=None):
    """1 - ||X - X̂||² / ||X - mean||² on held-out rows: the fraction of the
    test set's variance that the fitted 20-dimensional subspace keeps."""
    reconstruction = pca.inverse_transform(pca.transform(X_test))
    residual = np.sum((X_test - reconstruction) ** 2)
    total = np.sum((X_test - X_test.mean(axis=0)) ** 2)
    return 1.0 - residual / total


def explained_variance_ratio_gap(ours, reference, X_test):
    gap = np.max(np.abs(ours.explained_variance_ratio_
                        - reference.explained_variance_ratio_))
    return f"max |Δ explained_variance_ratio_| {gap:.1e}"


def _sklearn_pca(solver):
    params = {"n_components": N_COMPONENTS, "svd_solver": solver}
    if solver == "randomized":
        params["random_state"] = 0
    return Contender(f"sklearn {solver}", "sklearn.decomposition", "PCA", params)


CASES = [
    Case(
        family="decomposition",
        estimator="PCA",
        dataset=TWO_CLASSES,
        n_standard=100_000,
        n_quick=10_000,
        ours=Contender("ours", "sklearn_notes.decomposition", "PCA",
                       {"n_components": N_COMPONENTS, "random_state": 0}),
        references=tuple(_sklearn_pca(solver)
                         for solver in ("full", "covariance_eigh", "randomized")),
        operations=("fit", "transform"),
        quality=held_out_explained_variance,
        quality_name="held-out explained variance",
        agreement=explained_variance_ratio_gap,
        targets=(Target("fit", 1.0, against="fastest"),),
    ),
]
