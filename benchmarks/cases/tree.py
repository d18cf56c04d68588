"""DecisionTreeClassifier / DecisionTreeRegressor against scikit-learn's twins.

Target (issue): fit at most 0.5 of scikit-learn's CPU time at equal quality.
"""

import numpy as np
from _harness import Case, Contender, Dataset, Target, accuracy, same_predictions
from sklearn.datasets import make_classification, make_regression


def _classification_50(n):
    X, y = make_classification(n_samples=n + n // 5, n_features=50, random_state=0)
    return X[:n], y[:n], X[n:], y[n:]


def _regression_50(n):
    X, y = make_regression(n_samples=n + n // 5, n_features=50, random_state=0)
    return X[:n], y[:n], X[n:], y[n:]


CLASSIFICATION_50 = Dataset(
    key="make_classification-50",
    description="make_classification {n}×50; test {n_test}",
    make=_classification_50,
)

REGRESSION_50 = Dataset(
    key="make_regression-50",
    description="make_regression {n}×50; test {n_test}",
    make=_regression_50,
)


def r2(estimator, X_test, y_test):
    """Coefficient of determination on the held-out rows."""
    residual = np.sum((y_test - estimator.predict(X_test)) ** 2)
    return float(1.0 - residual / np.sum((y_test - y_test.mean()) ** 2))


def max_prediction_gap(ours, reference, X_test):
    """Largest absolute difference of the two regressors' predictions."""
    gap = np.max(np.abs(ours.predict(X_test) - reference.predict(X_test)))
    return f"max |Δ prediction| {gap:.3g}"


def _tree_case(name, dataset, n_standard, n_quick, quality, quality_name, agreement):
    params = {"random_state": 0}
    return Case(
        family="tree",
        estimator=name,
        dataset=dataset,
        n_standard=n_standard,
        n_quick=n_quick,
        ours=Contender("ours", "sklearn_notes.tree", name, params),
        references=(Contender("sklearn", "sklearn.tree", name, params),),
        operations=("fit", "predict"),
        quality=quality,
        quality_name=quality_name,
        agreement=agreement,
        targets=(Target("fit", 0.5, against="sklearn"),),
    )


CASES = [
    _tree_case(
        "DecisionTreeClassifier",
        CLASSIFICATION_50,
        25_000,
        3_000,
        accuracy,
        "accuracy",
        same_predictions,
    ),
    _tree_case(
        "DecisionTreeRegressor",
        REGRESSION_50,
        50_000,
        3_000,
        r2,
        "R²",
        max_prediction_gap,
    ),
]
