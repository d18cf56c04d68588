"""Every public estimator tuned by GridSearchCV, RandomizedSearchCV and
skopt.BayesSearchCV over the default spaces of ``search_space``."""

import itertools

import numpy as np
import pytest
import sklearn
from scipy import stats
from sklearn.base import is_classifier, is_regressor
from sklearn.datasets import load_diabetes, load_iris, make_blobs
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.model_selection._search import BaseSearchCV
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import KBinsDiscretizer, MinMaxScaler, StandardScaler
from sklearn.svm import SVC as SklearnSVC
from sklearn.utils._param_validation import validate_parameter_constraints
from sklearn.utils.validation import check_is_fitted
from skopt import BayesSearchCV
from skopt.space import Dimension

from sklearn_notes.model_selection import MinimumRiskClassifier, search_space
from sklearn_notes.naive_bayes import GaussianNB
from sklearn_notes.svm import SVC
from sklearn_notes.utils import all_estimators

# Search meta-estimators (GeneticSearchCV) tune the others: they have no
# parameters of their own worth a default space, and no argument-free
# constructor.  tests/model_selection/test_genetic_search.py covers them.
ESTIMATORS = {
    name: cls for name, cls in all_estimators() if not issubclass(cls, BaseSearchCV)
}
KINDS = ("grid", "random", "bayes")
N_ITER = 5


# --------------------------------------------------------------------------
# data and preprocessing per estimator
# --------------------------------------------------------------------------
def _iris():
    return load_iris(return_X_y=True)


def _diabetes():
    X, y = load_diabetes(return_X_y=True)
    return X[:150], y[:150]


def _blobs():
    X, _ = make_blobs(n_samples=150, centers=3, n_features=4, random_state=0)
    return X, None


def _one_dimensional_sample():
    # bounded 1-D sample: with MinMaxScaler(clip=True) in front every held-out
    # point falls inside the histogram's range
    X = np.random.RandomState(0).beta(2.0, 2.0, size=(600, 1))
    return X, None


def _preprocessing(name):
    if name in ("MultinomialNB", "BernoulliNB", "HistogramDensity"):
        # non-negative (count-like / binary) inputs; clip keeps held-out
        # folds inside [0, 1] too
        return MinMaxScaler(clip=True)
    if name == "ID3Classifier":
        # ID3 splits on categories: bin each feature into 3 ordinal levels
        return KBinsDiscretizer(n_bins=3, encode="ordinal", strategy="uniform")
    return StandardScaler()


def _data(name, estimator):
    if name == "HistogramDensity":
        return _one_dimensional_sample()
    if is_classifier(estimator):
        return _iris()
    if is_regressor(estimator):
        return _diabetes()
    # clusterers, mixtures, densities and PCA: ``score`` is their criterion
    # (-inertia, mean / total log-likelihood)
    return _blobs()


def _pipeline(name):
    estimator = ESTIMATORS[name]()
    if hasattr(estimator, "random_state"):
        estimator.set_params(random_state=0)
    return Pipeline([("prep", _preprocessing(name)), ("model", estimator)])


def _make_search(kind, pipe):
    space = search_space(pipe, kind=kind)
    common = dict(cv=3, n_jobs=2, refit=True, error_score="raise")
    if kind == "grid":
        return GridSearchCV(pipe, space, **common)
    if kind == "random":
        # a space of lists only (MinimumRiskClassifier) may hold < N_ITER points
        if all(isinstance(values, list) for values in space.values()):
            n_iter = min(N_ITER, int(np.prod([len(v) for v in space.values()])))
        else:
            n_iter = N_ITER
        return RandomizedSearchCV(pipe, space, n_iter=n_iter, random_state=0, **common)
    return BayesSearchCV(pipe, space, n_iter=N_ITER, random_state=0, **common)


def _same_value(fitted, chosen):
    if hasattr(chosen, "get_params"):  # an estimator: refit uses a clone
        return (
            type(fitted) is type(chosen) and fitted.get_params() == chosen.get_params()
        )
    return fitted == chosen or (fitted is None and chosen is None)


# --------------------------------------------------------------------------
# the searches
# --------------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(ESTIMATORS))
def test_search_every_estimator(name, kind):
    pipe = _pipeline(name)
    X, y = _data(name, pipe[-1])
    search = _make_search(kind, pipe)
    search.fit(X, y)

    # the chosen parameters reached the refitted final estimator
    fitted_model = search.best_estimator_[-1]
    check_is_fitted(fitted_model)
    fitted_params = fitted_model.get_params()
    assert search.best_params_, "empty best_params_"
    for key, value in search.best_params_.items():
        step, param = key.split("__", 1)
        assert step == "model"
        assert _same_value(fitted_params[param], value), (param, value)
    if name == "MinimumRiskClassifier":
        assert type(fitted_model.estimator_) is type(
            search.best_params_["model__estimator"]
        )

    # the best candidate is the best of the candidates
    scores = np.asarray(search.cv_results_["mean_test_score"], dtype=float)
    assert not np.isnan(scores).any()
    assert np.isfinite(search.best_score_)
    assert search.best_score_ == scores.max()
    assert search.best_score_ >= scores.min()
    if np.unique(scores).size > 1:
        assert search.best_score_ > scores.min()


# --------------------------------------------------------------------------
# search_space itself
# --------------------------------------------------------------------------
def _check_values(cls, name, params):
    validate_parameter_constraints(cls._parameter_constraints, params, caller_name=name)


@pytest.mark.parametrize("name", sorted(ESTIMATORS))
def test_search_space_covers_every_estimator(name):
    """A new estimator without a default space fails here."""
    cls = ESTIMATORS[name]
    valid = set(cls().get_params(deep=False))
    rng = np.random.RandomState(0)
    for kind in KINDS:
        space = search_space(cls(), kind=kind)
        assert space, kind
        assert set(space) <= valid, (kind, set(space) - valid)
        assert search_space(cls, kind=kind).keys() == space.keys()

    grid = search_space(cls(), kind="grid")
    assert all(2 <= len(values) <= 4 for values in grid.values()), grid
    assert np.prod([len(values) for values in grid.values()]) <= 8
    for combination in itertools.product(*grid.values()):
        _check_values(cls, name, dict(zip(grid, combination)))

    for key, dist in search_space(cls(), kind="random").items():
        assert isinstance(dist, list) or hasattr(dist, "rvs"), key
        draws = dist if isinstance(dist, list) else dist.rvs(size=20, random_state=rng)
        for draw in draws:
            _check_values(cls, name, {key: draw})

    for key, dim in search_space(cls(), kind="bayes").items():
        assert isinstance(dim, Dimension), key
        for draw in dim.rvs(n_samples=20, random_state=0):
            _check_values(cls, name, {key: draw})


def test_search_meta_estimators_are_left_out():
    discovered = dict(all_estimators())
    searches = {
        name for name, cls in discovered.items() if issubclass(cls, BaseSearchCV)
    }
    assert "GeneticSearchCV" in searches
    assert set(ESTIMATORS) == set(discovered) - searches


def test_search_space_kinds_and_prefixes():
    pipe = make_pipeline(StandardScaler(), SVC())
    for kind in KINDS:
        plain = search_space(SVC(), kind=kind)
        prefixed = search_space(pipe, kind=kind)
        assert list(prefixed) == [f"svc__{key}" for key in plain]
    assert isinstance(search_space(SVC(), "random")["C"], type(stats.loguniform(1, 2)))
    assert search_space(SVC(), "bayes")["C"].prior == "log-uniform"

    nested = Pipeline(
        [("outer", Pipeline([("scale", StandardScaler()), ("clf", SVC())]))]
    )
    assert set(search_space(nested)) == {"outer__clf__C", "outer__clf__gamma"}


def test_search_space_minimum_risk_with_explicit_model():
    clf = MinimumRiskClassifier(estimator=GaussianNB())
    assert search_space(clf, "grid") == {
        f"estimator__{key}": value for key, value in search_space(GaussianNB()).items()
    }
    pipe = make_pipeline(StandardScaler(), clf)
    assert list(search_space(pipe, "bayes")) == [
        "minimumriskclassifier__estimator__var_smoothing"
    ]
    X, y = _iris()
    search = GridSearchCV(pipe, search_space(pipe), cv=3).fit(X, y)
    chosen = search.best_params_["minimumriskclassifier__estimator__var_smoothing"]
    assert search.best_estimator_[-1].estimator_.var_smoothing == chosen


def test_search_space_errors():
    with pytest.raises(ValueError, match="kind must be one of"):
        search_space(SVC(), kind="halving")
    with pytest.raises(ValueError, match="No default search space for sklearn.svm"):
        search_space(SklearnSVC())
    with pytest.raises(ValueError, match="No default search space"):
        search_space(make_pipeline(StandardScaler(), SklearnSVC()), kind="bayes")
    with pytest.raises(ValueError, match="No default search space"):
        search_space(object())


# --------------------------------------------------------------------------
# skopt 0.10.2 under metadata routing (shared/DISTRIBUTED.md section 4)
# --------------------------------------------------------------------------
class _DropNoneGroups(BaseSearchCV):
    def fit(self, X, y=None, **params):
        if params.get("groups", 0) is None:
            del params["groups"]
        return super().fit(X, y, **params)


class _BayesSearchCVRouting(BayesSearchCV, _DropNoneGroups):
    """skopt always forwards groups=None, which routing refuses."""


def test_bayes_search_with_metadata_routing_workaround():
    X, y = _iris()
    pipe = make_pipeline(StandardScaler(), GaussianNB())
    space = search_space(pipe, kind="bayes")
    with sklearn.config_context(enable_metadata_routing=True):
        with pytest.raises(TypeError, match="groups"):
            BayesSearchCV(pipe, space, n_iter=2, cv=3, random_state=0).fit(X, y)
        search = _BayesSearchCVRouting(pipe, space, n_iter=2, cv=3, random_state=0)
        search.fit(X, y)
    chosen = search.best_params_["gaussiannb__var_smoothing"]
    assert search.best_estimator_[-1].var_smoothing == chosen
    assert len(search.cv_results_["mean_test_score"]) == 2
