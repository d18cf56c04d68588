"""MinimumRiskClassifier: Bayes decisions under a loss matrix (notes 3.3.3-3.3.4).

References are computed independently: the conditional risks by explicit
loops over samples, decisions and true classes, the 0-1 decisions by the
inner classifier's own argmax, and binary decisions by scikit-learn's
FixedThresholdClassifier at the threshold the loss matrix implies.
"""

import re

import numpy as np
import pytest
import sklearn
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import NotFittedError, UnsetMetadataPassedError
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, make_scorer
from sklearn.model_selection import (
    FixedThresholdClassifier,
    GridSearchCV,
    train_test_split,
)
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from sklearn_notes.model_selection import MinimumRiskClassifier
from sklearn_notes.naive_bayes import GaussianNB

# The notes' cancer matrix: rows truth (cancer, normal), columns decision
# (cancer, normal).  In load_breast_cancer class 0 is malignant, 1 benign.
CANCER_LOSS = np.array([[0.0, 1000.0], [1.0, 0.0]])


def naive_risk(proba, loss):
    """R[i, j] = sum_k L[k, j] p(C_k|x_i), by explicit loops."""
    n_samples, n_classes = proba.shape
    risk = np.zeros((n_samples, n_classes))
    for i in range(n_samples):
        for j in range(n_classes):
            for k in range(n_classes):
                risk[i, j] += loss[k, j] * proba[i, k]
    return risk


@pytest.fixture(scope="module")
def cancer_split():
    X, y = load_breast_cancer(return_X_y=True)
    return train_test_split(X, y, stratify=y, random_state=0)


def _scaled_logistic():
    return make_pipeline(StandardScaler(), LogisticRegression(C=0.1))


def _false_negatives(y_true, y_pred):
    """Missed cancers: truth malignant (0), decision benign (1)."""
    return confusion_matrix(y_true, y_pred, labels=[0, 1])[0, 1]


# --- the cancer example -----------------------------------------------------


@pytest.mark.parametrize("make_estimator", [GaussianNB, _scaled_logistic])
def test_cancer_loss_lowers_false_negatives(cancer_split, make_estimator):
    X_train, X_test, y_train, y_test = cancer_split
    argmax = MinimumRiskClassifier(make_estimator()).fit(X_train, y_train)
    cautious = MinimumRiskClassifier(make_estimator(), loss_matrix=CANCER_LOSS)
    cautious.fit(X_train, y_train)
    argmax_pred, cautious_pred = argmax.predict(X_test), cautious.predict(X_test)
    assert _false_negatives(y_test, cautious_pred) < _false_negatives(
        y_test, argmax_pred
    )
    # Deciding "cancer" more often: every argmax cancer stays a cancer.
    assert np.all(cautious_pred[argmax_pred == 0] == 0)
    # And the mean loss on the test set goes down: the point of the rule.
    def mean_loss(pred):
        return CANCER_LOSS[y_test, pred].mean()

    assert mean_loss(cautious_pred) < mean_loss(argmax_pred)


@pytest.mark.parametrize("make_estimator", [GaussianNB, _scaled_logistic])
def test_cancer_risk_equals_brute_force(cancer_split, make_estimator):
    X_train, X_test, y_train, _ = cancer_split
    clf = MinimumRiskClassifier(make_estimator(), loss_matrix=CANCER_LOSS)
    clf.fit(X_train, y_train)
    inner = make_estimator().fit(X_train, y_train)  # fitted independently
    proba = inner.predict_proba(X_test)
    risk = naive_risk(proba, CANCER_LOSS)

    np.testing.assert_allclose(clf.predict_proba(X_test), proba, rtol=1e-12)
    np.testing.assert_allclose(clf.expected_loss(X_test), risk, rtol=1e-12, atol=0)
    np.testing.assert_array_equal(
        clf.predict(X_test), inner.classes_[np.argmin(risk, axis=1)]
    )
    # Binary decision function: risk saved by deciding classes_[1].
    decision = clf.decision_function(X_test)
    assert decision.shape == (X_test.shape[0],)
    np.testing.assert_allclose(decision, risk[:, 0] - risk[:, 1], rtol=1e-12)
    np.testing.assert_array_equal(
        clf.predict(X_test), clf.classes_[(decision > 0).astype(int)]
    )


def test_binary_loss_is_a_probability_threshold(cancer_split):
    """Two classes: argmin risk == p(C_1|x) > (L01 - L00) / (L01 - L00 + L10 - L11)."""
    X_train, X_test, y_train, _ = cancer_split
    loss = np.array([[0.5, 20.0], [3.0, 0.25]])
    threshold = (loss[0, 1] - loss[0, 0]) / (
        loss[0, 1] - loss[0, 0] + loss[1, 0] - loss[1, 1]
    )
    ours = MinimumRiskClassifier(_scaled_logistic(), loss_matrix=loss)
    theirs = FixedThresholdClassifier(
        _scaled_logistic(), threshold=threshold, response_method="predict_proba"
    )
    ours_pred = ours.fit(X_train, y_train).predict(X_test)
    theirs_pred = theirs.fit(X_train, y_train).predict(X_test)
    np.testing.assert_array_equal(ours_pred, theirs_pred)
    # The threshold is far from 0.5, so this differs from the argmax.
    assert np.any(ours_pred != ours.estimator_.predict(X_test))


def test_string_labels_follow_classes_order(cancer_split):
    """loss_matrix rows/columns are in the order of classes_ (sorted labels)."""
    X_train, X_test, y_train, _ = cancer_split
    names = np.array(["malignant", "benign"])
    # classes_ = ["benign", "malignant"]: the notes' matrix, reordered.
    reordered = CANCER_LOSS[::-1, ::-1]
    by_name = MinimumRiskClassifier(loss_matrix=reordered)
    by_name.fit(X_train, names[y_train])
    by_code = MinimumRiskClassifier(loss_matrix=CANCER_LOSS).fit(X_train, y_train)
    np.testing.assert_array_equal(by_name.classes_, ["benign", "malignant"])
    np.testing.assert_array_equal(
        by_name.predict(X_test), names[by_code.predict(X_test)]
    )


# --- 0-1 loss is the inner argmax -------------------------------------------


@pytest.mark.parametrize("load", [load_iris, load_wine, load_digits])
@pytest.mark.parametrize("scale", [None, 1.0, 7.5])
def test_zero_one_loss_is_inner_argmax(load, scale):
    X, y = load(return_X_y=True)
    n_classes = len(np.unique(y))
    loss = None if scale is None else scale * (1 - np.eye(n_classes))
    clf = MinimumRiskClassifier(loss_matrix=loss).fit(X, y)
    inner = GaussianNB().fit(X, y)
    proba = inner.predict_proba(X)
    np.testing.assert_array_equal(clf.predict(X), inner.classes_[proba.argmax(axis=1)])
    np.testing.assert_array_equal(clf.predict(X), inner.predict(X))
    expected = (1.0 if scale is None else scale) * (1 - np.eye(n_classes))
    np.testing.assert_array_equal(clf.loss_matrix_, expected)
    np.testing.assert_allclose(clf.expected_loss(X), naive_risk(proba, expected))


class _FixedProbaClassifier(sklearn.base.ClassifierMixin, sklearn.base.BaseEstimator):
    """Returns the posteriors it is given, row i for sample i (X is an index)."""

    def __init__(self, proba=None):
        self.proba = proba

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict_proba(self, X):
        return np.asarray(self.proba)[np.asarray(X, dtype=int).ravel()]


def test_ties_broken_as_the_inner_argmax():
    # Exact ties, and near-ties one ulp apart, which the rounding of
    # P @ (1 - I) (row 3) or of 1 - P (row 4) would turn into ties.
    proba = np.array(
        [
            [0.5, 0.5, 0.0],
            [0.2, 0.4, 0.4],
            [1 / 3, 1 / 3, 1 / 3],
            [0.2, 0.4, 0.4 + 2**-54],
            [0.1, 0.45 - 2**-54, 0.45],
        ]
    )
    zero_one = 1 - np.eye(3)
    assert (proba @ zero_one).argmin(axis=1)[3] != proba.argmax(axis=1)[3]
    assert (1 - proba).argmin(axis=1)[4] != proba.argmax(axis=1)[4]
    X = np.arange(len(proba)).reshape(-1, 1)
    y = np.array([0, 1, 2, 0, 1])
    clf = MinimumRiskClassifier(_FixedProbaClassifier(proba)).fit(X, y)
    np.testing.assert_array_equal(clf.predict(X), proba.argmax(axis=1))
    # A general loss matrix breaks ties towards the first class of classes_.
    loss = np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [2.0, 2.0, 0.0]])
    clf = MinimumRiskClassifier(_FixedProbaClassifier(proba), loss_matrix=loss)
    risk = naive_risk(proba, loss)
    np.testing.assert_array_equal(clf.fit(X, y).predict(X), risk.argmin(axis=1))


# --- general multi-class loss matrices --------------------------------------


@pytest.mark.parametrize("load", [load_iris, load_wine, load_digits])
def test_multiclass_loss_matches_naive_reference(load, global_random_seed):
    rng = np.random.default_rng(global_random_seed)
    X, y = load(return_X_y=True)
    X_train, X_test, y_train, _ = train_test_split(
        X, y, test_size=0.3, random_state=global_random_seed
    )
    n_classes = len(np.unique(y))
    loss = rng.uniform(0.0, 10.0, size=(n_classes, n_classes))
    np.fill_diagonal(loss, 0.0)
    inner = _scaled_logistic()  # smooth posteriors: the loss matters
    clf = MinimumRiskClassifier(inner, loss_matrix=loss).fit(X_train, y_train)

    proba = _scaled_logistic().fit(X_train, y_train).predict_proba(X_test)
    risk = naive_risk(proba, loss)
    np.testing.assert_allclose(clf.expected_loss(X_test), risk, rtol=1e-10)
    np.testing.assert_array_equal(
        clf.predict(X_test), clf.classes_[np.argmin(risk, axis=1)]
    )
    decision = clf.decision_function(X_test)
    assert decision.shape == (X_test.shape[0], n_classes)
    np.testing.assert_allclose(decision, -risk, rtol=1e-10)
    np.testing.assert_array_equal(
        clf.classes_[decision.argmax(axis=1)], clf.predict(X_test)
    )


def test_loss_matrix_changes_decisions_where_expected():
    """A class that is free to decide is always decided; a forbidden one never."""
    X, y = load_iris(return_X_y=True)
    free_class_2 = np.ones((3, 3))
    free_class_2[:, 2] = 0.0  # deciding class 2 never costs anything
    clf = MinimumRiskClassifier(loss_matrix=free_class_2).fit(X, y)
    assert np.all(clf.predict(X) == 2)

    never_class_0 = 1 - np.eye(3)
    never_class_0[:, 0] = 1e6  # deciding class 0 costs a fortune whatever the truth
    clf = MinimumRiskClassifier(_scaled_logistic(), loss_matrix=never_class_0)
    assert not np.any(clf.fit(X, y).predict(X) == 0)


# --- validation of the loss matrix ------------------------------------------

BINARY = (np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 0, 1, 1]))


@pytest.mark.parametrize(
    "loss_matrix, message",
    [
        (np.zeros((3, 3)), "has shape (3, 3), but the classifier has 2 classes"),
        (np.zeros((2, 3)), "has shape (2, 3), but the classifier has 2 classes"),
        ([[0, 1]], "has shape (1, 2), but the classifier has 2 classes"),
        (np.zeros(4), "must be a 2-D array of shape (n_classes, n_classes) = (2, 2)"),
        (np.zeros((2, 2, 2)), "got a 3-D array of shape (2, 2, 2)"),
        ([[0, np.nan], [1, 0]], "NaN or infinity at [true class, decision] "
         "positions [[0, 1]]"),
        ([[0, 1], [np.inf, 0]], "NaN or infinity at [true class, decision] "
         "positions [[1, 0]]"),
        ([[0, 1], [-1, 0]], "negative entries at [true class, decision] "
         "positions [[1, 0]]"),
        ([["0", "1"], ["1", "0"]], "must hold real numbers"),
        ([[0, 1j], [1, 0]], "must hold real numbers, got an array of dtype complex128"),
        ([[0, 1], [1]], "must be a rectangular array of numbers"),
    ],
)
def test_bad_loss_matrix(loss_matrix, message):
    clf = MinimumRiskClassifier(loss_matrix=loss_matrix)
    with pytest.raises(ValueError, match=re.escape(message)):
        clf.fit(*BINARY)


def test_scalar_loss_matrix_is_refused():
    with pytest.raises(ValueError, match="'loss_matrix' parameter .* array-like"):
        MinimumRiskClassifier(loss_matrix=1.0).fit(*BINARY)


def test_multilabel_target_is_refused():
    X = np.arange(8.0).reshape(4, 2)
    Y = np.array([[0, 1], [1, 0], [1, 1], [0, 0]])
    with pytest.raises(ValueError, match="y should be a 1d array"):
        MinimumRiskClassifier().fit(X, Y)


def test_inputs_are_never_modified():
    X, y = load_wine(return_X_y=True)
    loss = np.arange(9, dtype=np.int64).reshape(3, 3)
    X_before, y_before, loss_before = X.copy(), y.copy(), loss.copy()
    clf = MinimumRiskClassifier(loss_matrix=loss).fit(X, y)
    clf.predict(X), clf.expected_loss(X), clf.decision_function(X)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    np.testing.assert_array_equal(loss, loss_before)
    assert clf.loss_matrix is loss  # the parameter is stored as given
    assert clf.loss_matrix_.dtype == np.float64
    assert not np.shares_memory(clf.loss_matrix_, loss)
    # The fitted matrix is a snapshot: editing the caller's array later
    # changes nothing until the next fit.
    before = clf.predict(X)
    loss[:] = 0
    np.testing.assert_array_equal(clf.predict(X), before)

    float_loss = np.ones((3, 3))
    clf = MinimumRiskClassifier(loss_matrix=float_loss).fit(X, y)
    assert not np.shares_memory(clf.loss_matrix_, float_loss)


# --- the wrapped estimator --------------------------------------------------


def test_estimator_without_predict_proba():
    clf = MinimumRiskClassifier(SVC())  # SVC has predict_proba only if probability=True
    for method in (
        "predict_proba",
        "predict_log_proba",
        "predict",
        "expected_loss",
        "decision_function",
    ):
        assert not hasattr(clf, method)
    no_proba = "has no attribute 'predict_proba'"
    with pytest.raises(AttributeError, match=no_proba) as info:
        clf.predict_proba
    # The cause says why, as scikit-learn's delegating meta-estimators do.
    assert "SVC() has no predict_proba method" in str(info.value.__cause__)
    with pytest.raises(ValueError, match="must be an object implementing 'fit' and "):
        clf.fit(*BINARY)
    assert hasattr(MinimumRiskClassifier(SVC(probability=True)), "predict")


def test_default_estimator_is_our_gaussian_nb():
    X, y = load_iris(return_X_y=True)
    clf = MinimumRiskClassifier().fit(X, y)
    assert type(clf.estimator_) is GaussianNB
    assert clf.estimator is None  # the parameter is left alone
    np.testing.assert_allclose(
        clf.predict_proba(X), GaussianNB().fit(X, y).predict_proba(X), rtol=1e-12
    )
    np.testing.assert_allclose(
        clf.predict_log_proba(X), GaussianNB().fit(X, y).predict_log_proba(X)
    )


def test_fitted_attributes_and_clone():
    X, y = load_iris(return_X_y=True, as_frame=True)
    inner = LogisticRegression(max_iter=1000)
    clf = MinimumRiskClassifier(inner).fit(X, y)
    assert clf.estimator_ is not inner
    assert not hasattr(inner, "classes_")  # the given estimator is not fitted
    np.testing.assert_array_equal(clf.classes_, clf.estimator_.classes_)
    assert clf.n_features_in_ == 4
    np.testing.assert_array_equal(clf.feature_names_in_, X.columns)


def test_unfitted_raises_not_fitted():
    clf = MinimumRiskClassifier()
    for method in ("predict", "predict_proba", "expected_loss", "decision_function"):
        with pytest.raises(NotFittedError):
            getattr(clf, method)(BINARY[0])


def test_log_proba_without_inner_log_proba():
    X, y = load_iris(return_X_y=True)
    clf = MinimumRiskClassifier(KNeighborsClassifier(n_neighbors=5)).fit(X, y)
    with np.errstate(divide="ignore"):
        expected = np.log(clf.predict_proba(X))
    np.testing.assert_array_equal(clf.predict_log_proba(X), expected)
    assert np.isneginf(expected).any()  # kNN gives zero probabilities


def test_one_class():
    X = np.arange(6.0).reshape(3, 2)
    clf = MinimumRiskClassifier().fit(X, ["a", "a", "a"])
    np.testing.assert_array_equal(clf.loss_matrix_, [[0.0]])
    np.testing.assert_array_equal(clf.predict(X), ["a", "a", "a"])


# --- sample weights and other fit parameters --------------------------------


def test_sample_weight_is_passed_through():
    X, y = load_iris(return_X_y=True)
    weights = np.random.default_rng(0).integers(0, 4, size=len(y))
    loss = np.array([[0.0, 1.0, 5.0], [1.0, 0.0, 1.0], [5.0, 1.0, 0.0]])
    weighted = MinimumRiskClassifier(loss_matrix=loss).fit(X, y, sample_weight=weights)
    repeated = MinimumRiskClassifier(loss_matrix=loss).fit(
        np.repeat(X, weights, axis=0), np.repeat(y, weights)
    )
    np.testing.assert_allclose(
        weighted.expected_loss(X), repeated.expected_loss(X), rtol=1e-7
    )
    unweighted = MinimumRiskClassifier(loss_matrix=loss).fit(X, y)
    assert not np.allclose(weighted.expected_loss(X), unweighted.expected_loss(X))


def test_no_sample_weight_for_an_estimator_without_it():
    X, y = load_iris(return_X_y=True)
    clf = MinimumRiskClassifier(KNeighborsClassifier())
    clf.fit(X, y)  # not passed when not given
    with pytest.raises(ValueError, match="does not accept sample_weight"):
        clf.fit(X, y, sample_weight=np.ones(len(y)))


def test_other_fit_params_are_passed_through():
    X, y = load_iris(return_X_y=True)
    pipe = Pipeline([("scale", StandardScaler()), ("nb", GaussianNB())])
    weights = np.where(y == 0, 3.0, 1.0)
    clf = MinimumRiskClassifier(pipe).fit(X, y, nb__sample_weight=weights)
    assert clf.estimator_.named_steps["nb"].class_count_[0] == 150.0
    reference = Pipeline([("scale", StandardScaler()), ("nb", GaussianNB())])
    reference.fit(X, y, nb__sample_weight=weights)
    np.testing.assert_allclose(clf.predict_proba(X), reference.predict_proba(X))


def test_metadata_routing():
    X, y = load_iris(return_X_y=True)
    weights = np.where(y == 2, 4.0, 1.0)
    with sklearn.config_context(enable_metadata_routing=True):
        requested = GaussianNB().set_fit_request(sample_weight=True)
        clf = MinimumRiskClassifier(requested).fit(X, y, sample_weight=weights)
        reference = GaussianNB().fit(X, y, sample_weight=weights)
        np.testing.assert_allclose(clf.predict_proba(X), reference.predict_proba(X))

        unrequested = MinimumRiskClassifier(GaussianNB())
        with pytest.raises(UnsetMetadataPassedError, match="sample_weight"):
            unrequested.fit(X, y, sample_weight=weights)

        routing = clf.get_metadata_routing()
        assert "estimator" in str(routing)


# --- inside pipelines and searches ------------------------------------------


def test_pipeline_and_grid_search(cancer_split):
    X_train, X_test, y_train, y_test = cancer_split
    pipe = Pipeline(
        [
            ("scale", StandardScaler()),
            ("decide", MinimumRiskClassifier(LogisticRegression(max_iter=1000))),
        ]
    )
    # Scored by minus the mean loss of the notes' matrix, not by accuracy.
    def neg_mean_loss(y_true, y_pred):
        return -CANCER_LOSS[y_true, y_pred].mean()

    search = GridSearchCV(
        pipe,
        {
            "decide__estimator__C": [0.01, 1.0],
            "decide__loss_matrix": [None, CANCER_LOSS],
        },
        scoring=make_scorer(neg_mean_loss),
        cv=3,
    ).fit(X_train, y_train)
    assert len(search.cv_results_["params"]) == 4
    # For every C, deciding by the loss beats deciding by the argmax.
    scores = {
        (params["decide__estimator__C"], params["decide__loss_matrix"] is None): score
        for params, score in zip(
            search.cv_results_["params"], search.cv_results_["mean_test_score"]
        )
    }
    for C in (0.01, 1.0):
        assert scores[(C, False)] > scores[(C, True)]
    assert search.best_params_["decide__loss_matrix"] is CANCER_LOSS

    # The refitted best pipeline is the same as fitting it by hand.
    by_hand = sklearn.base.clone(pipe).set_params(**search.best_params_)
    by_hand.fit(X_train, y_train)
    np.testing.assert_array_equal(
        search.predict(X_test), by_hand.predict(X_test)
    )
    np.testing.assert_allclose(
        search.best_estimator_[-1].expected_loss(
            search.best_estimator_[0].transform(X_test)
        ),
        by_hand[-1].expected_loss(by_hand[0].transform(X_test)),
    )


def test_grid_search_over_default_family_params():
    X, y = load_wine(return_X_y=True)
    search = GridSearchCV(
        MinimumRiskClassifier(GaussianNB()),
        {"estimator__var_smoothing": [1e-9, 1e-3, 1e-1]},
        cv=3,
    ).fit(X, y)
    chosen = search.best_params_["estimator__var_smoothing"]
    assert search.best_estimator_.estimator_.var_smoothing == chosen
