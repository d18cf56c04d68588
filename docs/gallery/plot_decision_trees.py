"""Decision trees: axis-aligned partitions, and how depth trades bias for variance.

Notes 5.4-5.5.  Top row: a CART classification tree on two iris features
(petal length and width) grown to depth 1, 2, 3 and without limit; each split
adds one axis-aligned cut, and the unlimited tree carves out single points.
Bottom left: regression trees of depth 2 and 5 on a noisy sine (the
prediction is piecewise constant, one level per leaf).  Bottom right: training
and held-out accuracy on breast cancer against the depth limit: the training
accuracy climbs to 1 while the held-out accuracy peaks at a shallow depth, the
overfitting that a depth limit or pruning (``ccp_alpha``) controls.
"""

import matplotlib

matplotlib.use("Agg")  # drawn by the documentation build, no display

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.model_selection import train_test_split

from sklearn_notes.tree import DecisionTreeClassifier, DecisionTreeRegressor


def draw(fig):
    grid_spec = fig.add_gridspec(2, 4)
    iris = load_iris()
    X, y = iris.data[:, 2:], iris.target
    gx, gy = np.meshgrid(np.linspace(0.5, 7.5, 300), np.linspace(-0.2, 2.8, 300))
    for col, depth in enumerate((1, 2, 3, None)):
        ax = fig.add_subplot(grid_spec[0, col])
        tree = DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X, y)
        regions = tree.predict(np.c_[gx.ravel(), gy.ravel()]).reshape(gx.shape)
        ax.contourf(gx, gy, regions, levels=[-0.5, 0.5, 1.5, 2.5],
                    colors=["#fbb4ae", "#b3cde3", "#ccebc5"])
        ax.scatter(X[:, 0], X[:, 1], c=y, cmap="Set1", s=8, edgecolors="k",
                   linewidths=0.3)
        ax.set(title=f"depth {depth or 'unlimited'}, {tree.get_n_leaves()} leaves",
               xlabel=iris.feature_names[2])
        if col == 0:
            ax.set_ylabel(iris.feature_names[3])

    rng = np.random.default_rng(1)
    x = np.sort(5 * rng.random(120))[:, None]
    target = np.sin(x).ravel() + rng.normal(0, 0.25, len(x))
    line = np.linspace(0, 5, 500)[:, None]
    ax = fig.add_subplot(grid_spec[1, :2])
    ax.scatter(x, target, s=8, c="k", label="data")
    for depth in (2, 5):
        model = DecisionTreeRegressor(max_depth=depth).fit(x, target)
        ax.plot(line, model.predict(line), lw=1.5, label=f"max_depth={depth}")
    ax.set(title="Regression tree on a noisy sine", xlabel="x")
    ax.legend(fontsize=8)

    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    depths = np.arange(1, 13)
    train, test = [], []
    for depth in depths:
        tree = DecisionTreeClassifier(max_depth=depth, random_state=0)
        tree.fit(X_train, y_train)
        train.append(tree.score(X_train, y_train))
        test.append(tree.score(X_test, y_test))
    ax = fig.add_subplot(grid_spec[1, 2:])
    ax.plot(depths, train, "o-", ms=3, label="training")
    ax.plot(depths, test, "o-", ms=3, label="held-out")
    ax.set(title="Breast cancer: accuracy against depth", xlabel="max_depth",
           ylabel="accuracy")
    ax.legend(fontsize=8)


if __name__ == "__main__":
    draw(plt.figure(figsize=(14, 7), layout="constrained"))
    plt.show()
