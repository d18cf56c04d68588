"""Default hyperparameter search spaces for every sklearn_notes estimator.

One declarative table (``_SPACES``) says, for each estimator, which
parameters are worth tuning and over what range; :func:`search_space` turns
one entry into the form each search wants:

* ``"grid"``   -> lists of values, for :class:`~sklearn.model_selection.GridSearchCV`
  (2-4 values per parameter, at most 8 combinations);
* ``"random"`` -> ``scipy.stats`` distributions (or lists), for
  :class:`~sklearn.model_selection.RandomizedSearchCV`;
* ``"bayes"``  -> ``skopt.space`` dimensions, for ``skopt.BayesSearchCV``.

The ranges are generic defaults for standardised features (``StandardScaler``
or ``MinMaxScaler`` in front), not tuned to any data set.
"""

from dataclasses import dataclass

from scipy import stats
from sklearn.pipeline import Pipeline

__all__ = ["search_space"]

_KINDS = ("grid", "random", "bayes")


# ---------------------------------------------------------------------------
# The three kinds of parameter range.  ``grid`` is the short list used by
# GridSearchCV; ``None`` there means "tune it only in random/bayes searches"
# (this keeps grids at <= 8 combinations).
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Real:
    low: float
    high: float
    log: bool
    grid: tuple | None

    def random(self):
        if self.log:
            return stats.loguniform(self.low, self.high)
        return stats.uniform(self.low, self.high - self.low)

    def bayes(self):
        from skopt.space import Real

        return Real(self.low, self.high, prior="log-uniform" if self.log else "uniform")

    def describe(self):
        scale = "log-uniform" if self.log else "uniform"
        return f"{scale} [{self.low:g}, {self.high:g}]"


@dataclass(frozen=True)
class _Int:
    low: int
    high: int
    log: bool
    grid: tuple | None

    def random(self):
        # scipy has no integer log-uniform: uniform integers (see Notes)
        return stats.randint(self.low, self.high + 1)

    def bayes(self):
        from skopt.space import Integer

        return Integer(
            self.low, self.high, prior="log-uniform" if self.log else "uniform"
        )

    def describe(self):
        scale = "log-uniform" if self.log else "uniform"
        return f"integer, {scale} [{self.low}, {self.high}]"


@dataclass(frozen=True)
class _Cat:
    values: tuple
    grid: tuple | None

    def random(self):
        return list(self.values)

    def bayes(self):
        from skopt.space import Categorical

        return Categorical(list(self.values))

    def describe(self):
        return "one of " + ", ".join(_show(v) for v in self.values)


def _real(low, high, grid=None, log=True):
    return _Real(low, high, log, None if grid is None else tuple(grid))


def _int(low, high, grid=None, log=False):
    return _Int(low, high, log, None if grid is None else tuple(grid))


def _cat(values, grid="all"):
    values = tuple(values)
    return _Cat(
        values, values if grid == "all" else (None if grid is None else tuple(grid))
    )


def _show(value):
    if isinstance(value, str):
        return f'"{value}"'
    if hasattr(value, "get_params"):
        return f"{type(value).__name__}()"
    return f"{value!r}" if not isinstance(value, float) else f"{value:g}"


def _minimum_risk_estimators():
    # Base posterior models for MinimumRiskClassifier (fresh instances on
    # every call, so a search never shares a mutable estimator).
    from sklearn_notes.discriminant_analysis import LinearDiscriminantAnalysis
    from sklearn_notes.linear_model import LogisticRegression
    from sklearn_notes.naive_bayes import GaussianNB

    return (GaussianNB(), LinearDiscriminantAnalysis(), LogisticRegression())


_TREE = {
    "max_depth": _int(2, 12, grid=(3, 6, None)),
    "min_samples_leaf": _int(1, 20, grid=(1, 5), log=True),
}

# name of the class -> {parameter: range}.  Parameters without a ``grid`` are
# tuned by random and Bayesian searches only.
_SPACES = {
    "AdaBoostClassifier": {
        "n_estimators": _int(5, 50, grid=(5, 10)),
        "learning_rate": _real(0.05, 2.0, grid=(0.5, 1.0)),
    },
    "BaggingClassifier": {
        "n_estimators": _int(5, 20, grid=(5, 10)),
        "max_samples": _real(0.3, 1.0, grid=(0.5, 1.0), log=False),
        "max_features": _real(0.3, 1.0, grid=None, log=False),
    },
    "BaggingRegressor": {
        "n_estimators": _int(5, 20, grid=(5, 10)),
        "max_samples": _real(0.3, 1.0, grid=(0.5, 1.0), log=False),
        "max_features": _real(0.3, 1.0, grid=None, log=False),
    },
    "GradientBoostingClassifier": {
        "n_estimators": _int(5, 50, grid=(5, 10)),
        "learning_rate": _real(0.01, 1.0, grid=(0.1, 0.5)),
        "max_depth": _int(1, 6, grid=(2, 3)),
        "subsample": _real(0.5, 1.0, grid=None, log=False),
    },
    "GradientBoostingRegressor": {
        "n_estimators": _int(5, 50, grid=(5, 10)),
        "learning_rate": _real(0.01, 1.0, grid=(0.1, 0.5)),
        "max_depth": _int(1, 6, grid=(2, 3)),
        "loss": _cat(("squared_error", "huber"), grid=None),
    },
    "RandomForestClassifier": {
        "n_estimators": _int(5, 20, grid=(5, 10)),
        "max_depth": _int(2, 12, grid=(3, None)),
        "max_features": _cat(("sqrt", "log2"), grid=None),
    },
    "RandomForestRegressor": {
        "n_estimators": _int(5, 20, grid=(5, 10)),
        "max_depth": _int(2, 12, grid=(3, None)),
        "max_features": _real(0.3, 1.0, grid=None, log=False),
    },
    "BayesianModelAveragingClassifier": {
        "cv": _int(2, 5, grid=(3, 5)),
    },
    "DistilledClassifier": {
        "temperature": _real(0.5, 10.0, grid=(1.0, 2.0, 5.0)),
        "alpha": _real(0.0, 1.0, grid=(0.5, 1.0), log=False),
    },
    "BernoulliNB": {
        "alpha": _real(1e-3, 10.0, grid=(0.01, 1.0)),
        "binarize": _real(0.1, 0.9, grid=(0.25, 0.5, 0.75), log=False),
    },
    "DecisionTreeClassifier": {
        **_TREE,
        "criterion": _cat(("gini", "entropy"), grid=None),
    },
    "DecisionTreeRegressor": {
        **_TREE,
        "criterion": _cat(("squared_error", "friedman_mse"), grid=None),
    },
    "GaussianMixture": {
        "n_components": _int(1, 6, grid=(1, 2, 3, 4)),
        "covariance_type": _cat(
            ("full", "diag", "tied", "spherical"), grid=("full", "diag")
        ),
    },
    "GaussianNB": {
        "var_smoothing": _real(1e-11, 1.0, grid=(1e-9, 1e-6, 1e-3, 1.0)),
    },
    "HistogramDensity": {
        "bins": _int(2, 40, grid=(5, 10, 20), log=True),
    },
    "ID3Classifier": {
        "max_depth": _int(1, 8, grid=(2, 4, None)),
        "min_samples_split": _int(2, 20, grid=(2, 10), log=True),
        "min_gain": _real(0.0, 0.2, log=False),
    },
    "KMeans": {
        "n_clusters": _int(2, 10, grid=(2, 3, 4, 6)),
        "init": _cat(("k-means++", "random")),
    },
    "KNeighborsClassifier": {
        "n_neighbors": _int(1, 30, grid=(3, 5, 10, 20), log=True),
        "weights": _cat(("uniform", "distance")),
        "p": _cat((1, 2), grid=None),
    },
    "KNeighborsDensity": {
        "n_neighbors": _int(2, 50, grid=(5, 10, 20, 40), log=True),
    },
    "KNeighborsRegressor": {
        "n_neighbors": _int(1, 30, grid=(3, 5, 10, 20), log=True),
        "weights": _cat(("uniform", "distance")),
        "p": _cat((1, 2), grid=None),
    },
    "KernelDensity": {
        "bandwidth": _real(0.05, 5.0, grid=(0.1, 0.3, 1.0, 3.0)),
        # compact-support kernels give log(0) = -inf on held-out points
        "kernel": _cat(("gaussian", "exponential")),
    },
    "LeastSquaresClassifier": {
        "alpha": _real(1e-4, 1e2, grid=(1e-3, 1e-1, 1.0, 10.0)),
        "fit_intercept": _cat((True, False), grid=None),
    },
    "LinearDiscriminantAnalysis": {
        # shrinkage needs a solver that forms the covariance ("svd" refuses it)
        "solver": _cat(("lsqr", "eigen")),
        "shrinkage": _real(0.0, 1.0, grid=(None, "auto", 0.1, 0.5), log=False),
    },
    "LinearRegression": {
        "fit_intercept": _cat((True, False)),
        "positive": _cat((False, True)),
        "tol": _real(1e-8, 1e-4, grid=None),
    },
    "LogisticRegression": {
        "C": _real(1e-3, 1e3, grid=(0.01, 0.1, 1.0, 10.0)),
        "class_weight": _cat((None, "balanced"), grid=None),
    },
    "MinimumRiskClassifier": {
        "estimator": None,  # filled in by _space_table (fresh instances)
    },
    "MultinomialNB": {
        "alpha": _real(1e-3, 10.0, grid=(0.01, 0.1, 1.0, 10.0)),
        "fit_prior": _cat((True, False)),
    },
    "PCA": {
        # a fraction of explained variance: independent of n_features
        "n_components": _real(0.5, 0.99, grid=(0.5, 0.8, 0.9, 0.99), log=False),
        "whiten": _cat((False, True), grid=None),
    },
    "SVC": {
        "C": _real(1e-2, 1e3, grid=(0.1, 1.0, 10.0, 100.0)),
        "gamma": _real(1e-3, 10.0, grid=(0.01, 0.1)),
    },
    "SoftmaxRegression": {
        "alpha": _real(1e-6, 1.0, grid=(1e-5, 1e-3, 1e-1, 1.0)),
        "fit_intercept": _cat((True, False), grid=None),
    },
}


def _space_table(name):
    table = dict(_SPACES[name])
    if name == "MinimumRiskClassifier":
        table["estimator"] = _cat(_minimum_risk_estimators())
    return table


def _final_estimator(estimator, prefix=""):
    """Walk down pipelines (and an explicit MinimumRiskClassifier base model)."""
    if isinstance(estimator, Pipeline):
        step_name, last = estimator.steps[-1]
        return _final_estimator(last, f"{prefix}{step_name}__")
    return estimator, prefix


def _table_name(estimator):
    cls = estimator if isinstance(estimator, type) else type(estimator)
    module = getattr(cls, "__module__", "") or ""
    if module.split(".")[0] == "sklearn_notes" and cls.__name__ in _SPACES:
        return cls.__name__
    raise ValueError(
        f"No default search space for {cls.__module__}.{cls.__qualname__}: "
        f"search_space knows the sklearn_notes estimators "
        f"{', '.join(sorted(_SPACES))} (or a Pipeline ending in one)."
    )


def search_space(estimator, kind="grid"):
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, got {kind!r}.")
    final, prefix = _final_estimator(estimator)
    name = _table_name(final)

    # MinimumRiskClassifier wrapping an explicit model: tune that model.
    if name == "MinimumRiskClassifier" and not isinstance(final, type):
        inner = final.get_params(deep=False)["estimator"]
        if inner is not None:
            inner_space = search_space(inner, kind=kind)
            return {
                f"{prefix}estimator__{key}": value for key, value in inner_space.items()
            }

    space = {}
    for param, rng in _space_table(name).items():
        if kind == "grid":
            if rng.grid is None:
                continue
            space[prefix + param] = list(rng.grid)
        elif kind == "random":
            space[prefix + param] = rng.random()
        else:
            space[prefix + param] = rng.bayes()
    return space


def _docs_table():
    rows = []
    for name in sorted(_SPACES):
        for param, rng in _space_table(name).items():
            grid = "--" if rng.grid is None else ", ".join(_show(v) for v in rng.grid)
            rows.append((name, param, grid, rng.describe()))
    widths = [max(len(r[i]) for r in rows + [_HEADER]) for i in range(4)]
    rule = "  ".join("=" * w for w in widths)
    fmt = "  ".join("{:<%d}" % w for w in widths)
    lines = [rule, fmt.format(*_HEADER).rstrip(), rule]
    previous = None
    for row in rows:
        shown = ("" if row[0] == previous else row[0],) + row[1:]
        previous = row[0]
        lines.append(fmt.format(*shown).rstrip())
    lines.append(rule)
    return "\n    ".join(lines)


_HEADER = ("estimator", "parameter", "grid values", "random / bayes range")

search_space.__doc__ = """Default hyperparameter search space for an estimator.

    Parameters
    ----------
    estimator : estimator instance or class, or Pipeline
        A public :mod:`sklearn_notes` estimator (see the table), or a
        :class:`~sklearn.pipeline.Pipeline` whose final step is one; then the
        keys are prefixed with ``<stepname>__`` (nested pipelines give
        ``<outer>__<inner>__param``).  For a
        :class:`~sklearn_notes.model_selection.MinimumRiskClassifier` with an
        explicit ``estimator``, the space is that estimator's, prefixed with
        ``estimator__``; with ``estimator=None`` the base model itself is
        searched.

    kind : {{"grid", "random", "bayes"}}, default="grid"
        * ``"grid"``: ``{{param: list}}`` for
          :class:`~sklearn.model_selection.GridSearchCV` (2-4 values per
          parameter, at most 8 combinations; parameters shown "--" in the
          grid column are left at their defaults).
        * ``"random"``: ``{{param: scipy.stats distribution or list}}`` for
          :class:`~sklearn.model_selection.RandomizedSearchCV`.
        * ``"bayes"``: ``{{param: skopt.space.Real / Integer / Categorical}}``
          for ``skopt.BayesSearchCV`` (log-uniform priors where the parameter
          acts on a multiplicative scale).

    Returns
    -------
    space : dict
        Parameter name (prefixed for pipelines) -> values, distribution or
        dimension.

    Raises
    ------
    ValueError
        If ``kind`` is not one of the three, or the (final) estimator is not a
        sklearn_notes estimator with a known space.

    Notes
    -----
    The ranges assume standardised inputs (``StandardScaler``, or
    ``MinMaxScaler`` for the count/binary naive Bayes models).  Integer
    log-uniform ranges are log-uniform in the Bayesian space only; the random
    search draws them uniformly (``scipy.stats.randint``).

    {table}

    Examples
    --------
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn_notes.model_selection import search_space
    >>> from sklearn_notes.svm import SVC
    >>> search_space(make_pipeline(StandardScaler(), SVC()), kind="grid")
    {{'svc__C': [0.1, 1.0, 10.0, 100.0], 'svc__gamma': [0.01, 0.1]}}
    >>> search_space(SVC(), kind="bayes")["C"]
    Real(low=0.01, high=1000.0, prior='log-uniform', transform='identity')
    >>> [float(bound) for bound in search_space(SVC(), kind="random")["C"].support()]
    [0.01, 1000.0]
    """.format(table=_docs_table())
