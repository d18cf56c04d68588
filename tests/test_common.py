"""scikit-learn's own estimator checks over every public estimator.

No expected failures: ``expected_failed_checks`` is left empty, and a check
that fails is a bug of ours to fix, never a tag to set.
"""

import inspect
from importlib import import_module

import pytest
from sklearn.base import BaseEstimator
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_notes.naive_bayes import GaussianNB
from sklearn_notes.utils import all_estimators
from sklearn_notes.utils._discovery import public_modules

ESTIMATORS = all_estimators()

# A search needs an estimator and a space, as scikit-learn's GridSearchCV
# does; scikit-learn's own test suite checks its searches built like this.
REQUIRED_ARGUMENTS = {
    "GeneticSearchCV": lambda: {
        "estimator": GaussianNB(),
        "param_distributions": {"var_smoothing": [1e-9, 1e-6, 1e-3, 1e-1]},
        "population_size": 4,
        "generations": 2,
        "cv": 3,
        "random_state": 0,
    },
}


def construct(name, cls):
    """An instance of every public estimator: defaults, or the arguments above."""
    arguments = REQUIRED_ARGUMENTS.get(name)
    return cls(**arguments()) if arguments else cls()


@parametrize_with_checks(
    [construct(name, cls) for name, cls in ESTIMATORS],
    expected_failed_checks=None,
    xfail_strict=True,
)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


@pytest.mark.parametrize("module_name", public_modules())
def test_every_exported_estimator_is_discovered(module_name):
    module = import_module(module_name)
    exported = {
        name
        for name in module.__all__
        if inspect.isclass(getattr(module, name))
        and issubclass(getattr(module, name), BaseEstimator)
    }
    discovered = {name for name, _ in ESTIMATORS}
    assert exported <= discovered, exported - discovered


# The public API contract of DESIGN.md, for the families that have landed.
PUBLIC_API = {
    "sklearn_notes.naive_bayes": ["GaussianNB", "MultinomialNB", "BernoulliNB"],
    "sklearn_notes.model_selection": ["MinimumRiskClassifier", "GeneticSearchCV"],
    "sklearn_notes.decomposition": ["PCA"],
    "sklearn_notes.discriminant_analysis": ["LinearDiscriminantAnalysis"],
    "sklearn_notes.cluster": ["KMeans"],
    "sklearn_notes.mixture": ["GaussianMixture"],
    "sklearn_notes.linear_model": [
        "LinearRegression",
        "LeastSquaresClassifier",
        "LogisticRegression",
        "SoftmaxRegression",
    ],
    "sklearn_notes.neighbors": [
        "KernelDensity",
        "HistogramDensity",
        "KNeighborsDensity",
        "KNeighborsClassifier",
        "KNeighborsRegressor",
    ],
    "sklearn_notes.svm": ["SVC"],
    "sklearn_notes.tree": [
        "DecisionTreeClassifier",
        "DecisionTreeRegressor",
        "ID3Classifier",
    ],
    "sklearn_notes.ensemble": [
        "AdaBoostClassifier",
        "BaggingClassifier",
        "BaggingRegressor",
        "BayesianModelAveragingClassifier",
        "DistilledClassifier",
        "GradientBoostingClassifier",
        "GradientBoostingRegressor",
        "RandomForestClassifier",
        "RandomForestRegressor",
    ],
}


@pytest.mark.parametrize("module_name, names", PUBLIC_API.items())
def test_public_api(module_name, names):
    module = import_module(module_name)
    for name in names:
        assert name in module.__all__
        cls = getattr(module, name)
        assert cls.__module__.startswith(module_name + "._")
        construct(name, cls)  # constructible with defaults or a search's arguments


def _sklearn_twins():
    twins = []
    for name, cls in ESTIMATORS:
        module = cls.__module__.split(".")[1]
        try:
            twin = getattr(import_module(f"sklearn.{module}"), name)
        except (ImportError, AttributeError):
            continue  # ours only (MinimumRiskClassifier, ...): nothing to mirror
        twins.append((name, cls, twin))
    return twins


@pytest.mark.parametrize("name, cls, twin", _sklearn_twins())
def test_same_constructor_as_sklearn_twin(name, cls, twin):
    """Drop-in: every parameter of sklearn's twin exists with the same default."""
    ours = cls().get_params(deep=False)
    theirs = twin().get_params(deep=False)
    missing = set(theirs) - set(ours)
    assert not missing, f"parameters of sklearn's {name} missing: {missing}"
    for param, default in theirs.items():
        assert repr(ours[param]) == repr(default), (param, ours[param], default)
