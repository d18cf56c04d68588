"""KernelDensity (exact and FFT) against scikit-learn's tree-based twin.

Data (BENCHMARKS.md): make_blobs with 5 centres, standardised with the
training rows' mean and standard deviation, 20k training rows and 2k
queries (n/10, not the harness's usual n/5), d = 2 and d = 1, Scott's
bandwidth, scikit-learn's default (``algorithm="auto"``: a KD-tree,
``rtol=0``).

Targets (issue): score_samples at most 0.5x scikit-learn's CPU time for the
exact ``algorithm="brute"``, at most 0.05x for ``algorithm="fft"`` with a
mean held-out log-likelihood within 1e-3 of the exact one (the quality
column shows both).  The FFT grid is built in ``fit``: its ``fit`` row
shows that cost too.
"""

import numpy as np
from _harness import Case, Contender, Dataset, Target
from sklearn.datasets import make_blobs


def _standardised_blobs(n_features):
    def make(n):
        X, y = make_blobs(n_samples=n + n // 10, n_features=n_features, centers=5,
                          random_state=0)
        mean, scale = X[:n].mean(axis=0), X[:n].std(axis=0)
        X = (X - mean) / scale
        return X[:n], y[:n], X[n:], y[n:]
    return make


def _blobs(n_features):
    return Dataset(
        key=f"make_blobs-{n_features}-5-standardised",
        description=f"make_blobs {{n}}×{n_features}, 5 centres, standardised; "
        "n/10 queries",
        make=_standardised_blobs(n_features),
    )


def mean_log_likelihood(kde, X_test, y_test=None):
    """Mean held-out log density."""
    return float(np.mean(kde.score_samples(X_test)))


def log_density_gap(ours, reference, X_test):
    gap = np.abs(ours.score_samples(X_test) - reference.score_samples(X_test))
    return f"max |Δ log p| {gap.max():.1e}, mean {gap.mean():.1e}"


def _kde_case(n_features, algorithm, max_ratio):
    return Case(
        family="neighbors",
        estimator="KernelDensity",
        variant=f"d={n_features}, {algorithm}",
        dataset=_blobs(n_features),
        n_standard=20_000,
        n_quick=2_000,
        ours=Contender(f"ours {algorithm}", "sklearn_notes.neighbors", "KernelDensity",
                       {"bandwidth": "scott", "algorithm": algorithm}),
        references=(Contender("sklearn", "sklearn.neighbors", "KernelDensity",
                              {"bandwidth": "scott"}),),
        operations=("fit", "score_samples"),
        quality=mean_log_likelihood,
        quality_name="mean held-out log-likelihood",
        agreement=log_density_gap,
        targets=(Target("score_samples", max_ratio, against="sklearn"),),
        stand_in=Contender(f"ours {algorithm}", "sklearn.neighbors", "KernelDensity",
                           {"bandwidth": "scott"}),
    )


CASES = [
    _kde_case(2, "brute", 0.5),
    _kde_case(2, "fft", 0.05),
    _kde_case(1, "brute", 0.5),
    _kde_case(1, "fft", 0.05),
]
