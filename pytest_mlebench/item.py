"""The work of one competition x seed item, apart from pytest: launch (or resume) the run, grade it, record it."""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pytest_mlebench.errors import InfraError, PreparationError, PrerequisiteError
from pytest_mlebench.executor import RunRequest, run_key
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.registry import Competition
from pytest_mlebench.results import RunResult
from pytest_mlebench.run_record import RunRecord
from pytest_mlebench.runs import RunFolder
from pytest_mlebench.runtime import AgentSpec, RunSpec, Runtime
from pytest_mlebench.scoring.grade import check_submission_format, grade_submission, submission_limits

SANDBOX_FILES = Path(__file__).parent / "sandbox_files"
INSTRUCTIONS = SANDBOX_FILES / "instructions.txt"


def instructions_for(variant: str) -> Path:
    """The agent instructions that go with a description variant (`instructions_obfuscated.txt` with the
    obfuscated descriptions, which must not say the task comes from Kaggle)."""
    candidate = SANDBOX_FILES / f"instructions_{variant}.txt"
    return candidate if variant != "original" and candidate.is_file() else INSTRUCTIONS


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
    retries: int = 0
    pids_limit: int | None = None
    disk_quota: str | None = None


def description_for(competition: Competition, variant: str) -> Path:
    """The description the agent reads: `description_<variant>.md` where the folder has one."""
    if variant != "original":
        candidate = competition.folder / f"description_{variant}.md"
        if candidate.is_file():
            return candidate
    return competition.description_path


def launch_run(ctx: ItemContext, competition: Competition, seed: int, gpus: Sequence[str]) -> RunResult:
    """Start the agent in its sandbox with a format checker it can call, and wait for it (inline executor)."""
    from pytest_mlebench.executor.inline import InlineExecutor

    request = run_request(ctx, competition, seed, gpus)
    executor = InlineExecutor(ctx.runtime)
    executor.submit([request])
    return executor.wait(request.key)


def run_request(ctx: ItemContext, competition: Competition, seed: int, gpus: Sequence[str]) -> RunRequest:
    """One item's run for an executor: its spec (the public data only) and the format check it may call."""
    folder = RunFolder.of(ctx.runs_dir, ctx.run_group, competition.id, seed)
    layout = DataLayout(ctx.data_dir, competition.id)
    spec = RunSpec(
        competition_id=competition.id,
        seed=seed,
        agent=ctx.agent,
        public_dir=layout.public,
        run_dir=folder.path,
        time_limit=ctx.time_limit,
        instructions=instructions_for(ctx.description),
        description=description_for(competition, ctx.description),
        gpus=tuple(gpus),
        cpus=ctx.cpus,
        memory=ctx.memory,
        shm_size=ctx.shm_size,
        pids_limit=ctx.pids_limit,
        disk_quota=ctx.disk_quota,
        run_group=ctx.run_group,
        metric=f"{competition.metric} ({'lower' if competition.is_lower_better else 'higher'} is better)",
        hide_competition_id=ctx.description == "obfuscated",
    )
    try:
        limits = submission_limits(competition, ctx.data_dir)
    except PrerequisiteError:  # answers not prepared: a check, if the agent asks for one, says so; global byte cap
        limits = None
    return RunRequest(key=run_key(competition.id, seed), spec=spec,
                      check=lambda path: check_submission_format(competition, path, ctx.data_dir, limits),
                      check_max_bytes=limits.max_bytes if limits else None)


def launch_with_retries(ctx: ItemContext, competition: Competition, seed: int, gpus: Sequence[str]) -> RunResult:
    """`launch_run`, launched again (up to `ctx.retries` times) while the harness, not the agent, failed.

    Each failed attempt's folder is kept aside as `seed<k>.attempt<n>`; an agent's crash or timeout is its
    outcome and is never retried.
    """
    result: RunResult | None = None
    for attempt in range(1, ctx.retries + 2):
        try:
            result = launch_run(ctx, competition, seed, gpus)
        except InfraError as exc:
            folder = RunFolder.of(ctx.runs_dir, ctx.run_group, competition.id, seed)
            result = RunResult(
                exit_code=None, timed_out=False, wall_seconds=0.0, run_dir=str(folder.path),
                submission_path=str(folder.submission), logs_dir=str(folder.logs), code_dir=str(folder.code),
                runtime=getattr(ctx.runtime, "name", "?"), error=str(exc), infra_failure=True,
            )
        result = dataclasses.replace(result, attempts=attempt)
        if not result.infra_failure:
            return result
    assert result is not None
    return result


@dataclasses.dataclass(frozen=True)
class PreparationFailure:
    """Data preparation failed for the harness's reason (not a missing credential) after every attempt."""

    error: str
    attempts: int


def prepare_with_retries(competition: Competition, data_dir: Path, download, retries: int):
    """`prepare_competition` then the leakage audit (never run by preparation itself), tried `retries` more times
    on a failure that is not the user's to fix.

    Returns the `PrepareOutcome`, or a `PreparationFailure`; a `PrerequisiteError` (credentials, rules,
    downloading off) and a `PreparationError` (the preparer's bug, an error of the item) propagate, since
    retrying cannot fix them.
    """
    from pytest_mlebench.data.prepare import prepare_competition
    from pytest_mlebench.integrity.leakage import audited

    error = ""
    for attempt in range(1, retries + 2):
        try:
            return audited(prepare_competition(competition, data_dir, download=download), competition, data_dir)
        except (PrerequisiteError, PreparationError):
            raise
        except Exception as exc:  # noqa: BLE001 - any other preparation failure is the harness's
            error = f"data preparation failed (attempt {attempt}): {type(exc).__name__}: {exc}"
    return PreparationFailure(error=error, attempts=retries + 1)


def run_manifest_for(
    ctx: ItemContext, competition: Competition, run: RunResult | None, gpus: Sequence[str], logs_dir: Path
) -> dict[str, Any]:
    """The run's manifest (`run` is None for a run that never started)."""
    from pytest_mlebench.manifest import run_manifest

    return run_manifest(
        competition=competition,
        agent=ctx.agent,
        runtime_name=run.runtime if run is not None else getattr(ctx.runtime, "name", "?"),
        sandboxed=getattr(ctx.runtime, "sandboxed", None),
        time_limit=ctx.time_limit,
        time_used=run.wall_seconds if run is not None else 0.0,
        gpus=gpus,
        data_dir=ctx.data_dir,
        logs_dir=logs_dir,
        limits=run.limits if run is not None else None,
    )


def grade_run(
    ctx: ItemContext, competition: Competition, seed: int, run: RunResult, gpus: Sequence[str]
) -> RunRecord:
    """Grade the run's submission and save the record that marks the run finished (or infra-failed)."""
    from pytest_mlebench.scoring.leaderboard import scores_or_missing
    from pytest_mlebench.scoring.partial_credit import leaderboard_percentile, normalized_score

    folder = RunFolder.of(ctx.runs_dir, ctx.run_group, competition.id, seed)
    gpus = tuple((run.placement or {}).get("gpus") or gpus)  # a scheduler's node, not this machine, ran it
    scores, note = scores_or_missing(competition, ctx.data_dir)
    report = grade_submission(competition, folder.submission, ctx.data_dir, scores, medal_note=note,
                              run_dir=folder.path)
    manifest = run_manifest_for(ctx, competition, run, gpus, folder.logs)
    if run.placement:
        manifest["placement"] = run.placement  # job id, node, its GPU model, scheduler's time
    record = RunRecord.graded(
        report,
        seed=seed,
        **run_facts(ctx, competition, gpus),
        runtime=run.runtime,
        runtime_seconds=round(run.wall_seconds, 3),
        timed_out=run.timed_out,
        exit_code=run.exit_code,
        leaderboard_percentile=(None if scores is None
                                else leaderboard_percentile(report.score, scores, competition.is_lower_better)),
        normalized_score=normalized_score(report.score, report.gold_threshold, report.median_threshold),
        infra_failure=run.infra_failure,
        infra_error=run.error if run.infra_failure else None,
        run_error=None if run.infra_failure else run.error,  # e.g. killed for exceeding a resource limit
        attempts=run.attempts,
        manifest=manifest,
        **run_extras(ctx, competition, folder, scores),
    )
    folder.save_record(record)
    return record


def run_facts(ctx: ItemContext, competition: Competition, gpus: Sequence[str]) -> dict[str, Any]:
    """The record fields every run of the session has, whether it ran or not."""
    return {"agent": ctx.agent.name, "description": ctx.description, "split": competition.split,
            "run_group": ctx.run_group, "gpus": ",".join(gpus), "awards_medals": competition.awards_medals,
            "competition_version": competition.version, "is_lower_better": competition.is_lower_better}


def run_extras(ctx: ItemContext, competition: Competition, folder: RunFolder, scores) -> dict[str, Any]:
    """What an agent reported beyond its submission: LLM use from `logs/usage.json`, and the medal at each
    time budget where it kept submission snapshots (graded here, with the answers it never saw)."""
    from pytest_mlebench.manifest import read_usage
    from pytest_mlebench.timeline import grade_timeline

    usage, usage_error = read_usage(folder.logs)
    usage = usage or {}
    extras: dict[str, Any] = {k: usage[k] for k in ("prompt_tokens", "completion_tokens", "llm_calls", "steps")
                              if k in usage}
    if usage_error:
        extras["usage_error"] = usage_error  # the agent's file, refused or partly ignored; the run still counts
    if scores is None:  # no leaderboard here: no medal at any budget to tell
        return extras
    timeline = grade_timeline(competition, folder.path, ctx.data_dir, ctx.time_limit, scores)
    if timeline is not None:
        extras["medal_at_budgets"] = timeline["medal_at_budgets"]
        if timeline.get("index_error"):
            extras["timeline_error"] = timeline["index_error"]
    return extras


def infra_record(
    ctx: ItemContext, competition: Competition, seed: int, failure: PreparationFailure, gpus: Sequence[str]
) -> RunRecord:
    """The record of a run that never started because its data could not be prepared; saved like any other."""
    folder = RunFolder.of(ctx.runs_dir, ctx.run_group, competition.id, seed)
    folder.create()
    record = RunRecord.infra(
        competition.id, seed, failure.error, **run_facts(ctx, competition, gpus),
        runtime=getattr(ctx.runtime, "name", "?"), attempts=failure.attempts,
        submission_path=str(folder.submission), manifest=run_manifest_for(ctx, competition, None, gpus, folder.logs),
    )
    folder.save_record(record)
    return record


def resumed_record(ctx: ItemContext, competition: Competition, seed: int) -> RunRecord | None:
    """A finished run's record from an earlier session of the same group, marked resumed.

    An infra-failed record is not a finished run: the harness owes it another try, so it is run again.
    """
    record = RunFolder.of(ctx.runs_dir, ctx.run_group, competition.id, seed).run_record()
    if record is None or record.infra_failure:
        return None
    return dataclasses.replace(record, resumed=True)


def failure_message(record: RunRecord, fail_on: str) -> str | None:
    """Why an item fails under `--fail-on`; None when it passes. A medal is data, not pass/fail, by default."""
    if record.infra_failure:
        # Whatever --fail-on says: the harness got no gradeable result, which the item must not hide.
        return (f"{record.competition_id} seed {record.seed}: infrastructure failure after "
                f"{record.attempts} attempt(s): {record.infra_error}")
    if fail_on == "never":
        return None
    if not record.valid_submission:
        bug = f" (grader error: {record.grader_error})" if record.grader_error else ""
        return f"{record.competition_id}: invalid submission: {record.invalid_reason}{bug}"
    if fail_on == "no-medal" and record.medal_unknown:
        return f"{record.competition_id}: medal unknown: {record.medal_note}"
    if fail_on == "no-medal" and not record.any_medal:
        return f"{record.competition_id}: no medal (score {record.score})"
    return None


def submit_pending(ctx: ItemContext, executor, registry, keys: Sequence[tuple[str, int]], prepare) -> int:
    """The coordinator's first step on a scheduler: prepare each competition once, then submit every item that
    has no finished record as one batch. Items whose data cannot be prepared are left to their own fixtures,
    which skip or record them. Returns how many runs were handed to the executor."""
    requests = []
    ready: dict[str, bool] = {}
    for cid, seed in keys:
        competition = registry.get(cid)
        if resumed_record(ctx, competition, seed) is not None:
            continue
        if cid not in ready:
            try:
                ready[cid] = not isinstance(prepare(competition), PreparationFailure)
            except (PrerequisiteError, PreparationError):  # each item's own fixture skips or errors with it
                ready[cid] = False
        if ready[cid]:
            requests.append(run_request(ctx, competition, seed, ()))
    executor.submit(requests)
    return len(requests)


def wait_run(ctx: ItemContext, executor, competition: Competition, seed: int) -> RunResult:
    """This item's run from a batch executor (submitted now if the batch did not hold it)."""
    request = run_request(ctx, competition, seed, ())
    executor.submit([request])
    return executor.wait(request.key)


def resume_hint(executor, run_group: str, args: Sequence[str]) -> str | None:
    """What the user is told when a session ends with runs still in the scheduler's hands."""
    left = executor.outstanding()
    if not left:
        return None
    rerun = ["pytest", *args]
    if not any(a == "--run-group" or a.startswith("--run-group=") for a in args):
        rerun.append(f"--run-group={run_group}")
    return (f"{len(left)} run(s) are still queued or running in {executor.name}; they go on. Resume (re-attach, "
            f"nothing submitted twice) with: {shlex.join(rerun)}   (or pass --cancel-on-exit to cancel them)")
