"""How an agent run is sandboxed: one strategy per module behind the `Runtime` protocol.

This package imports only `results` and `errors`: a `RunSpec` names the public data and the run folder,
never the private answers, so no code path here can hand them to a sandbox.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Protocol, runtime_checkable

from pytest_mlebench.errors import ConfigError
from pytest_mlebench.results import RunResult

# Paths inside every sandbox, as MLE-bench lays them out.
SANDBOX_DATA = "/home/data"
SANDBOX_SUBMISSION = "/home/submission"
SANDBOX_LOGS = "/home/logs"
SANDBOX_CODE = "/home/code"
SANDBOX_INSTRUCTIONS = "/home/instructions.txt"
SANDBOX_CHECKER_SOCKET = "/home/.mlebench/check.sock"
SANDBOX_CHECKER = "/home/validate_submission.py"


@dataclasses.dataclass(frozen=True)
class AgentSpec:
    """A named agent: a command for the local runtime and/or an image for docker."""

    name: str
    command: tuple[str, ...] = ()
    image: str | None = None
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    secrets: tuple[str, ...] = ()  # names of variables passed through from the user's environment
    network: bool = False
    version: str = "0"
    source: str = "builtin"  # "builtin" or the YAML file it came from
    # Host folders the local runtime shows read-only at the same path (e.g. a cached venv the command runs).
    mounts: tuple[str, ...] = ()
    # MLE-bench agent folders (docker runtime): the container's command (else the image's CMD), variables filled
    # from host variables by name (container name -> host name), and the folder the image is built from.
    container_command: tuple[str, ...] = ()
    secret_env: dict[str, str] = dataclasses.field(default_factory=dict)
    privileged: bool = False
    build_context: str | None = None
    dockerfile: str | None = None


@dataclasses.dataclass(frozen=True)
class RunSpec:
    """Everything a runtime needs for one run; JSON-serialisable, secrets by name only."""

    competition_id: str
    seed: int
    agent: AgentSpec
    public_dir: Path
    run_dir: Path
    time_limit: float
    instructions: Path
    description: Path
    gpus: tuple[str, ...] = ()
    cpus: float | None = None
    memory: str | None = None  # None: `limits.default_memory_limit()`
    shm_size: str | None = None
    pids_limit: int | None = None  # None: `limits.DEFAULT_PIDS_LIMIT`
    disk_quota: str | None = None  # None: `limits.DEFAULT_DISK_QUOTA`
    checker_socket: Path | None = None
    run_group: str = ""
    metric: str = ""  # the competition's metric and direction, e.g. "auc-roc (higher is better)"
    hide_competition_id: bool = False  # obfuscated descriptions: the agent must not learn which competition

    @property
    def submission_dir(self) -> Path:
        return self.run_dir / "submission"

    @property
    def logs_dir(self) -> Path:
        return self.run_dir / "logs"

    @property
    def code_dir(self) -> Path:
        return self.run_dir / "code"

    def environment(self) -> dict[str, str]:
        """The variables every agent sees, whatever the runtime."""
        return {
            "COMPETITION_ID": "competition" if self.hide_competition_id else self.competition_id,
            "TIME_LIMIT_SECS": str(int(self.time_limit)),
            "SEED": str(self.seed),
            "CUDA_VISIBLE_DEVICES": ",".join(self.gpus),
            "MLEBENCH_DATA": SANDBOX_DATA,
            "MLEBENCH_SUBMISSION": SANDBOX_SUBMISSION,
            "MLEBENCH_LOGS": SANDBOX_LOGS,
            "MLEBENCH_CODE": SANDBOX_CODE,
            "MLEBENCH_METRIC": self.metric,
        }


@runtime_checkable
class Runtime(Protocol):
    """A sandbox strategy. `run` never raises for an agent's failure; infra failures set `infra_failure`."""

    name: str

    def check_available(self) -> None:
        """Raise `PrerequisiteError` with one sentence and the fix when this runtime cannot run here."""

    def run(self, spec: RunSpec) -> RunResult:
        """Run the agent to completion or its time limit and return what happened."""


def make_runtime(name: str, allow_unsandboxed: bool = False, docker_runtime: str | None = None) -> Runtime:
    """The runtime called `name`; modules load on first use so a missing engine costs nothing.

    `docker_runtime` is the engine's container runtime for the docker runtime (e.g. runsc); None: its default.
    """
    if name == "local":
        from pytest_mlebench.runtime.local import LocalRuntime

        return LocalRuntime(allow_unsandboxed=allow_unsandboxed)
    if name == "docker":
        from pytest_mlebench.runtime.docker import DockerRuntime

        return DockerRuntime(docker_runtime=docker_runtime)
    raise ConfigError(f"Unknown runtime '{name}'; choose local or docker.")
