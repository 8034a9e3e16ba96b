"""The ledger of a run group's scheduler jobs (`runs/<group>/ledger.jsonl`) and the executor that keeps it.

A batch's index -> run key map is appended before the scheduler is asked to run it, the job id after. A
coordinator that dies anywhere can therefore be restarted: it re-attaches to what is queued or running (found
by the batch's unique job name even when the job id was never written), takes the results that were written,
and resubmits only the runs whose job ended without a result: those are infrastructure failures, retried up to
`retries` times. What the agent did (a non-zero exit, a timeout) is a result, never retried.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from pytest_mlebench.errors import ConfigError
from pytest_mlebench.executor import SPEC_FILE, NodeSpec, RunRequest, read_result
from pytest_mlebench.executor.relay import CheckRelay
from pytest_mlebench.results import RunResult, now_iso
from pytest_mlebench.runs import RunFolder

LEDGER_FILE = "ledger.jsonl"


@dataclasses.dataclass(frozen=True)
class TaskInfo:
    """One array task the scheduler still holds (queued, running or completing)."""

    state: str
    job_id: str
    node: str | None = None


class Engine(Protocol):
    """The scheduler, seen from the ledger: submit arrays by name, list their live tasks, cancel, account."""

    name: str

    def submit(self, batch: str, specs: Sequence[NodeSpec], spec_paths: Sequence[Path]) -> str:
        """Submit one array named `batch` whose task i runs `spec_paths[i]`; return the array's job id."""

    def poll(self, batches: Sequence[str]) -> dict[tuple[str, int], TaskInfo] | None:
        """The live tasks of these arrays by (batch, index); None when the scheduler did not answer."""

    def cancel(self, job_ids: Sequence[str]) -> None:
        """Cancel these tasks."""

    def elapsed(self, job_id: str) -> float | None:
        """The scheduler's elapsed seconds of a finished task, where it keeps accounting."""


@dataclasses.dataclass
class Attempt:
    """One submission of a run: in which batch, at which array index, from which spec file."""

    batch: str
    index: int
    spec: Path

    @property
    def run_dir(self) -> Path:
        return self.spec.parent


class Ledger:
    """The append-only event file; a torn last line (a coordinator killed mid-write) is ignored."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def append(self, event: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a") as handle:
            handle.write(json.dumps(event, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def events(self) -> list[dict[str, Any]]:
        if not self.path.is_file():
            return []
        events = []
        for line in self.path.read_text().splitlines():
            try:
                events.append(json.loads(line))
            except ValueError:
                continue
        return events


class LedgerExecutor:
    """An `Executor` over any batch scheduler `Engine`, with the ledger as its memory across sessions.

    Args:
        engine: the scheduler.
        group_dir: `runs/<group>`; the ledger lives there.
        runtime: the runtime each node uses; allow_unsandboxed goes with it into the node spec.
        retries: how many times a run whose job ended without a result is submitted again.
        poll_s: seconds between looks at the scheduler and the run folders.
        grace_s: how long a job may be gone before its result must be visible (shared filesystems lag).
    """

    batches = True

    def __init__(
        self,
        engine: Engine,
        group_dir: Path,
        runtime: str,
        *,
        allow_unsandboxed: bool = False,
        retries: int = 1,
        poll_s: float = 5.0,
        grace_s: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.engine = engine
        self.name = engine.name
        self.group_dir = Path(group_dir)
        self.ledger = Ledger(self.group_dir / LEDGER_FILE)
        self.runtime = runtime
        self.allow_unsandboxed = allow_unsandboxed
        self.retries = retries
        self.poll_s = poll_s
        self.grace_s = grace_s
        self.clock = clock
        self.sleep = sleep
        self.requests: dict[str, RunRequest] = {}
        self.watching: set[str] = set()
        self.resolved: dict[str, RunResult] = {}
        self.gone_since: dict[str, float] = {}
        self.nodes: dict[str, str] = {}
        self.job_ids: dict[str, str | None] = {}
        self.attempts: dict[str, list[Attempt]] = {}
        self.failures: dict[str, list[str]] = {}
        self.cancelled: set[tuple[str, int]] = set()  # attempts the user cancelled: not the harness's failure
        self.relay = CheckRelay(self.group_dir)
        self._replay()

    # -- the ledger's memory ------------------------------------------------------------------------------
    def _replay(self) -> None:
        for event in self.ledger.events():
            kind = event.get("event")
            if kind == "batch":
                self.job_ids.setdefault(event["batch"], None)
                for index, run in enumerate(event["runs"]):
                    self.attempts.setdefault(run["key"], []).append(Attempt(event["batch"], index, Path(run["spec"])))
            elif kind == "submitted":
                self.job_ids[event["batch"]] = event["job_id"]
            elif kind == "failed":
                self.failures.setdefault(event["key"], []).append(event["reason"])
            elif kind == "gave_up":  # a later session owes the run a fresh try, as inline resume does
                self.attempts.pop(event["key"], None)
                self.failures.pop(event["key"], None)
            elif kind == "cancelled" and self.attempts.get(event["key"]):
                last = self.attempts[event["key"]][-1]
                self.cancelled.add((last.batch, last.index))

    def counted_attempts(self, key: str) -> int:
        """Submissions that reached the scheduler (a batch whose sbatch answer was lost counts once seen)."""
        return sum(1 for a in self.attempts.get(key, [])
                   if self.job_ids.get(a.batch) is not None and (a.batch, a.index) not in self.cancelled)

    # -- Executor -----------------------------------------------------------------------------------------
    def submit(self, requests: Sequence[RunRequest]) -> None:
        fresh = []
        for request in requests:
            if request.key in self.requests:
                continue
            self.requests[request.key] = request
            self.relay.serve(request.key, request.check)
            if not self.attach(request.key):
                fresh.append(request)
        if fresh:
            self._launch(fresh)

    def attach(self, key: str) -> bool:
        if not self.attempts.get(key):
            return False
        self.watching.add(key)
        return True

    def wait(self, key: str) -> RunResult:
        if key not in self.watching and key not in self.resolved:
            raise ConfigError(f"The run {key} was never submitted to the {self.name} executor.")
        while key not in self.resolved:
            self.poll()
            if key not in self.resolved:
                self.sleep(self.poll_s)
        self.watching.discard(key)
        return self.resolved.pop(key)

    def cancel(self) -> None:
        keys = self.outstanding()
        tasks = self.engine.poll(sorted({self.attempts[k][-1].batch for k in keys})) or {}
        wanted = {(self.attempts[k][-1].batch, self.attempts[k][-1].index) for k in keys}
        ids = sorted(info.job_id for where, info in tasks.items() if where in wanted)
        if ids:
            self.engine.cancel(ids)
        for key in keys:
            last = self.attempts[key][-1]
            self.cancelled.add((last.batch, last.index))
            self.ledger.append({"event": "cancelled", "key": key, "at": now_iso()})
        self.watching.clear()

    def outstanding(self) -> list[str]:
        return sorted(self.watching - set(self.resolved))

    def close(self) -> None:
        """Stop answering format checks; jobs still in the scheduler go on (the next session re-attaches)."""
        self.relay.stop()

    # -- the state machine --------------------------------------------------------------------------------
    def poll(self) -> None:
        """One look: take written results, note live tasks, and resubmit or give up on runs whose job is gone."""
        keys = self.outstanding()
        if not keys:
            return
        tasks = self.engine.poll(sorted({self.attempts[k][-1].batch for k in keys}))
        for (batch, _), info in (tasks or {}).items():
            if self.job_ids.get(batch) is None:  # the sbatch answer was lost; the batch's name found it
                self._record_job_id(batch, info.job_id.split("_")[0])
        now = self.clock()
        retry = []
        for key in keys:
            attempt = self.attempts[key][-1]
            result = read_result(attempt.run_dir)
            if result is not None:
                self.resolved[key] = self._finish(key, attempt, result)
                continue
            info = None if tasks is None else tasks.get((attempt.batch, attempt.index))
            if tasks is None or info is not None:
                self.gone_since.pop(key, None)
                if info is not None:
                    self.nodes[key] = info.node or self.nodes.get(key, "")
                continue
            since = self.gone_since.setdefault(key, now)
            if now - since < self.grace_s:
                continue
            del self.gone_since[key]
            if self.job_ids.get(attempt.batch) is not None and (attempt.batch, attempt.index) not in self.cancelled:
                reason = self._lost_reason(key, attempt)
                self.failures.setdefault(key, []).append(reason)
                self.ledger.append({"event": "failed", "key": key, "batch": attempt.batch, "reason": reason,
                                    "at": now_iso()})
            if self.counted_attempts(key) <= self.retries:
                retry.append(key)
            else:
                self.resolved[key] = self._given_up(key, attempt)
                self.ledger.append({"event": "gave_up", "key": key, "at": now_iso()})
        if retry:
            self._launch([self._request(k) for k in retry])

    def _launch(self, requests: Sequence[RunRequest]) -> None:
        batch = f"mlebench-{_safe(self.group_dir.name)}-{uuid.uuid4().hex[:8]}"
        specs, paths = [], []
        for request in requests:
            RunFolder(request.spec.run_dir).create()  # an earlier attempt's folder is kept aside, not reused
            spec = NodeSpec(run=request.spec, runtime=self.runtime, allow_unsandboxed=self.allow_unsandboxed)
            path = Path(request.spec.run_dir) / SPEC_FILE
            spec.write(path)
            specs.append(spec)
            paths.append(path)
        runs = [{"key": r.key, "spec": str(p)} for r, p in zip(requests, paths, strict=True)]
        self.ledger.append({"event": "batch", "batch": batch, "runs": runs, "at": now_iso()})
        self.job_ids[batch] = None
        for index, (request, path) in enumerate(zip(requests, paths, strict=True)):
            self.attempts.setdefault(request.key, []).append(Attempt(batch, index, path))
            self.watching.add(request.key)
            self.gone_since.pop(request.key, None)
        job_id = self.engine.submit(batch, specs, paths)
        self._record_job_id(batch, job_id)

    def _record_job_id(self, batch: str, job_id: str) -> None:
        self.job_ids[batch] = job_id
        self.ledger.append({"event": "submitted", "batch": batch, "job_id": job_id, "at": now_iso()})

    def _request(self, key: str) -> RunRequest:
        if key in self.requests:
            return self.requests[key]
        spec = NodeSpec.read(self.attempts[key][-1].spec)  # attached without a request: rebuild from the spec
        return RunRequest(key=key, spec=spec.run)

    def _task_id(self, attempt: Attempt) -> str | None:
        job_id = self.job_ids.get(attempt.batch)
        return None if job_id is None else f"{job_id}_{attempt.index}"

    def _lost_reason(self, key: str, attempt: Attempt) -> str:
        node = self.nodes.get(key)
        where = f"on node {node}" if node else "before it reached a node"
        return (f"{self.name} job {self._task_id(attempt)} ended {where} without writing its result to "
                f"{attempt.run_dir} (node failure, preemption, cancellation, or a runs folder the node cannot see)")

    def _placement(self, key: str, attempt: Attempt, base: dict[str, Any] | None) -> dict[str, Any]:
        task_id = self._task_id(attempt)
        placement = {"executor": self.name, "job_id": task_id, **(base or {})}
        placement["attempts"] = len(self.attempts[key])
        placement["infra_failures"] = list(self.failures.get(key, []))
        placement["elapsed_s"] = self.engine.elapsed(task_id) if task_id else None
        return placement

    def _finish(self, key: str, attempt: Attempt, result: RunResult) -> RunResult:
        return dataclasses.replace(result, placement=self._placement(key, attempt, result.placement),
                                   attempts=max(self.counted_attempts(key), 1))

    def _given_up(self, key: str, attempt: Attempt) -> RunResult:
        run_dir = Path(attempt.run_dir)
        reasons = self.failures.get(key) or ["its job never reached the scheduler"]
        return RunResult(
            exit_code=None, timed_out=False, wall_seconds=0.0, run_dir=str(run_dir),
            submission_path=str(run_dir / "submission" / "submission.csv"), logs_dir=str(run_dir / "logs"),
            code_dir=str(run_dir / "code"), runtime=self.runtime,
            error=f"{reasons[-1]}; gave up after {self.counted_attempts(key)} attempt(s) (--retries {self.retries})",
            infra_failure=True, placement=self._placement(key, attempt, None), attempts=self.counted_attempts(key),
        )


def _safe(name: str) -> str:
    return re.sub(r"[^0-9A-Za-z_.-]", "_", name)[:40]


__all__ = ["Attempt", "Engine", "LEDGER_FILE", "Ledger", "LedgerExecutor", "TaskInfo"]
