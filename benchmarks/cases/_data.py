"""Data generators of the standard suite (BENCHMARKS.md), with a held-out split.

Each returns ``(X_train, y_train, X_test, y_test)``: ``n`` training rows and
``n // 5`` test rows from **one** generator call with ``random_state=0``, so
that the test rows come from the same problem (same class centroids).
"""

import numpy as np
from sklearn.datasets import make_blobs, make_classification

from _harness import Dataset


def _split(X, y, n):
    # make_classification shuffles its rows, so the last n/5 are a fair test set
    return X[:n], y[:n], X[n:], y[n:]


def _ten_classes(n):
    X, y = make_classification(
        n_samples=n + n // 5, n_features=100, n_informative=30, n_redundant=10,
        n_classes=10, random_state=0,
    )
    return _split(X, y, n)


def _ten_classes_counts(n):
    X, y = make_classification(
        n_samples=n + n // 5, n_features=100, n_informative=30, n_redundant=10,
        n_classes=10, random_state=0,
    )
    np.abs(X, out=X)  # in place: at 1.2M x 100 a copy is another 960 MB
    X *= 3
    np.floor(X, out=X)
    return _split(X, y, n)


def _two_classes(n):
    X, y = make_classification(n_samples=n + n // 5, n_features=100, random_state=0)
    return _split(X, y, n)


TEN_CLASSES = Dataset(
    key="make_classification-100-30-10-10",
    description="make_classification {n}×100, 30 informative, 10 redundant, "
    "10 classes; test {n_test}",
    make=_ten_classes,
)

TEN_CLASSES_COUNTS = Dataset(
    key="make_classification-100-30-10-10-counts",
    description="floor(3·|X|) of make_classification {n}×100, 30 informative, "
    "10 redundant, 10 classes; test {n_test}",
    make=_ten_classes_counts,
)

TWO_CLASSES = Dataset(
    key="make_classification-100",
    description="make_classification {n}×100 (defaults: 2 informative, "
    "2 classes); test {n_test}",
    make=_two_classes,
)


def _blobs(n_features, n_centres):
    def make(n):
        X, y = make_blobs(n_samples=n + n // 5, n_features=n_features,
                          centers=n_centres, cluster_std=8.0, random_state=0)
        return _split(X, y, n)

    return make


BLOBS_20D_16 = Dataset(
    key="make_blobs-20-16-std8",
    description="make_blobs {n}×20, 16 centres, cluster_std 8; test {n_test}",
    make=_blobs(20, 16),
)

BLOBS_10D_8 = Dataset(
    key="make_blobs-10-8-std8",
    description="make_blobs {n}×10, 8 centres, cluster_std 8; test {n_test}",
    make=_blobs(10, 8),
)
