"""sklearn_notes: the classical algorithms of a set of study notes as
scikit-learn estimators whose hot loops are Numba kernels.

Public estimators live in subpackages that mirror scikit-learn's modules
(``sklearn_notes.naive_bayes``, ``sklearn_notes.decomposition``, ...), so that
``from sklearn_notes.naive_bayes import GaussianNB`` replaces
``from sklearn.naive_bayes import GaussianNB``.
"""

from .utils._show_versions import show_versions

__version__ = "0.1.0.dev0"

__all__ = ["__version__", "show_versions"]
