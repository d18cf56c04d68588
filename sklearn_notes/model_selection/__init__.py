"""Decisions and model selection: minimum-risk classification (notes 3.3.3-3.3.4)."""

from ._minimum_risk import MinimumRiskClassifier

__all__ = ["MinimumRiskClassifier"]
