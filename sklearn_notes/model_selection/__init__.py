"""Decisions and model selection: minimum-risk classification (notes 3.3.3-3.3.4)."""

from ._minimum_risk import MinimumRiskClassifier
from ._search_space import search_space

__all__ = ["MinimumRiskClassifier", "search_space"]
