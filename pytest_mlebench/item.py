"""The work of one competition x seed item, apart from pytest: launch (or resume) the run, grade it, record it."""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pytest_mlebench.grade import check_submission_format, grade_submission
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.registry import Competition
from pytest_mlebench.results import RunResult, to_jsonable
from pytest_mlebench.runs import RunFolder
from pytest_mlebench.runtime import AgentSpec, RunSpec, Runtime

SANDBOX_FILES = Path(__file__).parent / "sandbox_files"
INSTRUCTIONS = SANDBOX_FILES / "instructions.txt"


@dataclasses.dataclass(frozen=True)
class ItemContext:
    """What every item of a session shares."""

    data_dir: Path
    runs_dir: Path
    run_group: str
    agent: AgentSpec
    runtime: Runtime
    time_limit: float
    description: str = "original"
    cpus: float | None = None
    memory: str | None = None
    shm_size: str | None = None


def description_for(competition: Competition, variant: str) -> Path:
    """The description the agent reads: `description_<variant>.md` where the folder has one."""
    if variant != "original":
        candidate = competition.folder / f"description_{variant}.md"
        if candidate.is_file():
            return candidate
    return competition.description_path


def launch_run(ctx: ItemContext, competition: Competition, seed: int, gpus: Sequence[str]) -> RunResult:
    """Start the agent in its sandbox with a format checker it can call, and wait for it."""
    from pytest_mlebench.checker import CheckerServer

    folder = RunFolder.of(ctx.runs_dir, ctx.run_group, competition.id, seed)
    folder.create()
    layout = DataLayout(ctx.data_dir, competition.id)
    socket_dir = Path(tempfile.mkdtemp(prefix="mlebench-"))  # short path: Unix sockets allow ~100 bytes
    socket_path = socket_dir / "check.sock"
    try:
        with CheckerServer(lambda path: check_submission_format(competition, path, ctx.data_dir), socket_path):
            spec = RunSpec(
                competition_id=competition.id,
                seed=seed,
                agent=ctx.agent,
                public_dir=layout.public,
                run_dir=folder.path,
                time_limit=ctx.time_limit,
                instructions=INSTRUCTIONS,
                description=description_for(competition, ctx.description),
                gpus=tuple(gpus),
                cpus=ctx.cpus,
                memory=ctx.memory,
                shm_size=ctx.shm_size,
                checker_socket=socket_path,
                run_group=ctx.run_group,
            )
            return ctx.runtime.run(spec)
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)


def grade_run(
    ctx: ItemContext, competition: Competition, seed: int, run: RunResult, gpus: Sequence[str]
) -> dict[str, Any]:
    """Grade the run's submission and save the record that marks the run finished."""
    folder = RunFolder.of(ctx.runs_dir, ctx.run_group, competition.id, seed)
    report = grade_submission(competition, folder.submission, ctx.data_dir)
    record = {
        **report.to_dict(),
        "seed": seed,
        "agent": ctx.agent.name,
        "split": competition.split,
        "run_group": ctx.run_group,
        "runtime": run.runtime,
        "runtime_seconds": round(run.wall_seconds, 3),
        "timed_out": run.timed_out,
        "exit_code": run.exit_code,
        "gpus": ",".join(gpus),
        "awards_medals": competition.awards_medals,
        "resumed": False,
    }
    folder.save_record(to_jsonable(record))
    return record


def resumed_record(ctx: ItemContext, competition: Competition, seed: int) -> dict[str, Any] | None:
    """A finished run's record from an earlier session of the same group, marked resumed."""
    record = RunFolder.of(ctx.runs_dir, ctx.run_group, competition.id, seed).finished_record()
    return None if record is None else {**record, "resumed": True}


def failure_message(record: dict[str, Any], fail_on: str) -> str | None:
    """Why an item fails under `--fail-on`; None when it passes. A medal is data, not pass/fail, by default."""
    if fail_on == "never":
        return None
    if not record.get("valid_submission"):
        return f"{record['competition_id']}: invalid submission: {record.get('invalid_reason')}"
    if fail_on == "no-medal" and not record.get("any_medal"):
        return f"{record['competition_id']}: no medal (score {record.get('score')})"
    return None
