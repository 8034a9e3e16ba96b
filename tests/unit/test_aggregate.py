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


def unknown(cid, seed, valid=True):
    """Graded without its leaderboard: medal fields None, a note."""
    return {**record(cid, seed, None, valid), "silver_medal": None, "bronze_medal": None,
            "medal_note": "Medals unknown: the leaderboard is missing.", "leaderboard_percentile": None}


def test_medal_unknown_runs_are_counted_apart_never_as_no_medal():
    # Seed 0: c1 medal, c2 unknown -> any medal 1 of 1 known = 100; seed 1: c1 none, c2 medal -> 50.
    records = [record("c1", 0, True), unknown("c2", 0), record("c1", 1, False), record("c2", 1, True)]
    out = summarize(records, {"c1": "low", "c2": "low"}, [0, 1])["all"]
    assert out["any_medal"]["per_seed"] == pytest.approx([100.0, 50.0])
    assert out["above_median"]["per_seed"] == pytest.approx([100.0, 50.0])
    assert out["valid_submission"]["per_seed"] == pytest.approx([100.0, 100.0])  # validity is known
    assert (out["medal_unknown"], out["medal_known_runs"], out["counted_runs"]) == (1, 3, 4)
    # pass@1 over the known runs: c1 1 of 2, c2 1 of 1 -> (50 + 100) / 2.
    assert out["pass_at_k"]["1"] == pytest.approx(75.0)


def test_a_seed_whose_medals_are_all_unknown_has_no_medal_rate():
    out = summarize([unknown("c1", 0), record("c1", 1, True)], {"c1": "low"}, [0, 1])["all"]
    assert out["any_medal"]["per_seed"] == [100.0]
    assert out["valid_submission"]["per_seed"] == [100.0, 100.0]


def test_per_competition_and_mlebench_report_tolerate_unknown_medals():
    from pytest_mlebench.aggregate import mlebench_run_report, per_competition

    records = [unknown("c1", 0), record("c1", 1, True)]
    entry = per_competition(records, ["c1"], [0, 1])["c1"]
    assert entry["any_medal"] == 100.0 and entry["medal_unknown"] == 1 and entry["valid_submission"] == 100.0
    report = mlebench_run_report(records)
    assert report["total_medals"] == 1 and report["total_medal_unknown"] == 1
    assert "total_medal_unknown" not in mlebench_run_report([record("c1", 1, True)])
