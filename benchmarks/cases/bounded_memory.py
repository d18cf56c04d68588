"""Bounded memory on millions of rows (issue 10): peak RSS beside CPU time.

Prediction-type operations on millions of query rows against a modest
training set, where an unchunked implementation would build an
``n_queries x n_train`` matrix (gigabytes to terabytes): k-NN predict, KDE
score_samples, SVC predict, and KMeans fit/predict on 4M rows (where it
would be ``n_samples x n_clusters``).  Each case sets ``memory=True``: the
full suite runs every contender's operation once more in a fresh process and
reports its peak resident memory (see ``_peak_memory.py``); ``--quick`` keeps
to the small sizes and skips those processes.

Sizes: k-NN 2M queries x 10 against 5k training rows, KDE 500k x 10
against 1k, SVC 1M x 10 against 2k, KMeans 4M x 10 (8 clusters, k-means++,
at most 20 iterations) and predict on 800k: large enough for an unchunked
distance (kernel) matrix to need 80 GB, 4 GB, 8 GB per 1000 support vectors
and 256 MB, small enough for the one-thread run to take minutes.

Quality is measured on the first 20k held-out rows only (it is a sanity
check here, and a second pass over millions of rows would double the run).
"""

import numpy as np
from _harness import Case, Contender, Dataset
from sklearn.datasets import make_blobs, make_classification

#: Rows on which quality is measured.
QUALITY_ROWS = 20_000


def _train_and_queries(n_train, n_features, n_classes=2):
    """make(n): n_train training rows and n query rows of one problem."""

    def make(n):
        n_fit = min(n_train, n)  # the first-call process asks for 1000 rows
        X, y = make_classification(
            n_samples=n_fit + n,
            n_features=n_features,
            n_informative=5,
            n_classes=n_classes,
            random_state=0,
        )
        return X[:n_fit], y[:n_fit], X[n_fit:], y[n_fit:]

    return make


def _accuracy_on_first_rows(estimator, X_test, y_test):
    rows = slice(0, QUALITY_ROWS)
    return float(np.mean(estimator.predict(X_test[rows]) == y_test[rows]))


def _mean_log_density_on_first_rows(estimator, X_test, y_test=None):
    return float(np.mean(estimator.score_samples(X_test[:QUALITY_ROWS])))


def _inertia_per_sample(kmeans, X_test, y_test=None):
    X = X_test[:QUALITY_ROWS]
    return -kmeans.score(X) / len(X)


def _iterations(ours, reference, X_test):
    return f"n_iter_ {ours.n_iter_} vs {reference.n_iter_} (own k-means++ seeds)"


KNN_DATA = Dataset(
    key="bounded-knn-5k-10",
    description="make_classification 5k×10 training rows, 3 classes; {n} queries",
    make=_train_and_queries(5_000, 10, n_classes=3),
)
KDE_DATA = Dataset(
    key="bounded-kde-1k-10",
    description="make_classification 1k×10 training rows; {n} queries",
    make=_train_and_queries(1_000, 10),
)
SVC_DATA = Dataset(
    key="bounded-svc-2k-10",
    description="make_classification 2k×10 training rows, 2 classes; {n} queries",
    make=_train_and_queries(2_000, 10),
)


def _blobs_10(n):
    X, y = make_blobs(n_samples=n + n // 5, n_features=10, centers=8,
                      cluster_std=4.0, random_state=0)
    return X[:n], y[:n], X[n:], y[n:]


BLOBS_DATA = Dataset(
    key="bounded-blobs-10-8",
    description="make_blobs {n}×10, 8 centres, cluster_std 4; {n_test} to predict",
    make=_blobs_10,
)

KMEANS_PARAMS = {"n_clusters": 8, "n_init": 1, "max_iter": 20, "random_state": 0}

CASES = [
    Case(
        family="bounded_memory",
        estimator="KNeighborsClassifier",
        variant="2M queries",
        dataset=KNN_DATA,
        n_standard=2_000_000,
        n_quick=5_000,
        ours=Contender("ours", "sklearn_notes.neighbors", "KNeighborsClassifier"),
        references=(Contender("sklearn", "sklearn.neighbors", "KNeighborsClassifier"),),
        operations=("predict",),
        quality=_accuracy_on_first_rows,
        quality_name="accuracy (first 20k queries)",
        memory=True,
    ),
    Case(
        family="bounded_memory",
        estimator="KernelDensity",
        variant="500k queries",
        dataset=KDE_DATA,
        n_standard=500_000,
        n_quick=10_000,
        ours=Contender("ours", "sklearn_notes.neighbors", "KernelDensity",
                       {"bandwidth": 1.0}),
        references=(Contender("sklearn", "sklearn.neighbors", "KernelDensity",
                              {"bandwidth": 1.0}),),
        operations=("score_samples",),
        quality=_mean_log_density_on_first_rows,
        quality_name="mean log density (first 20k queries)",
        memory=True,
    ),
    Case(
        family="bounded_memory",
        estimator="SVC",
        variant="1M queries",
        dataset=SVC_DATA,
        n_standard=1_000_000,
        n_quick=10_000,
        ours=Contender("ours", "sklearn_notes.svm", "SVC"),
        references=(Contender("sklearn", "sklearn.svm", "SVC"),),
        operations=("predict",),
        quality=_accuracy_on_first_rows,
        quality_name="accuracy (first 20k queries)",
        memory=True,
    ),
    Case(
        family="bounded_memory",
        estimator="KMeans",
        variant="4M rows",
        dataset=BLOBS_DATA,
        n_standard=4_000_000,
        n_quick=10_000,
        ours=Contender("ours", "sklearn_notes.cluster", "KMeans", KMEANS_PARAMS),
        references=(Contender("sklearn", "sklearn.cluster", "KMeans", KMEANS_PARAMS),),
        operations=("fit", "predict"),
        quality=_inertia_per_sample,
        quality_name="inertia per sample, first 20k held-out (lower is better)",
        agreement=_iterations,
        memory=True,
    ),
]
