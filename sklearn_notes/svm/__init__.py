"""Support vector machines (notes 4.5)."""

from ._svc import SVC

__all__ = ["SVC"]
