"""Decision trees (notes 5.4-5.5).

Drop-in replacements for scikit-learn's ``DecisionTreeClassifier`` and
``DecisionTreeRegressor`` (CART) with a Numba tree builder that the ensembles
reuse, plus the notes' misclassification impurity and post-pruning rules,
and ``ID3Classifier`` (multiway splits on categorical features).
"""

from ._classes import DecisionTreeClassifier, DecisionTreeRegressor
from ._id3 import ID3Classifier

__all__ = ["DecisionTreeClassifier", "DecisionTreeRegressor", "ID3Classifier"]
