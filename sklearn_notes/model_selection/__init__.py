"""Decisions and model selection: minimum-risk classification (notes 3.3.3-3.3.4)
and genetic hyperparameter search (notes 11.3.2)."""

from ._genetic_search import GeneticSearchCV
from ._minimum_risk import MinimumRiskClassifier
from ._search_space import search_space

__all__ = ["GeneticSearchCV", "MinimumRiskClassifier", "search_space"]
