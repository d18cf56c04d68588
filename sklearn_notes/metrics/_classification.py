"""Classification error functions (notes chapter 7)."""

from numbers import Real

import numpy as np
from sklearn.utils import check_consistent_length
from sklearn.utils._param_validation import Interval, validate_params
from sklearn.utils.validation import _check_sample_weight, check_array, column_or_1d

__all__ = ["multiclass_hinge_loss"]


@validate_params(
    {
        "y_true": ["array-like"],
        "pred_decision": ["array-like"],
        "labels": ["array-like", None],
        "margin": [Interval(Real, 0, None, closed="left")],
        "sample_weight": ["array-like", None],
    },
    prefer_skip_nested_validation=True,
)
def multiclass_hinge_loss(
    y_true, pred_decision, *, labels=None, margin=1.0, sample_weight=None
):
    """Average multiclass hinge loss with margin Delta (notes 7.5, eq. 7.1).

    .. math:: L_i = \\sum_{j \\ne y_i} \\max(0,\\; s_{ij} - s_{i y_i} + \\Delta)

    averaged over the samples (weighted if ``sample_weight`` is given). This is
    the Weston-Watkins (CS231n) form: every class that comes within ``Delta``
    of the true class's score adds to the loss. scikit-learn's
    :func:`~sklearn.metrics.hinge_loss` uses the Crammer-Singer form
    ``max(0, 1 - s_{y_i} + max_{j != y_i} s_{ij})`` (only the worst rival);
    the two coincide for two classes and ``Delta = 1``.

    Lower is better: use it with
    ``make_scorer(multiclass_hinge_loss, greater_is_better=False,
    response_method="decision_function")``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels.
    pred_decision : array-like of shape (n_samples,) or (n_samples, n_classes)
        Scores ``s_ij``, columns in the order of ``labels`` (sorted). A 1-D
        array is the score of the second class of a binary problem (as
        ``decision_function``); it is read as the scores ``(0, s)``.
    labels : array-like of shape (n_classes,), default=None
        All the classes; by default the distinct values of ``y_true``.
    margin : float, default=1.0
        The margin ``Delta``.
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    loss : float

    See Also
    --------
    sklearn.metrics.hinge_loss : Crammer-Singer multiclass hinge loss.

    Examples
    --------
    >>> from sklearn_notes.metrics import multiclass_hinge_loss
    >>> y_true = [0, 1, 2]
    >>> scores = [[3.0, 1.0, 0.0], [1.0, 1.5, 2.0], [0.0, 0.0, 4.0]]
    >>> multiclass_hinge_loss(y_true, scores)  # (0 + 0.5 + 1.5 + 0) / 3
    0.6666666666666666
    """
    y_true = column_or_1d(y_true)
    scores = check_array(pred_decision, ensure_2d=False, dtype=np.float64)
    check_consistent_length(y_true, scores)
    if labels is None:
        labels = np.unique(y_true)
    else:
        labels = np.unique(np.asarray(labels))
    if scores.ndim == 1:
        if labels.shape[0] > 2:
            raise ValueError(
                "pred_decision is 1-D (binary scores) but there are "
                f"{labels.shape[0]} classes."
            )
        scores = np.column_stack([np.zeros_like(scores), scores])
    if scores.shape[1] != labels.shape[0]:
        raise ValueError(
            f"pred_decision has {scores.shape[1]} columns but there are "
            f"{labels.shape[0]} classes; pass labels= to name them."
        )
    position = np.searchsorted(labels, y_true)
    position = np.clip(position, 0, labels.shape[0] - 1)
    if not np.all(labels[position] == y_true):
        raise ValueError("y_true contains labels absent from labels.")
    rows = np.arange(scores.shape[0])
    true_score = scores[rows, position]
    violations = np.maximum(0.0, scores - true_score[:, None] + margin)
    violations[rows, position] = 0.0  # the sum skips j = y_i
    per_sample = violations.sum(axis=1)
    if sample_weight is None:
        return float(per_sample.mean())
    sample_weight = _check_sample_weight(sample_weight, per_sample.reshape(-1, 1))
    return float(np.average(per_sample, weights=sample_weight))
