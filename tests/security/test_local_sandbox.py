"""Hostile agents against the local (bubblewrap) runtime: each attack of the security review must fail.

Every agent here reports what it tried in its log or outputs; the assertions read those, never timings.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from pytest_mlebench.agents import load_agent_file
from pytest_mlebench.errors import ConfigError
from pytest_mlebench.executor import run_with_checker
from pytest_mlebench.runtime import AgentSpec
from pytest_mlebench.runtime.bubblewrap import sandbox_argv
from pytest_mlebench.runtime.local import LocalRuntime
from pytest_mlebench.runtime.staging import STAGE_DIR_ENV
from tests.runtime.conftest import REPO, agent_log, needs_bwrap, run_spec, script_agent

GROUP = "grp-secret-7f3a"
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="the attack needs a harness running as root")


@pytest.fixture
def stage_dir(tmp_path, monkeypatch):
    """A private stage root, so a test can see that nothing is left in it."""
    root = tmp_path / "stage"
    monkeypatch.setenv(STAGE_DIR_ENV, str(root))
    return root


def group_run_dir(tmp_path: Path, layout) -> Path:
    """A run folder laid out as the plugin lays it out: <runs>/<group>/<competition>/seed3."""
    return tmp_path / "runs" / GROUP / layout.competition_id / "seed3"


def run_agent(tmp_path, layout, body: str, **fields):
    agent = script_agent(tmp_path, "hostile", body)
    spec = run_spec(layout, group_run_dir(tmp_path, layout), agent, run_group=GROUP, **fields)
    result = LocalRuntime().run(spec)
    return spec, result, agent_log(spec)


PROC_ATTACK = """
    import os
    for knob in ("/proc/sys/vm/swappiness", "/proc/sys/kernel/core_pattern"):
        value = open(knob).read()
        try:
            with open(knob, "w") as handle:
                handle.write(value)
            print(f"{knob}: WRITTEN", flush=True)
        except OSError as exc:
            print(f"{knob}: refused ({type(exc).__name__})", flush=True)
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    print("uid", os.getuid(), "gid", os.getgid(), "groups", os.getgroups(), flush=True)
    print("NoNewPrivs", status["NoNewPrivs"].strip(), "CapEff", status["CapEff"].strip(), flush=True)
    mounts = [line.split() for line in open("/proc/self/mountinfo")]
    print("ro mounts", sorted(f[4] for f in mounts if f[4].startswith("/proc/") and "ro" in f[5].split(",")))
"""


@needs_bwrap
@as_root
def test_an_agent_under_a_root_harness_is_nobody_and_cannot_write_proc_sys(spooky, tmp_path, stage_dir):
    _, _, layout = spooky
    spec, result, log = run_agent(tmp_path, layout, PROC_ATTACK)
    assert "refused" in log and "WRITTEN" not in log, log
    uid_line = next(line for line in log.splitlines() if line.startswith("uid"))
    assert uid_line == "uid 65534 gid 65534 groups []", log
    assert "NoNewPrivs 1 CapEff 0000000000000000" in log


@needs_bwrap
def test_proc_sys_and_sysrq_are_read_only_mounts(spooky, tmp_path, stage_dir):
    _, _, layout = spooky
    _, _, log = run_agent(tmp_path, layout, PROC_ATTACK)
    mounted = next(line for line in log.splitlines() if line.startswith("ro mounts"))
    assert "'/proc/sys'" in mounted, log  # read-only whoever the agent is: the knobs are host-wide


MOUNTINFO = """
    import shutil
    shutil.copyfile("/proc/self/mountinfo", "/home/code/mountinfo.txt")
    shutil.copyfile("/home/data/sample_submission.csv", "/home/submission/submission.csv")
    print("COMPETITION_ID", __import__("os").environ["COMPETITION_ID"], flush=True)
"""


@needs_bwrap
@pytest.mark.parametrize("hide", [False, True], ids=["plain", "obfuscated"])
def test_the_mount_table_names_no_competition_group_or_data_path(spooky, tmp_path, stage_dir, hide):
    competition, data_dir, layout = spooky
    description = competition.folder / "description_obfuscated.md" if hide else layout.public / "description.md"
    agent = script_agent(tmp_path, "hostile", MOUNTINFO)
    spec = run_spec(layout, group_run_dir(tmp_path, layout), agent, run_group=GROUP, hide_competition_id=hide,
                    description=description if description.is_file() else layout.public / "description.md")
    result = run_with_checker(LocalRuntime(), spec, lambda path: None)  # the checker's socket is bound too
    assert result.exit_code == 0, agent_log(spec)
    mountinfo = (spec.code_dir / "mountinfo.txt").read_text()
    assert "/home/.mlebench/check.sock" in mountinfo and "/home/data" in mountinfo
    for leak in (layout.competition_id, GROUP, "prepared", str(data_dir), str(spec.run_dir)):
        assert leak not in mountinfo, (leak, mountinfo)
    if hide:
        assert layout.competition_id not in agent_log(spec)


@needs_bwrap
def test_files_the_agent_yaml_names_outside_its_folder_are_not_mounted(spooky, tmp_path, stage_dir):
    _, data_dir, layout = spooky
    other = data_dir / "other-competition" / "prepared" / "private"
    other.mkdir(parents=True)
    (other / "test.csv").write_text("id,answer\n1,secret\n")
    folder = tmp_path / "agent"
    folder.mkdir()
    (folder / "agent.py").write_text(
        "import sys\n"
        "for path in sys.argv[1:]:\n"
        "    try:\n"
        "        open(path).read()\n"
        "        print(path, 'READ', flush=True)\n"
        "    except OSError as exc:\n"
        "        print(path, 'unreadable', type(exc).__name__, flush=True)\n"
    )
    (folder / "agent.yaml").write_text(yaml.safe_dump(
        {"name": "reader", "command": ["python", "agent.py", "/etc/shadow", str(other / "test.csv")]}))
    agent = load_agent_file(folder / "agent.yaml")
    spec = run_spec(layout, group_run_dir(tmp_path, layout), agent, run_group=GROUP)
    LocalRuntime().run(spec)
    log = agent_log(spec)
    assert f"{other / 'test.csv'} unreadable FileNotFoundError" in log, log
    assert "/etc/shadow unreadable" in log and "READ" not in log


@pytest.mark.parametrize("where", ["data", "runs", "home", "root"])
def test_mounts_overlapping_data_runs_home_or_root_are_refused(spooky, tmp_path, where):
    _, data_dir, layout = spooky
    run_dir = group_run_dir(tmp_path, layout)
    run_dir.mkdir(parents=True, exist_ok=True)
    mount = {"data": data_dir / layout.competition_id, "runs": tmp_path / "runs", "home": Path.home().parent,
             "root": Path("/")}[where]
    agent = AgentSpec(name="m", command=("true",), mounts=(str(mount),), source=str(tmp_path / "m.yaml"))
    with pytest.raises(ConfigError, match=r"m\.yaml: field 'mounts'"):
        sandbox_argv(run_spec(layout, run_dir, agent, run_group=GROUP), "bwrap", 3, 4)


def test_a_yaml_mount_of_home_is_refused_when_loaded(tmp_path):
    (tmp_path / "a.yaml").write_text(yaml.safe_dump({"command": ["true"], "mounts": [str(Path.home())]}))
    with pytest.raises(ConfigError, match=r"a\.yaml: field 'mounts'"):
        load_agent_file(tmp_path / "a.yaml")


SKLEARN = """
    import sklearn.datasets as d
    for name in ("load_breast_cancer", "load_diabetes", "load_digits"):
        try:
            getattr(d, name)()
            print(name, "LOADED", flush=True)
        except Exception as exc:
            print(name, "failed", type(exc).__name__, flush=True)
"""


@needs_bwrap
def test_sklearn_bundled_datasets_are_hidden_in_the_sandbox(spooky, tmp_path, stage_dir):
    pytest.importorskip("sklearn")
    _, _, layout = spooky
    _, _, log = run_agent(tmp_path, layout, SKLEARN)
    assert log.count(" failed ") == 3 and "LOADED" not in log, log


OUTPUTS = """
    import os, sys, time
    open("/home/submission/submission.csv", "w").write(open("/home/data/sample_submission.csv").read())
    os.makedirs("/home/code/pkg")
    open("/home/code/pkg/solution.py", "w").write("print(1)\\n")
    open("/home/logs/agent.log", "w").write("the agent's own log\\n")
    open("/home/logs/notes.txt", "w").write("notes\\n")
    print("written", flush=True)
    if sys.argv[1:] == ["hang"]:
        time.sleep(600)
"""


@needs_bwrap
@pytest.mark.parametrize("hang", [False, True], ids=["exits", "killed-at-limit"])
def test_outputs_are_moved_into_the_run_folder_and_the_stage_is_removed(spooky, tmp_path, stage_dir, hang):
    _, _, layout = spooky
    agent = script_agent(tmp_path, "writer", OUTPUTS)
    if hang:
        agent = AgentSpec(name=agent.name, command=(*agent.command, "hang"), source=agent.source)
    spec = run_spec(layout, group_run_dir(tmp_path, layout), agent, run_group=GROUP,
                    time_limit=3.0 if hang else 120.0)
    result = LocalRuntime(kill_grace=1.0).run(spec)
    assert result.timed_out is hang and not result.infra_failure, agent_log(spec)
    submission = spec.submission_dir / "submission.csv"
    assert submission.read_bytes() == (layout.public / "sample_submission.csv").read_bytes()
    assert (spec.code_dir / "pkg" / "solution.py").read_text() == "print(1)\n"
    assert (spec.logs_dir / "notes.txt").read_text() == "notes\n"
    assert "written" in agent_log(spec)  # the harness's log is kept; the agent's own lands beside it
    assert (spec.logs_dir / "agent.log.sandbox").read_text() == "the agent's own log\n"
    assert json.loads((spec.logs_dir / "staging.json").read_text())["data"] == "linked"
    for path in (submission, spec.code_dir / "pkg" / "solution.py", spec.logs_dir / "notes.txt"):
        assert path.stat().st_uid == os.getuid()
    assert list(stage_dir.iterdir()) == []
    assert (layout.public / "sample_submission.csv").is_file()  # only the links were removed


@pytest.fixture
def practice_session(pytester, tmp_path, monkeypatch):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(REPO / "competitions"))
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv(STAGE_DIR_ENV, str(tmp_path / "stage"))
    return pytester


@needs_bwrap
def test_a_baseline_practice_session_still_passes_in_the_hardened_sandbox(practice_session, tmp_path):
    result = practice_session.runpytest_subprocess("-m", "practice", "--agent=baseline", "--run-group=sec",
                                                   "-n", "0", "-p", "no:cacheprovider")
    assert result.ret == 0, result.stdout.str()
    summary = json.loads((practice_session.path / "reports" / "sec" / "summary.json").read_text())
    assert summary["results"]["all"]["valid_submission"]["mean"] == 100.0, summary["results"]
    assert list((tmp_path / "stage").iterdir()) == []


SCRATCH = """
    import multiprocessing, os, pathlib, tempfile
    for folder in (os.environ["HOME"], tempfile.gettempdir(), "/var/tmp"):
        pathlib.Path(folder, "scratch.txt").write_text("x")
    multiprocessing.Lock()  # a semaphore in /dev/shm
    print("scratch ok", flush=True)
"""


@needs_bwrap
def test_the_unprivileged_agent_can_still_write_home_tmp_and_shared_memory(spooky, tmp_path, stage_dir):
    _, _, layout = spooky
    _, result, log = run_agent(tmp_path, layout, SCRATCH)
    assert "scratch ok" in log and result.exit_code == 0, log
