"""KMeans (Lloyd) against scikit-learn's, from the same fixed initial centres.

BENCHMARKS.md: make_blobs 500k×20, 16 centres, cluster_std 8, k=16, the same
fixed init array for both (so both run the same iterations from the same
start; n_init=1).  Target (issue): fit at most 1.0x scikit-learn's (nobody
beats its Lloyd here: oneDAL 0.89-1.26x).  Quality: inertia per held-out sample (lower is better).
"""

import numpy as np
from sklearn.metrics import adjusted_rand_score

from _harness import Case, Contender, Target

from ._data import BLOBS_20D_16

N_CLUSTERS = 16
#: The fixed initial centres: uniform in make_blobs' default centre box.
INITIAL_CENTRES = np.random.default_rng(0).uniform(-10.0, 10.0, size=(N_CLUSTERS, 20))
PARAMS = {"n_clusters": N_CLUSTERS, "init": INITIAL_CENTRES, "n_init": 1,
          "algorithm": "lloyd"}


def inertia_per_sample(kmeans, X_test, y_test=None):
    return -kmeans.score(X_test) / len(X_test)


def distance_gflops(operation, ours, X, X_test, cpu_seconds):
    """Rate of the point-centre products, 2·n·k·d flops per pass (fit makes
    n_iter_ passes over X, predict one over X_test): compare with GEMM."""
    passes = {"fit": ours.n_iter_ * len(X), "predict": len(X_test)}[operation]
    flops = 2.0 * passes * ours.n_clusters * X.shape[1]
    return f"{flops / cpu_seconds / 1e9:.2g} GFLOP/s"


def labels_and_iterations(ours, reference, X_test):
    """Adjusted Rand index of the held-out labels (1: the same partition, up to
    the numbering of the components) and both iteration counts."""
    ari = adjusted_rand_score(reference.predict(X_test), ours.predict(X_test))
    return f"ARI {ari:.4f}; n_iter_ {ours.n_iter_} vs {reference.n_iter_}"


CASES = [
    Case(
        family="cluster",
        estimator="KMeans",
        dataset=BLOBS_20D_16,
        n_standard=500_000,
        n_quick=20_000,
        ours=Contender("ours", "sklearn_notes.cluster", "KMeans", PARAMS),
        references=(Contender("sklearn", "sklearn.cluster", "KMeans", PARAMS),),
        operations=("fit", "predict"),
        targets=(Target("fit", 1.0, against="sklearn"),),
        quality=inertia_per_sample,
        quality_name="inertia per sample (lower is better)",
        agreement=labels_and_iterations,
        throughput=distance_gflops,
    ),
]
