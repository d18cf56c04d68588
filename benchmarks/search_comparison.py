"""Four hyperparameter searches side by side: evaluations used, best CV score.

    python benchmarks/search_comparison.py                  # everything, then the table
    python benchmarks/search_comparison.py svc:bayes forest:grid   # some pairs only

writes ``benchmarks/results/search_comparison.md`` (and one JSON per pair in
``benchmarks/results/search_comparison/``: pairs may run in separate processes,
the table is written once a problem's four searches are saved).

On each problem the exhaustive GridSearchCV sets the reference best score;
RandomizedSearchCV, skopt's BayesSearchCV and our GeneticSearchCV each get a
quarter of the grid's evaluations (GeneticSearchCV: ``population_size *
generations`` at most, fewer when it meets a genotype twice) over the same
ranges, as continuous / categorical spaces.  The stochastic searches run with
several seeds; the table gives the median and the worst best score.

Done-when of issue 9: GeneticSearchCV's best CV score is within 1% of the
grid's with at most a quarter of its evaluations, on every seed.

Every search uses the same folds (StratifiedKFold, shuffled, seed 0) and
``n_jobs=1``: the comparison is about evaluations, not parallelism.
"""

import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
import skopt
from scipy.stats import loguniform, randint
from sklearn.datasets import load_breast_cancer, load_wine
from sklearn.model_selection import (
    GridSearchCV,
    ParameterGrid,
    RandomizedSearchCV,
    StratifiedKFold,
)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from skopt import BayesSearchCV
from skopt.space import Categorical, Integer, Real

from sklearn_notes.ensemble import RandomForestClassifier
from sklearn_notes.model_selection import GeneticSearchCV
from sklearn_notes.svm import SVC

SEEDS = (0, 1)
CV = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
OUT = Path(__file__).parent / "results" / "search_comparison.md"


def svc_problem():
    """RBF / linear SVC on breast_cancer: C, gamma, kernel (8 x 8 x 2 = 128)."""
    X, y = load_breast_cancer(return_X_y=True)
    pipe = Pipeline([("scale", StandardScaler()), ("svc", SVC())])
    grid = {
        "svc__C": [float(c) for c in np.logspace(-2, 2, 8)],
        "svc__gamma": [float(g) for g in np.logspace(-4, 1, 8)],
        "svc__kernel": ["rbf", "linear"],
    }
    random = {
        "svc__C": loguniform(1e-2, 1e2),
        "svc__gamma": loguniform(1e-4, 1e1),
        "svc__kernel": ["rbf", "linear"],
    }
    bayes = {
        "svc__C": Real(1e-2, 1e2, prior="log-uniform"),
        "svc__gamma": Real(1e-4, 1e1, prior="log-uniform"),
        "svc__kernel": Categorical(["rbf", "linear"]),
    }
    genetic = dict(bayes)  # Gaussian mutation in log space
    ga_size = dict(population_size=8, generations=4)
    title = "SVC, breast_cancer (569 x 30)"
    return title, pipe, X, y, grid, random, bayes, genetic, ga_size


def forest_problem():
    """RandomForestClassifier(10 trees) on wine: 6 x 5 x 3 x 2 = 180."""
    X, y = load_wine(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=10, random_state=0)
    grid = {
        "max_depth": [1, 2, 3, 5, 8, None],
        "min_samples_leaf": [1, 2, 4, 8, 16],
        "max_features": ["sqrt", 0.5, 1.0],
        "criterion": ["gini", "entropy"],
    }
    random = {
        "max_depth": [1, 2, 3, 5, 8, None],
        "min_samples_leaf": randint(1, 17),
        "max_features": ["sqrt", 0.5, 1.0],
        "criterion": ["gini", "entropy"],
    }
    bayes = {
        "max_depth": Categorical([1, 2, 3, 5, 8, None]),
        "min_samples_leaf": Integer(1, 16, prior="log-uniform"),
        "max_features": Categorical(["sqrt", 0.5, 1.0]),
        "criterion": Categorical(["gini", "entropy"]),
    }
    genetic = dict(bayes)
    ga_size = dict(population_size=9, generations=5)
    title = "RandomForestClassifier(n_estimators=10), wine (178 x 13)"
    return title, forest, X, y, grid, random, bayes, genetic, ga_size


def _timed_fit(search, X, y):
    start = time.process_time()
    search.fit(X, y)
    return search, time.process_time() - start


METHODS = ("grid", "random", "bayes", "genetic")


def run_method(make, method):
    """One search (all seeds) on one problem: a row of the table."""
    title, estimator, X, y, grid, random, bayes, genetic, ga_size = make()
    common = dict(cv=CV, n_jobs=1, error_score="raise")
    n_grid = len(ParameterGrid(grid))
    budget = n_grid // 4
    assert ga_size["population_size"] * ga_size["generations"] <= budget
    if method == "grid":
        search, cpu = _timed_fit(GridSearchCV(estimator, grid, **common), X, y)
        assert len(search.cv_results_["params"]) == n_grid
        return (
            title,
            n_grid,
            ("GridSearchCV (exhaustive)", [n_grid], [search.best_score_], cpu),
        )
    names = {
        "random": f"RandomizedSearchCV (n_iter={budget})",
        "bayes": f"BayesSearchCV (n_iter={budget})",
        "genetic": "GeneticSearchCV ({population_size} x {generations})".format(
            **ga_size
        ),
    }
    makers = {
        "random": lambda seed: RandomizedSearchCV(
            estimator, random, n_iter=budget, random_state=seed, **common
        ),
        "bayes": lambda seed: BayesSearchCV(
            estimator, bayes, n_iter=budget, random_state=seed, **common
        ),
        "genetic": lambda seed: GeneticSearchCV(
            estimator, genetic, random_state=seed, **ga_size, **common
        ),
    }
    evaluations, scores, cpu = [], [], 0.0
    for seed in SEEDS:
        search, seconds = _timed_fit(makers[method](seed), X, y)
        evaluations.append(len(search.cv_results_["params"]))
        scores.append(float(search.best_score_))
        cpu += seconds
        print(
            f"  {names[method]} seed {seed}: {scores[-1]:.4f} ({evaluations[-1]} evals)"
        )
    return title, n_grid, (names[method], evaluations, scores, cpu / len(SEEDS))


def _table(title, grid_best, n_grid, rows):
    lines = [
        f"### {title}",
        "",
        f"Grid: {n_grid} candidates x {CV.get_n_splits()} folds; target for "
        f"GeneticSearchCV: best score >= {0.99 * grid_best:.4f} (99% of "
        f"{grid_best:.4f}) with <= {n_grid // 4} candidates.",
        "",
        "| search | candidates evaluated (max) | best CV accuracy, median | worst seed "
        "| % of grid best (worst) | CPU s per search |",
        "|---|---|---|---|---|---|",
    ]
    verdicts = []
    for name, evaluations, scores, cpu in rows:
        worst = min(scores)
        lines.append(
            f"| {name} | {max(evaluations)} | {np.median(scores):.4f} | {worst:.4f} "
            f"| {100 * worst / grid_best:.2f} | {cpu:.1f} |"
        )
        if name.startswith("GeneticSearchCV"):
            met = worst >= 0.99 * grid_best and max(evaluations) <= n_grid // 4
            verdicts.append(met)
    lines.append("")
    lines.append(f"GeneticSearchCV target met on every seed: **{all(verdicts)}**.")
    lines.append("")
    return lines, all(verdicts)


PROBLEMS = {"svc": svc_problem, "forest": forest_problem}


def _saved(problem, method):
    return OUT.parent / "search_comparison" / f"{problem}_{method}.json"


def main(argv):
    """Run the ``problem:method`` pairs of ``argv`` (default: all), then the table.

    Each pair's numbers are kept in ``results/search_comparison/`` so that
    pairs can run in separate processes; the Markdown table is written from
    every problem whose four searches are saved.
    """
    pairs = [arg.split(":") for arg in argv] or [
        [problem, method] for problem in PROBLEMS for method in METHODS
    ]
    for problem, method in pairs:
        if problem not in PROBLEMS or method not in METHODS:
            raise SystemExit(f"use problem:method with {list(PROBLEMS)}, {METHODS}")
    for problem, method in pairs:
        print(problem, method, "-", PROBLEMS[problem].__doc__)
        title, n_grid, row = run_method(PROBLEMS[problem], method)
        record = dict(
            title=title,
            n_grid=n_grid,
            row=row,
            finished=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        )
        _saved(problem, method).parent.mkdir(parents=True, exist_ok=True)
        _saved(problem, method).write_text(json.dumps(record, indent=1))

    sections, all_met, dates = [], True, []
    for problem in PROBLEMS:
        if not all(_saved(problem, method).exists() for method in METHODS):
            continue
        records = [json.loads(_saved(problem, m).read_text()) for m in METHODS]
        rows = [record["row"] for record in records]
        lines, met = _table(
            records[0]["title"], rows[0][2][0], records[0]["n_grid"], rows
        )
        sections += lines
        all_met &= met
        dates += [record["finished"] for record in records]
    if not sections:
        return 0
    header = [
        "# Hyperparameter searches compared: evaluations and best CV score",
        "",
        f"Written by `benchmarks/search_comparison.py` (runs finished "
        f"{min(dates)} to {max(dates)}); seeds {list(SEEDS)} for the stochastic "
        f"searches; {CV.get_n_splits()}-fold stratified CV (shuffled, seed 0); "
        f"n_jobs=1. Python {platform.python_version()}, "
        f"scikit-learn {sklearn.__version__}, "
        f"scikit-optimize {skopt.__version__}, NumPy {np.__version__}, "
        f"{os.cpu_count()} CPUs shared with other jobs (CPU times are rough).",
        "",
        "Random, Bayes and genetic searches get a quarter of the grid's candidates, "
        "over the same ranges as continuous (log-uniform) or categorical spaces; "
        "BayesSearchCV with skopt's defaults. "
        "GeneticSearchCV never cross-validates a genotype twice, so it may use "
        "fewer than population_size x generations candidates.",
        "",
    ]
    OUT.write_text("\n".join(header + sections))
    print(OUT.read_text())
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
