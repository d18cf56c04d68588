"""multiclass_hinge_loss (eq. 7.1) against naive loops and sklearn's hinge_loss."""

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.metrics import hinge_loss, make_scorer
from sklearn.svm import LinearSVC

from sklearn_notes.metrics import multiclass_hinge_loss


def _naive(y, scores, labels, margin, sample_weight=None):
    losses = []
    for i in range(len(y)):
        yi = list(labels).index(y[i])
        total = 0.0
        for j in range(len(labels)):
            if j != yi:
                total += max(0.0, scores[i][j] - scores[i][yi] + margin)
        losses.append(total)
    weights = np.ones(len(y)) if sample_weight is None else sample_weight
    return sum(w * v for w, v in zip(weights, losses)) / sum(weights)


@pytest.mark.parametrize("margin", [0.0, 1.0, 2.5])
def test_matches_naive_loops(global_random_seed, margin):
    rng = np.random.default_rng(global_random_seed)
    y = rng.integers(0, 4, size=50)
    scores = rng.normal(size=(50, 4))
    sw = rng.uniform(0, 2, size=50)
    labels = np.arange(4)
    assert multiclass_hinge_loss(y, scores, margin=margin) == pytest.approx(
        _naive(y, scores, labels, margin), rel=1e-12
    )
    assert multiclass_hinge_loss(
        y, scores, margin=margin, sample_weight=sw
    ) == pytest.approx(_naive(y, scores, labels, margin, sw), rel=1e-12)


def test_string_labels_and_explicit_labels():
    y = np.array(["b", "c", "b"])
    scores = np.array([[0.1, 0.5, 0.2], [0.0, 1.0, 3.0], [2.0, 0.0, 0.0]])
    labels = ["a", "b", "c"]
    assert multiclass_hinge_loss(y, scores, labels=labels) == pytest.approx(
        _naive(y, scores, labels, 1.0)
    )
    with pytest.raises(ValueError, match="columns"):
        multiclass_hinge_loss(y, scores)  # only 2 labels seen, 3 columns


def test_coincides_with_sklearn_hinge_loss_for_two_classes(global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    y = rng.integers(0, 2, size=40)
    decision = rng.normal(size=40) * 2
    assert multiclass_hinge_loss(y, decision) == pytest.approx(
        hinge_loss(y, decision), rel=1e-12
    )
    # As two columns (0, s): the same value.
    two = np.column_stack([np.zeros(40), decision])
    assert multiclass_hinge_loss(y, two) == pytest.approx(
        hinge_loss(y, decision), rel=1e-12
    )


def test_coincides_with_crammer_singer_when_one_rival_violates():
    """sklearn keeps only the worst rival: equal if at most one is within Delta."""
    y = np.array([0, 1, 2])
    scores = np.array([[2.0, 1.5, -5.0], [0.0, 0.5, -3.0], [-4.0, 0.0, 0.2]])
    assert multiclass_hinge_loss(y, scores) == pytest.approx(
        hinge_loss(y, scores, labels=[0, 1, 2]), rel=1e-12
    )


def test_usable_as_a_scorer():
    X, y = load_iris(return_X_y=True)
    clf = LinearSVC(random_state=0).fit(X, y)
    scorer = make_scorer(
        multiclass_hinge_loss,
        greater_is_better=False,
        response_method="decision_function",
    )
    assert scorer(clf, X, y) == pytest.approx(
        -multiclass_hinge_loss(y, clf.decision_function(X))
    )
    assert scorer(clf, X, y) < 0
