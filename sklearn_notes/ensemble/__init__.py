"""Ensembles (notes 5.1-5.3): bagging, random forests and boosting."""

from ._forest import RandomForestClassifier, RandomForestRegressor
from ._weight_boosting import AdaBoostClassifier

__all__ = [
    "AdaBoostClassifier",
    "RandomForestClassifier",
    "RandomForestRegressor",
]
