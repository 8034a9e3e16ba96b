"""Classification metrics against hand-worked values or formulas computed without scikit-learn."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pytest_mlebench.metrics import classification as c


def test_top1_error_by_hand():
    assert c.top1_error([1, 2, 3, 4], [1, 2, 0, 0]) == pytest.approx(0.5)  # 2 of 4 right


def test_macro_f1_counts_a_class_only_predicted_as_zero():
    # class 1: tp 1, fp 0, fn 1 -> 2/3; class 2: tp 1, fp 0, fn 0 -> 1; class 3 (only predicted): 0.
    assert c.f1([1, 1, 2], [1, 3, 2], average="macro") == pytest.approx((2 / 3 + 1 + 0) / 3)


def test_multilabel_micro_f1_drops_labels_unknown_to_the_answers():
    # truth {a b}, {c}; pred {a zzz}, {c b}: zzz unknown (dropped); tp a, c = 2; fp b = 1; fn b = 1.
    score = c.multilabel_micro_f1([["a", "b"], ["c"]], [["a", "zzz"], ["c", "b"]])
    assert score == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))


def test_f_half_by_hand():
    # tp 1, fp 1, fn 2: P = 1/2, R = 1/3; F0.5 = 1.25 P R / (0.25 P + R)
    y, p = [1, 1, 1, 0], [1, 0, 0, 1]
    assert c.f_beta(y, p, beta=0.5) == pytest.approx(1.25 * 0.5 / 3 / (0.125 + 1 / 3))


def test_matthews_by_hand_and_zero_for_a_constant_prediction():
    # tp 1, tn 1, fp 1, fn 0 -> (1*1 - 1*0) / sqrt(2 * 1 * 2 * 1) = 1/2
    assert c.matthews_correlation([1, 0, 0], [1, 1, 0]) == pytest.approx(0.5)
    assert c.matthews_correlation([1, 0, 0], [1, 1, 1]) == 0.0


def test_probabilistic_f1_by_hand_with_clipping():
    # predictions clipped to 1.0, 0.5, 0.0, 0.2: ctp = 1.5, cfp = 0.2; P = 1.5/1.7, R = 1.5/2
    score = c.probabilistic_f1([1, 1, 1, 0], [3.0, 0.5, -1.0, 0.2])
    precision, recall = 1.5 / 1.7, 1.5 / 3
    assert score == pytest.approx(2 * precision * recall / (precision + recall))
    assert c.probabilistic_f1([1, 0], [0.0, 0.7]) == 0.0


def test_weighted_auroc_constant_and_perfect_and_a_hand_case():
    assert c.weighted_auroc([0, 1, 0, 1], [0.5] * 4) == pytest.approx(41 / 70)
    assert c.weighted_auroc([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8]) == pytest.approx(1.0)
    # ROC points (0,0) (0,.5) (.5,.5) (.5,1) (1,1); band [0,.4]: tpr .4 inserted at fpr 0, area .4 over fpr 0..1
    # = 0.4; band [.4,1]: points (0,.4)->(0,.5),(0.5,.5),(.5,1),(1,1); shifted by .4: area = .5*.1 + .5*.6 = .35
    assert c.weighted_auroc([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]) == pytest.approx((2 * 0.4 + 0.35) / 1.4)


def test_kl_divergence_by_hand_with_zero_terms_and_clipping():
    true = [[0.5, 0.5, 0.0], [1.0, 0.0, 0.0]]
    pred = [[0.25, 0.75, 0.0], [0.0, 1.0, 0.0]]
    row1 = 0.5 * math.log(0.5 / 0.25) + 0.5 * math.log(0.5 / 0.75)
    row2 = 1.0 * math.log(1.0 / 1e-15)
    assert c.kl_divergence(true, pred) == pytest.approx((row1 + row2) / 2)


def test_kl_divergence_skips_nan_terms_as_pandas_row_sums_do():
    # Row 1's NaN term (true 0.5) is skipped: only 0.5 ln(0.5 / 0.75) remains; row 2's NaN sits where y = 0.
    true = [[0.5, 0.5, 0.0], [1.0, 0.0, 0.0]]
    pred = [[float("nan"), 0.75, 0.25], [1.0, float("nan"), 0.0]]
    row1 = 0.5 * math.log(0.5 / 0.75)
    row2 = 1.0 * math.log(1.0 / (1 - 1e-15))
    assert c.kl_divergence(true, pred) == pytest.approx((row1 + row2) / 2)


def test_weighted_multilabel_log_loss_by_hand():
    weights = np.array([[7, 14], [1, 2]], dtype=np.float32)
    # one row: y = (1, 0), p = (0.5, 0.25): losses ln2, -ln(0.75); weights 14, 1
    expected = (14 * math.log(2) + 1 * -math.log(0.75)) / 15
    assert c.weighted_multilabel_log_loss([[1, 0]], [[0.5, 0.25]], weights) == pytest.approx(expected, rel=1e-6)


def _auc_by_pairs(y, s) -> float:
    pos, neg = [v for v, t in zip(s, y, strict=True) if t], [v for v, t in zip(s, y, strict=True) if not t]
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def test_jigsaw_bias_score_against_pairwise_aucs_of_thresholded_inputs():
    rng = np.random.default_rng(5)
    n = 60
    tox = rng.random(n)
    pred = rng.random(n)
    ids = rng.random((n, 2))
    y, p, g = tox >= 0.5, (pred >= 0.5).astype(int), ids >= 0.5
    subs = {"s": [], "bpsn": [], "bnsp": []}
    for col in g.T:
        for name, mask in (("s", col), ("bpsn", (~y & col) | (y & ~col)), ("bnsp", (y & col) | (~y & ~col))):
            subs[name].append(_auc_by_pairs(y[mask], p[mask]))
    means = [(sum(a ** -5 for a in aucs) / len(aucs)) ** (-1 / 5) for aucs in subs.values()]
    expected = 0.25 * _auc_by_pairs(y, p) + 0.25 * sum(means)
    assert c.jigsaw_bias_score(tox, pred, ids) == pytest.approx(expected)


def test_jigsaw_constant_prediction_scores_one_half():
    rng = np.random.default_rng(6)
    assert c.jigsaw_bias_score(rng.random(40), np.zeros(40), rng.random((40, 3))) == pytest.approx(0.5)
