"""KNeighborsClassifier / KNeighborsRegressor against scikit-learn's twins.

Data (BENCHMARKS.md): make_classification 30k x 16, 3 classes (with
``n_informative=5``: the default 2 cannot hold 3 classes of 2 clusters),
``random_state=0``; the harness's n/5 = 6k held-out rows are the queries.
scikit-learn's default ``algorithm="auto"`` picks its brute-force search
for 16 features; ours is an exact brute-force search whatever the
``algorithm``.

Target (issue): predict at most 0.5x scikit-learn's CPU time (k = 5, one
thread).  The regressor row (the same data, the class label as target) is
reported without a target.
"""

import numpy as np
from _harness import Case, Contender, Dataset, Target, accuracy, same_predictions
from sklearn.datasets import make_classification


def _three_classes_16(n):
    X, y = make_classification(
        n_samples=n + n // 5,
        n_features=16,
        n_informative=5,
        n_classes=3,
        random_state=0,
    )
    return X[:n], y[:n], X[n:], y[n:]


THREE_CLASSES_16 = Dataset(
    key="make_classification-16-5-3",
    description="make_classification {n}×16, 5 informative, 3 classes; "
    "{n_test} queries",
    make=_three_classes_16,
)


def r2(estimator, X_test, y_test):
    """Held-out coefficient of determination."""
    return float(estimator.score(X_test, y_test))


def max_prediction_gap(ours, reference, X_test):
    gap = np.abs(ours.predict(X_test) - reference.predict(X_test))
    return f"max |Δ prediction| {gap.max():.1e}"


CASES = [
    Case(
        family="neighbors",
        estimator="KNeighborsClassifier",
        dataset=THREE_CLASSES_16,
        n_standard=30_000,
        n_quick=5_000,
        ours=Contender("ours", "sklearn_notes.neighbors", "KNeighborsClassifier"),
        references=(Contender("sklearn", "sklearn.neighbors", "KNeighborsClassifier"),),
        operations=("fit", "predict"),
        quality=accuracy,
        quality_name="accuracy",
        agreement=same_predictions,
        targets=(Target("predict", 0.5, against="sklearn"),),
    ),
    Case(
        family="neighbors",
        estimator="KNeighborsRegressor",
        dataset=THREE_CLASSES_16,
        n_standard=30_000,
        n_quick=5_000,
        ours=Contender("ours", "sklearn_notes.neighbors", "KNeighborsRegressor"),
        references=(Contender("sklearn", "sklearn.neighbors", "KNeighborsRegressor"),),
        operations=("fit", "predict"),
        quality=r2,
        quality_name="R²",
        agreement=max_prediction_gap,
    ),
]
