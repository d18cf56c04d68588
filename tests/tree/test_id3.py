"""ID3Classifier: exact categorical rules, information gain, unseen categories."""

import numpy as np
import pytest
from scipy.stats import entropy

from sklearn_notes.tree import ID3Classifier
from sklearn_notes.tree._id3_kernels import information_gains


def _categorical(seed, n=300):
    rng = np.random.RandomState(seed)
    return rng.choice(["red", "green", "blue"], size=(n, 4)).astype(object)


def test_learns_xor_of_categories_exactly(global_random_seed):
    X = _categorical(global_random_seed)
    y = np.where((X[:, 0] == "red") ^ (X[:, 2] == "blue"), "yes", "no")
    clf = ID3Classifier().fit(X, y)
    assert clf.score(X, y) == 1.0
    assert set(clf.tree_feature_[clf.tree_feature_ >= 0]) == {0, 2}
    grid = np.array(
        [
            [a, "red", b, "red"]
            for a in ("red", "green", "blue")
            for b in ("red", "green", "blue")
        ],
        dtype=object,
    )
    expected = np.where((grid[:, 0] == "red") ^ (grid[:, 2] == "blue"), "yes", "no")
    np.testing.assert_array_equal(clf.predict(grid), expected)


def test_learns_and_of_integer_categories(global_random_seed):
    rng = np.random.RandomState(global_random_seed)
    X = rng.randint(0, 4, size=(200, 3))
    y = ((X[:, 1] == 2) & (X[:, 2] != 0)).astype(int)
    clf = ID3Classifier().fit(X, y)
    assert clf.score(X, y) == 1.0
    assert clf.tree_feature_[0] in (1, 2)
    assert "feature_1 == 2" in clf.export_text()


def test_root_gain_matches_entropy_formulas(global_random_seed):
    X = _categorical(global_random_seed, 100)
    rng = np.random.RandomState(global_random_seed)
    y = rng.randint(0, 3, size=100)
    clf = ID3Classifier(max_depth=1).fit(X, y)
    codes = clf._encode(X)
    gains = np.empty(4)
    h = information_gains(
        codes,
        y.astype(np.int64),
        np.arange(100, dtype=np.int64),
        np.array([3, 3, 3, 3]),
        3,
        gains,
    )
    np.testing.assert_allclose(h, entropy(np.bincount(y), base=2))
    for f in range(4):
        children = sum(
            (X[:, f] == v).mean() * entropy(np.bincount(y[X[:, f] == v]), base=2)
            for v in ("red", "green", "blue")
        )
        np.testing.assert_allclose(gains[f], h - children)
    assert clf.tree_feature_[0] == int(np.argmax(gains))


def test_unseen_category_falls_back_to_node_distribution():
    X = np.array([["a"], ["a"], ["b"], ["b"], ["b"]], dtype=object)
    y = np.array([0, 0, 1, 1, 0])
    clf = ID3Classifier().fit(X, y)
    np.testing.assert_allclose(
        clf.predict_proba(np.array([["zzz"]], dtype=object)), [[3 / 5, 2 / 5]]
    )


def test_stopping_parameters():
    X = _categorical(0)
    y = np.where((X[:, 0] == "red") ^ (X[:, 2] == "blue"), 1, 0)
    assert ID3Classifier(max_depth=1).fit(X, y).get_depth() == 1
    assert ID3Classifier(min_samples_split=1000).fit(X, y).get_n_leaves() == 1
    assert ID3Classifier(min_gain=10.0).fit(X, y).get_n_leaves() == 1


def test_mixed_object_columns_and_bad_input():
    X = np.array([["a", 1], ["b", 2], ["a", 2], ["b", 1]], dtype=object)
    y = [0, 1, 0, 1]
    assert ID3Classifier().fit(X, y).score(X, y) == 1.0
    with pytest.raises(ValueError):
        ID3Classifier().fit(np.array([[np.nan], [1.0]]), [0, 1])
