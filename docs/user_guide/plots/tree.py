"""A depth-3 sklearn_notes tree on iris, drawn by sklearn.tree.plot_tree."""

import matplotlib.pyplot as plt
from sklearn.datasets import load_iris
from sklearn.tree import plot_tree

from sklearn_notes.tree import DecisionTreeClassifier


def draw():
    iris = load_iris()
    clf = DecisionTreeClassifier(max_depth=3, random_state=0).fit(
        iris.data, iris.target
    )
    fig, ax = plt.subplots(figsize=(10, 6))
    plot_tree(
        clf,
        feature_names=iris.feature_names,
        class_names=list(iris.target_names),
        filled=True,
        ax=ax,
    )
    ax.set_title("DecisionTreeClassifier(max_depth=3) on iris")
    return fig


if __name__ == "__main__":
    draw()
    plt.show()
else:
    draw()
