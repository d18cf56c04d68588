"""Naive Bayes classifiers (notes 3.1-3.2).

Drop-in replacements for scikit-learn's ``GaussianNB``, ``MultinomialNB`` and
``BernoulliNB``, with Numba kernels for counting and for the joint
log-likelihood.
"""

from ._naive_bayes import BernoulliNB, GaussianNB, MultinomialNB

__all__ = ["BernoulliNB", "GaussianNB", "MultinomialNB"]
