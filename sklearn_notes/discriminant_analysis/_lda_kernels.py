"""Numba kernel of Linear Discriminant Analysis (notes 6.2).

LDA needs the scatter of every class around its own mean,
``S_k = sum_{i in k} (x_i - mu_k)(x_i - mu_k)^T``: the pooled sum ``Sw`` for
the ``"svd"`` solver, and a prior-weighted sum ``sum_k pi_k S_k / n_k`` (or a
shrunk version per class) for ``"lsqr"`` and ``"eigen"``.  The kernel below
writes the centred rows grouped by class, so that each ``S_k`` is one BLAS
``syrk`` on a contiguous block, and the pooled and weighted sums come from
the same single pass over ``X``.
"""

from .._numba import njit


@njit
def class_sorted_deviations(X, class_index, class_mean, class_start, out):
    """Rows centred on their class mean, grouped by class.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features), IN
        Float32 or float64; may be a read-only memmap.
    class_index : ndarray of shape (n_samples,), int, IN
        Class of each row, in ``[0, n_classes)``.
    class_mean : ndarray of shape (n_classes, n_features), float64, IN
        ``mu_k``.
    class_start : ndarray of shape (n_classes + 1,), int64, IN
        Cumulative class counts: the rows of class ``k`` go to
        ``out[class_start[k]:class_start[k + 1]]``.
    out : ndarray of shape (n_samples, n_features), float64, OUT
        ``x_i - mu_{k(i)}``; within a class, rows keep their input order.
    """
    n_samples, n_features = X.shape
    next_row = class_start[:-1].copy()  # one small buffer, outside the loop
    for i in range(n_samples):
        k = class_index[i]
        row = next_row[k]
        next_row[k] = row + 1
        for j in range(n_features):
            out[row, j] = X[i, j] - class_mean[k, j]
