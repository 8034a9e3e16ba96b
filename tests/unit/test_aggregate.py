"""Aggregation against independent computations: enumeration for pass@k, scipy for the SEM."""

from itertools import combinations

import pytest
from scipy import stats

from pytest_mlebench.aggregate import mean_sem, pass_at_k, summarize


@pytest.mark.parametrize(("n", "c"), [(4, 0), (4, 1), (5, 2), (6, 6), (3, 2)])
def test_pass_at_k_equals_enumeration(n, c):
    outcomes = [True] * c + [False] * (n - c)
    for k in range(1, n + 1):
        subsets = list(combinations(outcomes, k))
        expected = sum(any(s) for s in subsets) / len(subsets)
        assert pass_at_k(n, c, k) == pytest.approx(expected)


def test_mean_sem_matches_scipy():
    values = [10.0, 30.0, 20.0, 60.0]
    mean, sem = mean_sem(values)
    assert mean == pytest.approx(30.0)
    assert sem == pytest.approx(stats.sem(values))
    assert mean_sem([42.0]) == (42.0, None)


def record(cid, seed, medal, valid=True):
    return {"competition_id": cid, "seed": seed, "any_medal": medal, "gold_medal": medal,
            "silver_medal": False, "bronze_medal": False, "above_median": medal, "valid_submission": valid}


def test_missing_run_counts_as_failure():
    # Three competitions in one split, two seeds; c3 has no run for seed 1.
    records = [record("c1", 0, True), record("c2", 0, False), record("c3", 0, True),
               record("c1", 1, True), record("c2", 1, True)]
    out = summarize(records, {"c1": "low", "c2": "low", "c3": "low"}, [0, 1])
    low = out["low"]
    assert low["any_medal"]["per_seed"] == pytest.approx([200 / 3, 200 / 3])
    assert low["valid_submission"]["per_seed"] == pytest.approx([100.0, 200 / 3])
    assert low["runs"] == 5
    # pass@1 by competition: c1 2/2, c2 1/2, c3 1/2 -> mean 2/3; pass@2: 1, 1, 1.
    assert low["pass_at_k"]["1"] == pytest.approx(200 / 3)
    assert low["pass_at_k"]["2"] == pytest.approx(100.0)
    assert list(out) == ["low", "all"]
