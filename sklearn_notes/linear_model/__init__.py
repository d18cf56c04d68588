"""Linear models (notes 4.1-4.4, 8.2), as :mod:`sklearn.linear_model`."""

from ._least_squares import LeastSquaresClassifier, LinearRegression
from ._logistic import LogisticRegression
from ._softmax import SoftmaxRegression

__all__ = [
    "LeastSquaresClassifier",
    "LinearRegression",
    "LogisticRegression",
    "SoftmaxRegression",
]
