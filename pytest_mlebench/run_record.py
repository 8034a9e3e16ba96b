"""One run's record: what `report.json` holds, the JUnit properties say and every aggregator reads.

`RunRecord.to_json` is the one JSON mapping (report.json, JUnit properties, the run-finished hook);
`RunRecord.from_json` reads it back, and reads records of older versions: a missing key gets its field's
default, an unknown key (an integrity column, a field of a newer version) is kept in `extra` and written
back after the known fields, so nothing on disk is lost by a load and save.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from pytest_mlebench.results import GradeReport, now_iso, to_jsonable

NORMALIZED_FLOOR = -1.0  # partial_credit.NORMALIZED_FLOOR: a record older than partial credit scores the floor
LOST_WORKER = "worker lost: no record written"
OPTIONAL = ("prompt_tokens", "completion_tokens", "llm_calls", "steps", "usage_error", "medal_at_budgets",
            "timeline_error")  # written only where the agent (or its timeline) reported them


@dataclasses.dataclass(frozen=True)
class RunRecord:
    """A competition x seed run: MLE-bench's grading report fields, the run's facts, and optional extras."""

    competition_id: str
    score: float | None = None
    gold_threshold: float | None = None
    silver_threshold: float | None = None
    bronze_threshold: float | None = None
    median_threshold: float | None = None
    any_medal: bool | None = False
    gold_medal: bool | None = False
    silver_medal: bool | None = False
    bronze_medal: bool | None = False
    above_median: bool | None = False
    submission_exists: bool = False
    valid_submission: bool = False
    is_lower_better: bool = False
    created_at: str = ""
    submission_path: str = ""
    invalid_reason: str | None = None
    medal_note: str | None = None
    grader_error: str | None = None
    seed: int = 0
    agent: str = ""
    description: str = "original"
    split: str = ""
    run_group: str = ""
    runtime: str = ""
    runtime_seconds: float = 0.0
    timed_out: bool = False
    exit_code: int | None = None
    gpus: str = ""
    awards_medals: bool = True
    competition_version: Any = None
    leaderboard_percentile: float | None = None
    normalized_score: float | None = NORMALIZED_FLOOR
    infra_failure: bool = False
    infra_error: str | None = None
    run_error: str | None = None
    attempts: int = 1
    resumed: bool = False
    manifest: dict[str, Any] | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    llm_calls: int | None = None
    steps: int | None = None
    usage_error: str | None = None
    medal_at_budgets: dict[str, str] | None = None
    timeline_error: str | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)  # keys this version does not know

    @property
    def key(self) -> tuple[str, int]:
        return self.competition_id, int(self.seed)

    @property
    def run_id(self) -> str:
        """`<competition>-seed<k>`, as reports name a run."""
        return f"{self.competition_id}-seed{int(self.seed)}"

    @property
    def medal_unknown(self) -> bool:
        """Graded without its leaderboard: the medal fields are None (see `medal_note`)."""
        return not self.infra_failure and self.any_medal is None

    def to_json(self) -> dict[str, Any]:
        """report.json's mapping: every known field (the optional extras only where set), then `extra`."""
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "extra" or (f.name in OPTIONAL and value is None):
                continue
            out[f.name] = to_jsonable(value)
        for name, value in self.extra.items():
            out.setdefault(name, to_jsonable(value))
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunRecord:
        """A record from its JSON mapping (or JUnit properties); old records load with defaults."""
        names = {f.name for f in dataclasses.fields(cls)} - {"extra"}
        known = {k: v for k, v in data.items() if k in names}
        extra = {k: v for k, v in data.items() if k not in names and k != "extra"}
        return cls(**known, extra=extra)

    @classmethod
    def graded(cls, report: GradeReport, **facts: Any) -> RunRecord:
        """A graded run: the grader's report and the run's facts (seed, agent, runtime, ...)."""
        return cls(**{**to_jsonable(report), **facts})

    @classmethod
    def infra(cls, competition_id: str, seed: int, error: str, **facts: Any) -> RunRecord:
        """A run the harness could not give a gradeable result (never started, preparation failed, worker
        lost): no submission, no score, every medal False, partial credit unknown."""
        facts.setdefault("created_at", now_iso())
        return cls(competition_id=competition_id, seed=seed, infra_failure=True, infra_error=error,
                   leaderboard_percentile=None, normalized_score=None, **facts)

    @classmethod
    def resumed_from(cls, data: Mapping[str, Any]) -> RunRecord:
        """A finished record of an earlier session of the group, marked resumed."""
        return dataclasses.replace(cls.from_json(data), resumed=True)


def as_record(value: RunRecord | Mapping[str, Any]) -> RunRecord:
    """The one accessor for readers: a record as it is, or a JSON mapping (report.json, summary input) read."""
    return value if isinstance(value, RunRecord) else RunRecord.from_json(value)


def junit_properties(record: RunRecord) -> list[tuple[str, Any]]:
    """(name, value) for `record_property`, one per field of the record's JSON mapping."""
    return list(record.to_json().items())
