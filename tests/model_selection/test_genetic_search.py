"""GeneticSearchCV (notes 11.3.2): a BaseSearchCV whose candidates evolve.

The references are scikit-learn's own searches: every genotype's scores must
equal GridSearchCV's scores of the same parameters on the same folds, and
cv_results_ must follow GridSearchCV's layout.  The genetic operators are
checked through their defining properties (elites survive, nothing is
evaluated twice, values stay inside their ranges, the run is reproducible).
"""

import numpy as np
import pytest
from scipy.stats import loguniform, randint, uniform
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import FitFailedWarning
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from skopt.space import Categorical, Integer, Real

from sklearn_notes.linear_model import LogisticRegression
from sklearn_notes.model_selection import GeneticSearchCV, search_space
from sklearn_notes.model_selection._genetic_search import _key
from sklearn_notes.naive_bayes import GaussianNB
from sklearn_notes.neighbors import KNeighborsClassifier
from sklearn_notes.svm import SVC
from sklearn_notes.tree import DecisionTreeClassifier

CV = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)


def _wine():
    X, y = load_wine(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def _digits():
    X, y = load_digits(return_X_y=True)
    return X[:400], y[:400]


def _genotype(params):
    return _key(0, tuple(sorted(params.items())))


def _knn_search(**kwargs):
    # 4 x 2 = 8 genotypes: small enough to compare with the full grid
    space = {"n_neighbors": [1, 3, 7, 15], "weights": ["uniform", "distance"]}
    options = dict(population_size=4, generations=3, cv=CV, random_state=0)
    options.update(kwargs)
    return GeneticSearchCV(KNeighborsClassifier(), space, **options), space


# --------------------------------------------------------------------------
# same results and layout as GridSearchCV
# --------------------------------------------------------------------------
def test_cv_results_match_grid_search():
    X, y = _wine()
    search, space = _knn_search(return_train_score=True)
    search.fit(X, y)
    grid = GridSearchCV(KNeighborsClassifier(), space, cv=CV, return_train_score=True)
    grid.fit(X, y)

    ours, theirs = search.cv_results_, grid.cv_results_
    assert set(ours) == set(theirs) | {"generation"}
    n_candidates = len(ours["params"])
    for key, column in ours.items():
        assert len(column) == n_candidates, key
        if key.startswith("param_"):
            assert isinstance(column, np.ma.MaskedArray)
        if key.startswith("rank_"):
            assert column.dtype.kind == "i"

    # every genotype scores exactly what GridSearchCV gives the same params
    row_in_grid = {_genotype(p): i for i, p in enumerate(theirs["params"])}
    for i, params in enumerate(ours["params"]):
        j = row_in_grid[_genotype(params)]
        for key in (
            "split0_test_score",
            "split2_test_score",
            "mean_test_score",
            "std_test_score",
            "mean_train_score",
        ):
            assert ours[key][i] == theirs[key][j], (key, params)

    # best_* follow GridSearchCV's conventions
    assert search.best_index_ == np.argmax(ours["mean_test_score"])
    assert ours["rank_test_score"][search.best_index_] == 1
    assert search.best_score_ == ours["mean_test_score"][search.best_index_]
    assert search.best_params_ == ours["params"][search.best_index_]
    assert search.n_splits_ == 3
    assert search.multimetric_ is False
    np.testing.assert_array_equal(search.classes_, np.unique(y))


def test_best_params_reach_best_estimator_on_breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    pipe = Pipeline([("scale", StandardScaler()), ("svc", SVC())])
    space = {
        "svc__C": Real(1e-2, 1e2, prior="log-uniform"),
        "svc__gamma": loguniform(1e-3, 1e0),
        "svc__kernel": ["rbf", "linear"],
    }
    search = GeneticSearchCV(
        pipe, space, population_size=5, generations=3, cv=CV, random_state=0
    ).fit(X, y)
    fitted = search.best_estimator_[-1].get_params()
    for key, value in search.best_params_.items():
        assert fitted[key.removeprefix("svc__")] == value
    assert search.best_score_ > 0.9  # breast_cancer with a scaled SVC
    refit = clone(pipe).set_params(**search.best_params_).fit(X, y)
    np.testing.assert_array_equal(search.predict(X), refit.predict(X))
    assert search.score(X, y) == refit.score(X, y)


# --------------------------------------------------------------------------
# the evolution
# --------------------------------------------------------------------------
def test_history_and_generations_are_consistent():
    X, y = _wine()
    search = GeneticSearchCV(
        LogisticRegression(max_iter=300),
        {"C": loguniform(1e-4, 1e2), "fit_intercept": [True, False]},
        population_size=6,
        generations=4,
        elitism=1,
        cv=CV,
        random_state=0,
    ).fit(X, y)
    history = search.history_
    assert search.n_generations_ == 4
    assert history["generation"] == [0, 1, 2, 3]
    scores = search.cv_results_["mean_test_score"]
    generation = np.asarray(search.cv_results_["generation"])
    assert np.all(np.diff(generation) >= 0)
    assert sum(history["n_evaluated"]) == len(scores) <= 6 * 4
    assert history["n_evaluated"][0] == 6  # distinct random genotypes
    for g in range(4):
        assert np.sum(generation == g) == history["n_evaluated"][g]
        assert history["best_score_so_far"][g] == scores[generation <= g].max()
        assert history["mean_score"][g] <= history["best_score"][g]
    # with elitism the fittest genotype survives: the best never decreases
    assert np.all(np.diff(history["best_score"]) >= 0)
    assert history["best_score_so_far"][-1] == search.best_score_


def test_no_genotype_is_evaluated_twice():
    X, y = load_iris(return_X_y=True)
    search, space = _knn_search(population_size=6, generations=8)
    search.fit(X, y)
    keys = [_genotype(p) for p in search.cv_results_["params"]]
    assert len(keys) == len(set(keys))
    assert len(keys) <= 4 * 2  # the whole space has 8 genotypes
    assert search.n_generations_ == 8


class _CountingGaussianNB(GaussianNB):
    """Records the parameters of every fit (thread backend: shared list)."""

    fits = []

    def fit(self, X, y, sample_weight=None):
        type(self).fits.append(self.var_smoothing)
        return super().fit(X, y, sample_weight=sample_weight)


def test_cached_genotypes_are_not_refitted():
    X, y = load_iris(return_X_y=True)
    _CountingGaussianNB.fits = []
    values = [1e-9, 1e-6, 1e-3]
    search = GeneticSearchCV(
        _CountingGaussianNB(),
        {"var_smoothing": values},
        population_size=5,
        generations=6,
        cv=CV,
        random_state=0,
    ).fit(X, y)
    n_candidates = len(search.cv_results_["params"])
    assert n_candidates <= len(values)
    # folds of each candidate, plus the one refit
    assert len(_CountingGaussianNB.fits) == 3 * n_candidates + 1


def test_early_stopping():
    X, y = load_iris(return_X_y=True)
    # one genotype: the best score is found at once and never improves
    search = GeneticSearchCV(
        GaussianNB(),
        {"var_smoothing": [1e-9]},
        population_size=3,
        generations=20,
        n_iter_no_change=2,
        cv=CV,
        random_state=0,
    ).fit(X, y)
    assert search.n_generations_ == 3  # generation 0, then 2 without gain
    assert search.history_["n_evaluated"] == [1, 0, 0]

    X, y = _wine()
    search = GeneticSearchCV(
        LogisticRegression(max_iter=300),
        {"C": loguniform(1e-4, 1e2)},
        population_size=4,
        generations=30,
        n_iter_no_change=3,
        cv=CV,
        random_state=0,
    ).fit(X, y)
    best = search.history_["best_score_so_far"]
    # replay the rule: stop at the first generation that ends 3 in a row
    # without a new best score (or after generation 29)
    stalled, expected_stop = 0, 29
    for g in range(1, 30):
        if g >= len(best):
            break
        stalled = 0 if best[g] > best[g - 1] else stalled + 1
        if stalled == 3:
            expected_stop = g
            break
    assert search.n_generations_ == expected_stop + 1 == len(best)


def test_deterministic_and_independent_of_n_jobs():
    X, y = _digits()
    space = {
        "max_depth": Integer(2, 12),
        "min_samples_leaf": randint(1, 10),
        "criterion": Categorical(["gini", "entropy"]),
    }

    def fit(seed, n_jobs):
        return GeneticSearchCV(
            DecisionTreeClassifier(random_state=0),
            space,
            population_size=6,
            generations=3,
            cv=CV,
            random_state=seed,
            n_jobs=n_jobs,
        ).fit(X, y)

    first, again, parallel = fit(0, 1), fit(0, 1), fit(0, 2)
    for other in (again, parallel):
        assert other.cv_results_["params"] == first.cv_results_["params"]
        np.testing.assert_array_equal(
            other.cv_results_["mean_test_score"], first.cv_results_["mean_test_score"]
        )
        assert other.best_params_ == first.best_params_
        assert other.history_ == first.history_
    assert fit(1, 1).cv_results_["params"] != first.cv_results_["params"]


# --------------------------------------------------------------------------
# kinds of parameter ranges
# --------------------------------------------------------------------------
def test_values_stay_in_their_ranges():
    X, y = _wine()
    space = {
        "C": Real(1e-3, 1e1, prior="log-uniform"),
        "tol": uniform(1e-5, 1e-3),  # [1e-5, 1.01e-3]
        "max_iter": Integer(50, 400),
        "fit_intercept": Categorical([True, False]),
        "class_weight": [None, "balanced"],
    }
    search = GeneticSearchCV(
        LogisticRegression(),
        space,
        population_size=8,
        generations=4,
        mutation_probability=0.5,
        cv=CV,
        random_state=0,
    ).fit(X, y)
    params = search.cv_results_["params"]
    assert len(params) > 8  # later generations brought new genotypes
    for p in params:
        assert 1e-3 <= p["C"] <= 1e1 and isinstance(p["C"], float)
        assert 1e-5 <= p["tol"] <= 1.01e-3
        assert 50 <= p["max_iter"] <= 400 and isinstance(p["max_iter"], int)
        assert p["fit_intercept"] in (True, False)
        assert p["class_weight"] in (None, "balanced")
    # log-uniform: both decades below and above 0.1 are explored
    C = np.array([p["C"] for p in params])
    assert (C < 0.1).any() and (C > 0.1).any()


def test_list_of_subspaces():
    X, y = load_breast_cancer(return_X_y=True)
    pipe = Pipeline([("scale", StandardScaler()), ("svc", SVC())])
    space = [
        {"svc__kernel": ["linear"], "svc__C": loguniform(1e-2, 1e1)},
        {
            "svc__kernel": ["rbf"],
            "svc__C": loguniform(1e-2, 1e1),
            "svc__gamma": loguniform(1e-3, 1e-1),
        },
    ]
    search = GeneticSearchCV(
        pipe, space, population_size=6, generations=3, cv=CV, random_state=0
    ).fit(X, y)
    kernels = set()
    for p in search.cv_results_["params"]:
        kernels.add(p["svc__kernel"])
        # a genotype carries exactly the genes of its own subspace
        expected = {"svc__kernel", "svc__C"} | (
            {"svc__gamma"} if p["svc__kernel"] == "rbf" else set()
        )
        assert set(p) == expected
    assert kernels == {"linear", "rbf"}


@pytest.mark.parametrize("kind", ["grid", "random", "bayes"])
def test_search_space_output_is_accepted(kind):
    X, y = load_iris(return_X_y=True)
    pipe = Pipeline([("scale", StandardScaler()), ("svc", SVC())])
    space = search_space(pipe, kind=kind)
    search = GeneticSearchCV(
        pipe, space, population_size=4, generations=2, cv=CV, random_state=0
    ).fit(X, y)
    assert set(search.best_params_) == set(space)
    assert search.best_estimator_[-1].C == search.best_params_["svc__C"]
    assert search.best_score_ > 0.8


# --------------------------------------------------------------------------
# refit and scoring as in GridSearchCV
# --------------------------------------------------------------------------
def test_refit_false():
    X, y = load_iris(return_X_y=True)
    search, _ = _knn_search(refit=False)
    search.fit(X, y)
    assert not hasattr(search, "best_estimator_")
    assert search.best_params_ == search.cv_results_["params"][search.best_index_]
    with pytest.raises(AttributeError, match="has no attribute 'predict'"):
        search.predict(X)


def test_refit_callable():
    X, y = load_iris(return_X_y=True)

    def lowest_std(cv_results):
        return int(np.argmin(cv_results["std_test_score"]))

    search, _ = _knn_search(refit=lowest_std)
    search.fit(X, y)
    assert search.best_index_ == lowest_std(search.cv_results_)
    assert search.best_params_ == search.cv_results_["params"][search.best_index_]
    assert search.best_estimator_.n_neighbors == search.best_params_["n_neighbors"]


def test_multimetric_evolves_on_the_refit_metric():
    X, y = _wine()
    scoring = {"acc": "accuracy", "nll": "neg_log_loss"}
    search = GeneticSearchCV(
        LogisticRegression(max_iter=300),
        {"C": loguniform(1e-4, 1e2)},
        scoring=scoring,
        refit="nll",
        population_size=5,
        generations=3,
        cv=CV,
        random_state=0,
    ).fit(X, y)
    results = search.cv_results_
    assert {"mean_test_acc", "mean_test_nll", "rank_test_nll"} <= set(results)
    assert search.multimetric_
    assert search.best_index_ == np.argmax(results["mean_test_nll"])
    assert search.best_score_ == results["mean_test_nll"][search.best_index_]
    assert search.history_["best_score_so_far"][-1] == search.best_score_
    assert search.best_estimator_.C == search.best_params_["C"]

    search.set_params(refit=False)
    with pytest.raises(ValueError, match="refit must be one of the scorer names"):
        search.fit(X, y)


def test_failed_fits_lose():
    X, y = load_iris(return_X_y=True)
    search = GeneticSearchCV(
        LogisticRegression(),
        {"C": [-1.0, 1.0]},  # C=-1 is refused by LogisticRegression.fit
        population_size=2,
        generations=2,
        tournament_size=2,
        cv=CV,
        random_state=0,
    )
    with pytest.warns(FitFailedWarning):
        search.fit(X, y)
    assert search.best_params_ == {"C": 1.0}
    assert np.isnan(search.cv_results_["mean_test_score"]).sum() == 1


def test_verbose_reports_generations(capsys):
    X, y = load_iris(return_X_y=True)
    search, _ = _knn_search(verbose=1, generations=2)
    search.fit(X, y)
    out = capsys.readouterr().out
    assert "generation 0" in out and "generation 1" in out


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "params, error, match",
    [
        (dict(param_distributions={"C": "abc"}), TypeError, "need to be a list"),
        (dict(param_distributions={"C": 1.0}), TypeError, "need to be a list"),
        (dict(param_distributions={"C": []}), ValueError, "non-empty"),
        (dict(param_distributions={"C": np.ones((2, 2))}), ValueError, "one-dim"),
        (dict(param_distributions={}), ValueError, "empty dict"),
        (dict(param_distributions=[]), ValueError, "empty list"),
        (dict(param_distributions=[{"C": [1.0]}, 3]), TypeError, "list of dicts"),
        (dict(param_distributions={1: [1.0]}), TypeError, "names must be str"),
        (dict(param_distributions="C"), ValueError, "param_distributions"),
        (dict(population_size=1), ValueError, "population_size"),
        (dict(generations=0), ValueError, "generations"),
        (dict(mutation_probability=1.5), ValueError, "mutation_probability"),
        (dict(crossover_probability=-0.1), ValueError, "crossover_probability"),
        (dict(tournament_size=5), ValueError, "must not exceed population_size"),
        (dict(elitism=4), ValueError, "elitism=4 must be smaller"),
        (dict(n_iter_no_change=0), ValueError, "n_iter_no_change"),
        (dict(param_distributions={"not_a_param": [1]}), ValueError, "Invalid param"),
    ],
)
def test_bad_input(params, error, match):
    X, y = load_iris(return_X_y=True)
    options = dict(
        estimator=LogisticRegression(),
        param_distributions={"C": [1.0]},
        population_size=4,
        generations=2,
        cv=3,
    )
    options.update(params)
    with pytest.raises(error, match=match):
        GeneticSearchCV(**options).fit(X, y)


def test_classifier_without_y_is_refused():
    X, _ = load_iris(return_X_y=True)
    search = GeneticSearchCV(LogisticRegression(), {"C": [1.0]}, cv=3)
    with pytest.raises(ValueError, match="requires y to be passed"):
        search.fit(X)
