"""Where a run happens, apart from how it is sandboxed: one strategy per module behind `Executor`.

`inline` calls the runtime in this process; `slurm` runs each spec as a task of a Slurm job array and reads
its result back from the run folder. No module here imports pytest or the grader: grading stays with the
caller, and a spec names the public data only, never the private answers.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pytest_mlebench.errors import ConfigError
from pytest_mlebench.results import RunResult, from_dict, read_json, to_jsonable, write_json_atomic
from pytest_mlebench.runtime import AgentSpec, RunSpec, Runtime

EXECUTORS = ("inline", "slurm")
SPEC_FILE = "run_spec.json"
RESULT_FILE = "run_result.json"
CHECKS_FOLDER = ".checks"

Check = Callable[[Path], "str | None"]
"""The submission-format check an agent may call: None when the file is gradeable, else the reason."""


@dataclasses.dataclass(frozen=True)
class RunRequest:
    """One run to make: its key in the run group, its spec, and the format check to serve while it runs."""

    key: str
    spec: RunSpec
    check: Check | None = None
    check_max_bytes: int | None = None
    """The largest upload the checker takes (derived from the answers); None: the checker's global cap."""


@dataclasses.dataclass(frozen=True)
class NodeSpec:
    """What a node needs to make one run, written as JSON into the run folder; secrets by name only."""

    run: RunSpec
    runtime: str
    allow_unsandboxed: bool = False

    def to_json(self) -> dict[str, Any]:
        data = to_jsonable(self)
        data["run"]["checker_socket"] = None  # the node listens on a socket of its own
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NodeSpec:
        def frozen(fields: dict[str, Any]) -> dict[str, Any]:  # JSON lists back to the specs' tuples
            return {k: tuple(v) if isinstance(v, list) else v for k, v in fields.items()}

        run = frozen(data["run"])
        agent = frozen(run.pop("agent"))
        for name in ("public_dir", "run_dir", "instructions", "description"):
            run[name] = Path(run[name])
        run["checker_socket"] = None
        spec = from_dict(RunSpec, {**run, "agent": from_dict(AgentSpec, agent)})
        return cls(run=spec, runtime=str(data["runtime"]), allow_unsandboxed=bool(data.get("allow_unsandboxed")))

    def write(self, path: Path) -> None:
        write_json_atomic(path, self.to_json())

    @classmethod
    def read(cls, path: Path) -> NodeSpec:
        return cls.from_json(read_json(path))


@runtime_checkable
class Executor(Protocol):
    """A place where runs happen. `wait` never raises for an agent's failure; the harness's failures come back
    as a `RunResult` with `infra_failure` set, after the executor's own retries."""

    name: str
    batches: bool
    """True when every pending run should be submitted at once before the first wait (a scheduler)."""

    def submit(self, requests: Sequence[RunRequest]) -> None:
        """Start (or queue) these runs; a key already known to the executor is not submitted again."""

    def attach(self, key: str) -> bool:
        """Adopt the run of an earlier session (queued, running or finished); False when there is none."""

    def wait(self, key: str) -> RunResult:
        """Block until the run of `key` has ended and return what happened."""

    def cancel(self) -> None:
        """Stop every run this executor still waits for."""

    def outstanding(self) -> list[str]:
        """Keys submitted or attached whose result has not been waited for."""

    def close(self) -> None:
        """Release what this process holds; runs left in a scheduler go on, for the next session to re-attach."""


def run_key(competition_id: str, seed: int) -> str:
    """The key of one run in its group, the same as its folder below the group: `<competition>/seed<k>`."""
    return f"{competition_id}/seed{seed}"


def read_result(run_dir: Path) -> RunResult | None:
    """The result a node wrote into `run_dir`, or None while there is none (or it is half-visible)."""
    path = Path(run_dir) / RESULT_FILE
    try:
        return from_dict(RunResult, read_json(path))
    except (OSError, ValueError, TypeError):
        return None


@contextlib.contextmanager
def checker_socket(
    check: Check | None, upload_dir: Path | None = None, max_bytes: int | None = None
) -> Iterator[Path | None]:
    """Serve `check` on a fresh short Unix socket path while the context is open (None: no checker).

    Uploads are kept in `upload_dir` (one at a time, at most `max_bytes`), not in the host's /tmp.
    """
    if check is None:
        yield None
        return
    from pytest_mlebench.checker import MAX_CHECK_BYTES, CheckerServer
    from pytest_mlebench.runtime.staging import socket_folder

    socket_dir = socket_folder()  # a neutral path: the sandbox's mount table shows where the socket lives
    try:
        with CheckerServer(check, socket_dir / "check.sock", max_bytes=max_bytes or MAX_CHECK_BYTES,
                           upload_dir=upload_dir) as server:
            yield server.socket_path
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)


def run_with_checker(runtime: Runtime, spec: RunSpec, check: Check | None, max_bytes: int | None = None) -> RunResult:
    """One run through `runtime`, with the format checker served beside it; its uploads go to the run's
    harness-side `<run>/.checks/`, which no runtime shows the agent."""
    with checker_socket(check, Path(spec.run_dir) / CHECKS_FOLDER, max_bytes) as socket_path:
        return runtime.run(dataclasses.replace(spec, checker_socket=socket_path))


def require_known(name: str) -> None:
    if name not in EXECUTORS:
        raise ConfigError(f"Unknown executor '{name}'; choose one of {', '.join(EXECUTORS)}.")


__all__ = [
    "EXECUTORS", "RESULT_FILE", "SPEC_FILE", "Check", "Executor", "NodeSpec", "RunRequest", "read_result",
    "run_key", "run_with_checker",
]
