"""GaussianMixture (full covariances) against scikit-learn's.

BENCHMARKS.md: make_blobs 50k×10, 8 centres, cluster_std 8, k=8.  Both start
from k-means with random_state=0, but ours runs our KMeans, so the EM
iterations can differ: the agreement column gives both n_iter_.  Target
(issue): fit at most 0.5x scikit-learn's.  Quality: mean log-likelihood per held-out sample (higher is better).
"""

from sklearn.metrics import adjusted_rand_score

from _harness import Case, Contender, Target

from ._data import BLOBS_10D_8

PARAMS = {"n_components": 8, "covariance_type": "full", "random_state": 0}


def mean_log_likelihood(mixture, X_test, y_test=None):
    return mixture.score(X_test)


def labels_and_iterations(ours, reference, X_test):
    """Adjusted Rand index of the held-out labels (1: the same partition, up to
    the numbering of the components) and both iteration counts."""
    ari = adjusted_rand_score(reference.predict(X_test), ours.predict(X_test))
    return f"ARI {ari:.4f}; n_iter_ {ours.n_iter_} vs {reference.n_iter_}"


CASES = [
    Case(
        family="mixture",
        estimator="GaussianMixture",
        dataset=BLOBS_10D_8,
        n_standard=50_000,
        n_quick=10_000,
        ours=Contender("ours", "sklearn_notes.mixture", "GaussianMixture", PARAMS),
        references=(Contender("sklearn", "sklearn.mixture", "GaussianMixture",
                              PARAMS),),
        operations=("fit", "predict"),
        targets=(Target("fit", 0.5, against="sklearn"),),
        quality=mean_log_likelihood,
        quality_name="mean log-likelihood (higher is better)",
        agreement=labels_and_iterations,
    ),
]
