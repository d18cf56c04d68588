"""Test error against the number of members for four ensembles on breast cancer.

Drawn by ``matplotlib.sphinxext.plot_directive`` when the documentation is
built (``.. plot:: user_guide/plots/ensemble_test_error.py`` in
``docs/user_guide/ensemble.rst``).  One train/test split of the breast-cancer
data (half each, stratified).  For AdaBoost and gradient boosting the curve
is ``staged_predict``: the first ``m`` rounds.  Bagging and random forests
have no stages, so their curve is the error of the mean class probabilities
of their first ``m`` members (the members are exchangeable, so this is what a
forest of ``m`` trees would predict).  A single full-depth tree is the
dashed reference line.
"""

import matplotlib

matplotlib.use("Agg")  # build-time rendering, no display

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

from sklearn_notes.ensemble import (
    AdaBoostClassifier,
    BaggingClassifier,
    GradientBoostingClassifier,
    RandomForestClassifier,
)
from sklearn_notes.tree import DecisionTreeClassifier

N_MEMBERS = 100


def _member_proba(member, X, n_classes):
    """A member's probabilities over all classes (its bag may miss some)."""
    proba = np.zeros((X.shape[0], n_classes))
    proba[:, np.asarray(member.classes_, dtype=np.intp)] = member.predict_proba(X)
    return proba


def averaged_errors(members, feature_sets, X, y_codes, n_classes):
    """Error of the mean probabilities of the first m members, m = 1..M."""
    running = np.zeros((X.shape[0], n_classes))
    errors = []
    for m, (member, features) in enumerate(zip(members, feature_sets), start=1):
        running += _member_proba(member, X[:, features], n_classes)
        errors.append(np.mean(running.argmax(axis=1) != y_codes))
    return np.array(errors)


def staged_errors(model, X, y):
    return np.array([np.mean(pred != y) for pred in model.staged_predict(X)])


def test_error_curves(random_state=0):
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, stratify=y, random_state=random_state
    )
    every_feature = [np.arange(X.shape[1])] * N_MEMBERS
    bagging = BaggingClassifier(
        DecisionTreeClassifier(), n_estimators=N_MEMBERS, random_state=random_state
    ).fit(X_train, y_train)
    forest = RandomForestClassifier(
        n_estimators=N_MEMBERS, random_state=random_state
    ).fit(X_train, y_train)
    adaboost = AdaBoostClassifier(
        n_estimators=N_MEMBERS, random_state=random_state
    ).fit(X_train, y_train)
    boosting = GradientBoostingClassifier(
        n_estimators=N_MEMBERS, max_depth=3, random_state=random_state
    ).fit(X_train, y_train)
    single = DecisionTreeClassifier(random_state=random_state).fit(X_train, y_train)
    return {
        "bagging (full trees)": averaged_errors(
            bagging.estimators_, bagging.estimators_features_, X_test, y_test, 2
        ),
        "random forest (sqrt features)": averaged_errors(
            forest.estimators_, every_feature, X_test, y_test, 2
        ),
        "AdaBoost (stumps)": staged_errors(adaboost, X_test, y_test),
        "gradient boosting (depth 3)": staged_errors(boosting, X_test, y_test),
        "single tree": np.mean(single.predict(X_test) != y_test),
    }


def draw():
    curves = test_error_curves()
    single = curves.pop("single tree")
    fig, ax = plt.subplots(figsize=(7, 4))
    for label, errors in curves.items():
        ax.plot(np.arange(1, len(errors) + 1), errors, label=label)
    ax.axhline(single, color="grey", linestyle="--", label="single full tree")
    ax.set_xscale("log")
    ax.set_ylim(0.0, 0.2)  # gradient boosting's first rounds sit higher
    ax.set_xlabel("number of members m")
    ax.set_ylabel("test error")
    ax.set_title("Breast cancer, 50% held out")
    ax.legend()
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    draw()
    plt.show()
else:
    draw()
