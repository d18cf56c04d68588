"""SVC (notes 4.5) against scikit-learn's libsvm SVC.

Targets (issue "Kernel SVM"): SMO fit at most 1.0x libsvm's CPU time on
make_classification(10k, 20, flip_y=0.05) with the rbf kernel, predict (2k
rows) at most 0.3x.  The QP rows put the notes' dense quadratic programme
(cvxopt) next to SMO and libsvm at n = 500, 1000, 2000: it is the reference
for correctness, not meant to be fast (BENCHMARKS.md, "Dense QP").
"""

from _harness import Case, Contender, Dataset, Target, accuracy, same_predictions
from sklearn.datasets import make_classification


def _twenty_features_noisy(n):
    X, y = make_classification(
        n_samples=n + n // 5, n_features=20, flip_y=0.05, random_state=0
    )
    return X[:n], y[:n], X[n:], y[n:]


TWENTY_FEATURES_NOISY = Dataset(
    key="make_classification-20-flip0.05",
    description="make_classification {n}×20, flip_y 0.05; test {n_test}",
    make=_twenty_features_noisy,
)


def _svc_case(solver, n_standard, n_quick, targets, variant, references):
    return Case(
        family="svm",
        estimator="SVC",
        variant=variant,
        dataset=TWENTY_FEATURES_NOISY,
        n_standard=n_standard,
        n_quick=n_quick,
        ours=Contender("ours", "sklearn_notes.svm", "SVC", {"solver": solver}),
        references=references,
        operations=("fit", "predict"),
        quality=accuracy,
        quality_name="accuracy",
        agreement=same_predictions,
        targets=targets,
        n_warm_up=300,
    )


_SKLEARN = Contender("sklearn", "sklearn.svm", "SVC")
_OURS_SMO = Contender("ours smo", "sklearn_notes.svm", "SVC", {"solver": "smo"})

CASES = [
    _svc_case(
        "smo",
        10_000,
        2_000,
        (
            Target("fit", 1.0, against="sklearn"),
            Target("predict", 0.3, against="sklearn"),
        ),
        "rbf, smo",
        (_SKLEARN,),
    ),
] + [
    _svc_case("qp", n, 300, (), f"rbf, qp n={n}", (_SKLEARN, _OURS_SMO))
    for n in (500, 1000, 2000)
]
