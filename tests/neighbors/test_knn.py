"""KNeighborsClassifier and KNeighborsRegressor against scikit-learn's twins.

The reference is scikit-learn's brute-force search on one OpenMP thread:
its tree searches (``algorithm="auto"`` picks a KD-tree below 16 features)
visit points in tree order and break equal distances differently, and with
several threads its brute-force search merges per-thread heaps, which can
also change which of several equidistant points is kept.
"""

import tracemalloc

import numpy as np
import pytest
import sklearn
import sklearn.neighbors as skn
from numpy.testing import assert_allclose, assert_array_equal
from scipy.spatial.distance import cdist
from sklearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
)
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

import sklearn_notes.neighbors._knn_base as knn_base
from sklearn_notes.neighbors import KNeighborsClassifier, KNeighborsRegressor

LOADERS = {
    "iris": load_iris,
    "wine": load_wine,
    "breast_cancer": load_breast_cancer,
    "digits": load_digits,
}
METRICS = [
    ("minkowski", 2, None),
    ("euclidean", 2, None),
    ("manhattan", 2, None),
    ("chebyshev", 2, None),
    ("minkowski", 1, None),
    ("minkowski", 3, None),
    ("minkowski", 2, {"p": 1.5}),
]
SCIPY_METRIC = {
    "euclidean": ("euclidean", {}),
    "manhattan": ("cityblock", {}),
    "chebyshev": ("chebyshev", {}),
}


@pytest.fixture(autouse=True)
def one_openmp_thread():
    with threadpool_limits(limits=1, user_api="openmp"):
        yield


def _load(name):
    X, y = LOADERS[name](return_X_y=True)
    if name == "digits":
        X, y = X[:900], y[:900]  # 64 features: keep the Minkowski cases short
    return np.ascontiguousarray(X), y


def _exact_distances(X, Y, est):
    metric, params = est.effective_metric_, est.effective_metric_params_
    if metric == "minkowski":
        return cdist(X, Y, "minkowski", p=params["p"])
    name, kwargs = SCIPY_METRIC[metric]
    return cdist(X, Y, name, **kwargs)


@pytest.mark.parametrize("name", list(LOADERS))
@pytest.mark.parametrize("metric, p, metric_params", METRICS)
def test_classifier_matches_sklearn(name, metric, p, metric_params):
    X, y = _load(name)
    X_train, X_test, y_train, _ = train_test_split(X, y, test_size=0.3, random_state=0)
    X_train = np.ascontiguousarray(X_train)
    X_test = np.ascontiguousarray(X_test)
    params = dict(metric=metric, p=p, metric_params=metric_params)
    for weights in ["uniform", "distance", lambda d: 1.0 / (1.0 + d**2)]:
        ours = KNeighborsClassifier(weights=weights, **params).fit(X_train, y_train)
        ref = skn.KNeighborsClassifier(
            weights=weights, algorithm="brute", **params
        ).fit(X_train, y_train)
        assert_array_equal(ours.predict(X_test), ref.predict(X_test))
        assert_allclose(
            ours.predict_proba(X_test), ref.predict_proba(X_test), rtol=1e-9
        )
        # leave-one-out on the training points
        assert_array_equal(ours.predict(None), ref.predict(None))
    assert ours.effective_metric_ == ref.effective_metric_
    assert ours.effective_metric_params_ == ref.effective_metric_params_
    assert ours.n_samples_fit_ == ref.n_samples_fit_
    assert ours.n_features_in_ == ref.n_features_in_
    assert ours.outputs_2d_ is ref.outputs_2d_ is False
    assert_array_equal(ours.classes_, ref.classes_)

    for query in [X_test, None]:
        dist, ind = ours.kneighbors(query, n_neighbors=7)
        ref_dist, ref_ind = ref.kneighbors(query, n_neighbors=7)
        assert_array_equal(ind, ref_ind)
        # ours are recomputed directly: compare with exact distances
        Q = X_train if query is None else query
        exact = _exact_distances(Q, X_train, ours)
        assert_allclose(dist, np.take_along_axis(exact, ind, 1), rtol=1e-12, atol=1e-13)
        assert_allclose(dist, ref_dist, rtol=1e-6, atol=1e-6)

    for mode in ["connectivity", "distance"]:
        graph = ours.kneighbors_graph(X_test, n_neighbors=4, mode=mode)
        ref_graph = ref.kneighbors_graph(X_test, n_neighbors=4, mode=mode)
        assert graph.format == "csr" and type(graph) is type(ref_graph)
        assert_array_equal(graph.indices, ref_graph.indices)
        assert_array_equal(graph.indptr, ref_graph.indptr)
        assert_allclose(graph.toarray(), ref_graph.toarray(), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("weights", ["uniform", "distance"])
@pytest.mark.parametrize("metric", ["minkowski", "manhattan", "chebyshev"])
def test_regressor_matches_sklearn_on_diabetes(weights, metric):
    X, y = load_diabetes(return_X_y=True)
    X = np.ascontiguousarray(X)
    X_train, X_test, y_train, _ = train_test_split(X, y, test_size=0.3, random_state=0)
    ours = KNeighborsRegressor(weights=weights, metric=metric).fit(X_train, y_train)
    ref = skn.KNeighborsRegressor(weights=weights, metric=metric, algorithm="brute")
    ref.fit(X_train, y_train)
    assert_allclose(ours.predict(X_test), ref.predict(X_test), rtol=1e-10)
    assert_allclose(ours.predict(None), ref.predict(None), rtol=1e-10)
    assert ours.score(
        np.ascontiguousarray(X_test), ref.predict(X_test)
    ) == pytest.approx(1.0)
    ind = ours.kneighbors(X_test, return_distance=False)
    assert_array_equal(ind, ref.kneighbors(X_test, return_distance=False))


def test_regressor_multi_output():
    X, y = load_diabetes(return_X_y=True)
    X = np.ascontiguousarray(X)
    Y = np.column_stack([y, np.log(y)])
    ours = KNeighborsRegressor(weights="distance").fit(X[:300], Y[:300])
    ref = skn.KNeighborsRegressor(weights="distance", algorithm="brute").fit(
        X[:300], Y[:300]
    )
    prediction = ours.predict(X[300:])
    assert prediction.shape == (X.shape[0] - 300, 2)
    assert_allclose(prediction, ref.predict(X[300:]), rtol=1e-10)


def test_classifier_multi_output():
    X, y = load_iris(return_X_y=True)
    Y = np.column_stack([y, (X[:, 0] > 5.8).astype(int), np.where(y == 0, "a", "b")])
    ours = KNeighborsClassifier(n_neighbors=4).fit(X, Y)
    ref = skn.KNeighborsClassifier(n_neighbors=4, algorithm="brute").fit(X, Y)
    assert ours.outputs_2d_ is True
    for ours_classes, ref_classes in zip(ours.classes_, ref.classes_):
        assert_array_equal(ours_classes, ref_classes)
    assert_array_equal(ours.predict(X[::7]), ref.predict(X[::7]))
    for a, b in zip(ours.predict_proba(X[::7]), ref.predict_proba(X[::7])):
        assert_allclose(a, b)


def _tie_data(rng, n_train, n_query, n_features):
    # integer coordinates: many exactly equal distances and duplicated points
    X = rng.randint(0, 4, size=(n_train, n_features)).astype(float)
    y = rng.randint(0, 3, size=n_train)
    Q = rng.randint(0, 4, size=(n_query, n_features)).astype(float)
    return X, y, Q


@pytest.mark.parametrize("n_train", [300, 4200])  # exact path; float32 screen path
@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "chebyshev"])
@pytest.mark.parametrize("n_neighbors", [1, 7])
def test_ties_broken_as_sklearn(n_train, metric, n_neighbors, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X, y, Q = _tie_data(rng, n_train, 200, 3)
    X = np.vstack([X, X[:50]])  # exact duplicates too
    y = np.concatenate([y, rng.randint(0, 3, size=50)])
    ours = KNeighborsClassifier(n_neighbors=n_neighbors, metric=metric).fit(X, y)
    ref = skn.KNeighborsClassifier(
        n_neighbors=n_neighbors, metric=metric, algorithm="brute"
    )
    ref.fit(X, y)
    for query in [Q, None]:
        assert_array_equal(
            ours.kneighbors(query, return_distance=False),
            ref.kneighbors(query, return_distance=False),
        )
        assert_array_equal(ours.predict(query), ref.predict(query))
        assert_allclose(ours.predict_proba(query), ref.predict_proba(query))
    # many queries: scikit-learn's other chunking strategy
    big_query = rng.randint(0, 4, size=(1100, 3)).astype(float)
    assert_array_equal(
        ours.kneighbors(big_query, return_distance=False),
        ref.kneighbors(big_query, return_distance=False),
    )


def test_fast_path_matches_sklearn_on_continuous_data(global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.randn(6000, 12) * rng.uniform(0.1, 10, size=12) + 50.0
    y = (X[:, 0] + X[:, 1] > 100).astype(int)
    Q = rng.randn(700, 12) * 3 + 50.0
    assert knn_base._use_fast_euclidean(Q, X)
    ours = KNeighborsClassifier(n_neighbors=9).fit(X, y)
    ref = skn.KNeighborsClassifier(n_neighbors=9, algorithm="brute").fit(X, y)
    dist, ind = ours.kneighbors(Q)
    ref_dist, ref_ind = ref.kneighbors(Q)
    assert_array_equal(ind, ref_ind)
    exact = cdist(Q, X)
    assert_allclose(dist, np.take_along_axis(exact, ind, 1), rtol=1e-12)
    assert_array_equal(ours.predict(Q), ref.predict(Q))


@pytest.mark.parametrize("metric", ["euclidean", "manhattan"])
def test_chunking_gives_the_same_results(metric, monkeypatch, global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.randn(5000, 5)
    y = rng.randint(0, 3, size=5000)
    Q = rng.randn(1300, 5)
    Q[:40] = X[:40]  # exact matches: ties at distance 0, exact path
    est = KNeighborsClassifier(n_neighbors=6, metric=metric).fit(X, y)
    with sklearn.config_context(working_memory=1024):
        dist_full, ind_full = est.kneighbors(Q)
    # tiny chunks of queries and training points
    monkeypatch.setattr(knn_base, "TRAIN_TILE", 37)
    with sklearn.config_context(working_memory=0.001):
        dist_small, ind_small = est.kneighbors(Q)
    assert_array_equal(ind_small, ind_full)
    assert_array_equal(dist_small, dist_full)


def _peak_bytes(function):
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("metric", ["euclidean", "manhattan"])
def test_memory_is_bounded_by_working_memory(metric):
    # 20k x 4k distances would be 640 MB in float64; numpy's allocations are
    # traced by tracemalloc, the kernels allocate only small buffers.
    rng = np.random.RandomState(0)
    X = rng.randn(20_000, 4)
    y = rng.randint(0, 2, size=20_000)
    Q = rng.randn(4_000, 4)
    est = KNeighborsClassifier(metric=metric).fit(X, y)
    est.predict(Q[:10])  # compile outside the measurement
    with sklearn.config_context(working_memory=1):
        peak = _peak_bytes(lambda: est.predict(Q))
    full_matrix = Q.shape[0] * X.shape[0] * 8
    # the block (<= 1 MiB), -2X in float32/float64, candidate lists and outputs
    assert peak < 8 * 2**20, peak
    assert peak < full_matrix / 50


@pytest.mark.parametrize("Estimator", [KNeighborsClassifier, KNeighborsRegressor])
def test_bad_input(Estimator):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="n_neighbors"):
        Estimator(n_neighbors=0).fit(X, y)
    with pytest.raises(ValueError, match="n_neighbors"):
        Estimator(n_neighbors=-3).fit(X, y)
    with pytest.raises(ValueError, match="metric"):
        Estimator(metric="cosine").fit(X, y)
    with pytest.raises(ValueError, match="metric_params"):
        Estimator(metric="manhattan", metric_params={"p": 3}).fit(X, y)
    with pytest.raises(ValueError, match="n_neighbors <= n_samples_fit"):
        Estimator(n_neighbors=200).fit(X, y).predict(X)
    with pytest.raises(ValueError, match="n_neighbors < n_samples_fit"):
        Estimator(n_neighbors=150).fit(X, y).predict(None)
    est = Estimator().fit(X, y)
    with pytest.raises(ValueError, match="n_neighbors > 0"):
        est.kneighbors(X, n_neighbors=0)
    with pytest.raises(ValueError, match="0 sample"):
        Estimator().fit(np.empty((0, 4)), [])
    with pytest.raises(ValueError, match="0 sample"):
        est.predict(np.empty((0, 4)))
    bad = X.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        Estimator().fit(bad, y)
    with pytest.raises(ValueError, match="NaN"):
        est.predict(bad)
    bad[3, 1] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        est.predict(bad)
    with pytest.raises(ValueError, match="features"):
        est.predict(X[:, :3])
    with pytest.raises(ValueError, match="Unsupported mode"):
        est.kneighbors_graph(X, mode="weights")
    with pytest.raises(ValueError, match="weights w"):
        Estimator(metric_params={"w": [1.0, -1.0, 1.0, 1.0]}).fit(X, y)
    with pytest.raises(TypeError, match="[Ss]parse"):
        from scipy.sparse import csr_matrix

        Estimator().fit(csr_matrix(X), y)


def test_zero_weights_from_callable_raise():
    X, y = load_iris(return_X_y=True)
    est = KNeighborsClassifier(weights=lambda d: np.zeros_like(d)).fit(X, y)
    with pytest.raises(ValueError, match="zero weights"):
        est.predict(X[:5])


def test_callers_arrays_untouched():
    X, y = load_wine(return_X_y=True)
    X = np.ascontiguousarray(X)
    X_copy, y_copy = X.copy(), y.copy()
    Q = X[::5].copy()
    Q_copy = Q.copy()
    for Estimator in [KNeighborsClassifier, KNeighborsRegressor]:
        est = Estimator(weights="distance").fit(X, y)
        est.predict(Q)
        est.kneighbors(Q)
        est.kneighbors_graph(None)
    assert_array_equal(X, X_copy)
    assert_array_equal(y, y_copy)
    assert_array_equal(Q, Q_copy)


def test_algorithm_names_give_the_same_results():
    X, y = load_digits(return_X_y=True)
    results = [
        KNeighborsClassifier(algorithm=algorithm, leaf_size=5, n_jobs=2)
        .fit(X, y)
        .kneighbors(X[:50])
        for algorithm in ["auto", "ball_tree", "kd_tree", "brute"]
    ]
    for dist, ind in results[1:]:
        assert_array_equal(dist, results[0][0])
        assert_array_equal(ind, results[0][1])


def test_float32_input():
    X, y = load_breast_cancer(return_X_y=True)
    X32 = np.ascontiguousarray(X, dtype=np.float32)
    ours = KNeighborsClassifier().fit(X32, y)
    ref = skn.KNeighborsClassifier(algorithm="brute").fit(X32, y)
    assert_array_equal(ours.predict(X32[::3]), ref.predict(X32[::3]))


def test_weighted_minkowski_matches_sklearn():
    X, y = load_wine(return_X_y=True)
    w = np.linspace(0.5, 2.0, X.shape[1])
    params = dict(metric="minkowski", p=3, metric_params={"w": w})
    ours = KNeighborsClassifier(**params).fit(X, y)
    ref = skn.KNeighborsClassifier(algorithm="brute", **params).fit(X, y)
    dist, ind = ours.kneighbors(X[::4])
    ref_dist, ref_ind = ref.kneighbors(X[::4])
    assert_array_equal(np.sort(ind, 1), np.sort(ref_ind, 1))
    assert_allclose(dist, ref_dist, rtol=1e-10)
    assert_array_equal(ours.predict(X[::4]), ref.predict(X[::4]))


def test_example_in_notes_k_equals_3():
    # p(C_k | x) = K_k / K with K = 3 (notes Figure 3.2)
    X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0]])
    y = np.array([0, 0, 1, 1, 1])
    proba = KNeighborsClassifier(n_neighbors=3).fit(X, y).predict_proba([[0.9]])
    assert_allclose(proba, [[2 / 3, 1 / 3]])
