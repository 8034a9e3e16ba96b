"""Ranking metrics against hand-worked values and scipy's Kendall tau."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import stats

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import ranking as rk


def test_ap_at_k_by_hand_ignores_repeats_and_truncates():
    # hits at ranks 2 and 4 (the repeat at 3 ignored): (1/2 + 2/4) / min(2, 5)
    assert rk.average_precision_at_k({"a", "b"}, ["x", "a", "a", "b", "y"], 5) == pytest.approx(0.5)
    assert rk.average_precision_at_k({"a"}, ["x", "y", "z", "w", "v", "a"], 5) == 0.0  # rank 6 is cut
    assert rk.average_precision_at_k(set(), ["a"], 5) == 0.0


def test_map_at_5_single_label_is_mean_reciprocal_rank():
    assert rk.mean_average_precision_at_k([{"a"}, {"b"}], [["a"], ["x", "y", "b"]], 5) == pytest.approx((1 + 1 / 3) / 2)


def test_lwlrap_by_hand():
    # row 1 positives {0}: ranked 2nd -> precision 1/2; row 2 positives {0, 2}: ranks 1 and 2 -> 1, 1
    # row 3 has no positive and is dropped. Weighted by positives: (1 * 0.5 + 2 * 1) / 3
    truth = [[1, 0, 0], [1, 0, 1], [0, 0, 0]]
    scores = [[0.5, 0.9, 0.1], [0.9, 0.1, 0.8], [0.3, 0.2, 0.1]]
    assert rk.label_weighted_lrap(truth, scores) == pytest.approx(2.5 / 3)


def test_count_inversions_against_brute_force():
    rng = np.random.default_rng(0)
    ranks = list(rng.permutation(30))
    brute = sum(a > b for a, b in itertools.combinations(ranks, 2))
    assert rk.count_inversions(ranks) == brute


def test_kendall_tau_of_one_notebook_equals_scipy_and_pools_notebooks():
    rng = np.random.default_rng(1)
    truth = [f"c{i}" for i in range(12)]
    pred = list(rng.permutation(truth))
    tau = stats.kendalltau(range(12), [pred.index(c) for c in truth]).statistic
    assert rk.kendall_tau_orders([truth], [pred]) == pytest.approx(tau)
    # pooled: notebook 1 (3 cells) fully reversed -> 3 inversions of 6; notebook 2 (2 cells) right -> 0 of 2
    assert rk.kendall_tau_orders([["a", "b", "c"], ["d", "e"]], [["c", "b", "a"], ["d", "e"]]) == pytest.approx(
        1 - 4 * 3 / (6 + 2)
    )


def test_kendall_tau_refuses_a_missing_cell():
    with pytest.raises(InvalidSubmissionError, match="lacks 1"):
        rk.kendall_tau_orders([["a", "b"]], [["a"]])
