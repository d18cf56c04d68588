"""AdaBoostClassifier (100 stumps) against scikit-learn's twin.

Target (issue "Ensembles"): fit at most 0.1 of scikit-learn's CPU time.
"""

from _harness import Case, Contender, Dataset, Target, accuracy, same_predictions
from sklearn.datasets import make_classification


def _classification_20(n):
    X, y = make_classification(n_samples=n + n // 5, n_features=20, random_state=0)
    return X[:n], y[:n], X[n:], y[n:]


CLASSIFICATION_20 = Dataset(
    key="make_classification-20",
    description="make_classification {n}×20; test {n_test}",
    make=_classification_20,
)

_PARAMS = {"n_estimators": 100, "random_state": 0}

CASES = [
    Case(
        family="ensemble",
        estimator="AdaBoostClassifier",
        dataset=CLASSIFICATION_20,
        n_standard=10_000,
        n_quick=2_000,
        ours=Contender("ours", "sklearn_notes.ensemble", "AdaBoostClassifier", _PARAMS),
        references=(
            Contender("sklearn", "sklearn.ensemble", "AdaBoostClassifier", _PARAMS),
        ),
        operations=("fit", "predict"),
        quality=accuracy,
        quality_name="accuracy",
        agreement=same_predictions,
        targets=(Target("fit", 0.1, against="sklearn"),),
    ),
]
