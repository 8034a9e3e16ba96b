"""Time budgets and snapshot discovery for score over time (grading is covered by a planted session)."""

from __future__ import annotations

import json

from pytest_mlebench.aggregate import outcome_table, summarize_group
from pytest_mlebench.budgets import summarize_budgets
from pytest_mlebench.timeline import read_snapshots, time_budgets


def test_budgets_are_fractions_and_the_hours_that_fit():
    assert time_budgets(3 * 3600) == [("25%", 2700.0), ("1h", 3600.0), ("50%", 5400.0), ("2h", 7200.0),
                                      ("75%", 8100.0), ("100%", 10800.0)]
    assert [label for label, _ in time_budgets(40)] == ["25%", "50%", "75%", "100%"]
    assert [s for _, s in time_budgets(86400)][-2:] == [86400.0, 86400.0]


def test_snapshots_from_the_index_stay_inside_the_folder(tmp_path):
    folder = tmp_path / "logs" / "submissions"
    folder.mkdir(parents=True)
    (tmp_path / "secret.csv").write_text("x")
    (folder / "b.csv").write_text("x")
    (folder / "a.csv").write_text("x")
    entries = [{"file": "b.csv", "elapsed_seconds": 30}, {"file": "a.csv", "elapsed_seconds": 10.5},
               {"file": "../../secret.csv", "elapsed_seconds": 1}, {"file": "gone.csv", "elapsed_seconds": 2},
               {"file": "a.csv", "elapsed_seconds": "soon"}]
    (folder / "index.json").write_text(json.dumps({"snapshots": entries}))
    assert [(s.path.name, s.elapsed_seconds) for s in read_snapshots(tmp_path / "logs")] == [("a.csv", 10.5), ("b.csv", 30.0)]


def test_without_an_index_file_names_are_the_times(tmp_path):
    folder = tmp_path / "logs" / "submissions"
    folder.mkdir(parents=True)
    for name in ("120.5.csv", "7.csv", "best.csv", "notes.txt"):
        (folder / name).write_text("x")
    assert [(s.path.name, s.elapsed_seconds) for s in read_snapshots(tmp_path / "logs")] == [("7.csv", 7.0),
                                                                                             ("120.5.csv", 120.5)]
    assert read_snapshots(tmp_path / "nothing") == []


def test_budget_rates_count_runs_as_the_headline_does():
    records = [
        {"competition_id": "a", "seed": 0, "medal_at_budgets": {"1h": "none", "2h": "gold"}},
        {"competition_id": "b", "seed": 0, "medal_at_budgets": {"1h": "bronze", "2h": "silver"}},
        {"competition_id": "a", "seed": 1, "medal_at_budgets": {"1h": "silver", "2h": "silver"}},
        {"competition_id": "b", "seed": 1},  # kept no snapshots: no medal at any budget
    ]
    rates = summarize_budgets(records, ["a", "b", "c"], [0, 1])
    # 1h: seed 0 -> 1 of 3 (c never ran), seed 1 -> 1 of 3; 2h: seed 0 -> 2 of 3, seed 1 -> 1 of 3.
    assert rates["1h"]["per_seed"] == [100 / 3, 100 / 3]
    assert rates["2h"]["per_seed"] == [200 / 3, 100 / 3] and rates["2h"]["mean"] == 50.0
    plain = summarize_group(outcome_table([{"competition_id": "a", "seed": 0, "any_medal": True}]), ["a"], [0])
    assert summarize_budgets([{"competition_id": "a", "seed": 0, "medal_at_budgets": {"1h": "gold"}}], ["a"], [0])[
        "1h"] == plain["any_medal"]
    assert summarize_budgets([{"competition_id": "a", "seed": 0}], ["a"], [0]) == {}
