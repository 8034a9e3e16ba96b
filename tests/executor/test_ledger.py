"""The ledger's state machine against an in-memory scheduler: attach, retries, and a coordinator killed anywhere."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_mlebench.executor import RunRequest, run_key
from pytest_mlebench.executor.ledger import LEDGER_FILE, LedgerExecutor
from pytest_mlebench.results import to_jsonable
from pytest_mlebench.runs import RunFolder
from pytest_mlebench.runtime import AgentSpec, RunSpec
from tests.executor.fake_engine import OUTCOMES, FakeEngine, Killed, Killer

KEYS = [("comp-a", 0), ("comp-a", 1), ("comp-b", 0)]


def request(root: Path, cid: str, seed: int) -> RunRequest:
    folder = RunFolder.of(root / "runs", "g", cid, seed)
    spec = RunSpec(competition_id=cid, seed=seed, agent=AgentSpec(name="a", command=("true",)),
                   public_dir=root / "data" / cid / "prepared" / "public", run_dir=folder.path, time_limit=60,
                   instructions=root / "i.txt", description=root / "d.md", run_group="g")
    return RunRequest(key=run_key(cid, seed), spec=spec)


def executor(root: Path, engine: FakeEngine, retries: int = 1) -> LedgerExecutor:
    return LedgerExecutor(engine, root / "runs" / "g", "local", retries=retries, poll_s=0, grace_s=0,
                          sleep=lambda s: None)


def session(root: Path, engine: FakeEngine, graded: Counter, retries: int = 1) -> None:
    """What the plugin does in one session: skip graded runs, submit the rest at once, wait and grade each."""
    ex = executor(root, engine, retries)
    append = ex.ledger.append

    def killable_append(event):
        engine.killer.tick()
        append(event)

    ex.ledger.append = killable_append
    pending = [(c, s) for c, s in KEYS if RunFolder.of(root / "runs", "g", c, s).finished_record() is None]
    try:
        ex.submit([request(root, c, s) for c, s in pending])
        for cid, seed in pending:
            result = ex.wait(run_key(cid, seed))
            engine.killer.tick()
            RunFolder.of(root / "runs", "g", cid, seed).save_record(to_jsonable(result))  # grading, atomically
            graded[run_key(cid, seed)] += 1
    finally:
        ex.close()  # a killed coordinator's process ends; this test's goes on, so its relay thread must not


def test_results_pending_tasks_and_a_lost_job(tmp_path):
    engine = FakeEngine(outcomes=["ok", "exit1", "lost"], run_steps=3)
    graded: Counter = Counter()
    session(tmp_path, engine, graded)
    assert graded == Counter({k: 1 for k in ("comp-a/seed0", "comp-a/seed1", "comp-b/seed0")})
    records = {k: RunFolder.of(tmp_path / "runs", "g", *k).finished_record() for k in KEYS}
    assert records[("comp-a", 0)]["exit_code"] == 0 and records[("comp-a", 0)]["attempts"] == 1
    assert records[("comp-a", 1)]["exit_code"] == 1 and not records[("comp-a", 1)]["infra_failure"]
    lost = records[("comp-b", 0)]
    assert lost["exit_code"] == 0 and lost["attempts"] == 2 and not lost["infra_failure"]
    assert len(lost["placement"]["infra_failures"]) == 1 and "without writing its result" in lost["placement"]["infra_failures"][0]
    assert engine.submissions == ["comp-a/seed0", "comp-a/seed1", "comp-b/seed0", "comp-b/seed0"]
    assert (tmp_path / "runs" / "g" / "comp-b" / "seed0.attempt1" / "run_spec.json").is_file()
    events = [json.loads(line)["event"] for line in (tmp_path / "runs" / "g" / LEDGER_FILE).read_text().splitlines()]
    assert events == ["batch", "submitted", "failed", "batch", "submitted"]


def test_node_failure_past_the_retry_limit_is_an_infra_failure(tmp_path):
    engine = FakeEngine(outcomes=["ok", "ok", "node_fail", "node_fail", "node_fail"])
    graded: Counter = Counter()
    session(tmp_path, engine, graded, retries=1)
    record = RunFolder.of(tmp_path / "runs", "g", "comp-b", 0).finished_record()
    assert record["infra_failure"] and record["attempts"] == 2 and "gave up after 2 attempt(s)" in record["error"]
    assert "on node n1" in record["error"]
    assert engine.submissions.count("comp-b/seed0") == 2


def test_agent_failure_is_never_retried(tmp_path):
    engine = FakeEngine(outcomes=["exit1", "exit1", "exit1"])
    session(tmp_path, engine, Counter(), retries=3)
    assert len(engine.submissions) == 3


def test_rerun_attaches_to_live_jobs_and_takes_finished_results(tmp_path):
    engine = FakeEngine(run_steps=5)
    first = executor(tmp_path, engine)
    first.submit([request(tmp_path, c, s) for c, s in KEYS])
    engine.step()  # running now; the coordinator goes away without waiting
    second = executor(tmp_path, engine)
    second.submit([request(tmp_path, c, s) for c, s in KEYS])
    assert second.outstanding() == sorted(run_key(c, s) for c, s in KEYS)
    assert all(second.wait(run_key(c, s)).exit_code == 0 for c, s in KEYS)
    assert len(engine.submissions) == 3


def test_cancel_stops_live_tasks_and_a_rerun_resubmits_without_spending_retries(tmp_path):
    engine = FakeEngine(run_steps=5)
    first = executor(tmp_path, engine, retries=0)
    first.submit([request(tmp_path, c, s) for c, s in KEYS])
    first.cancel()
    assert sorted(engine.cancelled) == ["100_0", "100_1", "100_2"] and first.outstanding() == []
    graded: Counter = Counter()
    session(tmp_path, engine, graded, retries=0)
    assert sum(graded.values()) == 3 and len(engine.submissions) == 6
    record = RunFolder.of(tmp_path / "runs", "g", "comp-a", 0).finished_record()
    assert not record["infra_failure"] and record["placement"]["infra_failures"] == []


def test_a_lost_sbatch_answer_is_found_by_the_batch_name(tmp_path):
    engine = FakeEngine(run_steps=3)
    engine.killer = Killer(2)  # dies right after sbatch answered, before the job id is written
    with pytest.raises(Killed):
        executor(tmp_path, engine).submit([request(tmp_path, c, s) for c, s in KEYS])
    engine.killer = Killer(None)
    graded: Counter = Counter()
    session(tmp_path, engine, graded)
    assert len(engine.submissions) == 3 and sum(graded.values()) == 3
    events = [json.loads(line) for line in (tmp_path / "runs" / "g" / LEDGER_FILE).read_text().splitlines()]
    assert [e["event"] for e in events][:2] == ["batch", "submitted"] and events[1]["job_id"] == "100"


@given(
    outcomes=st.lists(st.sampled_from(OUTCOMES), max_size=8),
    kills=st.lists(st.integers(min_value=1, max_value=40), max_size=4),
    retries=st.integers(min_value=0, max_value=2),
    steps=st.integers(min_value=1, max_value=3),
)
def test_a_coordinator_killed_at_any_step_grades_every_run_once_and_never_submits_twice(
    tmp_path_factory, outcomes, kills, retries, steps
):
    root = tmp_path_factory.mktemp("kill")
    engine = FakeEngine(outcomes=outcomes, run_steps=steps)  # FakeEngine.submit asserts no double submission
    graded: Counter = Counter()
    for at in [*kills, None]:
        engine.killer = Killer(at)
        try:
            session(root, engine, graded, retries)
            break
        except Killed:
            continue
    assert graded == Counter({run_key(c, s): 1 for c, s in KEYS})
    for cid, seed in KEYS:
        record = RunFolder.of(root / "runs", "g", cid, seed).finished_record()
        key = run_key(cid, seed)
        if record["infra_failure"]:
            # A batch whose sbatch answer was lost and whose tasks all ended before anyone looked cannot be
            # found again (no accounting here), so it is not counted: the budget may grow by those.
            assert record["attempts"] >= retries + 1
        else:
            assert record["exit_code"] in (0, 1)
        # Every submission past the first of a run followed a job that ended without a result.
        assert engine.submissions.count(key) <= 1 + sum(
            t.outcome in ("node_fail", "lost") for t in engine.tasks.values() if t.key == key)
