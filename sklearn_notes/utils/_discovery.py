"""Discovery of the public estimators, as :func:`sklearn.utils.all_estimators`."""

import inspect
import pkgutil
from importlib import import_module
from operator import itemgetter
from pathlib import Path

from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    ClusterMixin,
    RegressorMixin,
    TransformerMixin,
)

_TYPE_FILTERS = {
    "classifier": ClassifierMixin,
    "regressor": RegressorMixin,
    "transformer": TransformerMixin,
    "cluster": ClusterMixin,
}


def public_modules():
    """Names of the public subpackages of sklearn_notes (no ``_`` prefix, no tests)."""
    root = Path(__file__).parent.parent
    return sorted(
        f"sklearn_notes.{info.name}"
        for info in pkgutil.iter_modules([str(root)])
        if not info.name.startswith("_") and info.name not in {"tests", "utils"}
    )


def all_estimators(type_filter=None):
    """Every public estimator of sklearn_notes.

    Parameters
    ----------
    type_filter : {"classifier", "regressor", "cluster", "transformer"} \
            or list of those, default=None
        Keep only estimators of these kinds; ``None`` keeps all.

    Returns
    -------
    estimators : list of (name, class) tuples
        Sorted by name; each class is exported by a public subpackage
        (listed in its ``__all__``) and is not abstract.

    Examples
    --------
    >>> from sklearn_notes.utils import all_estimators
    >>> names = [name for name, _ in all_estimators(type_filter="classifier")]
    >>> "GaussianNB" in names
    True
    """
    estimators = {}
    for module_name in public_modules():
        module = import_module(module_name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseEstimator)
                and not inspect.isabstract(obj)
                and not name.startswith("_")
            ):
                estimators[name] = obj
    result = sorted(estimators.items(), key=itemgetter(0))
    if type_filter is None:
        return result
    kinds = [type_filter] if isinstance(type_filter, str) else list(type_filter)
    unknown = set(kinds) - set(_TYPE_FILTERS)
    if unknown:
        raise ValueError(
            f"type_filter must be None or among {sorted(_TYPE_FILTERS)}, "
            f"got {sorted(unknown)}."
        )
    mixins = tuple(_TYPE_FILTERS[kind] for kind in kinds)
    return [(name, cls) for name, cls in result if issubclass(cls, mixins)]
