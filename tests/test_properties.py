"""Property-based robustness checks over every public estimator.

Every estimator found by :func:`sklearn_notes.utils.all_estimators` is fed
awkward input: NaN, inf, empty arrays, one sample, one feature, constant
features, duplicated rows, extreme magnitudes (1e+-150), int/bool/float32,
F-ordered, strided and read-only arrays, pandas DataFrames, string labels,
one-sample classes, a single class and the wrong number of features at
predict time, plus random matrices drawn by hypothesis that mix these special
values.  Each input must either

* work: every output is finite, ``predict_proba`` rows lie in [0, 1] and sum
  to 1, ``predict`` returns labels seen in training, ``transform`` is finite,
  ``score_samples`` is finite or ``-inf`` (a point outside the support), or
* raise a clear ``ValueError``/``TypeError`` whose message says something
  (never a Numba typing/lowering error, an IndexError, ZeroDivisionError,
  KeyError, AttributeError, a LinAlgError, ...).

Nothing may return NaN silently or emit an "invalid value" RuntimeWarning
(the sign of a NaN computed somewhere), and the caller's arrays are never
modified.

Run ``SKLEARN_NOTES_PROPERTY_REPORT=/tmp/outcomes.json pytest
tests/test_properties.py`` to get a table of what each input produced.

Hypothesis settings come from profiles: ``ci`` (the default, few examples)
and ``thorough`` (``HYPOTHESIS_PROFILE=thorough``).
"""

import inspect
import json
import os
import warnings
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.base import is_classifier, is_regressor

from sklearn_notes.utils import all_estimators

settings.register_profile(
    "ci",
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

# Small, fast configurations: the property does not depend on the model's size.
FAST_PARAMS = {
    "AdaBoostClassifier": {"n_estimators": 5},
    "BaggingClassifier": {"n_estimators": 3},
    "BaggingRegressor": {"n_estimators": 3},
    "GradientBoostingClassifier": {"n_estimators": 5},
    "GradientBoostingRegressor": {"n_estimators": 5},
    "RandomForestClassifier": {"n_estimators": 5},
    "RandomForestRegressor": {"n_estimators": 5},
    "GaussianMixture": {"n_components": 2, "max_iter": 20},
    "KMeans": {"n_clusters": 2, "n_init": 1, "max_iter": 20},
    "KNeighborsClassifier": {"n_neighbors": 3},
    "KNeighborsRegressor": {"n_neighbors": 3},
    "KNeighborsDensity": {"n_neighbors": 3},
    "LogisticRegression": {"max_iter": 50},
    "SoftmaxRegression": {"max_iter": 50},
    "DistilledClassifier": {},
    "BayesianModelAveragingClassifier": {"cv": 2},
}


def _search_cv_params(cls):
    """Constructor arguments of a search meta-estimator: a tiny GaussianNB grid.

    GeneticSearchCV (and any future search CV) needs an estimator and a
    search space; GaussianNB with two var_smoothing values and 2-fold CV keeps
    it to a handful of fits, which is all the input-validation properties need.
    """
    from sklearn_notes.naive_bayes import GaussianNB

    params = {}
    signature = inspect.signature(cls.__init__).parameters
    grid = {"var_smoothing": [1e-9, 1e-6]}
    for name in ("param_grid", "param_distributions", "search_space", "param_space"):
        if name in signature:
            params[name] = grid
    if "estimator" in signature:
        params["estimator"] = GaussianNB()
    for name, value in (
        ("cv", 2),
        ("population_size", 4),
        ("n_generations", 2),
        ("generations", 2),
        ("random_state", 0),
    ):
        if name in signature:
            params[name] = value
    return params


def make_estimator(name, cls):
    """An instance of ``cls`` in its fast configuration, seeded when random."""
    params = {}
    if name.endswith("SearchCV"):
        params.update(_search_cv_params(cls))
    params.update(FAST_PARAMS.get(name, {}))
    estimator = cls(**params)
    if "random_state" in estimator.get_params():
        estimator.set_params(random_state=0)
    return estimator


ESTIMATORS = all_estimators()
NAMES = [name for name, _ in ESTIMATORS]
CLASSES = dict(ESTIMATORS)

# Exceptions that are never an acceptable answer to bad input: the user cannot
# tell from them what is wrong with their data.
UNCLEAR_MESSAGE_MARKERS = (
    "numba",
    "typingerror",
    "loweringerror",
    "no implementation of function",
    "index",  # IndexError text, e.g. "index 3 is out of bounds"
    "out of bounds",
    "division by zero",
    "nonetype",
    "has no attribute",
    "singular matrix",
    "cannot convert float nan",
)

OUTCOMES = defaultdict(dict)


@pytest.fixture(scope="module", autouse=True)
def _write_outcome_report():
    yield
    path = os.environ.get("SKLEARN_NOTES_PROPERTY_REPORT")
    if path:
        with open(path, "w") as handle:
            json.dump(OUTCOMES, handle, indent=1, sort_keys=True)


def _is_density(estimator):
    return estimator.__sklearn_tags__().estimator_type == "density_estimator"


def _allows_nan(estimator):
    return estimator.__sklearn_tags__().input_tags.allow_nan


def _positive_only(estimator):
    return estimator.__sklearn_tags__().input_tags.positive_only


def _target_for(estimator, n_samples, rng, n_classes=3):
    """A target of the right kind: labels, real values, or None."""
    if is_classifier(estimator):
        return np.arange(n_samples) % n_classes
    if is_regressor(estimator):
        return rng.standard_normal(n_samples)
    return None


def _snapshot(value):
    if value is None:
        return None
    if hasattr(value, "to_numpy"):
        return (value.copy(deep=True), None)
    array = np.asarray(value)
    return (array.copy(), array.flags.writeable)


def _assert_unchanged(before, value):
    """The caller's array has the same values (and write flag) as before."""
    if value is None:
        return
    copy, writeable = before
    if hasattr(value, "to_numpy"):
        assert value.equals(copy), "the caller's DataFrame/Series was modified"
        return
    array = np.asarray(value)
    assert array.flags.writeable == writeable, "the caller's write flag changed"
    assert array.dtype == copy.dtype and array.shape == copy.shape
    if array.dtype.kind == "f":
        np.testing.assert_array_equal(array, copy, err_msg="caller's array modified")
    else:
        assert np.array_equal(array, copy), "the caller's array was modified"


def _assert_clear_error(error):
    """``error`` is a ValueError/TypeError whose message tells the user something."""
    assert type(error).__module__.split(".")[0] != "numba", repr(error)
    assert not isinstance(error, np.linalg.LinAlgError), repr(error)
    assert isinstance(error, (ValueError, TypeError)), repr(error)
    message = str(error)
    assert len(message) >= 15, repr(error)
    lowered = message.lower()
    for marker in UNCLEAR_MESSAGE_MARKERS:
        assert marker not in lowered, repr(error)


# Methods documented to refuse some fitted models with a clear ValueError:
# probabilistic PCA has no density when its covariance is singular.
DOCUMENTED_METHOD_ERRORS = {("PCA", "score_samples"): "singular"}

QUERY_METHODS = (
    "predict",
    "predict_proba",
    "decision_function",
    "transform",
    "score_samples",
)


def _check_predict(estimator, predicted, known_labels):
    if is_classifier(estimator):
        assert set(predicted.tolist()) <= set(known_labels), set(
            predicted.tolist()
        ) - set(known_labels)
    elif predicted.dtype.kind == "f":
        assert np.all(np.isfinite(predicted)), predicted
    if estimator.__sklearn_tags__().estimator_type == "clusterer":
        assert predicted.min() >= 0
        if hasattr(estimator, "cluster_centers_"):
            assert predicted.max() < len(estimator.cluster_centers_)


def _check_proba(estimator, proba):
    assert np.all(np.isfinite(proba)), proba
    assert np.all((proba >= 0) & (proba <= 1)), proba
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    if is_classifier(estimator):
        assert proba.shape[1] == len(estimator.classes_)


def _check_scores(estimator, scores, X_query, query_is_train):
    assert scores.ndim == 1
    assert not np.any(np.isnan(scores)), scores
    if not _is_density(estimator):
        assert np.all(np.isfinite(scores)), scores
        return
    # -inf means "outside the support": never right at a training point
    if query_is_train:
        assert not np.any(scores == -np.inf), scores
    # +inf is only the documented answer of the k-NN density where the K-th
    # neighbour is at distance 0 (duplicates): p = K / (N V r_K^D)
    unbounded = scores == np.inf
    if hasattr(estimator, "kneighbors") and unbounded.any():
        distances, _ = estimator.kneighbors(X_query)
        np.testing.assert_array_equal(unbounded, distances[:, -1] == 0)
    else:
        assert not unbounded.any(), scores


def _check_outputs(estimator, X_query, known_labels, query_is_train):
    """Call every query method; return {method: output or clear exception}."""
    n_query = len(X_query)
    results = {}
    for method in QUERY_METHODS:
        if not hasattr(estimator, method):
            continue
        try:
            output = np.asarray(getattr(estimator, method)(X_query))
        except (AssertionError, KeyboardInterrupt):
            raise
        except Exception as error:  # noqa: BLE001 - classified here
            _assert_clear_error(error)
            results[method] = error
            continue
        assert output.shape[0] == n_query, (method, output.shape)
        if method == "predict":
            _check_predict(estimator, output, known_labels)
        elif method == "predict_proba":
            _check_proba(estimator, output)
        elif method == "score_samples":
            _check_scores(estimator, output, X_query, query_is_train)
        else:
            assert np.all(np.isfinite(output)), (method, output)
        results[method] = output
    return results


def fit_and_query(estimator, X, y=None, X_query=None, fit_kwargs=None):
    """Fit and query; return ``(kind, detail)``.

    ``kind`` is "works" (every method answered; ``detail`` maps method to
    output), "partial" (some methods raised a clear error; ``detail`` holds
    outputs and exceptions) or "error" (fit, or every method, raised a clear
    error; ``detail`` is the first exception).  Outputs are checked for
    well-formedness, errors for clarity, the caller's arrays for
    modification, and NumPy's "invalid value" warnings (a NaN made
    somewhere) fail a fit that claims to work.
    """
    # points of zero weight are not training points: they may lie outside
    # the support
    weights = (fit_kwargs or {}).get("sample_weight")
    query_is_train = X_query is None and (weights is None or np.all(weights != 0))
    X_query = X if X_query is None else X_query
    snapshots = [(_snapshot(v), v) for v in (X, y, X_query)]
    known_labels = set() if y is None else set(np.asarray(y).tolist())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            estimator.fit(X, y, **(fit_kwargs or {}))
        except (AssertionError, KeyboardInterrupt):
            raise
        except Exception as error:  # noqa: BLE001 - classified below
            _assert_clear_error(error)
            outcome = ("error", error)
        else:
            results = _check_outputs(estimator, X_query, known_labels, query_is_train)
            errors = [v for v in results.values() if isinstance(v, Exception)]
            if not errors:
                outcome = ("works", results)
            elif len(errors) == len(results):
                outcome = ("error", errors[0])
            else:
                outcome = ("partial", results)
    for before, value in snapshots:
        _assert_unchanged(before, value)
    if outcome[0] != "error":
        invalid = [
            str(w.message)
            for w in caught
            if issubclass(w.category, RuntimeWarning)
            and "invalid value" in str(w.message)
        ]
        assert not invalid, invalid
    return outcome


def _assert_works(name, outcome):
    """Works, or only documented methods refused with their clear message."""
    kind, detail = outcome
    assert kind != "error", detail
    if kind == "partial":
        for method, value in detail.items():
            if isinstance(value, Exception):
                marker = DOCUMENTED_METHOD_ERRORS.get((name, method))
                assert marker is not None, (method, value)
                assert marker in str(value), (method, value)


def _record(name, case, outcome):
    kind, detail = outcome
    if kind == "works":
        OUTCOMES[name][case] = "works"
    elif kind == "error":
        OUTCOMES[name][case] = f"error {type(detail).__name__}: {detail}"[:160]
    else:
        OUTCOMES[name][case] = "partial " + ", ".join(
            f"{m}: {type(v).__name__}"
            for m, v in detail.items()
            if isinstance(v, Exception)
        )


# --------------------------------------------------------------------------
# Explicit named situations
# --------------------------------------------------------------------------


def _base_data(estimator, n_samples=12, n_features=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_samples, n_features))
    if _positive_only(estimator):
        X = np.abs(X)
    return X, _target_for(estimator, n_samples, rng)


# case name -> builder(estimator) returning (X, y, X_query, expectation)
# expectation: "works", "error", or "either".


def case_nan(est):
    X, y = _base_data(est)
    X[1, 0] = np.nan
    return X, y, None, "works" if _allows_nan(est) else "error"


def case_nan_at_predict(est):
    X, y = _base_data(est)
    X_query = X.copy()
    X_query[0, 1] = np.nan
    return X, y, X_query, "works" if _allows_nan(est) else "error"


def case_inf(est):
    X, y = _base_data(est)
    X[2, 1] = np.inf
    return X, y, None, "error"


def case_inf_at_predict(est):
    X, y = _base_data(est)
    X_query = X.copy()
    X_query[0, 0] = -np.inf
    return X, y, X_query, "error"


def case_empty(est):
    X = np.empty((0, 3))
    y = None if _target_for(est, 0, np.random.default_rng(0)) is None else np.empty(0)
    return X, y, None, "error"


def case_no_features(est):
    X, y = _base_data(est)
    return X[:, :0], y, None, "error"


def case_one_sample(est):
    X, y = _base_data(est, n_samples=1)
    return X, y, None, "either"


def case_two_samples(est):
    X, y = _base_data(est, n_samples=2)
    return X, y, None, "either"


def case_one_feature(est):
    X, y = _base_data(est, n_features=1)
    return X, y, None, "works"


def case_constant_feature(est):
    X, y = _base_data(est)
    X[:, 1] = 3.0
    return X, y, None, "works"


def case_all_constant(est):
    X, y = _base_data(est)
    X[:] = 2.0
    return X, y, None, "either"


def case_all_zero(est):
    X, y = _base_data(est)
    X[:] = 0.0
    return X, y, None, "either"


def case_duplicated_rows(est):
    X, y = _base_data(est)
    X = np.repeat(X[:4], 3, axis=0)
    if y is not None:
        y = np.repeat(y[:4], 3)
    return X, y, None, "works"


def case_huge(est):
    X, y = _base_data(est)
    return X * 1e150, y, None, "either"


def case_tiny(est):
    X, y = _base_data(est)
    return X * 1e-150, y, None, "either"


def case_huge_target(est):
    X, y = _base_data(est)
    if is_regressor(est):
        y = y * 1e150
    return X, y, None, "either"


def case_int(est):
    X, y = _base_data(est)
    return np.round(3 * X).astype(np.int64), y, None, "works"


def case_bool(est):
    X, y = _base_data(est)
    return X > 0.3, y, None, "works"


def case_float32(est):
    X, y = _base_data(est)
    return X.astype(np.float32), y, None, "works"


def case_fortran(est):
    X, y = _base_data(est)
    return np.asfortranarray(X), y, None, "works"


def case_strided(est):
    X, y = _base_data(est, n_samples=24, n_features=6)
    return X[::2, ::2], (None if y is None else y[::2]), None, "works"


def case_read_only(est):
    X, y = _base_data(est)
    X.flags.writeable = False
    if y is not None:
        y.flags.writeable = False
    return X, y, None, "works"


def case_list_input(est):
    X, y = _base_data(est)
    return X.tolist(), (None if y is None else y.tolist()), None, "works"


def case_dataframe(est):
    X, y = _base_data(est)
    frame = pd.DataFrame(X, columns=["alpha", "beta", "gamma"])
    target = None if y is None else pd.Series(y, name="target")
    return frame, target, None, "works"


def case_one_dimensional_X(est):
    X, y = _base_data(est)
    return X[:, 0], y, None, "error"


def case_strings_in_X(est):
    X, y = _base_data(est)
    X = X.astype(object)
    X[0, 0] = "spam"
    return X, y, None, "either" if type(est).__name__ == "ID3Classifier" else "error"


def case_complex(est):
    X, y = _base_data(est)
    return X + 1j, y, None, "error"


def case_mismatched_features(est):
    X, y = _base_data(est)
    X_query = np.hstack([X, X[:, :1]])
    return X, y, X_query, "error"


def case_fewer_features_at_predict(est):
    X, y = _base_data(est)
    return X, y, X[:, :2], "error"


def case_string_labels(est):
    X, y = _base_data(est)
    if is_classifier(est):
        y = np.array(["cat", "dog", "emu"])[y]
    return X, y, None, "works"


def case_object_labels(est):
    X, y = _base_data(est)
    if is_classifier(est):
        y = np.array(["cat", "dog", "emu"], dtype=object)[y]
    return X, y, None, "works"


def case_one_sample_class(est):
    X, y = _base_data(est)
    if is_classifier(est):
        y = np.where(np.arange(len(y)) < 6, 0, 1)
        y[-1] = 2
    return X, y, None, "either"


def case_single_class(est):
    X, y = _base_data(est)
    if is_classifier(est):
        y = np.zeros_like(y)
    return X, y, None, "either"


def case_nan_target(est):
    X, y = _base_data(est)
    if y is None:
        return X, y, None, "works"
    y = y.astype(float)
    y[0] = np.nan
    return X, y, None, "error"


def case_wrong_target_length(est):
    X, y = _base_data(est)
    if y is None:
        return X, y, None, "works"
    return X, y[:-1], None, "error"


def case_imbalanced_far_query(est):
    # a query far from all training data: densities may say -inf, nothing NaN
    X, y = _base_data(est)
    return X, y, X + 1e6, "either"


CASES = {
    name[len("case_") :]: builder
    for name, builder in sorted(globals().items())
    if name.startswith("case_")
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("name", NAMES)
def test_named_input(name, case):
    estimator = make_estimator(name, CLASSES[name])
    X, y, X_query, expectation = CASES[case](estimator)
    outcome = fit_and_query(estimator, X, y, X_query)
    _record(name, case, outcome)
    if expectation == "works":
        _assert_works(name, outcome)
    elif expectation == "error":
        assert outcome[0] == "error", f"{case} was accepted: {outcome[1]}"
    if case in ("string_labels", "object_labels") and is_classifier(estimator):
        assert set(estimator.classes_.tolist()) == {"cat", "dog", "emu"}
    if case == "single_class" and outcome[0] == "works" and is_classifier(estimator):
        assert set(outcome[1]["predict"].tolist()) == {0}
    if case == "dataframe" and outcome[0] == "works":
        assert list(estimator.feature_names_in_) == ["alpha", "beta", "gamma"]


# Layout and dtype must not change the answer: F-order, strides, a read-only
# buffer and list input give the same outputs as the C-ordered float64 array.
LAYOUTS = {
    "fortran": np.asfortranarray,
    "strided": lambda X: np.repeat(X, 2, axis=1)[:, ::2],
    "read_only": lambda X: _read_only(X),
    "list": lambda X: X.tolist(),
}


def _read_only(X):
    X = X.copy()
    X.flags.writeable = False
    return X


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("name", NAMES)
def test_layout_does_not_change_outputs(name, layout):
    reference = make_estimator(name, CLASSES[name])
    X, y = _base_data(reference, n_samples=20)
    kind, expected = fit_and_query(reference, X, y)
    assert kind == "works", expected
    estimator = make_estimator(name, CLASSES[name])
    kind, outputs = fit_and_query(estimator, LAYOUTS[layout](X), y)
    _record(name, f"same_outputs_{layout}", (kind, outputs))
    assert kind == "works", outputs
    assert outputs.keys() == expected.keys()
    for method, values in expected.items():
        np.testing.assert_allclose(
            outputs[method], values, rtol=1e-12, atol=1e-12, err_msg=method
        )


@pytest.mark.parametrize("name", NAMES)
def test_dataframe_feature_names_are_checked(name):
    estimator = make_estimator(name, CLASSES[name])
    X, y = _base_data(estimator)
    frame = pd.DataFrame(X, columns=["alpha", "beta", "gamma"])
    estimator.fit(frame, y)
    renamed = frame.rename(columns={"alpha": "delta"})
    method = next(
        m
        for m in ("predict", "transform", "score_samples", "predict_proba")
        if hasattr(estimator, m)
    )
    with pytest.raises(ValueError, match="feature names"):
        getattr(estimator, method)(renamed)


def _takes_sample_weight(cls):
    return "sample_weight" in inspect.signature(cls.fit).parameters


WEIGHTED = [name for name in NAMES if _takes_sample_weight(CLASSES[name])]


@pytest.mark.parametrize("weights", ["positive", "some_zero", "negative", "nan"])
@pytest.mark.parametrize("name", WEIGHTED)
def test_sample_weight(name, weights):
    """Valid weights work and are left untouched; invalid ones are refused."""
    estimator = make_estimator(name, CLASSES[name])
    X, y = _base_data(estimator)
    sample_weight = np.random.default_rng(1).uniform(0.5, 2.0, len(X))
    if weights == "some_zero":
        sample_weight[[0, 5]] = 0.0
    elif weights == "negative":
        sample_weight[3] = -1.0
    elif weights == "nan":
        sample_weight[3] = np.nan
    sample_weight.flags.writeable = False
    before = sample_weight.copy()
    outcome = fit_and_query(
        estimator, X, y, fit_kwargs={"sample_weight": sample_weight}
    )
    _record(name, f"sample_weight_{weights}", outcome)
    np.testing.assert_array_equal(sample_weight, before)
    if weights in ("positive", "some_zero"):
        _assert_works(name, outcome)
    elif weights == "nan":
        assert outcome[0] == "error", outcome[1]
    # negative weights: scikit-learn's LogisticRegression and SVC accept them,
    # so the twins may too; either way nothing may be NaN (checked above)


# --------------------------------------------------------------------------
# Random matrices with special values, drawn by hypothesis
# --------------------------------------------------------------------------

SPECIAL_VALUES = [
    0.0,
    -0.0,
    1.0,
    1e150,
    -1e150,
    1e-150,
    -1e-150,
    np.nan,
    np.inf,
    -np.inf,
]

finite_or_special = st.one_of(
    st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=64),
    st.sampled_from(SPECIAL_VALUES),
)
finite_extreme = st.one_of(
    st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=64),
    st.sampled_from([0.0, 1.0, 1e150, -1e150, 1e-150, -1e-150]),
)


@st.composite
def datasets(draw, elements):
    n_samples = draw(st.integers(1, 10))
    n_features = draw(st.integers(1, 4))
    X = draw(hnp.arrays(np.float64, (n_samples, n_features), elements=elements))
    n_classes = draw(st.integers(1, 3))
    labels = draw(
        hnp.arrays(np.int64, n_samples, elements=st.integers(0, n_classes - 1))
    )
    target = draw(
        hnp.arrays(
            np.float64,
            n_samples,
            elements=st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False),
        )
    )
    order = draw(st.sampled_from(["C", "F"]))
    return np.asarray(X, order=order), labels, target


def _pick_target(estimator, labels, target):
    if is_classifier(estimator):
        return labels
    if is_regressor(estimator):
        return target
    return None


@pytest.mark.parametrize("name", NAMES)
@settings(settings.get_profile(PROFILE))
@given(data=datasets(finite_or_special))
def test_random_special_values(name, data):
    X, labels, target = data
    estimator = make_estimator(name, CLASSES[name])
    y = _pick_target(estimator, labels, target)
    if _positive_only(estimator):
        X = np.abs(X)
    kind, detail = fit_and_query(estimator, X, y)
    has_nan, has_inf = np.isnan(X).any(), np.isinf(X).any()
    if has_inf or (has_nan and not _allows_nan(estimator)):
        assert kind == "error", "non-finite X was accepted"


@pytest.mark.parametrize("name", NAMES)
@settings(settings.get_profile(PROFILE))
@given(data=datasets(finite_extreme))
def test_random_finite_extremes(name, data):
    """Finite data with 1e+-150 entries: works, or a clear error."""
    X, labels, target = data
    estimator = make_estimator(name, CLASSES[name])
    y = _pick_target(estimator, labels, target)
    if _positive_only(estimator):
        X = np.abs(X)
    fit_and_query(estimator, X, y)


# --------------------------------------------------------------------------
# Regression tests for the bugs this suite found
# --------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0.0, 2.0])
def test_gaussian_nb_all_constant_features_gives_the_priors(value):
    # was: var_smoothing * max variance = 0, so every likelihood was 0/0 = NaN
    from sklearn_notes.naive_bayes import GaussianNB

    X = np.full((9, 3), value)
    y = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2])
    model = GaussianNB().fit(X, y)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba, np.tile([4 / 9, 3 / 9, 2 / 9], (9, 1)))
    assert np.all(model.predict(X) == 0)
    # a single training sample has zero variance too
    one = GaussianNB().fit(X[:1] + np.arange(3), y[:1])
    np.testing.assert_array_equal(one.predict_proba(X), np.ones((9, 1)))


@pytest.mark.parametrize("scale", [1e150, 1e-150])
def test_histogram_density_is_scale_equivariant(scale):
    # was: bin volumes of 1e-450 underflowed (log density +inf) and of 1e450
    # overflowed (log density -inf at the training points)
    from sklearn_notes.neighbors import HistogramDensity

    X = np.random.default_rng(0).standard_normal((30, 3))
    reference = HistogramDensity(bins=4).fit(X).score_samples(X)
    scaled = HistogramDensity(bins=4).fit(X * scale).score_samples(X * scale)
    assert np.all(np.isfinite(reference))
    np.testing.assert_allclose(scaled, reference - 3 * np.log(scale), rtol=1e-12)


@pytest.mark.parametrize(
    "X",
    [
        np.column_stack([np.arange(6.0), np.ones(6), np.arange(6.0) ** 2]),
        np.random.default_rng(0).standard_normal((2, 3)),
        np.zeros((5, 2)),
    ],
    ids=["constant_feature", "fewer_samples_than_features", "all_zero"],
)
def test_pca_singular_covariance_has_no_likelihood(X):
    # was: LinAlgError("singular matrix") or a -inf log-likelihood at the
    # training points; the transform itself stays well defined
    from sklearn_notes.decomposition import PCA

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        model = PCA().fit(X)
    assert np.all(np.isfinite(model.transform(X)))
    assert np.all(np.isfinite(model.explained_variance_ratio_))
    for method in (model.score_samples, model.score):
        with pytest.raises(ValueError, match="covariance is singular"):
            method(X)
    with pytest.raises(ValueError, match="covariance is singular"):
        model.get_precision()


def test_pca_likelihood_unchanged_when_covariance_is_regular():
    from sklearn.decomposition import PCA as SkPCA

    from sklearn_notes.decomposition import PCA

    X = np.random.default_rng(0).standard_normal((20, 3))
    np.testing.assert_allclose(
        PCA().fit(X).score_samples(X), SkPCA().fit(X).score_samples(X), rtol=1e-10
    )


@pytest.mark.parametrize("name", ["GaussianNB", "MinimumRiskClassifier"])
def test_gaussian_nb_subnormal_variance_stays_finite(name):
    # was: var_smoothing * 2.5e-301 = a subnormal variance whose inverse is
    # inf, and (x - mu)^2 * inf = 0 * inf = NaN (found by hypothesis)
    X = np.array([[1e-150], [0.0], [0.0], [0.0]])
    y = np.array([1, 1, 0, 0])
    model = CLASSES[name]().fit(X, y)
    proba = model.predict_proba(X)
    assert np.all(np.isfinite(proba))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(model.predict(X), [1, 0, 0, 0])
    single = CLASSES[name]().fit(np.array([[1e-150, 0.0], [0.0, 0.0]]), [0, 0])
    np.testing.assert_array_equal(single.predict_proba(X[:2, [0, 0]]), 1.0)
