"""The node side: the spec file, the GPUs Slurm granted, one run to its result file, signals, the check relay."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pytest_mlebench.executor import RESULT_FILE, NodeSpec, read_result
from pytest_mlebench.executor.relay import UNANSWERED, CheckRelay, RelayedCheck
from pytest_mlebench.node import granted_gpus, run_node
from pytest_mlebench.runtime import AgentSpec, RunSpec
from tests.live import written_by_agent

REPO = Path(__file__).resolve().parents[2]
AGENT = ("import os, pathlib, sys, time; "
         "pathlib.Path(os.environ['MLEBENCH_SUBMISSION'], 'submission.csv').write_text('id,y\\n'); "
         "time.sleep(float(sys.argv[1]))")


def write_spec(tmp_path: Path, sleep: float = 0.0, public: bool = True) -> Path:
    public_dir = tmp_path / "data" / "comp" / "prepared" / "public"
    if public:
        public_dir.mkdir(parents=True)
        (public_dir / "description.md").write_text("d")
    run_dir = tmp_path / "runs" / "g" / "comp" / "seed0"
    run_dir.mkdir(parents=True)
    (tmp_path / "i.txt").write_text("i")
    spec = RunSpec(competition_id="comp", seed=0, agent=AgentSpec(name="a", command=(sys.executable, "-c", AGENT, str(sleep)),
                   secrets=("MLEBENCH_TEST_SECRET",)),
                   public_dir=public_dir, run_dir=run_dir, time_limit=60, instructions=tmp_path / "i.txt",
                   description=public_dir / "description.md", run_group="g", gpus=("0", "1"))
    path = run_dir / "run_spec.json"
    NodeSpec(run=spec, runtime="local", allow_unsandboxed=True).write(path)
    return path


def test_spec_round_trips_with_secrets_by_name_only(tmp_path, monkeypatch):
    monkeypatch.setenv("MLEBENCH_TEST_SECRET", "s3cr3t-value")
    path = write_spec(tmp_path)
    text = path.read_text()
    assert "s3cr3t-value" not in text and "MLEBENCH_TEST_SECRET" in text and "private" not in text
    spec = NodeSpec.read(path)
    assert spec.run.agent.secrets == ("MLEBENCH_TEST_SECRET",) and spec.run.gpus == ("0", "1")
    assert spec.run.run_dir == path.parent and spec.run.checker_socket is None and spec.allow_unsandboxed
    assert spec.run.agent.command[0] == sys.executable and isinstance(spec.run.agent.command, tuple)


@pytest.mark.parametrize(("env", "runtime", "expected"), [
    ({}, "local", ()),
    ({"CUDA_VISIBLE_DEVICES": "0,1,2,3"}, "local", ()),  # the submitter's variable, no grant: no GPU
    ({"SLURM_JOB_GPUS": "3", "CUDA_VISIBLE_DEVICES": "3"}, "local", ("3",)),
    ({"SLURM_STEP_GPUS": "2,3", "CUDA_VISIBLE_DEVICES": "0,1"}, "local", ("0", "1")),  # cgroup-renumbered
    ({"SLURM_STEP_GPUS": "2,3", "CUDA_VISIBLE_DEVICES": "0,1"}, "docker", ("2", "3")),  # the node's own indices
])
def test_granted_gpus(env, runtime, expected):
    assert granted_gpus(env, runtime) == expected


def test_one_run_to_its_result_file_with_placement(tmp_path, monkeypatch):
    monkeypatch.setenv("MLEBENCH_TEST_SECRET", "x")
    path = write_spec(tmp_path)
    env = {"SLURM_ARRAY_JOB_ID": "7", "SLURM_ARRAY_TASK_ID": "1", "SLURMD_NODENAME": "n9", "SLURM_JOB_GPUS": "1",
           "CUDA_VISIBLE_DEVICES": "1"}
    assert run_node(path, env) == 0
    result = read_result(path.parent)
    assert result.exit_code == 0 and not result.timed_out and not result.infra_failure
    assert (path.parent / "submission" / "submission.csv").is_file()
    assert result.placement["job_id"] == "7_1" and result.placement["node"] == "n9" and result.placement["gpus"] == ["1"]
    before = (path.parent / RESULT_FILE).read_text()
    assert run_node(path, env) == 0 and (path.parent / RESULT_FILE).read_text() == before, "never run twice"


def test_public_data_the_node_cannot_see_is_an_infra_failure_naming_path_and_node(tmp_path):
    path = write_spec(tmp_path, public=False)
    assert run_node(path, {"SLURMD_NODENAME": "n4"}) == 0
    result = read_result(path.parent)
    assert result.infra_failure and "not visible on node n4" in result.error and "prepared/public" in result.error


def test_unreadable_spec_leaves_no_result(tmp_path, capsys):
    assert run_node(tmp_path / "nowhere" / "run_spec.json", {"SLURMD_NODENAME": "n4"}) == 2
    assert "not readable on node n4" in capsys.readouterr().err


def _start(path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(REPO), "MLEBENCH_TEST_SECRET": "x"}
    proc = subprocess.Popen([sys.executable, "-m", "pytest_mlebench.node", str(path)], env=env)
    deadline = time.monotonic() + 30
    while not written_by_agent(path.parent, "submission/submission.csv") and time.monotonic() < deadline:
        time.sleep(0.05)
    return proc



def test_schedulers_warning_signal_records_a_timeout(tmp_path):
    path = write_spec(tmp_path, sleep=60)
    proc = _start(path)
    proc.send_signal(signal.SIGUSR2)
    assert proc.wait(timeout=30) == 0
    result = read_result(path.parent)
    assert result.timed_out and not result.infra_failure and result.wall_seconds < 30


def test_cancellation_leaves_no_result(tmp_path):
    path = write_spec(tmp_path, sleep=60)
    proc = _start(path)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 143
    assert not (path.parent / RESULT_FILE).exists()


def test_format_checks_travel_through_the_runs_folder(tmp_path):
    relay = CheckRelay(tmp_path, poll_s=0.05)
    relay.serve("comp/seed0", lambda p: None if p.read_text() == "ok" else f"bad {p.suffix}")
    try:
        upload = tmp_path / "sub.csv"
        upload.write_text("ok")
        assert RelayedCheck(tmp_path, "comp/seed0")(upload) is None
        upload.write_text("no")
        assert RelayedCheck(tmp_path, "comp/seed0")(upload) == "bad .csv"
        assert RelayedCheck(tmp_path, "other/seed0", timeout=0.3)(upload) == UNANSWERED
    finally:
        relay.stop()
    assert sorted(p.name for p in (tmp_path / "checks").iterdir()) == [], "nothing left in checks/"
    assert relay.errors == []


def test_a_relay_dropped_without_stop_ends_its_thread(tmp_path):
    relay = CheckRelay(tmp_path, poll_s=0.01)
    relay.serve("comp/seed0", lambda p: None)
    thread = relay._thread
    assert thread is not None and thread.is_alive()
    del relay  # an executor dropped without close(), as a coordinator that crashed in this process
    gc.collect()
    thread.join(timeout=5)
    assert not thread.is_alive(), "every dropped relay would otherwise poll the runs folder until the process ends"
