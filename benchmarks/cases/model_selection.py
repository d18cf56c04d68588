"""MinimumRiskClassifier (notes 3.3.3-3.3.4): scikit-learn has no twin.

The reference is what a scikit-learn user would write by hand: sklearn's
GaussianNB, then ``argmin_j sum_k L[k, j] p(k|x)``.  Ours wraps our GaussianNB
by default, so this row mostly shows GaussianNB's speed plus the cost of the
decision rule.  No target.  Quality: the mean loss on the held-out split
(lower is better).
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.naive_bayes import GaussianNB

from _harness import Case, Contender, same_predictions

from ._data import TEN_CLASSES

N_CLASSES = 10
#: Ordinal loss: deciding class j when the truth is k costs |k - j|.
ORDINAL_LOSS = [[abs(k - j) for j in range(N_CLASSES)] for k in range(N_CLASSES)]


class GaussianNBThenMinimumRisk(ClassifierMixin, BaseEstimator):
    """scikit-learn's GaussianNB followed by the minimum-risk decision."""

    def __init__(self, loss_matrix=None):
        self.loss_matrix = loss_matrix

    def fit(self, X, y):
        self.estimator_ = GaussianNB().fit(X, y)
        self.classes_ = self.estimator_.classes_
        return self

    def predict(self, X):
        risk = self.estimator_.predict_proba(X) @ np.asarray(self.loss_matrix)
        return self.classes_[np.argmin(risk, axis=1)]


def mean_ordinal_loss(estimator, X_test, y_test):
    loss = np.asarray(ORDINAL_LOSS)
    return float(np.mean(loss[y_test, estimator.predict(X_test)]))


_REFERENCE = Contender("sklearn GaussianNB+argmin", "cases.model_selection",
                       "GaussianNBThenMinimumRisk", {"loss_matrix": ORDINAL_LOSS})

CASES = [
    Case(
        family="model_selection",
        estimator="MinimumRiskClassifier",
        dataset=TEN_CLASSES,
        n_standard=500_000,
        n_quick=20_000,
        ours=Contender("ours", "sklearn_notes.model_selection",
                       "MinimumRiskClassifier", {"loss_matrix": ORDINAL_LOSS}),
        references=(_REFERENCE,),
        operations=("fit", "predict", "fit+predict"),
        quality=mean_ordinal_loss,
        quality_name="mean |k - j| loss (lower is better)",
        agreement=same_predictions,
        stand_in=_REFERENCE,
    ),
]
