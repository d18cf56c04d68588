"""Training curves of SoftmaxRegression's seven solvers on one problem.

Drawn by ``matplotlib.sphinxext.plot_directive`` when the documentation is
built (``.. plot:: user_guide/plots/softmax_solvers.py`` in
``docs/user_guide/linear_models.rst``).  Data: the standardised digits
(1,797 images, 64 pixels, 10 classes), ``alpha=1e-4``.  The x axis counts
passes over the data: one iteration of "lbfgs" or "newton" (full batch), one
epoch of the mini-batch solvers (batch 32, learning rate 0.01). The y axis is
the training objective ``J(W)`` minus the smallest value reached by any
solver, on a log scale.
"""

import warnings

import matplotlib

matplotlib.use("Agg")  # build-time rendering, no display

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler

from sklearn_notes.linear_model import SoftmaxRegression

SOLVERS = ["lbfgs", "newton", "sgd", "momentum", "nesterov", "rmsprop", "adam"]


def loss_curves(max_iter=100):
    """``{solver: loss_curve_}`` on the standardised digits."""
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    curves = {}
    for solver in SOLVERS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf = SoftmaxRegression(
                solver=solver, max_iter=max_iter, tol=1e-6, random_state=0
            ).fit(X, y)
        curves[solver] = np.asarray(clf.loss_curve_)
    return curves


def plot(curves):
    floor = min(curve.min() for curve in curves.values())
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for solver, curve in curves.items():
        style = "-" if solver in ("lbfgs", "newton") else "--"
        ax.semilogy(
            np.arange(1, curve.size + 1), curve - floor + 1e-6, style, label=solver
        )
    ax.set_xlabel("iteration (full batch) or epoch (mini-batch)")
    ax.set_ylabel("J(W) - min J")
    ax.set_title("SoftmaxRegression on digits (standardised)")
    ax.legend(ncol=2)
    fig.tight_layout()
    return fig


if __name__ == "__main__":
    plot(loss_curves())
