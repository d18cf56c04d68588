"""scikit-learn's searches run our estimators unchanged on a dask cluster.

``joblib.parallel_backend("dask")`` sends every (candidate, fold) fit of
GridSearchCV, skopt's BayesSearchCV and our GeneticSearchCV (one batch per
generation), and every tree of a RandomForestClassifier, to the workers of a
``distributed.LocalCluster``; the results must be identical to the local
run, with thread workers (same process, Numba kernels release
the GIL) and with process workers (spawned, each imports sklearn_notes and
loads the Numba cache itself).

The cluster listens on 127.0.0.1 only and each worker process runs one Numba
thread (``pre-spawn-environ``), as docs/scale_out.rst recommends.  Process
workers are spawned: this module is imported by pytest, not run as
``__main__``, so no ``if __name__ == "__main__"`` guard is needed.
"""

import logging
import os

import joblib
import numpy as np
import pytest
from distributed import get_task_stream
from sklearn.datasets import load_iris
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from skopt import BayesSearchCV
from skopt.space import Integer

from sklearn_notes.ensemble import RandomForestClassifier
from sklearn_notes.linear_model import LogisticRegression
from sklearn_notes.model_selection import GeneticSearchCV, search_space
from sklearn_notes.naive_bayes import GaussianNB
from sklearn_notes.neighbors import KNeighborsClassifier

N_WORKERS = 2
CV = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)


@pytest.fixture(scope="session", params=["threads", "processes"])
def dask_client(request, tmp_path_factory):
    """A two-worker LocalCluster on 127.0.0.1 (DISTRIBUTED.md section 3)."""
    import dask
    from distributed import Client, LocalCluster

    # The Nanny writes OMP_NUM_THREADS etc. into this process's os.environ
    # and leaves them there after close.
    saved = dict(os.environ)
    with dask.config.set(
        {
            "distributed.comm.timeouts.connect": "60s",
            "distributed.comm.timeouts.tcp": "60s",
            "distributed.scheduler.allowed-failures": 0,
            "distributed.nanny.pre-spawn-environ.NUMBA_NUM_THREADS": 1,
        }
    ):
        cluster = LocalCluster(
            n_workers=N_WORKERS,
            threads_per_worker=1,
            processes=request.param == "processes",
            host="127.0.0.1",
            protocol="tcp://",  # inproc:// cannot be combined with host=
            scheduler_port=0,
            dashboard_address="127.0.0.1:0",  # None still serves on :8787
            local_directory=str(tmp_path_factory.mktemp("dask")),
            silence_logs=logging.ERROR,
            timeout=120,
        )
        client = Client(cluster, timeout=120)
        client.wait_for_workers(N_WORKERS, timeout=120)
        try:
            yield client
        finally:
            client.close(timeout=30)
            cluster.close(timeout=30)
            os.environ.clear()
            os.environ.update(saved)


def _data():
    return load_iris(return_X_y=True)


def _grid_search():
    pipe = Pipeline([("scale", StandardScaler()), ("clf", GaussianNB())])
    return GridSearchCV(pipe, search_space(pipe, "grid"), cv=CV)


def _bayes_search():
    pipe = Pipeline(
        [("scale", StandardScaler()), ("clf", LogisticRegression(max_iter=200))]
    )
    return BayesSearchCV(
        pipe, search_space(pipe, "bayes"), n_iter=4, cv=CV, random_state=0
    )


def _genetic_search():
    # all the randomness of the evolution is drawn in the client: the
    # workers only cross-validate each generation's new genotypes
    pipe = Pipeline([("scale", StandardScaler()), ("clf", KNeighborsClassifier())])
    space = {
        "clf__n_neighbors": Integer(1, 30),
        "clf__weights": ["uniform", "distance"],
    }
    return GeneticSearchCV(
        pipe, space, population_size=4, generations=2, cv=CV, random_state=0
    )


SEARCHES = {"grid": _grid_search, "bayes": _bayes_search, "genetic": _genetic_search}


@pytest.fixture(scope="module")
def local_results():
    """Each search fitted in this process with n_jobs=1, as the reference."""
    X, y = _data()
    return {name: make().fit(X, y) for name, make in SEARCHES.items()}


@pytest.mark.parametrize("name", list(SEARCHES))
def test_search_on_dask_matches_local_run(name, dask_client, local_results):
    X, y = _data()
    search = SEARCHES[name]()
    with get_task_stream(dask_client) as stream:
        with joblib.parallel_backend("dask"):
            search.fit(X, y)

    # The fits really ran on the cluster's workers, not in this process.
    assert len(stream.data) > 0
    assert {task["worker"] for task in stream.data} <= set(
        dask_client.scheduler_info()["workers"]
    )

    local = local_results[name]
    assert search.best_params_ == local.best_params_
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], local.cv_results_["mean_test_score"]
    )
    np.testing.assert_array_equal(
        search.cv_results_["split0_test_score"],
        local.cv_results_["split0_test_score"],
    )
    assert search.cv_results_["params"] == local.cv_results_["params"]
    np.testing.assert_array_equal(search.predict(X), local.predict(X))
    if name == "genetic":
        assert search.history_ == local.history_
        np.testing.assert_array_equal(
            search.cv_results_["generation"], local.cv_results_["generation"]
        )


def _forest():
    return RandomForestClassifier(n_estimators=6, n_jobs=2, random_state=0)


def test_forest_on_dask_matches_local_run(dask_client):
    """The forest's ``Parallel(n_jobs=2)`` sends its trees to the workers."""
    X, y = _data()
    local = _forest().fit(X, y)  # joblib's default backend (threads)
    forest = _forest()
    with get_task_stream(dask_client) as stream:
        with joblib.parallel_backend("dask"):
            forest.fit(X, y)

    assert len(stream.data) > 0
    assert {task["worker"] for task in stream.data} <= set(
        dask_client.scheduler_info()["workers"]
    )
    assert len(forest.estimators_) == 6
    np.testing.assert_array_equal(forest.predict(X), local.predict(X))
    np.testing.assert_array_equal(forest.predict_proba(X), local.predict_proba(X))


def _worker_state():
    import numba

    return os.getpid(), os.environ.get("NUMBA_NUM_THREADS"), numba.get_num_threads()


def test_workers_are_threads_or_capped_processes(dask_client):
    states = dask_client.run(_worker_state)
    assert len(states) == N_WORKERS
    pids = {pid for pid, _, _ in states.values()}
    if dask_client.cluster.processes:
        # Two spawned processes, each limited to one Numba thread so that
        # n_workers x NUMBA_NUM_THREADS does not oversubscribe the cores.
        assert len(pids) == N_WORKERS and os.getpid() not in pids
        assert all(env == "1" for _, env, _ in states.values())
        assert all(threads == 1 for _, _, threads in states.values())
    else:
        # Thread workers share this process (kernels are nogil).
        assert pids == {os.getpid()}
