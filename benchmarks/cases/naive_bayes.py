"""GaussianNB, BernoulliNB, MultinomialNB against scikit-learn's twins.

Target (issue): fit+predict at most 0.7 of scikit-learn's CPU time.
"""

from _harness import Case, Contender, Target, accuracy, same_predictions

from ._data import TEN_CLASSES, TEN_CLASSES_COUNTS


def _naive_bayes_case(name, dataset, n_standard, n_quick):
    return Case(
        family="naive_bayes",
        estimator=name,
        dataset=dataset,
        n_standard=n_standard,
        n_quick=n_quick,
        ours=Contender("ours", "sklearn_notes.naive_bayes", name),
        references=(Contender("sklearn", "sklearn.naive_bayes", name),),
        operations=("fit", "predict", "fit+predict"),
        quality=accuracy,
        quality_name="accuracy",
        agreement=same_predictions,
        targets=(Target("fit+predict", 0.7, against="sklearn"),),
    )


CASES = [
    _naive_bayes_case("GaussianNB", TEN_CLASSES, 500_000, 20_000),
    _naive_bayes_case("BernoulliNB", TEN_CLASSES, 500_000, 20_000),
    _naive_bayes_case("MultinomialNB", TEN_CLASSES_COUNTS, 1_000_000, 40_000),
]
