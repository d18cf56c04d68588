"""LinearDiscriminantAnalysis against scikit-learn's "svd" and "lsqr" solvers.

Target (issue): fit at most 0.5 of scikit-learn's default ("svd") CPU time.
The agreement column is the fraction of held-out predictions equal to the
reference's.
"""

from _harness import Case, Contender, Target, accuracy, same_predictions

from ._data import TEN_CLASSES

CASES = [
    Case(
        family="discriminant_analysis",
        estimator="LinearDiscriminantAnalysis",
        dataset=TEN_CLASSES,
        n_standard=100_000,
        n_quick=10_000,
        ours=Contender("ours", "sklearn_notes.discriminant_analysis",
                       "LinearDiscriminantAnalysis"),
        references=tuple(
            Contender(f"sklearn {solver}", "sklearn.discriminant_analysis",
                      "LinearDiscriminantAnalysis", {"solver": solver})
            for solver in ("svd", "lsqr")
        ),
        operations=("fit", "predict"),
        quality=accuracy,
        quality_name="accuracy",
        agreement=same_predictions,
        targets=(Target("fit", 0.5, against="sklearn svd"),),
    ),
]
