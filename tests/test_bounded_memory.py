"""Prediction on many rows works in chunks (issue 10, bounded memory).

Two kinds of tests:

- identical results: the same call with tiny chunks (a module's chunk
  constant patched down, or scikit-learn's ``working_memory`` set to a small
  budget) and with the default ones;
- bounded memory: the peak of Python/numpy allocations (``tracemalloc``)
  during a call on a moderately large query set stays far below what the
  unchunked ``n_queries x n_train`` (or ``n_samples x n_clusters``) matrix
  alone would take.  Allocations made inside Numba kernels are not seen by
  tracemalloc; they are fixed-size buffers (a block of rows), and the
  benchmarks' peak-RSS rows measure everything.
"""

import tracemalloc
import warnings

import numpy as np
import pytest
import sklearn
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_iris, load_wine

from sklearn_notes.cluster import KMeans, _kmeans
from sklearn_notes.neighbors import (
    KernelDensity,
    KNeighborsClassifier,
    KNeighborsDensity,
    KNeighborsRegressor,
    _knn_base,
)
from sklearn_notes.svm import SVC, _svc

MiB = 2**20


def _tiny_working_memory():
    """A working_memory budget (MiB) small enough to force 1-row chunks."""
    # get_chunk_n_rows warns that it cannot adhere to it and uses 1 row
    warnings.filterwarnings("ignore", "Could not adhere to working_memory")
    return sklearn.config_context(working_memory=1e-6)


def _peak_bytes(func, X, warm_up_rows=100):
    """Peak of traced allocations during ``func(X)`` (after a warm-up call)."""
    func(X[:warm_up_rows])  # compiles the kernels; not part of the measure
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        func(X)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


# ------------------------------------------------------------------ k-NN


def _tied_data(rng, n_train, n_queries, n_features=3):
    # small integers: many equal distances, so the order of ties matters
    X_train = rng.randint(0, 3, size=(n_train, n_features)).astype(float)
    X_query = rng.randint(0, 3, size=(n_queries, n_features)).astype(float)
    return X_train, X_query


@pytest.mark.parametrize("n_train, n_queries", [(300, 500), (300, 1500), (5000, 700)])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_knn_batched_predict_is_identical(
    monkeypatch, global_random_seed, n_train, n_queries, weights
):
    # (300, 500): scikit-learn's parallel_on_Y order of ties for every batch;
    # (300, 1500): not for the whole set, though a batch of 7 alone would be;
    # (5000, 700): the float32 screening path (n_train >= 4096).
    rng = np.random.RandomState(global_random_seed)
    X_train, X_query = _tied_data(rng, n_train, n_queries)
    y_class = rng.randint(0, 4, size=n_train)
    y_reg = np.column_stack([rng.normal(size=n_train), rng.normal(size=n_train)])
    clf = KNeighborsClassifier(n_neighbors=5, weights=weights).fit(X_train, y_class)
    reg = KNeighborsRegressor(n_neighbors=5, weights=weights).fit(X_train, y_reg)
    if weights == "distance":  # exact duplicates give 1 / 0 weights
        X_query = X_query + rng.uniform(0.01, 0.1, size=X_query.shape)

    one_batch = (
        clf.predict(X_query),
        clf.predict_proba(X_query),
        reg.predict(X_query),
        clf.kneighbors(X_query),
    )
    monkeypatch.setattr(_knn_base, "PREDICT_CHUNK", 7)
    batched = (
        clf.predict(X_query),
        clf.predict_proba(X_query),
        reg.predict(X_query),
        clf.kneighbors(X_query),
    )
    for expected, got in zip(one_batch[:3], batched[:3]):
        assert_array_equal(got, expected)
    assert_array_equal(batched[3][1], one_batch[3][1])
    with _tiny_working_memory():
        assert_array_equal(clf.predict(X_query), one_batch[0])
        assert_array_equal(reg.predict(X_query), one_batch[2])


def test_knn_batched_ties_follow_whole_query_set(monkeypatch):
    # The order of equal distances depends on the size of the whole query
    # set; batches must not change it: with many exact ties, the neighbour
    # indices of batched and unbatched predict are the same.
    X_train = np.zeros((400, 2))
    X_train[::2] = 1.0
    y = np.arange(400) % 5
    X_query = np.repeat([[0.0, 0.0], [1.0, 1.0], [0.5, 0.5]], 700, axis=0)
    clf = KNeighborsClassifier(n_neighbors=3).fit(X_train, y)
    expected = clf.predict(X_query)
    expected_ind = clf.kneighbors(X_query, return_distance=False)
    monkeypatch.setattr(_knn_base, "PREDICT_CHUNK", 100)
    assert_array_equal(clf.predict(X_query), expected)
    # kneighbors itself is not batched (its result is n_queries x k)
    assert_array_equal(clf.kneighbors(X_query, return_distance=False), expected_ind)


def test_knn_density_batched_is_identical(monkeypatch, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X_train, X_query = rng.normal(size=(400, 3)), rng.normal(size=(900, 3))
    for metric in ("euclidean", "manhattan"):
        est = KNeighborsDensity(n_neighbors=7, metric=metric).fit(X_train)
        expected = est.score_samples(X_query)
        with monkeypatch.context() as m:
            m.setattr(_knn_base, "PREDICT_CHUNK", 11)
            assert_array_equal(est.score_samples(X_query), expected)
        with _tiny_working_memory():
            assert_array_equal(est.score_samples(X_query), expected)


def test_knn_predict_memory_is_bounded(monkeypatch):
    rng = np.random.RandomState(0)
    n_train, n_queries, k = 4096, 200_000, 5
    X_train = rng.normal(size=(n_train, 4))
    X_query = rng.normal(size=(n_queries, 4))
    y = rng.randint(0, 3, size=n_train)
    clf = KNeighborsClassifier(n_neighbors=k).fit(X_train, y)
    reg = KNeighborsRegressor(n_neighbors=k).fit(X_train, y.astype(float))
    dens = KNeighborsDensity(n_neighbors=k).fit(X_train)
    monkeypatch.setattr(_knn_base, "PREDICT_CHUNK", 4096)
    # Unchunked, the distances and indices of all queries' neighbours alone
    # take n_queries * k * 16 bytes (16 MB; measured peak of an unbatched
    # predict: 21-32 MiB); a distance matrix 6.5 GB.
    all_neighbours = n_queries * k * 16
    # batched: the result (n_queries * 8, twice while concatenated) and
    # per-query flags, plus a fixed amount per batch (measured ~3.5 MiB: the
    # float32 screening's 512 x 512 block and candidate lists)
    bound = 3 * n_queries * 8 + 4 * MiB
    assert bound < 0.6 * all_neighbours
    for method in (clf.predict, reg.predict, dens.score_samples):
        assert _peak_bytes(method, X_query) < bound, method


# ------------------------------------------------------------------ KDE


@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "canberra"])
@pytest.mark.parametrize("kernel", ["gaussian", "epanechnikov"])
def test_kde_chunked_is_identical(global_random_seed, metric, kernel):
    rng = np.random.RandomState(global_random_seed)
    X_train, X_query = rng.normal(size=(300, 3)), rng.normal(size=(200, 3))
    kde = KernelDensity(bandwidth=0.7, kernel=kernel, metric=metric).fit(X_train)
    expected = kde.score_samples(X_query)
    with _tiny_working_memory():
        assert_array_equal(kde.score_samples(X_query), expected)


@pytest.mark.parametrize("metric", ["euclidean", "canberra"])
def test_kde_score_samples_memory_is_bounded(metric):
    rng = np.random.RandomState(0)
    n_train, n_queries = 1000, 20_000
    X_train = rng.normal(size=(n_train, 3))
    X_query = rng.normal(size=(n_queries, 3))
    kde = KernelDensity(bandwidth=0.5, metric=metric).fit(X_train)
    unchunked = n_queries * n_train * 8  # 160 MB of distances
    with sklearn.config_context(working_memory=1):  # 1 MiB blocks
        peak = _peak_bytes(kde.score_samples, X_query)
    # a block of distances (<= 1 MiB, plus pairwise's own temporaries) and
    # the result
    assert peak < 4 * MiB + 3 * n_queries * 8
    assert peak < unchunked / 20


# ------------------------------------------------------------------ SVC


@pytest.mark.parametrize("kernel", ["rbf", "poly", "linear"])
def test_svc_chunked_prediction_is_identical(monkeypatch, kernel):
    # The kernel matrix of a chunk is a BLAS GEMM, whose rounding depends on
    # the shape of the block (OpenBLAS takes other code paths for small
    # blocks): decision values of 5-row and 178-row chunks may differ in the
    # last bits (measured: ~1e-16 absolute for |f| ~ 1), so they are compared
    # to 1e-13, and the labels exactly.
    X, y = load_wine(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # probability=True
        clf = SVC(kernel=kernel, probability=True, random_state=0).fit(X, y)
    expected = {}
    for shape in ("ovr", "ovo"):
        clf.set_params(decision_function_shape=shape)
        expected[shape] = clf.decision_function(X)
    expected_labels = clf.predict(X)
    expected_proba = clf.predict_proba(X)

    def check_same_as_expected():
        assert_array_equal(clf.predict(X), expected_labels)
        for shape in ("ovr", "ovo"):
            clf.set_params(decision_function_shape=shape)
            assert_allclose(
                clf.decision_function(X), expected[shape], rtol=1e-13, atol=1e-13
            )
        assert_allclose(clf.predict_proba(X), expected_proba, rtol=1e-12)

    monkeypatch.setattr(_svc, "_PREDICT_CHUNK", 5)
    check_same_as_expected()
    monkeypatch.undo()
    with _tiny_working_memory():
        check_same_as_expected()


def test_svc_predict_memory_is_bounded():
    X, y = load_iris(return_X_y=True)
    clf = SVC(kernel="rbf", C=0.1).fit(X, y)  # small C: many support vectors
    n_sv = clf.support_vectors_.shape[0]
    rng = np.random.RandomState(0)
    n_queries = 200_000
    X_query = X[rng.randint(0, X.shape[0], size=n_queries)] + rng.normal(
        scale=0.1, size=(n_queries, X.shape[1])
    )
    unchunked = n_queries * n_sv * 8  # the whole kernel matrix
    # result + indices (n_queries * 8 each) and one 1024-row kernel block
    bound = 2 * n_queries * 8 + 4 * 1024 * n_sv * 8 + MiB
    assert bound < unchunked / 10
    assert _peak_bytes(clf.predict, X_query) < bound
    # decision_function returns n_queries x n_classes ("ovr") values
    assert _peak_bytes(clf.decision_function, X_query) < bound + n_queries * 3 * 8


# ------------------------------------------------------------------ KMeans


def test_kmeans_chunked_sq_distances_are_identical(monkeypatch, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    for dtype in (np.float64, np.float32):
        X = rng.normal(size=(1000, 5)).astype(dtype)
        centers = rng.normal(size=(6, 5)).astype(dtype)
        labels = rng.randint(0, 6, size=1000).astype(np.int32)
        naive = ((X - centers[labels]) ** 2).sum(axis=1)
        monkeypatch.setattr(_kmeans, "DIFFERENCE_CHUNK", 13)
        got = _kmeans._sq_distances_to_labels(X, centers, labels)
        assert got.dtype == naive.dtype
        assert_array_equal(got, naive)


def test_kmeans_fit_with_empty_clusters_chunked_is_identical(monkeypatch):
    # init centres far from the data leave clusters empty: the relocation
    # uses the (chunked) distances of every row to its centre
    X, _ = load_iris(return_X_y=True)
    init = np.vstack([X[:3], X[:3].max(axis=0) + 100 + np.arange(3)[:, None]])
    kw = dict(n_clusters=6, init=init, n_init=1, max_iter=50)
    expected = KMeans(**kw).fit(X)
    monkeypatch.setattr(_kmeans, "DIFFERENCE_CHUNK", 7)
    with _tiny_working_memory():
        got = KMeans(**kw).fit(X)
    assert_array_equal(got.labels_, expected.labels_)
    assert_array_equal(got.cluster_centers_, expected.cluster_centers_)
    assert got.inertia_ == expected.inertia_


def test_kmeans_memory_is_bounded():
    rng = np.random.RandomState(0)
    n_samples, n_clusters = 200_000, 64
    X = rng.normal(size=(n_samples, 4))
    est = KMeans(n_clusters=n_clusters, n_init=1, max_iter=3, random_state=0)
    distance_matrix = n_samples * n_clusters * 8  # 102 MB
    # k-means++ keeps n_trials = 2 + log(k) = 6 rows of distances, and the
    # fit a few per-sample vectors (labels, weights, hashes, order): about
    # 12 vectors of n_samples * 8 bytes
    fit_peak = _peak_bytes(est.fit, X, warm_up_rows=1000)
    assert fit_peak < 14 * n_samples * 8
    assert fit_peak < distance_matrix / 4
    # predict and score: the labels (and a weight vector) only
    assert _peak_bytes(est.predict, X) < 3 * n_samples * 8
    assert _peak_bytes(est.score, X) < 3 * n_samples * 8
