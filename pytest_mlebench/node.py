"""`python -m pytest_mlebench.node SPEC.json`: one run on a compute node, its result written into the run folder.

It uses the GPUs the scheduler granted, lets the ordinary runtime enforce the agent's time limit, stops early on
the scheduler's warning signal (still a timeout: the agent's outcome), and on cancellation stops without a
result, so that the coordinator counts the run as an infrastructure failure and submits it again.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pytest_mlebench.executor import RESULT_FILE, NodeSpec, read_result, run_key, run_with_checker
from pytest_mlebench.executor.relay import RelayedCheck
from pytest_mlebench.results import RunResult, to_jsonable, write_json_atomic
from pytest_mlebench.runtime import make_runtime


class SchedulerWarning(BaseException):
    """SIGUSR2: the job's own time is nearly up; stop the agent and record a timeout."""


class Cancelled(BaseException):
    """SIGTERM: the job was cancelled or preempted; stop the agent and leave no result."""


def granted_gpus(env: Mapping[str, str], runtime: str) -> tuple[str, ...]:
    """The GPUs Slurm granted this task: none unless it granted some, whatever the submitter's environment held.

    Docker needs the node's own indices (SLURM_STEP_GPUS / SLURM_JOB_GPUS); a local process needs what CUDA in
    this step is told (CUDA_VISIBLE_DEVICES, renumbered from 0 where cgroups constrain devices).
    """
    job_gpus = env.get("SLURM_STEP_GPUS") or env.get("SLURM_JOB_GPUS") or ""
    if not job_gpus.strip():
        return ()
    chosen = job_gpus if runtime == "docker" else env.get("CUDA_VISIBLE_DEVICES") or job_gpus
    return tuple(g.strip() for g in chosen.split(",") if g.strip())


def node_name(env: Mapping[str, str]) -> str:
    return env.get("SLURMD_NODENAME") or socket.gethostname()


def gpu_model(gpus: tuple[str, ...]) -> str | None:
    """The model of the first granted GPU as nvidia-smi names it; None without nvidia-smi."""
    try:
        from pytest_mlebench.gpus import gpu_inventory
    except ImportError:
        return None
    names = [g["name"] for g in gpu_inventory() if str(g["index"]) in gpus] or [g["name"] for g in gpu_inventory()]
    return names[0] if names else None


def _placement(env: Mapping[str, str], gpus: tuple[str, ...]) -> dict[str, Any]:
    array, task = env.get("SLURM_ARRAY_JOB_ID"), env.get("SLURM_ARRAY_TASK_ID")
    job_id = f"{array}_{task}" if array and task else env.get("SLURM_JOB_ID")
    return {"job_id": job_id, "node": node_name(env), "gpus": list(gpus), "gpu_model": gpu_model(gpus)}


def _raise(exc: type[BaseException]):
    def handler(signum, frame):
        raise exc()

    return handler


def _stopped(spec: NodeSpec, start: float, error: str, *, infra: bool = False, timed_out: bool = False) -> RunResult:
    run = spec.run
    return RunResult(
        exit_code=None, timed_out=timed_out, wall_seconds=round(time.monotonic() - start, 3), run_dir=str(run.run_dir),
        submission_path=str(run.submission_dir / "submission.csv"), logs_dir=str(run.logs_dir),
        code_dir=str(run.code_dir), runtime=spec.runtime, error=error, infra_failure=infra,
    )


def run_node(spec_path: Path, env: Mapping[str, str] = os.environ) -> int:
    """Make the run `spec_path` describes and write its `run_result.json`; the exit status is the node's own."""
    node = node_name(env)
    try:
        spec = NodeSpec.read(spec_path)
    except OSError as exc:
        print(f"mlebench node: the run spec {spec_path} is not readable on node {node} ({exc}); the runs folder "
              "must be on a filesystem the compute nodes share.", file=sys.stderr)
        return 2
    run = spec.run
    if read_result(run.run_dir) is not None:
        print(f"mlebench node: {run.run_dir} already holds a result; not running it twice.", file=sys.stderr)
        return 0
    gpus = granted_gpus(env, spec.runtime)
    start = time.monotonic()
    if not Path(run.public_dir).is_dir():
        result = _stopped(spec, start, f"The public data folder {run.public_dir} is not visible on node {node}; put "
                          "--data-dir on a filesystem the compute nodes share.", infra=True)
    else:
        runtime = make_runtime(spec.runtime, spec.allow_unsandboxed)
        check = RelayedCheck(Path(run.run_dir).parent.parent, run_key(run.competition_id, run.seed))
        previous = {sig: signal.getsignal(sig) for sig in (signal.SIGUSR2, signal.SIGTERM)}
        signal.signal(signal.SIGUSR2, _raise(SchedulerWarning))
        signal.signal(signal.SIGTERM, _raise(Cancelled))
        try:
            result = run_with_checker(runtime, dataclasses.replace(run, gpus=gpus), check)
        except SchedulerWarning:
            result = _stopped(spec, start, "Slurm's time-limit warning came before the agent ended; it was stopped.",
                              timed_out=True)
        except Cancelled:
            print(f"mlebench node: job cancelled on node {node}; no result written.", file=sys.stderr)
            return 143
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    placement = {**(result.placement or {}), **_placement(env, gpus)}
    write_json_atomic(Path(run.run_dir) / RESULT_FILE, to_jsonable(dataclasses.replace(result, placement=placement)))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m pytest_mlebench.node SPEC.json", file=sys.stderr)
        return 2
    return run_node(Path(args[0]))


if __name__ == "__main__":
    sys.exit(main())
