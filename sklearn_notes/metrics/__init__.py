"""Error functions of notes chapter 7 missing from :mod:`sklearn.metrics`."""

from ._classification import multiclass_hinge_loss

__all__ = ["multiclass_hinge_loss"]
