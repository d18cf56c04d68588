"""Hyperparameter search by a genetic algorithm (notes 11.3.2).

A *genotype* is one parameter setting; its *fitness* is its mean
cross-validated score, exactly the number GridSearchCV ranks by.  Generation
0 is a random population (as RandomizedSearchCV would draw it); every later
generation keeps the ``elitism`` best genotypes unchanged and fills the rest
with children of parents chosen by tournament, recombined by uniform
crossover and mutated gene by gene.  All randomness is drawn here, in the
calling process, from one ``check_random_state(random_state)``; only the
(candidate, fold) fits go to joblib, so the result does not depend on
``n_jobs`` or on the joblib backend.

The whole search is one ``_run_search`` of scikit-learn's ``BaseSearchCV``:
each generation hands its not-yet-seen genotypes to ``evaluate_candidates``,
so ``cv_results_``, refit, multi-metric scoring, ``error_score`` and
``n_jobs`` behave as in GridSearchCV.
"""

import math
import numbers

import numpy as np
from sklearn.model_selection._search import BaseSearchCV
from sklearn.utils import check_random_state, get_tags
from sklearn.utils._param_validation import Interval

__all__ = ["GeneticSearchCV"]


# ---------------------------------------------------------------------------
# Genes: one per hyperparameter.  Each knows how to draw a random value
# (generation 0) and how to mutate a value it produced.
# ---------------------------------------------------------------------------
class _ChoiceGene:
    """A finite list of values (a list, a 1-D array or a skopt Categorical).

    Mutation resamples uniformly among the *other* values, so a mutation
    always changes the gene when there is more than one value.
    """

    def __init__(self, values):
        self.values = list(values)

    def sample(self, rng):
        return self.values[rng.randint(len(self.values))]

    def mutate(self, value, rng):
        if len(self.values) == 1:
            return value
        others = [v for v in self.values if not _same(v, value)]
        if not others:  # value not among them (cannot happen): resample
            return self.sample(rng)
        return others[rng.randint(len(others))]


class _DistributionGene:
    """A ``scipy.stats`` (or any object with ``rvs``) distribution.

    Mutation resamples from the distribution: scipy gives no bounds or scale
    to perturb in, so the prior itself is the mutation kernel.
    """

    def __init__(self, distribution):
        self.distribution = distribution

    def sample(self, rng):
        value = self.distribution.rvs(random_state=rng)
        return value.item() if isinstance(value, np.generic) else value

    def mutate(self, value, rng):
        return self.sample(rng)


class _RangeGene:
    """A skopt ``Real`` or ``Integer`` dimension: a bounded (log-)range.

    Sampling is uniform in the dimension's space: linear for a ``"uniform"``
    prior, ``log(value)`` for ``"log-uniform"``.  Mutation is the Gaussian
    perturbation of real-coded GAs in that same space,

        z' = clip(z + sigma * N(0, 1), z_low, z_high),
        sigma = mutation_scale * (z_high - z_low),

    mapped back (``exp`` for a log prior) and rounded for an Integer.
    """

    def __init__(self, low, high, log, integer, mutation_scale):
        self.low, self.high = low, high
        self.log, self.integer = log, integer
        self.mutation_scale = mutation_scale

    def _to_space(self, value):
        return math.log(value) if self.log else float(value)

    def _from_space(self, z):
        value = math.exp(z) if self.log else z
        value = min(max(value, self.low), self.high)  # exp/log round-off
        return int(round(value)) if self.integer else float(value)

    def sample(self, rng):
        if self.integer and not self.log:
            return int(rng.randint(self.low, self.high + 1))
        z_low, z_high = self._to_space(self.low), self._to_space(self.high)
        return self._from_space(rng.uniform(z_low, z_high))

    def mutate(self, value, rng):
        z_low, z_high = self._to_space(self.low), self._to_space(self.high)
        sigma = self.mutation_scale * (z_high - z_low)
        z = self._to_space(value) + sigma * rng.standard_normal()
        return self._from_space(min(max(z, z_low), z_high))


#: Extra single-gene mutations tried to turn a duplicate child into a new one.
_DUPLICATE_RETRIES = 10


def _same(a, b):
    """Equality that works for arrays, estimators (identity) and NaN."""
    if a is b:
        return True
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _make_gene(name, values, mutation_scale):
    # skopt is optional: recognise its dimensions by class name and module
    module = type(values).__module__ or ""
    if module.startswith("skopt"):
        kind = type(values).__name__
        if kind == "Categorical":
            return _ChoiceGene(values.categories)
        if kind in ("Real", "Integer"):
            return _RangeGene(
                values.low,
                values.high,
                log=values.prior == "log-uniform",
                integer=kind == "Integer",
                mutation_scale=mutation_scale,
            )
    if hasattr(values, "rvs"):
        return _DistributionGene(values)
    if isinstance(values, str) or not isinstance(values, (list, tuple, np.ndarray)):
        raise TypeError(
            f"Parameter values for parameter {name!r} need to be a list, a "
            "1-D array, a scipy.stats distribution (with an rvs method) or a "
            f"skopt.space dimension, but got {values!r} (of type "
            f"{type(values).__name__}) instead."
        )
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise ValueError(
            f"Parameter array for {name!r} should be one-dimensional, got "
            f"{values!r} with shape {values.shape}."
        )
    if len(values) == 0:
        raise ValueError(
            f"Parameter values for parameter {name!r} need to be a non-empty sequence."
        )
    return _ChoiceGene(values)


def _parse_space(param_distributions, mutation_scale):
    """A list of subspaces, each a dict ``name -> gene``."""
    spaces = (
        [param_distributions]
        if isinstance(param_distributions, dict)
        else param_distributions
    )
    if not isinstance(spaces, list):
        raise TypeError(
            "param_distributions must be a dict or a list of dicts, "
            f"got {param_distributions!r}."
        )
    if not spaces:
        raise ValueError("param_distributions is an empty list.")
    parsed = []
    for space in spaces:
        if not isinstance(space, dict):
            raise TypeError(
                f"param_distributions must be a dict or a list of dicts, got a "
                f"list containing {space!r} (of type {type(space).__name__})."
            )
        if not space:
            raise ValueError("param_distributions contains an empty dict.")
        for name in space:
            if not isinstance(name, str):
                raise TypeError(f"Parameter names must be str, got {name!r}.")
        parsed.append(
            {name: _make_gene(name, v, mutation_scale) for name, v in space.items()}
        )
    return parsed


def _key(subspace, values):
    """A hashable identity of a genotype, for the evaluation cache."""

    def freeze(value):
        try:
            hash(value)
        except TypeError:
            return ("unhashable", type(value).__name__, repr(value))
        if isinstance(value, float) and math.isnan(value):
            return ("nan",)
        return value

    return (subspace, tuple(freeze(v) for v in values))


class GeneticSearchCV(BaseSearchCV):
    """Hyperparameter search by a genetic algorithm (notes 11.3.2).

    A population of ``population_size`` parameter settings (genotypes)
    evolves for at most ``generations`` generations.  The fitness of a
    genotype :math:`\\theta` is its mean cross-validated score, the
    ``mean_test_score`` of ``cv_results_`` (of the ``refit`` metric with
    several metrics):

    .. math::

        f(\\theta) = \\frac{1}{K} \\sum_{k=1}^{K}
            \\mathrm{score}\\big(\\hat h_{\\theta}^{(-k)}, D_k\\big).

    Each generation after the first is built from the previous one
    :math:`P_t` by

    1. *elitism*: the ``elitism`` fittest genotypes of :math:`P_t` are
       copied unchanged;
    2. *tournament selection*: each parent is the fittest of
       ``tournament_size`` genotypes drawn uniformly (with replacement)
       from :math:`P_t`;
    3. *uniform crossover*: with probability ``crossover_probability`` two
       parents exchange each gene independently with probability 1/2,
       otherwise the children are copies of the parents;
    4. *mutation*: every gene of a child mutates independently with
       probability ``mutation_probability``;
    5. *duplicate elimination*: a child equal to a genotype already
       evaluated (or already made in this generation) has one random gene
       mutated again, up to 10 times, so that each generation spends its
       evaluations on new genotypes.

    Only genotypes never seen before are cross-validated: the others (the
    elites, and duplicates left in a used-up finite space) take their score
    from the cache, so ``cv_results_`` has one row per distinct genotype and
    at most ``population_size * generations`` rows.

    Parameters
    ----------
    estimator : estimator object
        The object to tune; it must implement ``fit`` and either ``score``
        or be scored by ``scoring``.

    param_distributions : dict or list of dicts
        Parameter names (``str``, ``step__param`` in a pipeline) mapped to
        their range, one *gene* each:

        - a list, tuple or 1-D array: mutation picks another value
          uniformly;
        - a ``scipy.stats`` distribution (anything with ``rvs``): sampled
          with ``rvs``; mutation draws a new value from it;
        - a ``skopt.space`` ``Categorical`` (as a list), or ``Real`` /
          ``Integer``: sampled uniformly in their linear or log space;
          mutation adds Gaussian noise of standard deviation
          ``0.1 * (width of the space)`` in that space, clipped to the
          bounds (and rounded for ``Integer``).

        With a list of dicts each dict is a separate subspace: generation 0
        draws the subspace of each genotype uniformly, and genotypes only
        recombine with genotypes of their own subspace.  The output of
        :func:`~sklearn_notes.model_selection.search_space` of any ``kind``
        is accepted.

    population_size : int, default=10
        Number of genotypes per generation.

    generations : int, default=10
        Maximum number of generations, generation 0 (the random initial
        population) included; at most ``population_size * generations``
        candidates are cross-validated.

    crossover_probability : float, default=0.8
        Probability that a pair of parents is recombined (uniform
        crossover) rather than copied.

    mutation_probability : float, default=0.2
        Probability that each gene of a child is mutated.

    tournament_size : int, default=3
        Number of genotypes competing in each tournament; larger means
        stronger selection pressure.  Must not exceed ``population_size``.

    elitism : int, default=1
        Number of the fittest genotypes carried unchanged into the next
        generation.  Must be smaller than ``population_size``.

    n_iter_no_change : int, default=None
        Early stopping: stop when the best score found so far has not
        increased for ``n_iter_no_change`` consecutive generations.
        ``None`` always runs ``generations`` generations.

    scoring : str, callable, list, tuple or dict, default=None
        As in :class:`~sklearn.model_selection.GridSearchCV`.  With several
        metrics the ``refit`` metric is the fitness, so ``refit`` must then
        be a metric name.

    n_jobs : int, default=None
        Number of (candidate, fold) fits run in parallel within a
        generation.  The result does not depend on it.

    refit : bool, str, or callable, default=True
        As in :class:`~sklearn.model_selection.GridSearchCV`.

    cv : int, cross-validation generator or an iterable, default=None
        As in :class:`~sklearn.model_selection.GridSearchCV` (5-fold,
        stratified for classifiers).

    verbose : int, default=0
        Controls the verbosity: ``> 0`` also prints one line per generation.

    pre_dispatch : int or str, default='2*n_jobs'
        As in :class:`~sklearn.model_selection.GridSearchCV`.

    random_state : int, RandomState instance or None, default=None
        Seeds the initial population, selection, crossover and mutation.
        Pass an int for reproducible results.

    error_score : 'raise' or numeric, default=np.nan
        Score of a failed fit.  Such genotypes (score NaN) lose every
        tournament.

    return_train_score : bool, default=False
        As in :class:`~sklearn.model_selection.GridSearchCV`.

    Attributes
    ----------
    cv_results_ : dict of numpy (masked) ndarrays
        As in :class:`~sklearn.model_selection.GridSearchCV`, one row per
        distinct genotype in the order of evaluation, plus a ``generation``
        column: the generation in which the row was first evaluated.

    best_estimator_ : estimator
        Estimator refitted with the best parameters (when ``refit``).

    best_score_ : float
        Mean cross-validated score of the best candidate.

    best_params_ : dict
        Parameter setting that gave the best results.

    best_index_ : int
        Index of the best candidate in ``cv_results_``.

    scorer_ : function or a dict
        Scorer function(s) used on the held-out data.

    n_splits_ : int
        Number of cross-validation splits.

    refit_time_ : float
        Seconds used to refit the best model on the whole dataset.

    multimetric_ : bool
        Whether or not the scorers compute several metrics.

    classes_ : ndarray of shape (n_classes,)
        Class labels (classifiers refitted only).

    n_features_in_ : int
        Number of features seen during fit (when the estimator has it).

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during fit (when the estimator has it).

    n_generations_ : int
        Number of generations run (fewer than ``generations`` after an early
        stop).

    history_ : dict of lists
        Per generation: ``"generation"``, ``"best_score"`` and
        ``"mean_score"`` (best and mean fitness of that generation's
        population, failed fits ignored), ``"best_score_so_far"`` and
        ``"n_evaluated"`` (new genotypes cross-validated in it).

    See Also
    --------
    sklearn.model_selection.GridSearchCV : Exhaustive search over a grid.
    sklearn.model_selection.RandomizedSearchCV : Random search; the same as
        generation 0 here.
    skopt.BayesSearchCV : Bayesian optimisation (notes 11.3.1).

    Notes
    -----
    Notes section 11.3.2 lists the genetic algorithm under "sequential
    model-based" optimisation.  It is not model-based: no surrogate of the
    score is fitted; the population itself is the memory of the search.
    It is a population-based, derivative-free method that needs only the
    ranking of the scores, evaluates a whole generation in parallel, and
    handles categorical, integer and conditional (list of dicts) spaces.

    The search stops after ``generations`` generations, or earlier when
    ``n_iter_no_change`` is set and the best score found so far has not
    improved for that many generations.  Because duplicates are not
    re-evaluated, a small finite space may be used up before the last
    generation; later generations then evaluate nothing.

    For a classifier or regressor a missing ``y`` is refused with a
    ValueError before any fit (GridSearchCV lets every inner fit fail).

    References
    ----------
    .. [1] D. E. Goldberg, *Genetic Algorithms in Search, Optimization and
       Machine Learning*, Addison-Wesley, 1989.
    .. [2] J. Bergstra and Y. Bengio, "Random search for hyper-parameter
       optimization", JMLR 13, 2012.

    Examples
    --------
    >>> from scipy.stats import loguniform
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_notes.linear_model import LogisticRegression
    >>> from sklearn_notes.model_selection import GeneticSearchCV
    >>> X, y = load_iris(return_X_y=True)
    >>> search = GeneticSearchCV(
    ...     LogisticRegression(max_iter=500),
    ...     {"C": loguniform(1e-3, 1e2), "fit_intercept": [True, False]},
    ...     population_size=6, generations=3, cv=3, random_state=0,
    ... ).fit(X, y)
    >>> search.n_generations_
    3
    >>> len(search.cv_results_["params"]) <= 6 * 3
    True
    >>> bool(search.best_score_ > 0.9)
    True
    """

    _parameter_constraints: dict = {
        **BaseSearchCV._parameter_constraints,
        "param_distributions": [dict, list],
        "population_size": [Interval(numbers.Integral, 2, None, closed="left")],
        "generations": [Interval(numbers.Integral, 1, None, closed="left")],
        "crossover_probability": [Interval(numbers.Real, 0, 1, closed="both")],
        "mutation_probability": [Interval(numbers.Real, 0, 1, closed="both")],
        "tournament_size": [Interval(numbers.Integral, 1, None, closed="left")],
        "elitism": [Interval(numbers.Integral, 0, None, closed="left")],
        "n_iter_no_change": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "random_state": ["random_state"],
    }

    # standard deviation of a Gaussian mutation, as a fraction of the width
    # of a Real / Integer dimension's (log-)space
    _mutation_scale = 0.1

    def __init__(
        self,
        estimator,
        param_distributions,
        *,
        population_size=10,
        generations=10,
        crossover_probability=0.8,
        mutation_probability=0.2,
        tournament_size=3,
        elitism=1,
        n_iter_no_change=None,
        scoring=None,
        n_jobs=None,
        refit=True,
        cv=None,
        verbose=0,
        pre_dispatch="2*n_jobs",
        random_state=None,
        error_score=np.nan,
        return_train_score=False,
    ):
        self.param_distributions = param_distributions
        self.population_size = population_size
        self.generations = generations
        self.crossover_probability = crossover_probability
        self.mutation_probability = mutation_probability
        self.tournament_size = tournament_size
        self.elitism = elitism
        self.n_iter_no_change = n_iter_no_change
        self.random_state = random_state
        super().__init__(
            estimator=estimator,
            scoring=scoring,
            n_jobs=n_jobs,
            refit=refit,
            cv=cv,
            verbose=verbose,
            pre_dispatch=pre_dispatch,
            error_score=error_score,
            return_train_score=return_train_score,
        )

    # ------------------------------------------------------------------
    # input checks: BaseSearchCV.fit calls this before any candidate is fitted
    # ------------------------------------------------------------------
    def _check_input_parameters(self, X, y, split_params):
        tags = get_tags(self.estimator)
        if tags.estimator_type in ("classifier", "regressor") and y is None:
            raise ValueError(
                f"{type(self).__name__} with a {tags.estimator_type} requires y "
                "to be passed, but the target y is None."
            )
        if self.tournament_size > self.population_size:
            raise ValueError(
                f"tournament_size={self.tournament_size} must not exceed "
                f"population_size={self.population_size}."
            )
        if self.elitism >= self.population_size:
            raise ValueError(
                f"elitism={self.elitism} must be smaller than "
                f"population_size={self.population_size}: otherwise no child "
                "is ever made."
            )
        _parse_space(self.param_distributions, self._mutation_scale)

    # ------------------------------------------------------------------
    # the genetic algorithm
    # ------------------------------------------------------------------
    def _run_search(self, evaluate_candidates):
        rng = check_random_state(self.random_state)
        spaces = _parse_space(self.param_distributions, self._mutation_scale)
        names = [list(space) for space in spaces]
        genes = [list(space.values()) for space in spaces]

        def params_of(genotype):
            subspace, values = genotype
            return dict(zip(names[subspace], values))

        def random_genotype():
            subspace = rng.randint(len(spaces))
            return subspace, tuple(gene.sample(rng) for gene in genes[subspace])

        row_of = {}  # genotype key -> row of cv_results_ (the cache)
        results = {}
        fitness_key = None
        self.history_ = {
            "generation": [],
            "best_score": [],
            "mean_score": [],
            "best_score_so_far": [],
            "n_evaluated": [],
        }

        def evaluate(population, generation):
            """Cross-validate the unseen genotypes; fitness of every one."""
            nonlocal results, fitness_key
            new = []
            for genotype in population:
                key = _key(*genotype)
                if key not in row_of:
                    row_of[key] = len(row_of)
                    new.append(genotype)
            if new:
                results = evaluate_candidates(
                    [params_of(g) for g in new],
                    more_results={"generation": [generation] * len(new)},
                )
                if fitness_key is None:
                    fitness_key = self._fitness_key(results)
            scores = np.asarray(results[fitness_key], dtype=float)
            fitness = np.array([scores[row_of[_key(*g)]] for g in population])
            # failed fits (error_score=nan) lose every comparison
            return np.where(np.isnan(fitness), -np.inf, fitness), len(new)

        # generation 0: distinct random genotypes where the space allows
        population, seen = [], set()
        for _ in range(10 * self.population_size):
            if len(population) == self.population_size:
                break
            genotype = random_genotype()
            if _key(*genotype) not in seen:
                seen.add(_key(*genotype))
                population.append(genotype)
        while len(population) < self.population_size:  # a small finite space
            population.append(population[rng.randint(len(population))])

        fitness, best_so_far, stalled = None, -np.inf, 0
        for generation in range(self.generations):
            if generation > 0:
                population = self._next_generation(
                    population, fitness, genes, rng, row_of.keys()
                )
            fitness, n_new = evaluate(population, generation)

            finite = fitness[np.isfinite(fitness)]
            best = finite.max() if finite.size else np.nan
            improved = finite.size and best > best_so_far
            if improved:
                best_so_far = best
            stalled = 0 if improved else stalled + 1
            self._record(generation, best, finite, best_so_far, n_new)
            self.n_generations_ = generation + 1

            if self.n_iter_no_change is not None and stalled >= self.n_iter_no_change:
                if self.verbose > 0:
                    print(
                        f"[GeneticSearchCV] early stop: no improvement for "
                        f"{stalled} generations"
                    )
                break

    def _fitness_key(self, results):
        if "mean_test_score" in results:
            return "mean_test_score"
        if isinstance(self.refit, str) and f"mean_test_{self.refit}" in results:
            return f"mean_test_{self.refit}"
        metrics = sorted(
            key.removeprefix("mean_test_")
            for key in results
            if key.startswith("mean_test_")
        )
        raise ValueError(
            "With multiple metrics GeneticSearchCV evolves the population on "
            f"the refit metric: refit must be one of the scorer names {metrics}, "
            f"got refit={self.refit!r}."
        )

    def _record(self, generation, best, finite, best_so_far, n_new):
        history = self.history_
        history["generation"].append(generation)
        history["best_score"].append(float(best))
        history["mean_score"].append(float(finite.mean()) if finite.size else np.nan)
        history["best_score_so_far"].append(float(best_so_far))
        history["n_evaluated"].append(n_new)
        if self.verbose > 0:
            print(
                f"[GeneticSearchCV] generation {generation}: best {best:.5g}, "
                f"mean {history['mean_score'][-1]:.5g}, "
                f"{n_new} new candidates"
            )

    def _next_generation(self, population, fitness, genes, rng, seen):
        """Elitism, tournament selection, uniform crossover, mutation.

        ``seen`` holds the keys of every genotype evaluated so far.
        """
        n = self.population_size
        # stable sort: ties keep the earlier genotype, for reproducibility
        order = np.argsort(-fitness, kind="stable")
        children = [population[i] for i in order[: self.elitism]]
        taken = set(seen)

        def tournament():
            entrants = rng.randint(n, size=self.tournament_size)
            # the first best entrant wins ties
            return population[entrants[np.argmax(fitness[entrants])]]

        while len(children) < n:
            (space_a, a), (space_b, b) = tournament(), tournament()
            a, b = list(a), list(b)
            if space_a == space_b and rng.uniform() < self.crossover_probability:
                for i in range(len(a)):
                    if rng.uniform() < 0.5:
                        a[i], b[i] = b[i], a[i]
            for subspace, child in ((space_a, a), (space_b, b)):
                for i, gene in enumerate(genes[subspace]):
                    if rng.uniform() < self.mutation_probability:
                        child[i] = gene.mutate(child[i], rng)
                # duplicate elimination: a child that repeats a known genotype
                # would cost no evaluation but teach nothing, so mutate one
                # more gene (a few tries; a used-up finite space keeps it)
                for _ in range(_DUPLICATE_RETRIES):
                    if _key(subspace, child) not in taken:
                        break
                    i = rng.randint(len(child))
                    child[i] = genes[subspace][i].mutate(child[i], rng)
                taken.add(_key(subspace, child))
                if len(children) < n:
                    children.append((subspace, tuple(child)))
        return children
