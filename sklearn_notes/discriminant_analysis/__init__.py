"""Linear Discriminant Analysis (notes 6.2), as :mod:`sklearn.discriminant_analysis`."""

from ._lda import LinearDiscriminantAnalysis

__all__ = ["LinearDiscriminantAnalysis"]
