"""Numba kernel of the histogram density (notes section 3.4.1)."""

from .._numba import njit


@njit
def find_rows(sorted_rows, query_rows, out):
    """Binary search of integer rows in lexicographically sorted rows.

    Parameters
    ----------
    sorted_rows : ndarray of shape (n_rows, n_columns)
        IN: distinct rows in lexicographic order (``np.unique(..., axis=0)``).
    query_rows : ndarray of shape (n_queries, n_columns)
        IN: rows to look up.
    out : ndarray of shape (n_queries,)
        OUT: the position of each query row in ``sorted_rows``, or -1.
    """
    n_rows, n_columns = sorted_rows.shape
    for q in range(query_rows.shape[0]):
        low, high = 0, n_rows  # the row, if present, is in [low, high)
        out[q] = -1
        while low < high:
            middle = (low + high) // 2
            order = 0  # sign of sorted_rows[middle] - query, lexicographically
            for c in range(n_columns):
                if sorted_rows[middle, c] != query_rows[q, c]:
                    order = 1 if sorted_rows[middle, c] > query_rows[q, c] else -1
                    break
            if order == 0:
                out[q] = middle
                break
            if order < 0:
                low = middle + 1
            else:
                high = middle
