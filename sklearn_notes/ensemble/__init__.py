"""Ensembles (notes 5.1-5.3): bagging, random forests and boosting."""

from ._bagging import BaggingClassifier, BaggingRegressor
from ._distillation import DistilledClassifier
from ._forest import RandomForestClassifier, RandomForestRegressor
from ._gradient_boosting import GradientBoostingClassifier, GradientBoostingRegressor
from ._model_averaging import BayesianModelAveragingClassifier
from ._weight_boosting import AdaBoostClassifier

__all__ = [
    "AdaBoostClassifier",
    "BaggingClassifier",
    "BaggingRegressor",
    "BayesianModelAveragingClassifier",
    "DistilledClassifier",
    "GradientBoostingClassifier",
    "GradientBoostingRegressor",
    "RandomForestClassifier",
    "RandomForestRegressor",
]
