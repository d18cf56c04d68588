"""Decision boundaries of the classifiers of sklearn_notes on three 2-D problems.

Each column is a classifier, each row a data set (two interleaved moons,
concentric circles, and two overlapping Gaussian blobs); the background colour
is the predicted probability of the red class (the decision function's sign for
the SVM), the number in the corner the accuracy on a held-out 40 %.  The shapes
of the boundaries are the textbook ones: straight for the linear models and
Gaussian naive Bayes's quadrics bent by unequal variances, patchy for k-NN,
axis-aligned staircases for trees and their ensembles, smooth for the RBF SVM.
"""

import matplotlib

matplotlib.use("Agg")  # drawn by the documentation build, no display

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_circles, make_classification, make_moons
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_notes.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn_notes.ensemble import AdaBoostClassifier, RandomForestClassifier
from sklearn_notes.linear_model import LogisticRegression
from sklearn_notes.naive_bayes import GaussianNB
from sklearn_notes.neighbors import KNeighborsClassifier
from sklearn_notes.svm import SVC
from sklearn_notes.tree import DecisionTreeClassifier

CLASSIFIERS = {
    "Gaussian NB": GaussianNB(),
    "LDA": LinearDiscriminantAnalysis(),
    "Logistic": LogisticRegression(),
    "5-NN": KNeighborsClassifier(n_neighbors=5),
    "RBF SVM": SVC(gamma=2.0, C=1.0),
    "Tree, depth 5": DecisionTreeClassifier(max_depth=5, random_state=0),
    "Random forest": RandomForestClassifier(
        n_estimators=50, max_depth=5, random_state=0
    ),
    "AdaBoost": AdaBoostClassifier(n_estimators=50, random_state=0),
}


def make_datasets():
    linear_X, linear_y = make_classification(
        n_samples=200, n_features=2, n_redundant=0, n_informative=2,
        n_clusters_per_class=1, class_sep=1.0, random_state=1,
    )
    return [
        make_moons(n_samples=200, noise=0.3, random_state=0),
        make_circles(n_samples=200, noise=0.2, factor=0.5, random_state=1),
        (linear_X, linear_y),
    ]


def draw(fig):
    datasets = make_datasets()
    axes = fig.subplots(len(datasets), len(CLASSIFIERS))
    for row, (X, y) in enumerate(datasets):
        X = StandardScaler().fit_transform(X)
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=0.4, random_state=42
        )
        lo, hi = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
        grid_x, grid_y = np.meshgrid(
            np.linspace(lo[0], hi[0], 120), np.linspace(lo[1], hi[1], 120)
        )
        grid = np.c_[grid_x.ravel(), grid_y.ravel()]
        for col, (name, classifier) in enumerate(CLASSIFIERS.items()):
            ax = axes[row, col]
            model = make_pipeline(StandardScaler(), classifier).fit(X_train, y_train)
            if hasattr(model, "predict_proba"):
                surface, levels = model.predict_proba(grid)[:, 1], np.linspace(0, 1, 11)
            else:
                surface = np.clip(model.decision_function(grid), -2, 2)
                levels = np.linspace(-2, 2, 11)
            ax.contourf(grid_x, grid_y, surface.reshape(grid_x.shape), levels=levels,
                        cmap="RdBu_r", alpha=0.75)
            ax.scatter(X_train[:, 0], X_train[:, 1], c=y_train, cmap="bwr",
                       edgecolors="k", linewidths=0.4, s=10)
            ax.scatter(X_test[:, 0], X_test[:, 1], c=y_test, cmap="bwr",
                       edgecolors="k", linewidths=0.4, s=10, alpha=0.5)
            ax.text(hi[0] - 0.2, lo[1] + 0.2, f"{model.score(X_test, y_test):.2f}",
                    ha="right", size=9, weight="bold")
            ax.set(xticks=(), yticks=(), xlim=(lo[0], hi[0]), ylim=(lo[1], hi[1]))
            if row == 0:
                ax.set_title(name, size=9)


if __name__ == "__main__":
    draw(plt.figure(figsize=(16, 6), layout="constrained"))
    plt.show()
