"""Gaussian mixture models (notes 3.4.4 Mixture of Gaussians, 3.4.6 EM Clustering)."""

from ._gaussian_mixture import GaussianMixture

__all__ = ["GaussianMixture"]
