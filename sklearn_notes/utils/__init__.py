"""Utilities: estimator discovery and kernels shared by several families."""

from ._discovery import all_estimators

__all__ = ["all_estimators"]
