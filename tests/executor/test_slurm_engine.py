"""The Slurm engine without a cluster: the job script and sbatch arguments, squeue parsing, option parsing."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pytest_mlebench.errors import ConfigError, InfraError
from pytest_mlebench.executor import NodeSpec
from pytest_mlebench.executor.slurm import SlurmEngine, SlurmOptions, node_command, parse_extra, slurm_memory
from pytest_mlebench.runtime import AgentSpec, RunSpec


def fake_tool(bin_dir: Path, name: str, script: str) -> None:
    path = bin_dir / name
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def bin_dir(tmp_path, monkeypatch):
    """Stand-ins for Slurm's clients: srun (submitit looks for it), sbatch recording its script, squeue."""
    folder = tmp_path / "bin"
    folder.mkdir()
    fake_tool(folder, "srun", "exit 0")
    fake_tool(folder, "sbatch", f'cp "$1" {tmp_path}/submitted.sh; echo "Submitted batch job 4242"')
    fake_tool(folder, "squeue", f'echo "$@" > {tmp_path}/squeue_args; cat {tmp_path}/squeue_out')
    fake_tool(folder, "scancel", f'echo "$@" > {tmp_path}/scancel_args')
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    return folder


def node_spec(tmp_path: Path, seed: int, **run) -> NodeSpec:
    spec = RunSpec(competition_id="comp", seed=seed, agent=AgentSpec(name="a", command=("python", "a.py"),
                   secrets=("OPENAI_API_KEY",), env={"MODE": "x"}),
                   public_dir=tmp_path / "data" / "comp" / "prepared" / "public", run_dir=tmp_path / "runs" / "g" / "comp" / f"seed{seed}",
                   time_limit=run.pop("time_limit", 3600), instructions=tmp_path / "i.txt", description=tmp_path / "d.md",
                   run_group="g", **run)
    return NodeSpec(run=spec, runtime="local")


def test_job_script_and_sbatch_arguments(tmp_path, bin_dir):
    options = SlurmOptions(partition="gpu", account="lab", qos="high", extra=parse_extra("--constraint=h100 --exclusive"),
                           max_concurrent=4, gpus=1)
    engine = SlurmEngine(tmp_path / "runs" / "g" / "slurm", options, python="/opt/py/bin/python")
    specs = [node_spec(tmp_path, s, cpus=7.5, memory="64g") for s in range(10)]
    paths = [s.run.run_dir / "run_spec.json" for s in specs]
    job_id = engine.submit("mlebench-g-abcd", specs, paths)
    assert job_id == "4242"
    script = (tmp_path / "submitted.sh").read_text()
    lines = script.splitlines()
    for flag in ("--array=0-9%4", "--gres=gpu:1", "--time=65", "--signal=USR2@120", "--cpus-per-task=8", "--mem=64G",
                 "--partition=gpu", "--account=lab", "--qos=high", "--constraint=h100", "--exclusive", "--no-requeue",
                 "--job-name=mlebench-g-abcd", "--nodes=1", "--ntasks-per-node=1"):
        assert f"#SBATCH {flag}" in lines, flag
    assert any(line.startswith("#SBATCH --output=") and "%A_%a" in line for line in lines)
    # Task i runs the i-th spec, all listed before sbatch ran; no pickle, nothing written after submission.
    start = lines.index("MLEBENCH_SPECS=(")
    assert lines[start + 1:start + 11] == [f"  {p}" for p in paths] and lines[start + 11] == ")"
    command = lines[-1] if lines[-1].strip() else lines[-2]
    assert command.startswith("srun ") and command.endswith(node_command("/opt/py/bin/python"))
    assert '"${MLEBENCH_SPECS[$SLURM_ARRAY_TASK_ID]}"' in command and "pytest_mlebench.node" in command


def test_a_short_limit_still_leaves_the_node_room_before_slurm_signals(tmp_path, bin_dir):
    engine = SlurmEngine(tmp_path / "slurm", SlurmOptions(gpus=0))
    spec = node_spec(tmp_path, 0, time_limit=5)
    engine.submit("b", [spec], [spec.run.run_dir / "run_spec.json"])
    lines = (tmp_path / "submitted.sh").read_text().splitlines()
    # 5 s + 300 s margin -> 6 minutes; USR2 at 120 s before the end (Slurm may send it up to 60 s early).
    assert "#SBATCH --time=6" in lines and "#SBATCH --array=0-0%1" in lines
    assert not any("--gres" in line or "--mem" in line or "--cpus-per-task" in line for line in lines)


def test_sbatch_refusal_is_an_infra_error_with_slurms_words(tmp_path, bin_dir):
    fake_tool(bin_dir, "sbatch", 'echo "sbatch: error: invalid partition specified: nope" >&2; exit 1')
    engine = SlurmEngine(tmp_path / "slurm", SlurmOptions(partition="nope"))
    spec = node_spec(tmp_path, 0)
    with pytest.raises(InfraError, match="invalid partition specified: nope"):
        engine.submit("b", [spec], [spec.run.run_dir / "run_spec.json"])


def test_squeue_lines_become_live_tasks(tmp_path, bin_dir):
    (tmp_path / "squeue_out").write_text("mlebench-a|17|0|RUNNING|node3\nmlebench-a|17|1|PENDING|\n"
                                         "mlebench-b|18|0-3%2|PENDING|\ngarbage\n")
    tasks = SlurmEngine(tmp_path, SlurmOptions()).poll(["mlebench-a", "mlebench-b"])
    assert {k: (v.state, v.job_id, v.node) for k, v in tasks.items()} == {
        ("mlebench-a", 0): ("RUNNING", "17_0", "node3"), ("mlebench-a", 1): ("PENDING", "17_1", None)}
    assert "--name=mlebench-a,mlebench-b" in (tmp_path / "squeue_args").read_text()
    fake_tool(bin_dir, "squeue", "exit 1")
    assert SlurmEngine(tmp_path, SlurmOptions()).poll(["mlebench-a"]) is None, "no answer is not 'all gone'"


def test_missing_clients_are_named(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(Exception, match="needs Slurm's sbatch, squeue, scancel, srun"):
        SlurmEngine(tmp_path, SlurmOptions()).check_available()


def test_option_parsing():
    assert parse_extra(None) == () and parse_extra("--a=1 --b") == ("--a=1", "--b")
    with pytest.raises(ConfigError, match="long sbatch options"):
        parse_extra("-p gpu")
    assert (slurm_memory("64g"), slurm_memory("512M"), slurm_memory("2048")) == ("64G", "512M", "2048M")
    with pytest.raises(ConfigError):
        slurm_memory("lots")
