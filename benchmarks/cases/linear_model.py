"""Linear models against scikit-learn.

Target (issue): LogisticRegression multinomial lbfgs fit at most 0.76 of
scikit-learn's CPU time (the scikit-learn-intelex anchor) at
make_classification 50k×100, 5 classes, 30 informative, max_iter 100, at
equal accuracy and held-out log-loss within 1e-4 (the agreement column).
"""

from _harness import Case, Contender, Dataset, Target, accuracy
from sklearn.datasets import make_regression
from sklearn.metrics import log_loss

from ._data import _split


def _five_classes(n):
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=n + n // 5,
        n_features=100,
        n_informative=30,
        n_classes=5,
        random_state=0,
    )
    return _split(X, y, n)


FIVE_CLASSES = Dataset(
    key="make_classification-100-30-5",
    description="make_classification {n}×100, 30 informative, 5 classes; test {n_test}",
    make=_five_classes,
)


def _regression(n):
    X, y = make_regression(
        n_samples=n + n // 5,
        n_features=100,
        n_informative=30,
        noise=10.0,
        random_state=0,
    )
    return _split(X, y, n)


REGRESSION_100 = Dataset(
    key="make_regression-100-30-noise10",
    description="make_regression {n}×100, 30 informative, noise 10; test {n_test}",
    make=_regression,
)


def _same_log_loss(ours, reference, X_test):
    """Held-out log-loss of ours minus the reference's (on the reference's labels)."""
    labels = reference.predict(X_test)
    ours_loss = log_loss(labels, ours.predict_proba(X_test), labels=reference.classes_)
    ref_loss = log_loss(
        labels, reference.predict_proba(X_test), labels=reference.classes_
    )
    return f"log-loss diff {ours_loss - ref_loss:+.1e}"


def _r2(estimator, X_test, y_test):
    return float(estimator.score(X_test, y_test))


def _max_prediction_gap(ours, reference, X_test):
    gap = abs(ours.predict(X_test) - reference.predict(X_test)).max()
    return f"max |Δ pred| {gap:.1e}"


CASES = [
    Case(
        family="linear_model",
        estimator="LogisticRegression",
        dataset=FIVE_CLASSES,
        n_standard=50_000,
        n_quick=5_000,
        ours=Contender(
            "ours",
            "sklearn_notes.linear_model",
            "LogisticRegression",
            {"max_iter": 100},
        ),
        references=(
            Contender(
                "sklearn lbfgs",
                "sklearn.linear_model",
                "LogisticRegression",
                {"max_iter": 100},
            ),
        ),
        operations=("fit", "predict"),
        quality=accuracy,
        quality_name="accuracy",
        agreement=_same_log_loss,
        targets=(Target("fit", 0.76, against="sklearn lbfgs"),),
    ),
    Case(
        family="linear_model",
        estimator="LinearRegression",
        dataset=REGRESSION_100,
        n_standard=200_000,
        n_quick=10_000,
        ours=Contender("ours", "sklearn_notes.linear_model", "LinearRegression"),
        references=(Contender("sklearn", "sklearn.linear_model", "LinearRegression"),),
        operations=("fit", "predict"),
        quality=_r2,
        quality_name="R²",
        agreement=_max_prediction_gap,
    ),
]
