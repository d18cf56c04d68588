"""Dimensionality reduction (notes chapter 6): principal component analysis."""

from ._pca import PCA

__all__ = ["PCA"]
