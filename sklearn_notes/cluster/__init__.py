"""Clustering (notes section 3.4.5): k-means."""

from ._kmeans import KMeans

__all__ = ["KMeans"]
