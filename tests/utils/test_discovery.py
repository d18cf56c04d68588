import pytest
from sklearn.base import ClassifierMixin, TransformerMixin, is_classifier

from sklearn_notes.utils import all_estimators


def test_type_filter_keeps_only_that_kind():
    classifiers = all_estimators(type_filter="classifier")
    assert classifiers, "no classifier discovered"
    assert all(is_classifier(cls()) for _, cls in classifiers)
    transformers = all_estimators(type_filter=["transformer"])
    assert all(issubclass(cls, TransformerMixin) for _, cls in transformers)
    both = {name for name, _ in all_estimators(type_filter=["classifier", "transformer"])}
    assert both == {n for n, _ in classifiers} | {n for n, _ in transformers}


def test_sorted_unique_and_public():
    names = [name for name, _ in all_estimators()]
    assert names == sorted(set(names))
    assert not any(name.startswith("_") for name in names)
    assert all(cls.__module__.startswith("sklearn_notes.") for _, cls in all_estimators())
    assert not any(issubclass(cls, ClassifierMixin) and "Mixin" in name for name, cls in all_estimators())


def test_unknown_type_filter_is_a_clear_error():
    with pytest.raises(ValueError, match="type_filter"):
        all_estimators(type_filter="forest")
