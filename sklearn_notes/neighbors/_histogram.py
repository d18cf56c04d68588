"""Histogram density estimation (notes section 3.4.1, eq. 3.8).

Only the occupied bins are stored (a D-dimensional grid of k bins per axis
has k^D cells, eq. 3.8's curse of dimensionality), as rows of bin indices
sorted lexicographically; a query finds its bin by binary search
(``_histogram_kernels.find_rows``).
"""

from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, DensityMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from ._histogram_kernels import find_rows

#: numpy.histogram_bin_edges' rules for the number of bins.
BIN_RULES = {"auto", "fd", "doane", "scott", "stone", "rice", "sturges", "sqrt"}

#: density_ is also stored as a dense array when the grid has at most this
#: many cells.
MAX_DENSE_CELLS = 1 << 24


def _edges_per_feature(X, bins, value_range, has_weights):
    """Bin edges along each axis, as numpy.histogramdd would choose them."""
    n_features = X.shape[1]
    if isinstance(bins, (str, Integral)):
        per_feature = [bins] * n_features
    else:
        per_feature = list(bins)
        if len(per_feature) != n_features:
            raise ValueError(
                f"bins has {len(per_feature)} entries but X has {n_features} "
                "features; give one per feature, or an int or a rule."
            )
    if value_range is None:
        ranges = [None] * n_features
    else:
        ranges = list(value_range)
        if len(ranges) != n_features:
            raise ValueError(
                f"range has {len(ranges)} entries but X has {n_features} features."
            )
    edges = []
    for d in range(n_features):
        bins_d, range_d = per_feature[d], ranges[d]
        if range_d is not None:
            range_d = tuple(float(v) for v in range_d)
            if len(range_d) != 2 or not np.all(np.isfinite(range_d)) or \
                    range_d[0] >= range_d[1]:
                raise ValueError(
                    f"range[{d}] must be a finite (min, max) with min < max, "
                    f"got {ranges[d]!r}."
                )
        if isinstance(bins_d, str):
            if bins_d not in BIN_RULES:
                raise ValueError(f"unknown bin rule {bins_d!r}; use one of "
                                 f"{sorted(BIN_RULES)}.")
            if has_weights:
                raise ValueError(
                    "a bin rule string estimates the number of bins from "
                    "unweighted data (as numpy.histogram_bin_edges): with "
                    "sample_weight give bins as an int or as edges."
                )
        elif isinstance(bins_d, Integral) and not isinstance(bins_d, bool):
            if bins_d < 1:
                raise ValueError(f"bins must be positive, got {bins_d}.")
        else:
            bins_d = np.asarray(bins_d, dtype=np.float64)
            if bins_d.ndim != 1 or bins_d.shape[0] < 2 or \
                    not np.all(np.isfinite(bins_d)) or np.any(np.diff(bins_d) <= 0):
                raise ValueError(
                    f"bins[{d}] must be an int, a rule, or at least two finite, "
                    "strictly increasing edges."
                )
        edges.append(np.histogram_bin_edges(X[:, d], bins=bins_d, range=range_d)
                     .astype(np.float64))
    return edges


def _bin_indices(X, edges):
    """Row of bin indices of each point, and whether it lies in the grid.

    Bins are half-open ``[e_j, e_{j+1})`` except the last, which is closed,
    as numpy.histogram.
    """
    indices = np.empty(X.shape, dtype=np.int64)
    inside = np.ones(X.shape[0], dtype=bool)
    for d, e in enumerate(edges):
        j = np.searchsorted(e, X[:, d], side="right") - 1
        j[X[:, d] == e[-1]] = len(e) - 2  # the last edge belongs to the last bin
        inside &= (j >= 0) & (j < len(e) - 1)
        indices[:, d] = j
    return indices, inside


class HistogramDensity(DensityMixin, BaseEstimator):
    """Histogram density estimate (eq. 3.8), in any number of dimensions.

    The density is constant on each bin: ``p = n_i / (N V_i)``, with
    ``n_i`` the (weighted) number of training points in bin ``i``, ``N``
    their total and ``V_i`` the bin's volume (its width in one dimension,
    the ``Delta_i`` of eq. 3.8).

    Parameters
    ----------
    bins : int, str or sequence, default=10
        Bins along each axis: an int (that many equal bins over the range),
        a rule of :func:`numpy.histogram_bin_edges` ("auto", "fd", "doane",
        "scott", "stone", "rice", "sturges", "sqrt"), or a sequence with
        one entry per feature, each an int, a rule or an array of edges.

    range : sequence of (float, float), default=None
        The (min, max) of the bins along each axis; None uses the data's.
        Points outside are left out of the estimate, and the density is
        normalised over the points inside (``numpy.histogram(...,
        density=True)``), so that it integrates to 1.

    Attributes
    ----------
    bin_edges_ : list of ndarray
        The edges along each axis (``n_bins_d + 1`` each).

    occupied_bins_ : ndarray of shape (n_occupied, n_features)
        Bin indices of the bins holding training weight, sorted
        lexicographically.

    occupied_density_ : ndarray of shape (n_occupied,)
        The density on each of those bins.

    density_ : ndarray of shape (n_bins_0, ..., n_bins_{D-1}) or None
        The density on every bin, when the grid has at most 2**24 cells;
        None above (the occupied bins hold the estimate).

    n_features_in_ : int
        Number of features seen during :term:`fit`.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of features seen during :term:`fit`, when all are strings.

    See Also
    --------
    KernelDensity : the kernel (Parzen) estimate, eq. (3.9)-(3.15).
    numpy.histogramdd : the same counts, as a dense array.

    Notes
    -----
    Section 3.4.1 of the notes, eq. (3.8), ``p_i = n_i / (N Delta_i)``; in
    D dimensions ``Delta_i`` is the volume of the bin, the product of its
    widths.  The bin width is the smoothing parameter.  A query outside
    every bin, or in an empty bin, has density 0 (log density ``-inf``).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_notes.neighbors import HistogramDensity
    >>> X = np.array([[0.0], [0.1], [0.2], [1.0]])
    >>> hist = HistogramDensity(bins=2).fit(X)
    >>> hist.bin_edges_[0]
    array([0. , 0.5, 1. ])
    >>> np.exp(hist.score_samples([[0.25], [0.75], [2.0]]))
    array([1.5, 0.5, 0. ])
    """

    _parameter_constraints: dict = {
        "bins": [Interval(Integral, 1, None, closed="left"), StrOptions(BIN_RULES),
                 "array-like"],
        "range": [None, "array-like"],
    }

    def __init__(self, *, bins=10, range=None):
        self.bins = bins
        self.range = range

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, sample_weight=None):
        """Count the (weighted) training points in each bin.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training points.

        y : None
            Ignored.

        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights of the points; at least one positive.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        X = validate_data(self, X, dtype=np.float64, order="C")
        weights = _check_sample_weight(sample_weight, X, dtype=np.float64,
                                       ensure_non_negative=True)
        if not weights.sum() > 0:
            raise ValueError(
                "Sample weights must contain at least one non-zero number.")
        # points of zero weight are not there: they must not move the edges
        positive = weights > 0
        X_counted, weights = X[positive], weights[positive]

        edges = _edges_per_feature(X_counted, self.bins, self.range,
                                   has_weights=sample_weight is not None)
        indices, inside = _bin_indices(X_counted, edges)
        if not inside.any():
            raise ValueError("No training point lies inside the range of the bins.")
        occupied, which = np.unique(indices[inside], axis=0, return_inverse=True)
        bin_weight = np.bincount(which.ravel(), weights=weights[inside],
                                 minlength=occupied.shape[0])
        widths = [np.diff(e) for e in edges]
        # the volume in log space: a product of widths of 1e-150 (or 1e150)
        # under(over)flows, which would turn every density into inf (or 0)
        log_volume = np.zeros(occupied.shape[0])
        for d, w in enumerate(widths):
            log_volume += np.log(w[occupied[:, d]])

        self.bin_edges_ = edges
        self.occupied_bins_ = np.ascontiguousarray(occupied)
        self._occupied_log_density = (
            np.log(bin_weight) - np.log(bin_weight.sum()) - log_volume
        )
        with np.errstate(over="ignore", under="ignore"):
            self.occupied_density_ = np.exp(self._occupied_log_density)
        self._occupied_mass = bin_weight / bin_weight.sum()
        shape = tuple(len(e) - 1 for e in edges)
        if np.prod(np.asarray(shape, dtype=np.float64)) <= MAX_DENSE_CELLS:
            density = np.zeros(shape)
            density[tuple(occupied.T)] = self.occupied_density_
            self.density_ = density
        else:
            self.density_ = None
        return self

    def score_samples(self, X):
        """Log density of each sample (``-inf`` outside the occupied bins).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Query points.

        Returns
        -------
        log_density : ndarray of shape (n_samples,)
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, order="C", reset=False)
        indices, inside = _bin_indices(X, self.bin_edges_)
        position = np.empty(X.shape[0], dtype=np.int64)
        find_rows(self.occupied_bins_, indices, position)
        log_density = np.full(X.shape[0], -np.inf)
        found = inside & (position >= 0)
        log_density[found] = self._occupied_log_density[position[found]]
        return log_density

    def score(self, X, y=None):
        """Total log-likelihood of the data (``-inf`` if a point has p = 0).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Points.

        y : None
            Ignored.

        Returns
        -------
        logprob : float
        """
        return float(np.sum(self.score_samples(X)))

    def sample(self, n_samples=1, random_state=None):
        """Draw points: a bin with probability ``n_i / N``, then uniformly in it.

        Parameters
        ----------
        n_samples : int, default=1
            Number of samples.

        random_state : int, RandomState instance or None, default=None
            Seed or generator.

        Returns
        -------
        X : ndarray of shape (n_samples, n_features)
        """
        check_is_fitted(self)
        rng = check_random_state(random_state)
        cumulative = np.cumsum(self._occupied_mass)
        chosen = np.searchsorted(cumulative, rng.uniform(0, cumulative[-1], n_samples),
                                 side="right")
        chosen = np.minimum(chosen, len(cumulative) - 1)
        bins = self.occupied_bins_[chosen]
        u = rng.uniform(size=(n_samples, len(self.bin_edges_)))
        X = np.empty((n_samples, len(self.bin_edges_)))
        for d, e in enumerate(self.bin_edges_):
            low, high = e[bins[:, d]], e[bins[:, d] + 1]
            X[:, d] = low + u[:, d] * (high - low)
        return X
