"""GradientBoostingRegressor against scikit-learn's GradientBoostingRegressor
and HistGradientBoostingRegressor.

Targets (issue 8, notes 5.3.2), one thread, 100 trees, learning rate 0.1, on
make_regression(n_informative=10, noise=10) + 50·sin(2·x0)·x1 (20 features):

* 5k rows, depth 3 (the defaults): fit at most 0.1 of scikit-learn's
  GradientBoostingRegressor CPU time at equal R²;
* 100k rows, 31 leaves (max_leaf_nodes=31, max_depth=None): fit within 2× of
  scikit-learn's HistGradientBoostingRegressor (early stopping off).

Ours grows its trees on histograms of binned features (at most 255 bins), as
HistGradientBoosting does; scikit-learn's GradientBoostingRegressor sorts.
"""

import numpy as np
from _harness import Case, Contender, Dataset, Target
from sklearn.datasets import make_regression

from .ensemble_forest import r2, r2_gap


def _regression_20_interaction(n):
    X, y = make_regression(
        n_samples=n + n // 5,
        n_features=20,
        n_informative=10,
        noise=10.0,
        random_state=0,
    )
    y = y + 50.0 * np.sin(2.0 * X[:, 0]) * X[:, 1]  # a non-additive part
    return X[:n], y[:n], X[n:], y[n:]


REGRESSION_20_INTERACTION = Dataset(
    key="make_regression-20-sin-interaction",
    description="make_regression {n}×20 (10 informative, noise 10) "
    "+ 50·sin(2·x0)·x1; test {n_test}",
    make=_regression_20_interaction,
)

_DEPTH_3 = {"n_estimators": 100, "learning_rate": 0.1, "random_state": 0}
_LEAVES_31 = {**_DEPTH_3, "max_leaf_nodes": 31, "max_depth": None}
_HIST = {
    "max_iter": 100,
    "learning_rate": 0.1,
    "max_leaf_nodes": 31,
    "max_depth": None,
    "early_stopping": False,
    "random_state": 0,
}

CASES = [
    Case(
        family="ensemble",
        estimator="GradientBoostingRegressor",
        variant="depth 3",
        dataset=REGRESSION_20_INTERACTION,
        n_standard=5_000,
        n_quick=1_000,
        ours=Contender(
            "ours", "sklearn_notes.ensemble", "GradientBoostingRegressor", _DEPTH_3
        ),
        references=(
            Contender(
                "sklearn", "sklearn.ensemble", "GradientBoostingRegressor", _DEPTH_3
            ),
        ),
        operations=("fit", "predict"),
        quality=r2,
        quality_name="R²",
        agreement=r2_gap,
        targets=(Target("fit", 0.1, against="sklearn"),),
    ),
    Case(
        family="ensemble",
        estimator="GradientBoostingRegressor",
        variant="31 leaves vs hist",
        dataset=REGRESSION_20_INTERACTION,
        n_standard=100_000,
        n_quick=5_000,
        ours=Contender(
            "ours", "sklearn_notes.ensemble", "GradientBoostingRegressor", _LEAVES_31
        ),
        references=(
            Contender(
                "sklearn hist",
                "sklearn.ensemble",
                "HistGradientBoostingRegressor",
                _HIST,
            ),
        ),
        operations=("fit", "predict"),
        quality=r2,
        quality_name="R²",
        agreement=r2_gap,
        targets=(Target("fit", 2.0, against="sklearn hist"),),
    ),
]
