"""Density estimation and nearest neighbours (notes section 3.4.1-3.4.3)."""

from ._histogram import HistogramDensity
from ._kde import KernelDensity
from ._classification import KNeighborsClassifier
from ._knn_density import KNeighborsDensity
from ._regression import KNeighborsRegressor

__all__ = [
    "HistogramDensity",
    "KernelDensity",
    "KNeighborsClassifier",
    "KNeighborsDensity",
    "KNeighborsRegressor",
]
