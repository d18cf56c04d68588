"""Kernel density estimation (notes section 3.4.2): the estimator and drivers.

Three layers, as in the rest of the package:

- kernels (``_kde_kernels.py``): the log-sum-exp over the training points
  for a block of queries, linear binning and interpolation on a grid;
- drivers (``_exact_log_sum``, ``_binned_density``,
  ``_log_density_binned``): chunking over queries, the metric, the FFT
  convolution;
- the estimator :class:`KernelDensity`: validation and fitted attributes.
"""

import itertools
import math
from numbers import Integral, Real

import numpy as np
from scipy.integrate import quad
from scipy.signal import fftconvolve
from scipy.special import gammainc
from sklearn import get_config
from sklearn.base import BaseEstimator, DensityMixin, _fit_context
from sklearn.metrics import DistanceMetric
from sklearn.neighbors._base import VALID_METRICS
from sklearn.utils import check_random_state, gen_batches
from sklearn.utils._chunking import get_chunk_n_rows
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from . import _kde_kernels as kk

#: kernel name -> kernel code.  The six of scikit-learn, then the notes'
#: hypercube Parzen window (eq. 3.9).
KERNELS = {
    "gaussian": kk.GAUSSIAN,
    "tophat": kk.TOPHAT,
    "epanechnikov": kk.EPANECHNIKOV,
    "exponential": kk.EXPONENTIAL,
    "linear": kk.LINEAR,
    "cosine": kk.COSINE,
    "hypercube": kk.HYPERCUBE,
}

#: Metrics computed inside the Numba kernels (the Minkowski family); the
#: other metrics of scikit-learn's trees go through DistanceMetric.
MINKOWSKI_METRICS = {
    "euclidean": kk.EUCLIDEAN, "l2": kk.EUCLIDEAN,
    "manhattan": kk.MANHATTAN, "cityblock": kk.MANHATTAN, "l1": kk.MANHATTAN,
    "chebyshev": kk.CHEBYSHEV, "infinity": kk.CHEBYSHEV,
    "minkowski": kk.MINKOWSKI, "p": kk.MINKOWSKI,
}

#: scikit-learn's algorithm -> the metrics its tree accepts.
TREE_METRICS = {name: set(VALID_METRICS[name]) for name in ("kd_tree", "ball_tree")}

#: Kernels whose sampled version on a grid converges as O(step^2): the
#: continuous ones.  The tophat and the hypercube jump at the edge of their
#: support, which a grid resolves only to O(step / h).
FFT_KERNELS = {"gaussian", "epanechnikov", "exponential", "linear", "cosine"}

#: The Gaussian and exponential kernels are cut where the kernel falls below
#: exp(-25) ~ 1e-11 of its peak (the mass beyond is below 1e-9).
LOG_KERNEL_CUTOFF = 25.0

#: Automatic grid: this many nodes per bandwidth along each axis.  Linear
#: binning plus linear interpolation err by O((step / h)^2): 16 nodes per
#: bandwidth keep the mean log-likelihood of the benchmark data (make_blobs,
#: 2 features, Scott bandwidth) within 2e-4 of the exact value.
NODES_PER_BANDWIDTH = 16
MAX_GRID_POINTS = {1: 1 << 20, 2: 4096}

#: Where the binned density is below this fraction of its peak (the tails,
#: where its *relative* error grows) or the query lies off the grid, the
#: density is computed exactly.
FFT_EXACT_BELOW = 1e-5


def _log_unit_ball_volume(d):
    # log V_d, the volume of the unit Euclidean ball in d dimensions
    return 0.5 * d * math.log(math.pi) - math.lgamma(0.5 * d + 1.0)


def _log_unit_sphere_surface(d):
    # log S_{d-1}, the surface of the unit sphere in d dimensions
    return math.log(2.0) + 0.5 * d * math.log(math.pi) - math.lgamma(0.5 * d)


def log_kernel_norm(h, d, kernel):
    """Log of the normalisation of a kernel: ``log(1 / int k(u; h) du)``.

    The integrals over the Euclidean ball, as scikit-learn's
    ``_log_kernel_norm`` for five of its kernels; for the cosine kernel
    scikit-learn's closed form is wrong in even dimensions (nan for D = 4),
    and the integral is computed by quadrature.  For the hypercube of the
    notes' eq. (3.11), ``V = h^D``.

    Parameters
    ----------
    h : float
        Bandwidth.
    d : int
        Number of features D.
    kernel : str
        Kernel name.

    Returns
    -------
    log_norm : float
        ``-log(c_D h^D)``, with ``c_D`` the integral of the kernel at h = 1.

    Examples
    --------
    >>> import math
    >>> from sklearn_notes.neighbors._kde import log_kernel_norm
    >>> round(math.exp(log_kernel_norm(1.0, 1, "gaussian")), 6)  # 1/sqrt(2 pi)
    0.398942
    """
    if kernel == "gaussian":
        factor = 0.5 * d * math.log(2.0 * math.pi)
    elif kernel == "tophat":
        factor = _log_unit_ball_volume(d)
    elif kernel == "epanechnikov":
        factor = _log_unit_ball_volume(d) + math.log(2.0 / (d + 2.0))
    elif kernel == "exponential":
        # surface of the unit sphere S_{d-1} times Gamma(d)
        factor = _log_unit_sphere_surface(d) + math.lgamma(d)
    elif kernel == "linear":
        factor = _log_unit_ball_volume(d) - math.log(d + 1.0)
    elif kernel == "cosine":
        # S_{D-1} int_0^1 cos(pi r / 2) r^(D-1) dr.  (scikit-learn's closed
        # form is right for odd D only: for D = 2 it gives 4 instead of
        # 1.4535, for D = 4 a negative number, hence nan.)
        radial, _ = quad(lambda r: math.cos(0.5 * math.pi * r) * r ** (d - 1),
                         0.0, 1.0, epsabs=0.0, epsrel=1e-13, limit=200)
        factor = math.log(radial) + _log_unit_sphere_surface(d)
    elif kernel == "hypercube":
        factor = 0.0  # V = h^D, eq. (3.11)
    else:
        raise ValueError(f"kernel {kernel!r} not recognized")
    return -factor - d * math.log(h)


def _minkowski_code(metric, metric_params):
    """(metric code, p) for the Minkowski family, or None for other metrics."""
    params = dict(metric_params or {})
    if metric not in MINKOWSKI_METRICS or set(params) - {"p"}:
        return None  # e.g. a weighted Minkowski ("w"): DistanceMetric does it
    code = MINKOWSKI_METRICS[metric]
    p = float(params.get("p", 2.0))
    if code == kk.MINKOWSKI:
        if p == 1.0:
            code = kk.MANHATTAN
        elif p == 2.0:
            code = kk.EUCLIDEAN
        elif np.isinf(p):
            code = kk.CHEBYSHEV
    return code, p


def _exact_log_sum(X, X_train, weights, h, kernel, metric, metric_params):
    """Exact log density (up to the normalisation) at each row of X.

    Returns ``log sum_n w_n k(dist(x, x_n); h)``, chunked over the queries so
    that a block of ``chunk x n_train`` distances fits scikit-learn's
    ``working_memory``.
    """
    out = np.empty(X.shape[0], dtype=np.float64)
    if X.shape[0] == 0:
        return out
    chunk = get_chunk_n_rows(
        row_bytes=8 * X_train.shape[0], max_n_rows=X.shape[0],
        working_memory=get_config()["working_memory"],
    )
    code = KERNELS[kernel]
    if kernel == "hypercube":
        # eq. (3.9) tests every coordinate: the Chebyshev distance
        minkowski = (kk.CHEBYSHEV, np.inf)
    else:
        minkowski = _minkowski_code(metric, metric_params)
    if minkowski is not None:
        metric_code, p = minkowski
        for rows in gen_batches(X.shape[0], chunk):
            kk.kde_log_sum_brute(X[rows], X_train, weights, h, code, metric_code,
                                 p, out[rows])
        return out
    distance = DistanceMetric.get_metric(metric, **(metric_params or {}))
    for rows in gen_batches(X.shape[0], chunk):
        distances = np.ascontiguousarray(distance.pairwise(X[rows], X_train))
        kk.kde_log_sum_from_distances(distances, weights, h, code, out[rows])
    return out


def _support_radius(h, kernel):
    # half-width, along each axis, beyond which the kernel is (taken as) zero
    if kernel == "gaussian":
        return h * math.sqrt(2.0 * LOG_KERNEL_CUTOFF)
    if kernel == "exponential":
        return h * LOG_KERNEL_CUTOFF
    return h


def _binned_density(X_train, weights, h, kernel, metric, metric_params, grid_points):
    """The KDE on a regular grid: linear binning, then FFT convolution.

    Returns ``(density, lower, step)``: the normalised density at the nodes
    ``lower[d] + j step[d]`` (an array of shape ``n_grid`` per axis).
    """
    n_features = X_train.shape[1]
    radius = _support_radius(h, kernel)
    lower = X_train.min(axis=0) - radius
    upper = X_train.max(axis=0) + radius
    if grid_points is None:
        n_nodes = np.ceil((upper - lower) / h * NODES_PER_BANDWIDTH).astype(np.int64)
        n_nodes += 1
        n_nodes = np.minimum(n_nodes, MAX_GRID_POINTS[n_features])
    else:
        n_nodes = np.full(n_features, grid_points, dtype=np.int64)
    step = (upper - lower) / (n_nodes - 1)

    counts = np.empty(tuple(n_nodes), dtype=np.float64)
    if n_features == 1:
        kk.linear_binning_1d(X_train[:, 0], weights, lower[0], step[0], counts)
    else:
        kk.linear_binning_2d(X_train, weights, lower[0], step[0], lower[1],
                             step[1], counts)

    # the kernel sampled at the node offsets that can reach a node
    half_widths = np.minimum(np.ceil(radius / step).astype(np.int64), n_nodes - 1)
    offsets = np.meshgrid(*[np.arange(-m, m + 1) * s
                            for m, s in zip(half_widths, step)], indexing="ij")
    offsets = np.stack([o.ravel() for o in offsets], axis=1)
    code, p = (kk.CHEBYSHEV, np.inf) if kernel == "hypercube" else \
        _minkowski_code(metric, metric_params)
    if code == kk.EUCLIDEAN:
        dist = np.sqrt(np.sum(offsets**2, axis=1))
    elif code == kk.MANHATTAN:
        dist = np.sum(np.abs(offsets), axis=1)
    elif code == kk.CHEBYSHEV:
        dist = np.max(np.abs(offsets), axis=1)
    else:
        dist = np.sum(np.abs(offsets) ** p, axis=1) ** (1.0 / p)
    log_k = np.empty_like(dist)
    kk.log_kernel_array(dist, h, KERNELS[kernel], log_k)
    kernel_grid = np.exp(log_k + log_kernel_norm(h, n_features, kernel))
    kernel_grid = kernel_grid.reshape(tuple(2 * half_widths + 1))

    density = fftconvolve(counts, kernel_grid, mode="same") / weights.sum()
    np.maximum(density, 0.0, out=density)  # FFT round-off around zero
    return density, lower, step


def _log_density_binned(model, X):
    """Log density from the grid, exact where the grid cannot be trusted."""
    grid = model._grid_density
    density = np.empty(X.shape[0], dtype=np.float64)
    lower, step = model._grid_lower, model._grid_step
    if X.shape[1] == 1:
        kk.interpolate_1d(grid, lower[0], step[0], X[:, 0], density)
    else:
        kk.interpolate_2d(grid, lower[0], step[0], lower[1], step[1], X, density)
    exact = ~(density > FFT_EXACT_BELOW * grid.max())  # tails, or off the grid
    with np.errstate(divide="ignore"):
        log_density = np.log(density)
    if exact.any():
        log_density[exact] = model._log_density_exact(X[exact])
    return log_density


class KernelDensity(DensityMixin, BaseEstimator):
    """Kernel density estimation, a drop-in for scikit-learn's.

    The Parzen-window estimate of the notes' section 3.4.2,
    ``p(x) = 1 / (N) sum_n K_h(x - x_n)``, with scikit-learn's six kernels
    and the notes' hypercube window (eq. 3.9-3.12).  Evaluation is exact
    (``algorithm`` "brute", and "auto", "kd_tree", "ball_tree", which are
    accepted for compatibility), or binned on a grid and convolved by FFT
    for one or two features (``algorithm="fft"``).

    Parameters
    ----------
    bandwidth : float or {"scott", "silverman"}, default=1.0
        The bandwidth ``h`` of the kernel, or a rule: Scott's
        ``n ** (-1 / (d + 4))`` or Silverman's
        ``(n (d + 2) / 4) ** (-1 / (d + 4))`` (n rows, d features, as in
        scikit-learn; the data are not rescaled, so standardise them).

    algorithm : {"auto", "brute", "fft", "kd_tree", "ball_tree"}, default="auto"
        "brute": exact sum over all training points, in Numba, chunked over
        the queries.  "fft": linear binning on a regular grid, convolution
        with the sampled kernel by FFT, linear interpolation at the queries
        (one or two features, continuous kernels, Minkowski metrics).
        "auto", "kd_tree" and "ball_tree" compute the exact result as
        "brute" does; "kd_tree"/"ball_tree" still check that the metric is
        one their scikit-learn tree accepts.

    kernel : {"gaussian", "tophat", "epanechnikov", "exponential", "linear", \
            "cosine", "hypercube"}, default="gaussian"
        The kernel.  "hypercube" is the notes' window (eq. 3.9): 1 where
        every coordinate of ``x - x_n`` is at most ``h / 2`` in absolute
        value, volume ``h^D`` (eq. 3.11); it measures with the Chebyshev
        distance, so ``metric`` must be "euclidean" (the default, not used)
        or "chebyshev".

    metric : str, default="euclidean"
        Any metric scikit-learn's KDTree or BallTree accepts.  As in
        scikit-learn, the normalisation is the Euclidean one, so the output
        is a proper density only for the Euclidean metric.

    atol : float, default=0
        Absolute tolerance, accepted for compatibility: the exact algorithms
        meet any tolerance.

    rtol : float, default=0
        Relative tolerance, accepted for compatibility (see ``atol``).

    breadth_first : bool, default=True
        Accepted for compatibility (scikit-learn's tree traversal order).

    leaf_size : int, default=40
        Accepted for compatibility (scikit-learn's tree leaf size).

    metric_params : dict, default=None
        Parameters of the metric (``p`` for "minkowski", ``V`` for
        "mahalanobis", ...).

    grid_points : int, default=None
        Nodes per axis of the grid of ``algorithm="fft"``.  None chooses
        ``NODES_PER_BANDWIDTH = 16`` nodes per bandwidth over the data range
        widened by the kernel's support (capped at 2**20 nodes in 1-D,
        4096 per axis in 2-D).

    Attributes
    ----------
    bandwidth_ : float
        The bandwidth, given or from the rule.

    algorithm_ : {"brute", "fft"}
        How ``score_samples`` evaluates the density.

    n_features_in_ : int
        Number of features seen during :term:`fit`.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :term:`fit`, when all are strings.

    See Also
    --------
    sklearn.neighbors.KernelDensity : scikit-learn's tree-based twin.
    HistogramDensity : the histogram estimate of eq. (3.8).
    KNeighborsDensity : the k-nearest-neighbour estimate of eq. (3.16).

    Notes
    -----
    Section 3.4.2 of the notes.  With a kernel ``k`` normalised so that
    ``k(0) = 1`` and ``c_D h^D = int k(||u|| / h) du``, the estimate is

    .. math::

        p(x) = \\frac{1}{W c_D h^D} \\sum_{n=1}^N w_n\\,
               k\\bigl(\\lVert x - x_n \\rVert / h\\bigr),
        \\qquad W = \\sum_n w_n ,

    which is eq. (3.12) for the hypercube (``c_D = 1``, ``V = h^D``) and, for
    the Gaussian, ``p(x) = 1/N sum_n (2 pi h^2)^{-D/2}
    exp(-||x - x_n||^2 / (2 h^2))`` -- the notes' eq. (3.15) normalises by
    ``h`` instead of ``h^D``.  The log density is computed as a log-sum-exp
    over the training points, so that it stays finite far from the data.

    The binned path (``algorithm="fft"``) follows KDEpy's FFTKDE (Wand &
    Jones): its error is O((step / h)^2) in the bulk of the data; where the
    binned density falls below ``FFT_EXACT_BELOW`` (1e-5) of its peak, or off
    the grid, the exact sum is used.

    References
    ----------
    .. [1] C. M. Bishop, *Pattern Recognition and Machine Learning*,
       section 2.5.1, Springer, 2006.
    .. [2] M. P. Wand, M. C. Jones, *Kernel Smoothing*, appendix D
       (binned kernel estimators), Chapman & Hall, 1995.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_notes.neighbors import KernelDensity
    >>> rng = np.random.RandomState(42)
    >>> X = rng.random_sample((100, 3))
    >>> kde = KernelDensity(kernel="gaussian", bandwidth=0.5).fit(X)
    >>> kde.score_samples(X[:3])
    array([-1.52955942, -1.51462041, -1.60244657])
    """

    _parameter_constraints: dict = {
        "bandwidth": [
            Interval(Real, 0, None, closed="neither"),
            StrOptions({"scott", "silverman"}),
        ],
        "algorithm": [StrOptions({"auto", "brute", "fft", "kd_tree", "ball_tree"})],
        "kernel": [StrOptions(set(KERNELS))],
        "metric": [StrOptions(set(itertools.chain(*TREE_METRICS.values())))],
        "atol": [Interval(Real, 0, None, closed="left")],
        "rtol": [Interval(Real, 0, None, closed="left")],
        "breadth_first": ["boolean"],
        "leaf_size": [Interval(Integral, 1, None, closed="left")],
        "metric_params": [None, dict],
        "grid_points": [None, Interval(Integral, 2, None, closed="left")],
    }

    def __init__(
        self,
        *,
        bandwidth=1.0,
        algorithm="auto",
        kernel="gaussian",
        metric="euclidean",
        atol=0,
        rtol=0,
        breadth_first=True,
        leaf_size=40,
        metric_params=None,
        grid_points=None,
    ):
        self.bandwidth = bandwidth
        self.algorithm = algorithm
        self.kernel = kernel
        self.metric = metric
        self.atol = atol
        self.rtol = rtol
        self.breadth_first = breadth_first
        self.leaf_size = leaf_size
        self.metric_params = metric_params
        self.grid_points = grid_points

    def _resolve_algorithm(self, n_features):
        if self.kernel == "hypercube" and self.metric not in {
            "euclidean", "chebyshev", "infinity"
        }:
            raise ValueError(
                "kernel='hypercube' is the Parzen window of eq. (3.9), which "
                "measures with the Chebyshev distance; leave metric='euclidean' "
                f"or set metric='chebyshev', got metric={self.metric!r}."
            )
        if self.algorithm in TREE_METRICS:
            if self.metric not in TREE_METRICS[self.algorithm]:
                raise ValueError(
                    f"invalid metric for algorithm={self.algorithm!r}: {self.metric!r}"
                )
            return "brute"
        if self.algorithm == "fft":
            if n_features > 2:
                raise ValueError(
                    "algorithm='fft' bins the data on a grid and works for 1 or 2 "
                    f"features only; X has {n_features}. Use algorithm='brute'."
                )
            if self.kernel not in FFT_KERNELS:
                raise ValueError(
                    f"algorithm='fft' needs a continuous kernel, one of "
                    f"{sorted(FFT_KERNELS)}; the {self.kernel!r} kernel jumps at "
                    "the edge of its support, which a grid resolves poorly. Use "
                    "algorithm='brute'."
                )
            if _minkowski_code(self.metric, self.metric_params) is None:
                raise ValueError(
                    "algorithm='fft' needs a translation-invariant metric "
                    "(euclidean, manhattan, chebyshev, minkowski with p); got "
                    f"metric={self.metric!r} with metric_params={self.metric_params!r}."
                )
            return "fft"
        return "brute"  # "auto", "brute": exact, as scikit-learn at rtol=0

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Fit the kernel density model on the data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training points.

        y : None
            Ignored.

        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the points (a weight 2 counts a point
            twice); at least one must be positive.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        X = validate_data(self, X, dtype=np.float64, order="C")
        n_samples, n_features = X.shape
        if isinstance(self.bandwidth, str):
            if self.bandwidth == "scott":
                bandwidth = n_samples ** (-1.0 / (n_features + 4))
            else:
                bandwidth = (n_samples * (n_features + 2) / 4.0) ** (
                    -1.0 / (n_features + 4)
                )
        else:
            bandwidth = float(self.bandwidth)  # (0, inf): _parameter_constraints
        algorithm = self._resolve_algorithm(n_features)

        if sample_weight is None:
            weights = np.ones(n_samples, dtype=np.float64)
            self._sample_weight = None
        else:
            weights = _check_sample_weight(
                sample_weight, X, dtype=np.float64, ensure_non_negative=True
            )
            if not weights.sum() > 0:
                raise ValueError("Sample weights must contain at least one "
                                 "non-zero number.")
            self._sample_weight = weights

        self._fit_X = X
        # zero-weight points add nothing; dropping them also keeps the
        # log-sum-exp's maximum among points that count
        positive = weights > 0
        self._train_X = X if positive.all() else np.ascontiguousarray(X[positive])
        self._train_weights = np.ascontiguousarray(weights[positive])
        self.bandwidth_ = bandwidth
        self.algorithm_ = algorithm
        if algorithm == "fft":
            self._grid_density, self._grid_lower, self._grid_step = _binned_density(
                self._train_X, self._train_weights, bandwidth, self.kernel,
                self.metric, self.metric_params, self.grid_points)
        return self

    def _log_density_exact(self, X):
        log_sum = _exact_log_sum(
            X, self._train_X, self._train_weights, self.bandwidth_, self.kernel,
            self.metric, self.metric_params)
        log_norm = log_kernel_norm(self.bandwidth_, self.n_features_in_, self.kernel)
        return log_sum + (log_norm - math.log(self._train_weights.sum()))

    def score_samples(self, X):
        """Log density of each sample under the model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Query points.

        Returns
        -------
        density : ndarray of shape (n_samples,)
            Log density at each point (``-inf`` outside the support of a
            compact kernel).
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, order="C", reset=False)
        if self.algorithm_ == "fft":
            return _log_density_binned(self, X)
        return self._log_density_exact(X)

    def score(self, X, y=None):
        """Total log-likelihood of the data under the model.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Points.

        y : None
            Ignored.

        Returns
        -------
        logprob : float
            Sum of the log densities.
        """
        return float(np.sum(self.score_samples(X)))

    def sample(self, n_samples=1, random_state=None):
        """Draw random samples from the model.

        As scikit-learn, for the Gaussian and tophat kernels (with the same
        random draws, so the same seed gives the same points); also for the
        hypercube (uniform in the cube of side ``h`` around a point).

        Parameters
        ----------
        n_samples : int, default=1
            Number of samples.

        random_state : int, RandomState instance or None, default=None
            Seed or generator.

        Returns
        -------
        X : ndarray of shape (n_samples, n_features)
            The samples.
        """
        check_is_fitted(self)
        if self.kernel not in ("gaussian", "tophat", "hypercube"):
            raise NotImplementedError(
                "sample() is implemented for the 'gaussian', 'tophat' and "
                f"'hypercube' kernels only, not {self.kernel!r}."
            )
        data = self._fit_X
        rng = check_random_state(random_state)
        # pick a training point with probability w_n / W (scikit-learn's draws)
        u = rng.uniform(0, 1, size=n_samples)
        if self._sample_weight is None:
            i = (u * data.shape[0]).astype(np.int64)
        else:
            cumsum_weight = np.cumsum(self._sample_weight)
            i = np.searchsorted(cumsum_weight, u * cumsum_weight[-1])
        h = self.bandwidth_
        if self.kernel == "gaussian":
            return np.atleast_2d(rng.normal(data[i], h))
        dim = data.shape[1]
        if self.kernel == "hypercube":
            return data[i] + rng.uniform(-0.5 * h, 0.5 * h, size=(n_samples, dim))
        # tophat: a Gaussian direction, and a radius with the distribution of
        # a uniform point in the d-ball (incomplete gamma), as scikit-learn
        X = rng.normal(size=(n_samples, dim))
        s_sq = np.einsum("ij,ij->i", X, X)
        correction = gammainc(0.5 * dim, 0.5 * s_sq) ** (1.0 / dim) * h / np.sqrt(s_sq)
        return data[i] + X * correction[:, np.newaxis]
