"""RunRecord: one JSON mapping both ways, old report.json files load, the infra record has every field, and the
JUnit properties are the record's fields."""

from __future__ import annotations

import dataclasses
import json

from hypothesis import given
from hypothesis import strategies as st

from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.item import ItemContext, PreparationFailure, grade_run, infra_record
from pytest_mlebench.registry import Registry
from pytest_mlebench.results import RunResult
from pytest_mlebench.run_record import OPTIONAL, RunRecord, as_record, junit_properties
from pytest_mlebench.runs import RunFolder, group_records
from pytest_mlebench.runtime import AgentSpec
from tests.plugin.toy import write_toy

# A graded run's report.json as this harness wrote it before RunRecord (keys and order), usage and timeline included.
OLD_REPORT = json.loads("""{
  "competition_id": "spooky", "score": 0.41, "gold_threshold": 0.16, "silver_threshold": 0.26,
  "bronze_threshold": 0.29, "median_threshold": 0.42, "any_medal": false, "gold_medal": false,
  "silver_medal": false, "bronze_medal": false, "above_median": true, "submission_exists": true,
  "valid_submission": true, "is_lower_better": true, "created_at": "2025-01-02T03:04:05+00:00",
  "submission_path": "runs/g/spooky/seed1/submission/submission.csv", "invalid_reason": null, "medal_note": null,
  "grader_error": null, "seed": 1, "agent": "aide", "description": "original", "split": "low", "run_group": "g",
  "runtime": "local", "runtime_seconds": 812.5, "timed_out": false, "exit_code": 0, "gpus": "0",
  "awards_medals": true, "competition_version": 1, "leaderboard_percentile": 51.2, "normalized_score": 0.01,
  "infra_failure": false, "infra_error": null, "run_error": null, "attempts": 1, "resumed": false,
  "manifest": {"time_limit": 3600, "hardware_class": "cpu"}, "prompt_tokens": 10, "completion_tokens": 5,
  "llm_calls": 2, "steps": 3, "medal_at_budgets": {"50%": "none", "100%": "none"}
}""")
TODAY_KEYS = [k for k in OLD_REPORT if k not in OPTIONAL]  # every graded record has these, in this order

text = st.text(max_size=8)
maybe_float = st.none() | st.floats(allow_nan=False, allow_infinity=False)
maybe_bool = st.none() | st.booleans()
json_value = st.none() | st.booleans() | st.integers() | text
records = st.builds(
    RunRecord,
    competition_id=text, score=maybe_float, gold_threshold=maybe_float, median_threshold=maybe_float,
    any_medal=maybe_bool, gold_medal=maybe_bool, valid_submission=st.booleans(), submission_exists=st.booleans(),
    invalid_reason=st.none() | text, medal_note=st.none() | text, grader_error=st.none() | text,
    seed=st.integers(0, 99), agent=text, runtime_seconds=st.floats(0, 1e6), exit_code=st.none() | st.integers(),
    leaderboard_percentile=maybe_float, normalized_score=maybe_float, infra_failure=st.booleans(),
    infra_error=st.none() | text, attempts=st.integers(1, 5), resumed=st.booleans(),
    manifest=st.none() | st.dictionaries(text, json_value, max_size=3),
    prompt_tokens=st.none() | st.integers(0), steps=st.none() | st.integers(0), usage_error=st.none() | text,
    medal_at_budgets=st.none() | st.dictionaries(st.sampled_from(["25%", "1h"]), st.sampled_from(["gold", "none"])),
    extra=st.dictionaries(st.sampled_from(["rules_check", "plagiarism_match", "newer_field"]), json_value, max_size=2),
)


@given(records)
def test_to_json_and_back_is_the_same_record(record):
    data = json.loads(json.dumps(record.to_json()))  # through real JSON text
    assert RunRecord.from_json(data) == record
    assert "extra" not in data and set(record.extra) <= set(data)


def test_an_old_report_json_loads_and_writes_back_unchanged(tmp_path):
    folder = RunFolder(tmp_path / "g" / "spooky" / "seed1")
    folder.path.mkdir(parents=True)
    folder.record.write_text(json.dumps({**OLD_REPORT, "rules_check": "ok"}))
    record = folder.run_record()
    assert (record.score, record.seed, record.llm_calls, record.manifest["time_limit"]) == (0.41, 1, 2, 3600)
    assert record.extra == {"rules_check": "ok"}  # a key this version does not know is kept, not dropped
    assert record.to_json() == {**OLD_REPORT, "rules_check": "ok"}
    assert list(record.to_json()) == [*OLD_REPORT, "rules_check"]
    assert group_records(tmp_path, "g") == [record]


def test_a_record_older_than_some_fields_gets_their_defaults():
    record = as_record({"competition_id": "old", "seed": 2, "any_medal": True, "valid_submission": True})
    assert record.any_medal and not record.infra_failure and record.attempts == 1 and record.resumed is False
    assert record.normalized_score == -1.0 and record.leaderboard_percentile is None  # as the aggregators read them
    assert not record.medal_unknown


def test_junit_properties_are_the_records_fields():
    record = RunRecord.from_json({**OLD_REPORT, "rules_check": "ok"})
    props = junit_properties(record)
    assert props == list(record.to_json().items())
    assert RunRecord.from_json(dict(props)) == record  # the session rebuilds the record from them
    assert [name for name, _ in props][: len(TODAY_KEYS)] == TODAY_KEYS


def test_resumed_from_marks_only_resumed():
    record = RunRecord.resumed_from(OLD_REPORT)
    assert record.resumed and dataclasses.replace(record, resumed=False) == RunRecord.from_json(OLD_REPORT)


class Runtime:
    name = "fake"


def test_graded_and_infra_records_written_by_the_item_have_every_field(tmp_path):
    write_toy(tmp_path / "competitions", "toy-a", "practice", "tabular")
    toy = Registry(tmp_path / "competitions").get("toy-a")
    prepare_competition(toy, tmp_path / "data", download=None)
    ctx = ItemContext(data_dir=tmp_path / "data", runs_dir=tmp_path / "runs", run_group="g",
                      agent=AgentSpec(name="fake"), runtime=Runtime(), time_limit=60)
    folder = RunFolder.of(ctx.runs_dir, "g", "toy-a", 0)
    folder.create()
    folder.submission.write_text("id,y\nr6,0\nr7,1\nr8,0\nr9,1\n")
    run = RunResult(exit_code=0, timed_out=False, wall_seconds=1.5, run_dir=str(folder.path),
                    submission_path=str(folder.submission), logs_dir=str(folder.logs), code_dir=str(folder.code),
                    runtime="fake")
    graded = grade_run(ctx, toy, 0, run, ())
    on_disk = json.loads(folder.record.read_text())
    assert list(on_disk) == TODAY_KEYS, "a graded report.json keeps today's keys, in today's order"
    assert on_disk == graded.to_json() and graded.score == 1.0 and graded.gold_medal

    infra = infra_record(ctx, toy, 1, PreparationFailure(error="disk full", attempts=2), ())
    infra_disk = json.loads(RunFolder.of(ctx.runs_dir, "g", "toy-a", 1).record.read_text())
    assert list(infra_disk) == TODAY_KEYS, "the infra record has every field a graded one has"
    assert (infra.infra_failure, infra.infra_error, infra.attempts, infra.valid_submission) == (True, "disk full", 2, False)
    assert (infra.agent, infra.split, infra.description, infra.is_lower_better) == ("fake", "practice", "original", False)
    assert infra.leaderboard_percentile is None and infra.normalized_score is None and infra.created_at
