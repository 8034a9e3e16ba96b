"""The local runtime: what the sandbox hides and refuses, the time limit, the environment, infra failures."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from pytest_mlebench.errors import ConfigError, PrerequisiteError
from pytest_mlebench.runtime import AgentSpec, make_runtime
from pytest_mlebench.runtime.bubblewrap import command_files, sandbox_argv
from pytest_mlebench.runtime.local import LocalRuntime
from tests.runtime.conftest import agent_log, needs_bwrap, run_spec, script_agent

HOSTILE = """
    import os, shutil, socket, subprocess
    def attempt(what, action):
        try:
            action()
            print(f"{what}: SUCCEEDED", flush=True)
        except OSError as exc:
            print(f"{what}: FAILED ({type(exc).__name__})", flush=True)
    attempt("read private", lambda: open(os.environ["PRIVATE_FILE"]).read())
    attempt("list data dir", lambda: os.listdir(os.environ["DATA_DIR"]))
    try:  # root in the sandbox must not be able to make the public data writable again
        subprocess.run(["mount", "-o", "remount,bind,rw", "/home/data"], capture_output=True)
    except OSError:
        pass
    attempt("write /home/data", lambda: open("/home/data/planted.csv", "w").write("x"))
    attempt("write host public", lambda: open(os.environ["HOST_PUBLIC"] + "/planted.csv", "w").write("x"))
    attempt("connect", lambda: socket.create_connection(("127.0.0.1", int(os.environ["PORT"])), timeout=2).close())
    shutil.copyfile("/home/data/sample_submission.csv", "/home/submission/submission.csv")
    print("done", flush=True)
"""


@pytest.fixture
def listener():
    """A TCP server on the host's loopback: reachable from the host, so a failed connect is the sandbox's doing."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server.getsockname()[1]
    server.close()


def hostile_agent(tmp_path, layout, port, network=False) -> AgentSpec:
    private_file = layout.private / "test.csv"
    env = {"PRIVATE_FILE": str(private_file), "DATA_DIR": str(layout.data_dir), "HOST_PUBLIC": str(layout.public),
           "PORT": str(port)}
    return script_agent(tmp_path, "hostile", HOSTILE, env=env, network=network)


@needs_bwrap
def test_hostile_agent_fails_at_each_attempt_and_the_run_completes(spooky, tmp_path, listener):
    competition, data_dir, layout = spooky
    assert (layout.private / "test.csv").read_text()  # readable from the host: only the sandbox can stop it
    spec = run_spec(layout, tmp_path / "run", hostile_agent(tmp_path, layout, listener))

    result = LocalRuntime().run(spec)

    log = agent_log(spec)
    for what in ("read private", "list data dir", "write /home/data", "write host public", "connect"):
        assert f"{what}: FAILED" in log, log
    assert "done" in log
    assert (result.exit_code, result.timed_out, result.infra_failure) == (0, False, False)
    assert not (layout.public / "planted.csv").exists()
    submission = spec.submission_dir / "submission.csv"
    assert submission.read_bytes() == (layout.public / "sample_submission.csv").read_bytes()
    assert submission.stat().st_uid == os.getuid()


@needs_bwrap
def test_an_agent_that_asks_for_network_can_connect(spooky, tmp_path, listener):
    _, _, layout = spooky
    spec = run_spec(layout, tmp_path / "run", hostile_agent(tmp_path, layout, listener, network=True))
    LocalRuntime().run(spec)
    assert "connect: SUCCEEDED" in agent_log(spec)
    assert "read private: FAILED" in agent_log(spec)


SLEEPER = """
    import signal, subprocess, sys, time
    def on_term(signum, frame):
        print("got SIGTERM, ignoring it", flush=True)
    signal.signal(signal.SIGTERM, on_term)
    open("/home/submission/submission.csv", "w").write("partial\\n")
    # A grandchild in its own session, as an agent escaping its process group would start one.
    subprocess.Popen(["sleep", sys.argv[1]], start_new_session=True)
    print("sleeping", flush=True)
    while True:
        time.sleep(0.2)
"""


def _processes_with(marker: str) -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if marker in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                found.append(int(pid))
        except OSError:
            continue
    return found


def _timed_out_run(runtime: LocalRuntime, spec, marker: str):
    start = time.monotonic()
    result = runtime.run(spec)
    elapsed = time.monotonic() - start
    time.sleep(0.2)  # the kernel reaps a killed namespace asynchronously
    return result, elapsed, _processes_with(marker)


@needs_bwrap
def test_an_agent_past_its_time_limit_is_killed_with_everything_it_started(spooky, tmp_path):
    _, _, layout = spooky
    marker = f"{os.getpid() % 1000 + 311}.25"
    agent = script_agent(tmp_path, "sleeper", SLEEPER)
    agent = AgentSpec(name=agent.name, command=(*agent.command, marker), source=agent.source)
    spec = run_spec(layout, tmp_path / "run", agent, time_limit=2.0)

    result, elapsed, left = _timed_out_run(LocalRuntime(kill_grace=1.0), spec, marker)

    assert result.timed_out and not result.infra_failure
    assert 2.0 <= elapsed < 30.0, elapsed  # killed by the runtime: the sleeper itself never ends
    assert left == []
    assert "got SIGTERM" in agent_log(spec)  # the grace period reached the agent before SIGKILL
    assert (spec.submission_dir / "submission.csv").read_text() == "partial\n"


ENV_DUMP = """
    import hashlib, json, os
    secret = os.environ.pop("AGENT_TOKEN", "")
    record = {
        "env": dict(os.environ),
        "secret_sha256": hashlib.sha256(secret.encode()).hexdigest(),
        "secret_in_init_cmdline": bool(secret) and secret.encode() in open("/proc/1/cmdline", "rb").read(),
        "description": open("/home/data/description.md").read(),
        "instructions": open("/home/instructions.txt").read().splitlines()[0],
        "cwd": os.getcwd(),
    }
    open("/home/logs/env.json", "w").write(json.dumps(record))
"""


@needs_bwrap
def test_environment_holds_the_run_variables_and_secrets_by_name_only(spooky, tmp_path, monkeypatch):
    _, _, layout = spooky
    secret = "s3cr3t-" + hashlib.sha256(str(tmp_path).encode()).hexdigest()[:16]
    monkeypatch.setenv("AGENT_TOKEN", secret)
    monkeypatch.setenv("HARNESS_ONLY_VARIABLE", "must not leak")
    concise = tmp_path / "concise.md"
    concise.write_text("# concise description\n")
    agent = script_agent(tmp_path, "env", ENV_DUMP, env={"AGENT_FLAG": "on"}, secrets=("AGENT_TOKEN",))
    spec = run_spec(layout, tmp_path / "run", agent, gpus=("3",), description=concise)

    LocalRuntime().run(spec)

    record = json.loads((spec.logs_dir / "env.json").read_text())
    env = record["env"]
    expected = {"COMPETITION_ID": layout.competition_id, "TIME_LIMIT_SECS": "120", "SEED": "3",
                "CUDA_VISIBLE_DEVICES": "3", "MLEBENCH_DATA": "/home/data", "AGENT_FLAG": "on"}
    assert {k: env.get(k) for k in expected} == expected
    assert "HARNESS_ONLY_VARIABLE" not in env
    assert record["secret_sha256"] == hashlib.sha256(secret.encode()).hexdigest()
    assert record["secret_in_init_cmdline"] is False
    assert record["description"] == "# concise description\n"
    assert record["instructions"].startswith("Instructions for every agent")
    for path in spec.run_dir.rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(errors="replace"), path


def test_a_missing_secret_is_a_prerequisite_error(spooky, tmp_path, monkeypatch):
    _, _, layout = spooky
    monkeypatch.delenv("AGENT_TOKEN", raising=False)
    agent = script_agent(tmp_path, "env", ENV_DUMP, secrets=("AGENT_TOKEN",))
    with pytest.raises(PrerequisiteError, match=r"\$AGENT_TOKEN"):
        LocalRuntime(allow_unsandboxed=True).run(run_spec(layout, tmp_path / "run", agent))


@needs_bwrap
def test_a_sandbox_that_cannot_start_is_an_infra_failure(spooky, tmp_path):
    _, _, layout = spooky
    agent = script_agent(tmp_path, "noop", "pass")
    spec = run_spec(layout, tmp_path / "run", agent, instructions=tmp_path / "missing-instructions.txt")
    result = LocalRuntime().run(spec)
    assert result.infra_failure
    assert "missing-instructions.txt" in result.error


def test_an_agent_without_a_command_is_a_config_error(spooky, tmp_path):
    _, _, layout = spooky
    with pytest.raises(ConfigError, match="--runtime docker"):
        LocalRuntime(allow_unsandboxed=True).run(run_spec(layout, tmp_path / "run", AgentSpec(name="img", image="x")))


def test_folders_named_by_the_command_are_never_bound(tmp_path):
    script = tmp_path / "agent.py"
    script.write_text("")
    command = ["/bin/ls", "/", str(Path.home()), str(tmp_path), str(script), "relative.py"]
    assert command_files(command, folder=tmp_path) == [script]


def test_a_command_file_beside_the_answers_is_refused(spooky, tmp_path):
    _, _, layout = spooky  # an agent whose own folder is the private one: its files would show the answers
    agent = AgentSpec(name="cheat", command=("cat", str(layout.private / "test.csv")),
                      source=str(layout.private / "cheat.yaml"))
    spec = run_spec(layout, tmp_path / "run", agent)
    with pytest.raises(ConfigError, match="private answers"):
        sandbox_argv(spec, "bwrap", 3, 4)


@pytest.fixture
def without_bwrap(monkeypatch):
    monkeypatch.setattr("pytest_mlebench.runtime.local.shutil.which", lambda name: None)


def test_without_bubblewrap_the_runtime_says_how_to_fix_it(without_bwrap):
    with pytest.raises(PrerequisiteError, match="install bubblewrap.*--allow-unsandboxed"):
        make_runtime("local").check_available()
    make_runtime("local", allow_unsandboxed=True).check_available()


UNSANDBOXED = """
    import os, shutil, subprocess, sys, time
    data = os.environ["MLEBENCH_DATA"]
    print("description", open(os.path.join(data, "description.md")).read().strip(), flush=True)
    shutil.copyfile(os.path.join(data, "sample_submission.csv"),
                    os.path.join(os.environ["MLEBENCH_SUBMISSION"], "submission.csv"))
    subprocess.Popen(["sleep", sys.argv[1]])
    time.sleep(60)
"""


def test_unsandboxed_runs_use_the_same_layout_and_time_limit(spooky, tmp_path, without_bwrap):
    _, _, layout = spooky
    marker = f"{os.getpid() % 1000 + 411}.75"
    concise = tmp_path / "concise.md"
    concise.write_text("concise words")
    agent = script_agent(tmp_path, "plain", UNSANDBOXED)
    agent = AgentSpec(name=agent.name, command=(*agent.command, marker), source=agent.source)
    spec = run_spec(layout, tmp_path / "run", agent, time_limit=2.0, description=concise)

    result, elapsed, left = _timed_out_run(LocalRuntime(allow_unsandboxed=True, kill_grace=1.0), spec, marker)

    assert result.timed_out and elapsed < 6.0
    assert left == []
    assert "description concise words" in agent_log(spec)
    assert (spec.submission_dir / "submission.csv").read_bytes() == (layout.public / "sample_submission.csv").read_bytes()


def test_run_result_fields(spooky, tmp_path):
    _, _, layout = spooky
    agent = script_agent(tmp_path, "exit3", "import sys; print('bye'); sys.exit(3)")
    spec = run_spec(layout, tmp_path / "run", agent)
    result = LocalRuntime(allow_unsandboxed=True).run(spec)
    assert (result.exit_code, result.timed_out, result.runtime, result.infra_failure) == (3, False, "local", False)
    assert result.submission_path == str(spec.run_dir / "submission" / "submission.csv")
    assert 0 < result.wall_seconds < 30
    assert "bye" in agent_log(spec)


@pytest.mark.parametrize("sandboxed", [True, False], ids=["bwrap", "unsandboxed"])
def test_an_interrupted_session_kills_the_agent(spooky, tmp_path, monkeypatch, sandboxed):
    if sandboxed and not LocalRuntime().sandboxed:
        pytest.skip("bubblewrap is missing or cannot create a sandbox on this machine.")
    if not sandboxed:
        monkeypatch.setattr("pytest_mlebench.runtime.local.shutil.which", lambda name: None)
    _, _, layout = spooky
    marker = f"{os.getpid() % 1000 + 511}.5"
    agent = script_agent(tmp_path, "long", "import subprocess, sys; subprocess.run(['sleep', sys.argv[1]])")
    spec = run_spec(layout, tmp_path / "run", AgentSpec(name="long", command=(*agent.command, marker), source=agent.source))
    real_wait = subprocess.Popen.wait

    def interrupted_wait(self, timeout=None):
        if timeout is not None and timeout > 60:  # the runtime's wait for the agent, not the cleanup's
            time.sleep(0.5)
            raise KeyboardInterrupt
        return real_wait(self, timeout)

    monkeypatch.setattr(subprocess.Popen, "wait", interrupted_wait)
    with pytest.raises(KeyboardInterrupt):
        LocalRuntime(allow_unsandboxed=True).run(spec)
    time.sleep(0.2)
    assert _processes_with(marker) == []
