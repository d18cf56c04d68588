"""Small, fast configurations of every public estimator, for the hardening tests.

``tests/test_concurrency.py``, ``tests/test_persistence.py`` and
``tests/test_determinism.py`` run over :func:`estimator_cases`, which starts
from :func:`sklearn_notes.utils.all_estimators` (so a new estimator is covered
the day it is exported) and adds a few variants that exercise the random
parts of an algorithm (stochastic solvers, random splits, random inits).

The module is importable from a fresh interpreter too (the subprocess tests put
``tests/`` on ``sys.path``): everything here is rebuilt from the same names.
"""

import inspect

import numpy as np
from sklearn.base import clone, is_classifier, is_regressor
from sklearn.datasets import load_diabetes, load_iris

from sklearn_notes.naive_bayes import GaussianNB as OurGaussianNB
from sklearn_notes.utils import all_estimators

#: The methods whose outputs the tests compare, where the fitted estimator has them.
METHODS = (
    "predict",
    "predict_proba",
    "predict_log_proba",
    "decision_function",
    "transform",
    "score_samples",
)

#: Generic settings applied wherever the estimator has the parameter: fixed
#: seeds (the tests compare outputs bit for bit) and small ensembles.
_SMALL = {"random_state": 0, "n_estimators": 5}

#: Settings by class name, on top of ``_SMALL``.
_BY_NAME = {
    "KMeans": {"n_clusters": 3},
    "GaussianMixture": {"n_components": 3},
    "PCA": {"n_components": 2},
}

#: Estimators that cannot be built with no arguments: small, fast instances.
#: GeneticSearchCV needs a search space; it searches our GaussianNB so that
#: its inner fits run our kernels too.
_FACTORIES = {
    "GeneticSearchCV": lambda cls: cls(
        OurGaussianNB(),
        {"var_smoothing": [1e-9, 1e-6, 1e-3, 1e-1]},
        population_size=4,
        generations=2,
        cv=3,
    ),
}

#: Extra variants whose fit draws random numbers, by (class name, params).
_RANDOM_VARIANTS = [
    ("SoftmaxRegression", {"solver": "adam", "max_iter": 20}),
    ("DecisionTreeClassifier", {"splitter": "random", "max_features": 2}),
    ("DecisionTreeRegressor", {"splitter": "random", "max_features": 3}),
    ("KMeans", {"init": "random", "n_init": 3}),
    ("GaussianMixture", {"init_params": "random", "n_init": 2}),
    ("PCA", {"svd_solver": "randomized"}),
    ("SVC", {"solver": "smo"}),
]


def make_estimator(name, cls, extra=None):
    """A small instance of ``cls`` (``extra`` params on top)."""
    estimator = _FACTORIES[name](cls) if name in _FACTORIES else cls()
    available = estimator.get_params(deep=False)
    params = {key: value for key, value in _SMALL.items() if key in available}
    params.update(_BY_NAME.get(name, {}))
    params.update(extra or {})
    return estimator.set_params(**params)


def estimator_cases():
    """``[(case_id, estimator)]``: every public estimator, then the random variants."""
    classes = dict(all_estimators())
    cases = [(name, make_estimator(name, cls)) for name, cls in classes.items()]
    for name, extra in _RANDOM_VARIANTS:
        if name in classes:
            args = ",".join(f"{key}={value!r}" for key, value in extra.items())
            cases.append(
                (f"{name}({args})", make_estimator(name, classes[name], extra))
            )
    return cases


def case_ids():
    return [case_id for case_id, _ in estimator_cases()]


def get_case(case_id):
    """A fresh (unfitted) estimator of the case named ``case_id``."""
    return clone(dict(estimator_cases())[case_id])


def dataset(estimator):
    """Small real data suited to the estimator: ``(X, y)``, y None if unsupervised.

    Classifiers get iris, regressors the first 150 rows of diabetes, everything
    else (clusterers, density estimators, transformers) iris' features.
    ``ID3Classifier`` gets iris rounded to whole centimetres: its features are
    categories, one per distinct value.
    """
    iris = load_iris()
    if type(estimator).__name__ == "ID3Classifier":
        return np.round(iris.data), iris.target
    if is_classifier(estimator):
        return iris.data, iris.target
    if is_regressor(estimator):
        diabetes = load_diabetes()
        return diabetes.data[:150], diabetes.target[:150]
    return iris.data, None


def fit(estimator):
    """Fit ``estimator`` on its :func:`dataset`; returns ``(estimator, X)``."""
    X, y = dataset(estimator)
    estimator.fit(X, y)
    return estimator, X


def outputs(fitted, X):
    """``{method: output}`` for every method of :data:`METHODS` the estimator has."""
    return {
        method: getattr(fitted, method)(X)
        for method in METHODS
        if hasattr(fitted, method)
    }


def assert_identical(actual, expected, path="value"):
    """Recursive bit-for-bit equality (NaN equals NaN), with the path on failure.

    Arrays must agree in type, dtype, shape and every bit of every value;
    estimators in their class, parameters and fitted attributes; other objects
    in their ``__dict__`` (or ``__getstate__``).
    """
    # ndarray subclasses count as ndarray: indexing a joblib-loaded memmap
    # attribute (classes_[...]) gives a np.memmap, as in scikit-learn.
    same_kind = isinstance(actual, np.ndarray) and isinstance(expected, np.ndarray)
    assert same_kind or type(actual) is type(expected), (
        f"{path}: {type(actual).__name__} != {type(expected).__name__}"
    )
    if isinstance(expected, np.ndarray):
        assert actual.dtype == expected.dtype, (
            f"{path}: {actual.dtype} != {expected.dtype}"
        )
        assert actual.shape == expected.shape, (
            f"{path}: {actual.shape} != {expected.shape}"
        )
        if expected.dtype == object:
            for index, item in np.ndenumerate(expected):
                assert_identical(actual[index], item, f"{path}[{index}]")
        else:
            same = np.array_equal(
                actual, expected, equal_nan=expected.dtype.kind in "fc"
            )
            if not same and expected.dtype.kind in "fc":
                diff = np.nanmax(np.abs(actual - expected))
                raise AssertionError(f"{path}: arrays differ (max |diff| {diff:.3g})")
            assert same, f"{path}: arrays differ"
    elif isinstance(expected, dict):
        assert actual.keys() == expected.keys(), (
            f"{path}: keys {sorted(map(str, actual))} != {sorted(map(str, expected))}"
        )
        for key in expected:
            assert_identical(actual[key], expected[key], f"{path}[{key!r}]")
    elif isinstance(expected, (list, tuple)):
        assert len(actual) == len(expected), (
            f"{path}: length {len(actual)} != {len(expected)}"
        )
        for index, (left, right) in enumerate(zip(actual, expected)):
            assert_identical(left, right, f"{path}[{index}]")
    elif isinstance(expected, (float, np.floating)):
        assert actual == expected or (np.isnan(actual) and np.isnan(expected)), (
            f"{path}: {actual!r} != {expected!r}"
        )
    elif isinstance(expected, (str, bytes, int, bool, np.generic, type(None))):
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"
    elif isinstance(expected, np.random.RandomState):
        assert_identical(actual.get_state(), expected.get_state(), path)
    elif hasattr(expected, "get_params") and hasattr(expected, "fit"):
        assert_identical(
            actual.get_params(deep=False),
            expected.get_params(deep=False),
            f"{path}.params",
        )
        assert_identical(fitted_attributes(actual), fitted_attributes(expected), path)
    elif inspect.ismethod(expected):  # e.g. a search's scorer_ = estimator.score
        assert actual.__func__ is expected.__func__, (
            f"{path}: {actual!r} != {expected!r}"
        )
        assert_identical(actual.__self__, expected.__self__, f"{path}.__self__")
    elif inspect.isroutine(expected) or inspect.isclass(expected):
        assert actual is expected, f"{path}: {actual!r} is not {expected!r}"
    else:
        assert_identical(_state(actual), _state(expected), f"{path}.__state__")


def _state(obj):
    state = obj.__getstate__() if hasattr(obj, "__getstate__") else vars(obj)
    return {} if state is None else state


#: Fitted attributes that measure wall-clock time, never reproducible.
_TIMINGS = {"refit_time_"}


def fitted_attributes(estimator):
    """``{name: value}`` of the public fitted attributes (names ending in ``_``).

    Timings are left out: ``refit_time_`` and the ``*_time`` columns of a
    search's ``cv_results_`` (as in scikit-learn's searches) are seconds of
    wall clock, not results.
    """
    attributes = {
        name: value
        for name, value in vars(estimator).items()
        if name.endswith("_") and not name.startswith("_") and name not in _TIMINGS
    }
    if isinstance(attributes.get("cv_results_"), dict):
        attributes["cv_results_"] = {
            key: value
            for key, value in attributes["cv_results_"].items()
            if not key.endswith("_time")
        }
    return attributes
