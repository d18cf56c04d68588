"""RandomForestClassifier / RandomForestRegressor against scikit-learn's twins.

Target (issue "Ensembles"): RandomForestClassifier fit at most 0.25 of
scikit-learn's CPU time at make_classification 5k×20, 100 trees, one thread
(scikit-learn-intelex reaches 0.21).  The regressor is measured (no target).
"""

from _harness import Case, Contender, Dataset, Target, accuracy
from sklearn.datasets import make_classification, make_regression


def _classification_20(n):
    X, y = make_classification(n_samples=n + n // 5, n_features=20, random_state=0)
    return X[:n], y[:n], X[n:], y[n:]


def _regression_20(n):
    X, y = make_regression(
        n_samples=n + n // 5,
        n_features=20,
        n_informative=10,
        noise=10.0,
        random_state=0,
    )
    return X[:n], y[:n], X[n:], y[n:]


CLASSIFICATION_20 = Dataset(
    key="make_classification-20",
    description="make_classification {n}×20; test {n_test}",
    make=_classification_20,
)

REGRESSION_20 = Dataset(
    key="make_regression-20",
    description="make_regression {n}×20 (10 informative, noise 10); test {n_test}",
    make=_regression_20,
)


def r2(estimator, X_test, y_test):
    """Coefficient of determination on the held-out rows."""
    return float(estimator.score(X_test, y_test))


def accuracy_gap(ours, reference, X_test):
    """Share of test rows where the two forests predict differently."""
    differ = (ours.predict(X_test) != reference.predict(X_test)).mean()
    return f"{differ:.1%} of test predictions differ"


def r2_gap(ours, reference, X_test):
    """Largest absolute difference of the two forests' predictions."""
    gap = abs(ours.predict(X_test) - reference.predict(X_test)).max()
    return f"max |Δ prediction| {gap:.3g}"


def _forest_case(
    name, dataset, n_standard, n_quick, quality, quality_name, agreement, targets
):
    params = {"n_estimators": 100, "random_state": 0, "n_jobs": 1}
    return Case(
        family="ensemble",
        estimator=name,
        dataset=dataset,
        n_standard=n_standard,
        n_quick=n_quick,
        ours=Contender("ours", "sklearn_notes.ensemble", name, params),
        references=(Contender("sklearn", "sklearn.ensemble", name, params),),
        operations=("fit", "predict"),
        quality=quality,
        quality_name=quality_name,
        agreement=agreement,
        targets=targets,
    )


CASES = [
    _forest_case(
        "RandomForestClassifier",
        CLASSIFICATION_20,
        5_000,
        500,
        accuracy,
        "accuracy",
        accuracy_gap,
        (Target("fit", 0.25, against="sklearn"),),
    ),
    _forest_case(
        "RandomForestRegressor",
        REGRESSION_20,
        5_000,
        500,
        r2,
        "R²",
        r2_gap,
        (),
    ),
]
