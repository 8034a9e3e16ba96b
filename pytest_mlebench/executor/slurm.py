"""The Slurm executor: every pending run of a session as one job array, written and submitted by submitit.

Task i of an array runs `python -m pytest_mlebench.node <spec i>` on the node Slurm picks, with the GPUs it
grants. The job's `--time` is the agent's limit plus a margin, with an early signal so that a run the node
could not stop itself still records `timed_out`; `--no-requeue` leaves retries to the ledger, which counts them.
"""

from __future__ import annotations

import dataclasses
import math
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from pytest_mlebench.errors import ConfigError, InfraError, PrerequisiteError
from pytest_mlebench.executor import NodeSpec
from pytest_mlebench.executor.ledger import LedgerExecutor, TaskInfo

MARGIN_S = 300
"""Seconds Slurm's `--time` adds to the agent's limit: the node stops the agent itself at the limit."""
SIGNAL_S = 120
"""Seconds before `--time` that Slurm sends SIGUSR2 (it may come up to a minute earlier, by Slurm's design)."""
SPECS_VAR = "MLEBENCH_SPECS"
COMMAND_TIMEOUT_S = 120


@dataclasses.dataclass(frozen=True)
class SlurmOptions:
    """Where and how big each array task is, from `--slurm-*` and `--max-concurrent`."""

    partition: str | None = None
    account: str | None = None
    qos: str | None = None
    extra: tuple[str, ...] = ()
    max_concurrent: int | None = None
    gpus: int = 1


def parse_extra(text: str | None) -> tuple[str, ...]:
    """`--slurm-extra "--constraint=a100 --exclusive"` -> ('--constraint=a100', '--exclusive')."""
    words = tuple(shlex.split(text or ""))
    for word in words:
        if not re.fullmatch(r"--[A-Za-z][A-Za-z0-9-]*(=.*)?", word):
            raise ConfigError(f"--slurm-extra takes long sbatch options like --constraint=a100; got {word!r}.")
    return words


def slurm_memory(memory: str) -> str:
    """Our `--memory` ('64g', '512m', '2048') as sbatch's `--mem` ('64G', '512M', '2048M')."""
    match = re.fullmatch(r"\s*(\d+)\s*([kmgt]?)b?\s*", memory.lower())
    if not match:
        raise ConfigError(f"--memory takes a size like 64g or 512m for Slurm's --mem; got {memory!r}.")
    return f"{match.group(1)}{(match.group(2) or 'm').upper()}"


def sbatch_parameters(batch: str, spec: NodeSpec, count: int, options: SlurmOptions) -> dict:
    """submitit's parameters for one array of `count` tasks sized like `spec`."""
    extra: dict[str, object] = {"no-requeue": True}
    for word in options.extra:
        name, _, value = word[2:].partition("=")
        extra[name] = value if value else True
    params: dict[str, object] = {
        "job_name": batch,
        "time": math.ceil((spec.run.time_limit + MARGIN_S) / 60),
        "signal_delay_s": SIGNAL_S,
        "nodes": 1,
        "ntasks_per_node": 1,
        "stderr_to_stdout": True,
        "array_parallelism": options.max_concurrent or count,
        "additional_parameters": extra,
    }
    if options.gpus:
        params["gres"] = f"gpu:{options.gpus}"
    if spec.run.cpus:
        params["cpus_per_task"] = math.ceil(spec.run.cpus)
    if spec.run.memory:
        params["mem"] = slurm_memory(spec.run.memory)
    for name in ("partition", "account", "qos"):
        if getattr(options, name):
            params[name] = getattr(options, name)
    return params


def node_setup(spec_paths: Sequence[Path]) -> list[str]:
    """Lines of the job script that list the specs; task i runs the i-th. Written before sbatch, so a task
    never depends on anything the coordinator writes after submitting."""
    return [f"{SPECS_VAR}=(", *(f"  {shlex.quote(str(p))}" for p in spec_paths), ")"]


def node_command(python: str = sys.executable) -> str:
    return f'{shlex.quote(python)} -u -m pytest_mlebench.node "${{{SPECS_VAR}[$SLURM_ARRAY_TASK_ID]}}"'


class SlurmEngine:
    """The `Engine` on a real Slurm: submitit writes and submits the array; squeue, scancel and sacct watch it."""

    name = "slurm"

    def __init__(self, folder: Path, options: SlurmOptions, python: str = sys.executable) -> None:
        self.folder = Path(folder)
        self.options = options
        self.python = python

    def check_available(self) -> None:
        missing = [tool for tool in ("sbatch", "squeue", "scancel", "srun") if shutil.which(tool) is None]
        if missing:
            raise PrerequisiteError(
                f"--executor=slurm needs Slurm's {', '.join(missing)} on this machine's PATH; run pytest on a "
                "login node of the cluster, or use --executor=inline."
            )

    def executor(self, batch: str, specs: Sequence[NodeSpec], spec_paths: Sequence[Path]):
        """A submitit executor set up for this array (its job script is `executor._make_submission_file_text`)."""
        import submitit

        self.folder.mkdir(parents=True, exist_ok=True)
        executor = submitit.SlurmExecutor(folder=self.folder, max_num_timeout=0, python=shlex.quote(self.python))
        params = sbatch_parameters(batch, specs[0], len(specs), self.options)
        params["setup"] = node_setup(spec_paths)
        executor.update_parameters(**params)
        executor.parameters["map_count"] = len(specs)  # how submitit itself makes a job array
        return executor

    def submit(self, batch: str, specs: Sequence[NodeSpec], spec_paths: Sequence[Path]) -> str:
        import submitit

        executor = self.executor(batch, specs, spec_paths)
        try:
            job = executor._submit_command(node_command(self.python))
        except (submitit.core.utils.FailedJobError, submitit.core.utils.FailedSubmissionError, OSError) as exc:
            raise InfraError(f"sbatch refused the job array {batch}: {str(exc).strip()[-500:]}") from exc
        return str(job.job_id)

    def poll(self, batches: Sequence[str]) -> dict[tuple[str, int], TaskInfo] | None:
        if not batches:
            return {}
        out = _run(["squeue", "-h", "-r", f"--name={','.join(batches)}", "-o", "%j|%F|%K|%T|%N"])
        if out is None:
            return None
        tasks = {}
        for line in out.splitlines():
            parts = line.strip().split("|")
            if len(parts) != 5 or not parts[2].isdigit():
                continue
            name, array_id, index, state, node = parts
            tasks[(name, int(index))] = TaskInfo(state=state, job_id=f"{array_id}_{index}", node=node or None)
        return tasks

    def cancel(self, job_ids: Sequence[str]) -> None:
        if job_ids:
            _run(["scancel", *job_ids])

    def elapsed(self, job_id: str) -> float | None:
        out = _run(["sacct", "-n", "-X", "-P", "-o", "ElapsedRaw", "-j", job_id])
        values = [line.strip() for line in (out or "").splitlines() if line.strip().isdigit()]
        return float(values[0]) if values else None


class SlurmExecutor(LedgerExecutor):
    """The ledger executor on Slurm; submitit's files and the tasks' logs go to `runs/<group>/slurm/`."""

    def __init__(self, group_dir: Path, runtime: str, options: SlurmOptions, **kwargs) -> None:
        self.options = options
        super().__init__(SlurmEngine(Path(group_dir) / "slurm", options), group_dir, runtime, **kwargs)

    def check_available(self) -> None:
        self.engine.check_available()


def _run(argv: list[str]) -> str | None:
    """A Slurm client command's stdout, or None when it failed (the caller treats that as 'no answer')."""
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=COMMAND_TIMEOUT_S)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


__all__ = ["MARGIN_S", "SIGNAL_S", "SlurmEngine", "SlurmExecutor", "SlurmOptions", "parse_extra", "sbatch_parameters"]
