"""A grader refuses only with InvalidSubmissionError; any other exception is a bug: GraderError in strict grading,
else counted invalid (MLE-bench parity) with `grader_error` kept apart."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.errors import GraderCrashError, GraderError, InvalidSubmissionError
from pytest_mlebench.item import failure_message
from pytest_mlebench.registry import Registry
from pytest_mlebench.run_record import RunRecord
from pytest_mlebench.scoring.grade import (
    STRICT_GRADING_ENV,
    check_submission_format,
    grade_submission,
    score_submission,
)
from tests.plugin.toy import plant_grader_bug, write_toy

PERFECT = "id,y\nr6,0\nr7,1\nr8,0\nr9,1\n"


@pytest.fixture
def toys(tmp_path):
    """toy-ok (a working grader) and toy-bug (a grader that raises KeyError), prepared; and a submission."""
    root = tmp_path / "competitions"
    write_toy(root, "toy-ok", "practice", "tabular")
    write_toy(root, "toy-bug", "practice", "tabular")
    plant_grader_bug(root, "toy-bug")
    registry = Registry(root)
    for cid in ("toy-ok", "toy-bug"):
        prepare_competition(registry.get(cid), tmp_path / "data", download=None)
    submission = tmp_path / "submission.csv"
    submission.write_text(PERFECT)
    return registry, tmp_path / "data", submission


def test_strict_grading_raises_grader_error_naming_the_competition(toys, monkeypatch):
    registry, data_dir, submission = toys
    monkeypatch.setenv(STRICT_GRADING_ENV, "1")
    with pytest.raises(GraderError, match="toy-bug: grade.py raised KeyError: 'roc'"):
        grade_submission(registry.get("toy-bug"), submission, data_dir, [1.0, 0.5])
    assert grade_submission(registry.get("toy-ok"), submission, data_dir, [1.0, 0.5]).score == 1.0


def test_outside_strict_grading_a_bug_counts_invalid_and_is_recorded_apart(toys, monkeypatch):
    registry, data_dir, submission = toys
    monkeypatch.delenv(STRICT_GRADING_ENV, raising=False)
    report = grade_submission(registry.get("toy-bug"), submission, data_dir, [1.0, 0.5])
    assert (report.score, report.valid_submission, report.grader_error) == (None, False, "KeyError: 'roc'")
    assert "could not be scored" in report.invalid_reason
    assert report.to_dict()["grader_error"] == "KeyError: 'roc'"
    assert check_submission_format(registry.get("toy-bug"), submission, data_dir).startswith("Submission could not")


def test_a_refused_submission_is_no_grader_error(toys, monkeypatch):
    registry, data_dir, submission = toys
    monkeypatch.delenv(STRICT_GRADING_ENV, raising=False)
    submission.write_text("id,y\nr6,0\n")
    report = grade_submission(registry.get("toy-ok"), submission, data_dir, [1.0, 0.5])
    assert report.valid_submission is False and report.grader_error is None and "rows" in report.invalid_reason
    monkeypatch.setenv(STRICT_GRADING_ENV, "1")
    answers = pd.read_csv(data_dir / "toy-ok" / "prepared" / "private" / "answers.csv")
    with pytest.raises(InvalidSubmissionError) as info:
        score_submission(registry.get("toy-ok"), submission, answers)
    assert not isinstance(info.value, GraderCrashError)


def test_fail_on_invalid_names_the_grader_error():
    record = RunRecord(competition_id="toy-bug", valid_submission=False,
                       invalid_reason="Submission could not be scored", grader_error="KeyError: 'roc'")
    assert failure_message(record, "invalid").endswith("(grader error: KeyError: 'roc')")
    assert failure_message(dataclasses.replace(record, grader_error=None), "invalid").endswith("could not be scored")
