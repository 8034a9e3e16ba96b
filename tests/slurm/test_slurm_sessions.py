"""Sessions with --executor=slurm on a real single-node Slurm: same reports as inline, one GPU per run, the
concurrency cap, re-attaching after SIGKILL, scancel retried as an infra failure, agent failures not retried,
the time limit, and nothing left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.live import written_by_agent
from tests.plugin.toy import write_toy

REPO = Path(__file__).resolve().parents[2]
TIMING = {"MLEBENCH_SLURM_POLL_S": "0.3", "MLEBENCH_SLURM_GRACE_S": "1"}

AGENT = '''
import json, os, pathlib, shutil, sys, time
cid, seed = os.environ["COMPETITION_ID"], int(os.environ["SEED"])
action = {plan!r}.get(f"{{cid}}-{{seed}}", "sample")
logs = pathlib.Path(os.environ["MLEBENCH_LOGS"])
(logs / "seen.json").write_text(json.dumps({{"gpus": os.environ.get("CUDA_VISIBLE_DEVICES"), "start": time.time()}}))
shutil.copy(pathlib.Path(os.environ["MLEBENCH_DATA"]) / "sample_submission.csv",
            pathlib.Path(os.environ["MLEBENCH_SUBMISSION"]) / "submission.csv")
if action.startswith("sleep"):
    time.sleep(float(action[5:] or 600))
(logs / "end").write_text(str(time.time()))
if action == "fail":
    sys.exit(3)
'''


@pytest.fixture
def toy(tmp_path):
    comps = tmp_path / "competitions"
    write_toy(comps, "toy-a", "practice", "tabular")
    write_toy(comps, "toy-b", "low", "text")
    return tmp_path


def agent(folder: Path, plan: dict[str, str]) -> Path:
    (folder / "agent.py").write_text(AGENT.format(plan=plan))
    spec = folder / "agent.yaml"
    spec.write_text(yaml.safe_dump({"name": "planted", "command": [sys.executable, str(folder / "agent.py")]}))
    return spec


def session_argv(folder: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly",
            f"--runs-dir={folder / 'runs'}", f"--reports-dir={folder / 'reports'}", "--fail-on=never", *args]


def session_env(folder: Path) -> dict[str, str]:
    return {"PYTHONPATH": str(REPO), "MLEBENCH_COMPETITIONS_DIR": str(folder / "competitions"),
            "MLEBENCH_DATA_DIR": str(folder / "data"), **TIMING}


def run_session(cluster, folder: Path, *args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    proc = cluster.run(session_argv(folder, *args), check=False, cwd=folder, env={**cluster.env, **session_env(folder)},
                       timeout=timeout)
    assert cluster.jobs() == [], "a finished session leaves no job behind"
    return proc


def record(folder: Path, group: str, cid: str, seed: int) -> dict:
    return json.loads((folder / "runs" / group / cid / f"seed{seed}" / "report.json").read_text())


def ledger(folder: Path, group: str) -> list[dict]:
    return [json.loads(line) for line in (folder / "runs" / group / "ledger.jsonl").read_text().splitlines()]


def comparable(report: dict) -> dict:
    drop = {"created_at", "submission_path", "runtime_seconds", "run_group", "gpus", "manifest", "placement"}
    return {k: v for k, v in report.items() if k not in drop}


def test_practice_session_gives_the_same_reports_as_inline(slurm_cluster, tmp_path):
    reports = {}
    for executor in ("inline", "slurm"):
        args = ["-p", "no:cacheprovider", "--agent=dummy", "-m",
                "practice", "--seeds=2", f"--executor={executor}", f"--run-group={executor}",
                f"--runs-dir={tmp_path / 'runs'}", f"--reports-dir={tmp_path / 'reports'}",
                f"--data-dir={tmp_path / 'data'}"]
        proc = slurm_cluster.run([sys.executable, "-m", "pytest", *args], check=False, cwd=tmp_path,
                                 env={**slurm_cluster.env, **TIMING}, timeout=300)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
        assert "6 passed" in proc.stdout
        folder = tmp_path / "reports" / executor
        reports[executor] = {p.name: json.loads(p.read_text()) for p in sorted(folder.glob("seed*_grading_report.json"))}
        reports[executor]["summary"] = json.loads((folder / "summary.json").read_text())["results"]
    assert set(reports["slurm"]) == {"seed0_grading_report.json", "seed1_grading_report.json", "summary"}
    for name in ("seed0_grading_report.json", "seed1_grading_report.json"):
        inline, slurm = reports["inline"][name], reports["slurm"][name]
        assert [comparable(r) for r in inline["competition_reports"]] == [comparable(r) for r in slurm["competition_reports"]]
        assert {k: v for k, v in inline.items() if k.startswith("total")} == {k: v for k, v in slurm.items() if k.startswith("total")}
    assert reports["inline"]["summary"] == reports["slurm"]["summary"]
    placement = record(tmp_path, "slurm", "practice-digits", 0)["manifest"]["placement"]
    assert placement["executor"] == "slurm" and placement["node"] == slurm_cluster.host and placement["job_id"]


def test_one_gpu_per_run_and_at_most_two_at_once(slurm_cluster, toy):
    spec = agent(toy, {f"toy-{c}-{s}": "sleep2" for c in "ab" for s in range(3)})
    proc = run_session(slurm_cluster, toy, f"--agent={spec}", "--seeds=3", "--executor=slurm", "--run-group=g",
                       "--max-concurrent=2")
    assert proc.returncode == 0, proc.stdout[-3000:]
    spans = []
    for cid in ("toy-a", "toy-b"):
        for seed in range(3):
            logs = toy / "runs" / "g" / cid / f"seed{seed}" / "logs"
            seen = json.loads((logs / "seen.json").read_text())
            assert seen["gpus"] in ("0", "1"), f"{cid} seed {seed} saw GPUs {seen['gpus']!r}"
            spans.append((seen["start"], float((logs / "end").read_text()), seen["gpus"]))
            assert record(toy, "g", cid, seed)["gpus"] == seen["gpus"]
    for start, end, _gpu in spans:
        overlapping = [s for s in spans if s[0] < end and s[1] > start]
        assert len(overlapping) <= 2
        assert len({s[2] for s in overlapping}) == len(overlapping), "two runs at once shared a GPU"
    assert any(len([s for s in spans if s[0] < e and s[1] > b]) == 2 for b, e, _ in spans), "the cap was never reached"
    events = ledger(toy, "g")
    assert [e["event"] for e in events] == ["batch", "submitted"] and len(events[0]["runs"]) == 6
    script = next((toy / "runs" / "g" / "slurm").glob("*_submission.sh")).read_text()
    assert "#SBATCH --array=0-5%2" in script and "#SBATCH --gres=gpu:1" in script


def test_sigkilled_coordinator_rerun_reattaches_and_submits_nothing_new(slurm_cluster, toy):
    spec = agent(toy, {"toy-a-1": "sleep8"})
    argv = session_argv(toy, f"--agent={spec}", "--seeds=2", "-k", "toy-a", "--executor=slurm", "--run-group=k")
    proc = slurm_cluster.popen(argv, cwd=toy, env={**slurm_cluster.env, **session_env(toy)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    runs = toy / "runs" / "k" / "toy-a"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not ((runs / "seed0" / "report.json").is_file()
                                                and written_by_agent(runs / "seed1", "logs/seen.json")):
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert (runs / "seed0" / "report.json").is_file() and not (runs / "seed1" / "report.json").exists()
    assert len(slurm_cluster.jobs()) == 1, "the running job outlives its coordinator"
    graded = (runs / "seed0" / "report.json").read_text()
    again = run_session(slurm_cluster, toy, f"--agent={spec}", "--seeds=2", "-k", "toy-a", "--executor=slurm",
                        "--run-group=k")
    assert again.returncode == 0, again.stdout[-3000:]
    assert (runs / "seed0" / "report.json").read_text() == graded, "a graded run is taken as it is"
    second = record(toy, "k", "toy-a", 1)
    assert second["resumed"] is False and second["attempts"] == 1 and second["valid_submission"]
    assert [e["event"] for e in ledger(toy, "k")] == ["batch", "submitted"], "nothing was submitted again"


def test_scancel_is_an_infra_failure_resubmitted_once_and_a_failing_agent_is_not_retried(slurm_cluster, toy):
    spec = agent(toy, {"toy-a-0": "sleep6", "toy-b-0": "fail"})
    argv = session_argv(toy, f"--agent={spec}", "--executor=slurm", "--run-group=c", "--retries=1",
                        f"--junitxml={toy / 'c.xml'}")
    proc = slurm_cluster.popen(argv, cwd=toy, env={**slurm_cluster.env, **session_env(toy)},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    run_dir = toy / "runs" / "c" / "toy-a" / "seed0"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not written_by_agent(run_dir, "logs/seen.json"):
        time.sleep(0.2)
    first = ledger(toy, "c")
    job = next(e["job_id"] for e in first if e["event"] == "submitted")
    index = [r["key"] for r in first[0]["runs"]].index("toy-a/seed0")
    slurm_cluster.run(["scancel", f"{job}_{index}"])
    out, _ = proc.communicate(timeout=180)
    assert proc.returncode == 0, out[-3000:]
    assert slurm_cluster.jobs() == []
    cancelled = record(toy, "c", "toy-a", 0)
    assert cancelled["infra_failure"] is False and cancelled["attempts"] == 2 and cancelled["valid_submission"]
    failures = cancelled["manifest"]["placement"]["infra_failures"]
    assert len(failures) == 1 and f"{job}_{index}" in failures[0]
    assert (toy / "runs" / "c" / "toy-a" / "seed0.attempt1" / "logs" / "seen.json").is_file()
    failing = record(toy, "c", "toy-b", 0)
    assert failing["exit_code"] == 3 and failing["attempts"] == 1 and not failing["infra_failure"]
    events = ledger(toy, "c")
    assert [e["event"] for e in events] == ["batch", "submitted", "failed", "batch", "submitted"]
    assert [r["key"] for r in events[3]["runs"]] == ["toy-a/seed0"]


def test_time_limit_times_out_and_grades_the_partial_submission(slurm_cluster, toy):
    spec = agent(toy, {"toy-a-0": "sleep"})
    start = time.monotonic()
    proc = run_session(slurm_cluster, toy, f"--agent={spec}", "-k", "toy-a", "--executor=slurm", "--run-group=t",
                       "--time-limit=5")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert time.monotonic() - start < 90
    timed = record(toy, "t", "toy-a", 0)
    assert timed["timed_out"] is True and timed["valid_submission"] is True and timed["attempts"] == 1
    assert 5 <= timed["runtime_seconds"] < 15
    script = next((toy / "runs" / "t" / "slurm").glob("*_submission.sh")).read_text()
    assert "#SBATCH --time=6" in script and "#SBATCH --signal=USR2@120" in script and "--no-requeue" in script


def test_dash_n_has_no_use_with_slurm(slurm_cluster, toy):
    spec = agent(toy, {})
    proc = run_session(slurm_cluster, toy, f"--agent={spec}", "--executor=slurm", "-n", "2", "--co")
    assert proc.returncode == pytest.ExitCode.USAGE_ERROR and "-n has no use with --executor=slurm" in proc.stderr


def test_ctrl_c_leaves_jobs_running_with_the_resume_command_and_cancel_on_exit_cancels(slurm_cluster, toy):
    spec = agent(toy, {"toy-a-0": "sleep"})  # 600 s: no load on the machine lets it end before the Ctrl-C
    run_dir = toy / "runs" / "i" / "toy-a" / "seed0"

    def interrupted(*extra: str) -> str:
        argv = session_argv(toy, f"--agent={spec}", "-k", "toy-a", "--executor=slurm", "--run-group=i", *extra)
        proc = slurm_cluster.popen(argv, cwd=toy, env={**slurm_cluster.env, **session_env(toy)},
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not written_by_agent(run_dir, "logs/seen.json"):
            time.sleep(0.2)
        time.sleep(5)  # past collection and the session fixture's submission (or re-attachment)
        proc.send_signal(signal.SIGINT)
        return proc.communicate(timeout=60)[0]

    out = interrupted()
    assert "still queued or running in slurm" in out and "--run-group=i" in out, out[-2000:]
    assert len(slurm_cluster.jobs()) == 1, "Ctrl-C leaves the job running"
    out = interrupted("--cancel-on-exit")
    assert [e["event"] for e in ledger(toy, "i")] == ["batch", "submitted", "cancelled"], "re-attached, then cancelled"
    deadline = time.monotonic() + 30
    while slurm_cluster.jobs() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert slurm_cluster.jobs() == []
