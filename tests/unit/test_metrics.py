"""Metrics and submission checks against values worked by hand or computed independently (scipy, numpy)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import special, stats

from pytest_mlebench import metrics
from pytest_mlebench.errors import InvalidSubmissionError

EPS = np.finfo(float).eps


# --- ROC AUC ------------------------------------------------------------------------------------


def test_roc_auc_by_hand_with_a_tie():
    # Positive/negative pairs: (0.35 vs 0.1) win, (0.35 vs 0.4) lose, (0.8 vs both) win, (0.4 vs 0.4) tie.
    y = [0, 0, 1, 1, 1]
    s = [0.1, 0.4, 0.35, 0.8, 0.4]
    # 6 pairs: 0.35>0.1, 0.35<0.4, 0.8>0.1, 0.8>0.4, 0.4>0.1, 0.4=0.4 -> (4 + 0.5) / 6
    assert metrics.roc_auc(y, s) == pytest.approx(4.5 / 6)


def test_roc_auc_equals_mann_whitney_u():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, size=300)
    s = np.round(rng.random(300), 2)  # rounding makes ties
    u = stats.mannwhitneyu(s[y == 1], s[y == 0]).statistic
    assert metrics.roc_auc(y, s) == pytest.approx(u / ((y == 1).sum() * (y == 0).sum()))


def test_macro_roc_auc_is_the_mean_of_column_aucs():
    rng = np.random.default_rng(4)
    y = rng.integers(0, 2, size=(200, 3))
    s = rng.random((200, 3))
    per_column = [
        stats.mannwhitneyu(s[y[:, j] == 1, j], s[y[:, j] == 0, j]).statistic
        / ((y[:, j] == 1).sum() * (y[:, j] == 0).sum())
        for j in range(3)
    ]
    assert metrics.roc_auc(y, s, average="macro") == pytest.approx(np.mean(per_column))


# --- log loss -----------------------------------------------------------------------------------


def test_log_loss_by_hand():
    y = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    p = [[0.7, 0.2, 0.1], [0.25, 0.5, 0.25], [0.1, 0.1, 0.8]]
    assert metrics.log_loss(y, p) == pytest.approx(-(math.log(0.7) + math.log(0.5) + math.log(0.8)) / 3)


def test_log_loss_clips_zero_to_machine_epsilon():
    y = [[1, 0], [0, 1]]
    p = [[0.0, 1.0], [0.2, 0.8]]  # the first row gives the true class probability 0
    assert metrics.log_loss(y, p) == pytest.approx((-math.log(EPS) - math.log(0.8)) / 2)
    assert -math.log(EPS) == pytest.approx(36.04365338911715)


def test_log_loss_clips_one_to_one_minus_epsilon():
    y = [[1, 0], [0, 1]]
    assert metrics.log_loss(y, [[1.0, 0.0], [0.0, 1.0]]) == pytest.approx(-math.log(1 - EPS), rel=1e-6)


def test_log_loss_does_not_renormalise_rows():
    y = [[1, 0, 0], [0, 1, 0]]
    p = [[0.5, 0.25, 0.2], [0.2, 0.8, 0.0]]  # first row sums to 0.95
    with pytest.warns(UserWarning):
        value = metrics.log_loss(y, p)
    assert value == pytest.approx(-(math.log(0.5) + math.log(0.8)) / 2)
    assert value != pytest.approx(-(math.log(0.5 / 0.95) + math.log(0.8)) / 2)


# --- other metrics ------------------------------------------------------------------------------


def test_accuracy_by_hand():
    assert metrics.accuracy(["a", "b", "c", "a"], ["a", "b", "a", "a"]) == 0.75


def quadratic_kappa_by_hand(y_true, y_pred) -> float:
    labels = sorted(set(y_true) | set(y_pred))
    index = {v: i for i, v in enumerate(labels)}
    k = len(labels)
    observed = np.zeros((k, k))
    for t, p in zip(y_true, y_pred, strict=True):
        observed[index[t], index[p]] += 1
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    weights = np.array([[(i - j) ** 2 for j in range(k)] for i in range(k)], dtype=float) / (k - 1) ** 2
    return 1 - (weights * observed).sum() / (weights * expected).sum()


def test_quadratic_weighted_kappa_against_the_formula():
    y_true = [0, 1, 2, 3, 4, 2, 1, 0, 3, 4, 2, 2]
    y_pred = [0, 2, 2, 3, 3, 1, 1, 0, 4, 4, 0, 2]
    assert metrics.quadratic_weighted_kappa(y_true, y_pred) == pytest.approx(quadratic_kappa_by_hand(y_true, y_pred))
    assert metrics.quadratic_weighted_kappa([0, 1, 2], [0, 1, 2]) == pytest.approx(1.0)


def test_rmse_rmsle_mae_r2_by_hand():
    y, p = [1.0, 2.0, 3.0], [1.0, 2.0, 5.0]
    assert metrics.rmse(y, p) == pytest.approx(math.sqrt(4 / 3))
    assert metrics.mae(y, p) == pytest.approx(2 / 3)
    # r2 = 1 - SS_res / SS_tot = 1 - 4 / 2
    assert metrics.r2(y, p) == pytest.approx(-1.0)
    assert metrics.rmsle(y, p) == pytest.approx(math.sqrt((math.log(6) - math.log(4)) ** 2 / 3))


# --- checks -------------------------------------------------------------------------------------


@pytest.mark.parametrize("offset", [0.0, 1.09e-5, -1.09e-5, 1e-6])
def test_rows_summing_to_one_within_isclose_tolerance_pass(offset):
    # numpy.isclose(s, 1, atol=1e-6) accepts |s - 1| <= 1e-6 + 1e-5 * 1 = 1.1e-5.
    metrics.require_rows_sum_to_one(pd.DataFrame({"a": [0.5, 0.5 + offset], "b": [0.5, 0.5]}))


@pytest.mark.parametrize("offset", [1.11e-5, -1.11e-5, 0.01])
def test_rows_summing_just_outside_the_tolerance_fail(offset):
    with pytest.raises(InvalidSubmissionError, match="sum to 1"):
        metrics.require_rows_sum_to_one(pd.DataFrame({"a": [0.5, 0.5 + offset], "b": [0.5, 0.5]}))


@pytest.mark.parametrize("bad", [np.nan, -1e-12, 1 + 1e-12, np.inf])
def test_unit_interval_refuses_nan_and_out_of_range(bad):
    with pytest.raises(InvalidSubmissionError):
        metrics.require_in_unit_interval(pd.Series([0.0, 1.0, bad]))
    metrics.require_in_unit_interval(pd.Series([0.0, 1.0, 0.5]))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf, "abc"])
def test_finite_refuses_nan_inf_and_text(bad):
    with pytest.raises(InvalidSubmissionError):
        metrics.require_finite(pd.Series([1.0, bad], dtype=object))
    metrics.require_finite(pd.Series([1.0, -2.5, 1e300]))


def test_python_ints_follow_int():
    out = metrics.as_python_ints(pd.Series([2.7, -1.2, True, 5], dtype=object), "label")
    assert out.tolist() == [int(2.7), int(-1.2), 1, 5] == [2, -1, 1, 5] and out.dtype == np.int64
    assert metrics.as_python_ints(pd.Series(["12", " 3 "]), "label").tolist() == [12, 3]


@pytest.mark.parametrize("bad", [np.nan, np.inf, "2.0", "x", None, 2**63, -(2**63) - 1])
def test_python_ints_refuse_what_int_or_sklearn_refuses(bad):
    with pytest.raises(InvalidSubmissionError, match="Column 'label' must hold integers"):
        metrics.as_python_ints(pd.Series([1, bad], dtype=object), "label")


def test_missing_columns():
    frame = pd.DataFrame({"id": [1], "x": [0.5]})
    metrics.require_columns(frame, ["x", "id"])
    with pytest.raises(InvalidSubmissionError, match="'y'"):
        metrics.require_columns(frame, ["y"])


def test_matching_sorted_ids_aligns_rows_and_catches_duplicates():
    answers = pd.DataFrame({"id": [3, 1, 2], "y": [30, 10, 20]})
    submission = pd.DataFrame({"id": [2, 3, 1], "y": [2, 3, 1]})
    sub, ans = metrics.require_matching_sorted_ids(submission, answers, "id")
    assert sub["y"].tolist() == [1, 2, 3] and ans["y"].tolist() == [10, 20, 30]
    duplicated = pd.DataFrame({"id": [1, 1, 2], "y": [0, 0, 0]})
    with pytest.raises(InvalidSubmissionError, match="duplicated"):
        metrics.require_matching_sorted_ids(duplicated, answers, "id")


def test_prepare_for_auroc_checks_and_aligns():
    answers = pd.DataFrame({"id": ["b", "a", "c"], "t": [1, 0, 1]})
    y_true, y_score = metrics.prepare_for_auroc(
        pd.DataFrame({"id": ["c", "a", "b"], "t": [0.9, 0.1, 0.6]}), answers, "id", "t"
    )
    assert y_true.tolist() == [0, 1, 1] and y_score.tolist() == [0.1, 0.6, 0.9]
    for bad, reason in [
        (pd.DataFrame({"id": ["a", "b", "c"]}), "missing column"),
        (pd.DataFrame({"id": ["a", "b"], "t": [0.1, 0.2]}), "rows"),
        (pd.DataFrame({"id": ["a", "b", "c"], "t": ["x", 0.2, 0.3]}), "numeric"),
        (pd.DataFrame({"id": ["a", "b", "c"], "t": [1.5, 0.2, 0.3]}), r"\[0, 1\]"),
        (pd.DataFrame({"id": ["a", "b", "z"], "t": [0.5, 0.2, 0.3]}), "ids"),
    ]:
        with pytest.raises(InvalidSubmissionError, match=reason):
            metrics.prepare_for_auroc(bad, answers, "id", "t")


def test_one_hot_log_loss_inputs_follow_the_answers_column_order_and_ids():
    answers = pd.DataFrame({"id": ["q", "p"], "A": [1, 0], "B": [0, 1]})
    submission = pd.DataFrame({"B": [0.6, 0.3], "id": ["p", "q"], "A": [0.4, 0.7]})
    y_true, y_pred = metrics.one_hot_log_loss_inputs(submission, answers, "id")
    assert y_true.tolist() == [[0, 1], [1, 0]]
    assert y_pred.tolist() == [[0.4, 0.6], [0.7, 0.3]]
    _, soft = metrics.one_hot_log_loss_inputs(submission, answers, "id", apply_softmax=True)
    assert soft == pytest.approx(special.softmax(np.array([[0.4, 0.6], [0.7, 0.3]]), axis=1))


def test_as_text_turns_missing_into_nan_as_pandas_2_did():
    assert metrics.as_text(pd.Series(["a", None, np.nan, 1.5])).tolist() == ["a", "None", "nan", "1.5"]

