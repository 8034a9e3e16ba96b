"""An in-memory scheduler for the ledger's tests: tasks pend, run, end with a result, or vanish without one."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from pytest_mlebench.executor import RESULT_FILE, NodeSpec
from pytest_mlebench.executor.ledger import TaskInfo
from pytest_mlebench.results import RunResult, to_jsonable, write_json_atomic

OUTCOMES = ("ok", "exit1", "node_fail", "lost")
"""ok: a result with exit 0; exit1: the agent's non-zero exit (a result); node_fail: ends while running without a
result; lost: vanishes while pending."""


class Killed(BaseException):
    """The coordinator dies here (SIGKILL): nothing after this point of the session happens."""


class Killer:
    """Raises `Killed` at the n-th tick; None never kills."""

    def __init__(self, at: int | None) -> None:
        self.at = at
        self.ticks = 0

    def tick(self) -> None:
        self.ticks += 1
        if self.at is not None and self.ticks == self.at:
            raise Killed()


@dataclasses.dataclass
class FakeTask:
    batch: str
    index: int
    key: str
    run_dir: Path
    outcome: str
    state: str = "PENDING"
    steps: int = 1
    result: bool = False


class FakeEngine:
    """Every poll is one step of the world. Submitting a run twice while it is live or done fails the test."""

    name = "fake"

    def __init__(self, outcomes: Sequence[str] = (), run_steps: int = 1) -> None:
        self.outcomes = list(outcomes)
        self.run_steps = run_steps
        self.tasks: dict[str, FakeTask] = {}
        self.submissions: list[str] = []
        self.cancelled: list[str] = []
        self.killer = Killer(None)
        self.next_id = 100

    def submit(self, batch: str, specs: Sequence[NodeSpec], spec_paths: Sequence[Path]) -> str:
        self.killer.tick()
        job_id = str(self.next_id)
        self.next_id += 1
        for index, (spec, path) in enumerate(zip(specs, spec_paths, strict=True)):
            key = f"{spec.run.competition_id}/seed{spec.run.seed}"
            for task in self.tasks.values():
                assert task.key != key or (task.state == "GONE" and not task.result), f"{key} submitted twice"
            outcome = self.outcomes.pop(0) if self.outcomes else "ok"
            self.tasks[f"{job_id}_{index}"] = FakeTask(batch, index, key, Path(path).parent, outcome,
                                                       steps=self.run_steps)
            self.submissions.append(key)
        self.killer.tick()  # sbatch answered, but the coordinator may die before writing the job id
        return job_id

    def step(self) -> None:
        for task in self.tasks.values():
            if task.state == "PENDING":
                if task.outcome == "lost":
                    task.state = "GONE"
                else:
                    task.state = "RUNNING"
            elif task.state == "RUNNING":
                task.steps -= 1
                if task.steps > 0:
                    continue
                task.state = "GONE"
                if task.outcome in ("ok", "exit1"):
                    result = RunResult(exit_code=0 if task.outcome == "ok" else 1, timed_out=False, wall_seconds=1.0,
                                       run_dir=str(task.run_dir), submission_path="", logs_dir="", code_dir="",
                                       runtime="local", placement={"node": "n1"})
                    write_json_atomic(task.run_dir / RESULT_FILE, to_jsonable(result))
                    task.result = True

    def poll(self, batches: Sequence[str]) -> dict[tuple[str, int], TaskInfo] | None:
        self.killer.tick()
        self.step()
        return {(t.batch, t.index): TaskInfo(t.state, job_id, "n1" if t.state == "RUNNING" else None)
                for job_id, t in self.tasks.items() if t.batch in batches and t.state != "GONE"}

    def cancel(self, job_ids: Sequence[str]) -> None:
        for job_id in job_ids:
            self.tasks[job_id].state = "GONE"
            self.cancelled.append(job_id)

    def elapsed(self, job_id: str) -> float | None:
        return 1.0
