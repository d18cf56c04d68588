"""BaggingClassifier / BaggingRegressor against scikit-learn's twins.

Issue 8 (notes 5.1-5.2): BaggingClassifier of 50 trees at
make_classification 5k×20, one thread (no target ratio set by the issue; the
members are our Numba CART trees, the bags passed as sample-weight counts as
scikit-learn does).  The regressor is measured at the same size.
"""

from _harness import Case, Contender, accuracy

from .ensemble_forest import (
    CLASSIFICATION_20,
    REGRESSION_20,
    accuracy_gap,
    r2,
    r2_gap,
)


def _bagging_case(name, dataset, quality, quality_name, agreement):
    params = {"n_estimators": 50, "random_state": 0, "n_jobs": 1}
    return Case(
        family="ensemble",
        estimator=name,
        dataset=dataset,
        n_standard=5_000,
        n_quick=500,
        ours=Contender("ours", "sklearn_notes.ensemble", name, params),
        references=(Contender("sklearn", "sklearn.ensemble", name, params),),
        operations=("fit", "predict"),
        quality=quality,
        quality_name=quality_name,
        agreement=agreement,
        targets=(),
    )


CASES = [
    _bagging_case(
        "BaggingClassifier", CLASSIFICATION_20, accuracy, "accuracy", accuracy_gap
    ),
    _bagging_case("BaggingRegressor", REGRESSION_20, r2, "R²", r2_gap),
]
