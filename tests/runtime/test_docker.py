"""The docker runtime against the real engine: isolation, limits, the time limit, cleanup, file ownership.

Probe agents are Python scripts the test writes into the run's code/ folder; a probe image (the agent
environment plus a CMD that runs /home/code/probe.py) runs them and they report what they saw as JSON.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.runtime import AgentSpec, RunSpec
from pytest_mlebench.runtime.docker import (
    AGENT_LOG,
    LABEL_OWNER,
    LABEL_PROCESS,
    LABEL_SESSION,
    OWNER,
    RUNTIME_RECORD,
    DockerRuntime,
    _environment,
    _mounts,
    process_label,
    reap_stale_containers,
)
from tests.runtime import docker_fixtures

docker_client, agent_images, probe_image = (
    docker_fixtures.docker_client, docker_fixtures.agent_images, docker_fixtures.probe_image
)

pytestmark = pytest.mark.docker

SECRET_NAME = "MLEBENCH_TEST_SECRET"
LEAK_NAME = "MLEBENCH_TEST_NOT_PASSED"


@pytest.fixture(scope="session")
def runtime(docker_client) -> DockerRuntime:
    runtime = DockerRuntime(session_label=f"test-{uuid.uuid4().hex}", client=docker_client, stop_grace=2)
    yield runtime
    assert _our_containers(docker_client, runtime.session_label) == []


@pytest.fixture
def competition(tmp_path: Path) -> dict[str, Path]:
    """A prepared competition: public files beside private answers with a recognisable line."""
    public, private = tmp_path / "prepared" / "public", tmp_path / "prepared" / "private"
    public.mkdir(parents=True)
    private.mkdir(parents=True)
    (public / "sample_submission.csv").write_text("id,label\n1,0.5\n2,0.5\n")
    (public / "description.md").write_text("prepared description\n")
    (private / "answers.csv").write_text("id,label\n1,SECRET-ANSWER-7f3a\n")
    return {"public": public, "private": private, "root": tmp_path}


def _spec(competition: dict[str, Path], image: str, **changes) -> RunSpec:
    instructions = competition["root"] / "instructions.txt"
    instructions.write_text("read me\n")
    values = dict(
        competition_id="toy-competition", seed=3, agent=AgentSpec(name="probe", image=image),
        public_dir=competition["public"], run_dir=competition["root"] / "run", time_limit=60,
        instructions=instructions, description=competition["public"] / "description.md", run_group="docker-tests",
    )
    values.update(changes)
    return RunSpec(**values)


def _run_probe(runtime: DockerRuntime, competition, image: str, source: str, **changes):
    spec = _spec(competition, image, **changes)
    spec.code_dir.mkdir(parents=True, exist_ok=True)
    (spec.code_dir / "probe.py").write_text(textwrap.dedent(source))
    result = runtime.run(spec)
    assert _our_containers(runtime.client, runtime.session_label) == []
    report = spec.submission_dir / "probe.json"
    seen = json.loads(report.read_text()) if report.is_file() else None
    return spec, result, seen


def _our_containers(client, session_label: str) -> list[str]:
    return [c.name for c in client.containers.list(all=True, filters={"label": f"{LABEL_SESSION}={session_label}"})]


ISOLATION_PROBE = """
import json, os, socket

def attempt(action):
    try:
        action()
        return "succeeded"
    except Exception as error:
        return f"failed: {type(error).__name__}: {error}"

def read_answers():
    open(ANSWERS_PATH).read()

def write_data():
    with open("/home/data/new.csv", "w") as handle:
        handle.write("x")

def overwrite_data():
    with open("/home/data/sample_submission.csv", "a") as handle:
        handle.write("x")

def connect_out():
    socket.create_connection(("1.1.1.1", 53), timeout=3).close()

def resolve():
    socket.getaddrinfo("deb.debian.org", 80)

found = []
for top in ("/home", "/tmp", "/mnt", "/srv", "/opt", "/root", "/var"):
    for folder, _, files in os.walk(top):
        for name in files:
            try:
                with open(os.path.join(folder, name), "rb") as handle:
                    if b"SECRET-" + b"ANSWER-7f3a" in handle.read(1 << 20):  # split: this file holds no match
                        found.append(os.path.join(folder, name))
            except OSError:
                pass
report = {
    "read_answers": attempt(read_answers),
    "write_data": attempt(write_data),
    "overwrite_data": attempt(overwrite_data),
    "connect_out": attempt(connect_out),
    "resolve": attempt(resolve),
    "answer_files": found,
    "interfaces": sorted(os.listdir("/sys/class/net")),
    "uid": os.getuid(),
    "env": dict(os.environ),
    "description": open("/home/data/description.md").read(),
    "instructions": open("/home/instructions.txt").read(),
}
with open("/home/submission/probe.json", "w") as handle:
    json.dump(report, handle)
"""


@pytest.fixture
def isolation(runtime, competition, probe_image, monkeypatch):
    monkeypatch.setenv(SECRET_NAME, "s3cret-value")
    monkeypatch.setenv(LEAK_NAME, "must-not-appear")
    # World-writable on the host, so that only the read-only mount can stop the writes.
    competition["public"].chmod(0o777)
    for path in competition["public"].iterdir():
        path.chmod(0o666)
    source = ISOLATION_PROBE.replace("ANSWERS_PATH", repr(str(competition["private"] / "answers.csv")))
    agent = AgentSpec(name="probe", image=probe_image, env={"AGENT_OWN": "yes"}, secrets=(SECRET_NAME,))
    spec, result, seen = _run_probe(runtime, competition, probe_image, source, agent=agent)
    assert result.exit_code == 0, (spec.logs_dir / AGENT_LOG).read_text()
    return competition, seen


def test_dummy_agent_writes_its_submission(runtime, competition, agent_images):
    spec = _spec(competition, agent_images["dummy"], agent=AgentSpec(name="dummy", image=agent_images["dummy"]))
    result = runtime.run(spec)
    assert (result.exit_code, result.timed_out, result.infra_failure) == (0, False, False)
    assert (spec.submission_dir / "submission.csv").read_text() == "id,label\n1,0.5\n2,0.5\n"
    assert "dummy: copied" in (spec.logs_dir / AGENT_LOG).read_text()
    record = json.loads((spec.logs_dir / RUNTIME_RECORD).read_text())
    assert (record["exit_code"], record["timed_out"], record["network"]) == (0, False, "none")


def test_baseline_agent_submission_grades_on_a_practice_competition(runtime, agent_images, spooky, tmp_path):
    from pytest_mlebench.frames import read_csv
    from pytest_mlebench.scoring.grade import answers_path, check_submission_format, score_submission

    competition, data_dir, layout = spooky
    agent = AgentSpec(name="baseline", image=agent_images["baseline"])
    spec = RunSpec(competition_id=competition.id, seed=0, agent=agent, public_dir=layout.public, run_dir=tmp_path / "run",
                   time_limit=300, instructions=tmp_path / "none.txt", description=layout.public / "description.md")
    result = runtime.run(spec)
    assert (result.exit_code, result.timed_out) == (0, False), (spec.logs_dir / AGENT_LOG).read_text()[-3000:]
    submission = spec.submission_dir / "submission.csv"
    assert check_submission_format(competition, submission, data_dir) is None
    score = score_submission(competition, submission, read_csv(answers_path(competition, data_dir)))
    assert 0 < score < 35  # a log loss: finite, so every row got probabilities the grader accepts
    log = (spec.logs_dir / AGENT_LOG).read_text()
    # The synthetic data carries no signal to beat the sample with; that it trained shows in its log and output.
    assert "text model on" in log and "keeping the sample submission" not in log
    assert submission.read_text() != (layout.public / "sample_submission.csv").read_text()


def test_agent_cannot_read_the_answers(isolation):
    _, seen = isolation
    assert seen["read_answers"].startswith("failed: FileNotFoundError")
    assert seen["answer_files"] == []
    assert not any("SECRET-ANSWER" in value for value in seen["env"].values())


def test_agent_cannot_write_the_public_data(isolation):
    competition, seen = isolation
    assert "Read-only file system" in seen["write_data"]
    assert "Read-only file system" in seen["overwrite_data"]
    assert sorted(p.name for p in competition["public"].iterdir()) == ["description.md", "sample_submission.csv"]
    assert (competition["public"] / "sample_submission.csv").read_text() == "id,label\n1,0.5\n2,0.5\n"


def test_agent_cannot_reach_the_network(isolation):
    _, seen = isolation
    assert seen["connect_out"].startswith("failed: OSError")
    assert seen["resolve"].startswith("failed:")
    assert seen["interfaces"] == ["lo"]


def test_agent_runs_unprivileged_with_its_environment(isolation):
    _, seen = isolation
    env = seen["env"]
    assert seen["uid"] != 0
    assert (env["COMPETITION_ID"], env["SEED"], env["TIME_LIMIT_SECS"]) == ("toy-competition", "3", "60")
    assert (env["MLEBENCH_DATA"], env["CUDA_VISIBLE_DEVICES"]) == ("/home/data", "")
    assert (env["AGENT_OWN"], env[SECRET_NAME]) == ("yes", "s3cret-value")
    assert LEAK_NAME not in env
    assert (seen["description"], seen["instructions"]) == ("prepared description\n", "read me\n")


def test_network_is_opened_only_when_the_agent_asks(runtime, competition, probe_image):
    source = """
        import json, os
        json.dump(sorted(os.listdir("/sys/class/net")), open("/home/submission/probe.json", "w"))
    """
    agent = AgentSpec(name="probe", image=probe_image, network=True)
    _, result, interfaces = _run_probe(runtime, competition, probe_image, source, agent=agent)
    assert result.exit_code == 0
    assert interfaces != ["lo"] and "lo" in interfaces


def test_a_variant_description_is_shown_over_the_prepared_one(runtime, competition, probe_image):
    concise = competition["root"] / "description_concise.md"
    concise.write_text("short\n")
    source = """
        import json
        json.dump(open("/home/data/description.md").read(), open("/home/submission/probe.json", "w"))
    """
    _, result, shown = _run_probe(runtime, competition, probe_image, source, description=concise)
    assert (result.exit_code, shown) == (0, "short\n")
    assert (competition["public"] / "description.md").read_text() == "prepared description\n"


def test_time_limit_stops_the_agent_and_keeps_its_partial_submission(runtime, competition, probe_image):
    source = """
        import time
        open("/home/submission/submission.csv", "w").write("id,label\\n1,0.1\\n")
        print("partial written", flush=True)
        time.sleep(120)
    """
    started = time.monotonic()
    spec, result, _ = _run_probe(runtime, competition, probe_image, source, time_limit=3)
    elapsed = time.monotonic() - started
    assert result.timed_out and result.exit_code != 0
    assert 3 <= result.wall_seconds < 3 + 4 and elapsed < 3 + 8
    assert (spec.submission_dir / "submission.csv").read_text() == "id,label\n1,0.1\n"
    assert "partial written" in (spec.logs_dir / AGENT_LOG).read_text()
    assert json.loads((spec.logs_dir / RUNTIME_RECORD).read_text())["timed_out"] is True


def test_limits_reach_the_container(runtime, competition, probe_image):
    source = """
        import json, os
        def read(*paths):
            for path in paths:
                if os.path.exists(path):
                    return open(path).read().strip()
        stat = os.statvfs("/dev/shm")
        json.dump({
            "memory": read("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"),
            "cpu": read("/sys/fs/cgroup/cpu.max", "/sys/fs/cgroup/cpu/cpu.cfs_quota_us"),
            "period": read("/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
            "shm": stat.f_blocks * stat.f_frsize,
        }, open("/home/submission/probe.json", "w"))
    """
    _, result, seen = _run_probe(runtime, competition, probe_image, source, cpus=0.5, memory="256m", shm_size="64m")
    assert result.exit_code == 0
    assert int(seen["memory"]) == 256 * 2**20
    assert seen["shm"] == 64 * 2**20
    if seen["period"] is not None:  # cgroup v1: quota and period in two files
        assert int(seen["cpu"]) / int(seen["period"]) == 0.5
    else:
        quota, period = seen["cpu"].split()
        assert int(quota) / int(period) == 0.5


def test_submission_checker_is_reachable_and_answers(runtime, competition, probe_image, tmp_path_factory):
    from pytest_mlebench.checker import CheckerServer

    socket_dir = Path(tmp_path_factory.mktemp("sock", numbered=True))
    os.chmod(socket_dir, 0o700)
    checked: list[str] = []

    def check(path: Path) -> str | None:
        checked.append(path.read_text())
        return None if path.read_text().startswith("id,label") else "wrong header"

    source = """
        import json, subprocess
        open("/home/submission/submission.csv", "w").write("id,label\\n1,0.5\\n")
        open("/home/submission/bad.csv", "w").write("nope\\n")
        runs = [subprocess.run(["python3", "/home/validate_submission.py", *args], capture_output=True, text=True)
                for args in ([], ["/home/submission/bad.csv"])]
        json.dump([[r.returncode, r.stdout.strip()] for r in runs], open("/home/submission/probe.json", "w"))
    """
    with CheckerServer(check, socket_dir / "check.sock") as server:
        _, result, answers = _run_probe(runtime, competition, probe_image, source,
                                        checker_socket=socket_dir / "check.sock")
    assert result.exit_code == 0 and server.errors == []
    assert answers == [[0, "valid"], [1, "invalid: wrong header"]]
    assert checked == ["id,label\n1,0.5\n", "nope\n"]


def test_files_the_agent_writes_belong_to_the_run_folder_owner(runtime, competition, probe_image):
    source = """
        import os
        os.makedirs("/home/code/private/deeper", mode=0o700)
        for path in ("/home/code/private/deeper/model.bin", "/home/logs/notes.txt", "/home/submission/submission.csv"):
            with open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w") as handle:
                handle.write("x")
        os.chmod("/home/code/private", 0o500)
    """
    spec, result, _ = _run_probe(runtime, competition, probe_image, source)
    assert result.exit_code == 0
    owner = spec.run_dir.stat()
    written = [p for p in spec.run_dir.rglob("*")]
    assert {(p.stat().st_uid, p.stat().st_gid) for p in written} == {(owner.st_uid, owner.st_gid)}
    os.chmod(spec.code_dir / "private", 0o700)  # what the agent left read-only, its owner may open again
    shutil.rmtree(spec.run_dir)
    assert not spec.run_dir.exists()


def test_ctrl_c_during_a_run_still_removes_the_container(runtime, competition, probe_image, monkeypatch):
    def interrupted(container, time_limit):
        raise KeyboardInterrupt

    monkeypatch.setattr(runtime, "_wait", interrupted)
    spec = _spec(competition, probe_image)
    spec.code_dir.mkdir(parents=True)
    (spec.code_dir / "probe.py").write_text("import time; time.sleep(120)\n")
    with pytest.raises(KeyboardInterrupt):
        runtime.run(spec)
    assert _our_containers(runtime.client, runtime.session_label) == []


def test_reaper_removes_containers_whose_creator_died_and_keeps_live_ones(docker_client, agent_images):
    dead = subprocess.Popen(["true"])
    dead.wait()
    labels = {LABEL_OWNER: OWNER, LABEL_SESSION: f"test-reaper-{uuid.uuid4().hex}"}
    orphan = docker_client.containers.create(
        agent_images["base"], ["sleep", "600"], labels={**labels, LABEL_PROCESS: f"{socket.gethostname()}:{dead.pid}:?"})
    alive = docker_client.containers.create(
        agent_images["base"], ["sleep", "600"], labels={**labels, LABEL_PROCESS: process_label()})
    try:
        removed = reap_stale_containers(client=docker_client)
        remaining = _our_containers(docker_client, labels[LABEL_SESSION])
        assert orphan.name in removed and remaining == [alive.name]
        assert alive.name in reap_stale_containers(session_label=labels[LABEL_SESSION], client=docker_client)
        assert _our_containers(docker_client, labels[LABEL_SESSION]) == []
    finally:
        for container in (orphan, alive):
            try:
                container.remove(force=True)
            except Exception:
                pass


KILLED_WORKER = """
import sys
from pathlib import Path
from pytest_mlebench.runtime import AgentSpec, RunSpec
from pytest_mlebench.runtime.docker import DockerRuntime
root = Path(sys.argv[1])
spec = RunSpec(competition_id="toy-competition", seed=0, agent=AgentSpec(name="probe", image=sys.argv[2]),
               public_dir=root / "prepared" / "public", run_dir=root / "killed", time_limit=600,
               instructions=root / "none.txt", description=root / "none.md")
DockerRuntime(session_label=sys.argv[3]).run(spec)
"""


def test_a_killed_workers_container_is_reaped(runtime, competition, probe_image, docker_client):
    session = f"test-killed-{uuid.uuid4().hex}"
    code = competition["root"] / "killed" / "code"
    code.mkdir(parents=True)
    (code / "probe.py").write_text("import time; time.sleep(600)\n")
    worker = subprocess.Popen([sys.executable, "-c", KILLED_WORKER, str(competition["root"]), probe_image, session])
    try:
        deadline = time.monotonic() + 60
        while not [c for c in docker_client.containers.list(filters={"label": f"{LABEL_SESSION}={session}"})]:
            assert worker.poll() is None and time.monotonic() < deadline, "the worker never started its container"
            time.sleep(0.2)
    finally:
        worker.kill()  # SIGKILL: no finally clause of the worker runs, as when xdist loses a worker
        worker.wait()
    assert len(_our_containers(docker_client, session)) == 1
    reap_stale_containers(session_label=runtime.session_label, client=docker_client)
    assert _our_containers(docker_client, session) == []


def test_gpus_without_an_nvidia_runtime_is_a_prerequisite_error(runtime, competition, agent_images):
    if "nvidia" in runtime.client.info().get("Runtimes", {}):
        pytest.skip("This engine has an NVIDIA runtime; the missing-runtime error cannot be provoked here.")
    spec = _spec(competition, agent_images["dummy"], gpus=("0",))
    with pytest.raises(PrerequisiteError, match="NVIDIA"):
        runtime.run(spec)
    assert _our_containers(runtime.client, runtime.session_label) == []


def test_a_missing_image_names_the_build_command(runtime, competition):
    spec = _spec(competition, "mlebench-no-such-image:latest")
    with pytest.raises(PrerequisiteError, match="mlebench image build"):
        runtime.run(spec)


def test_gpus_are_requested_by_host_index_and_numbered_from_zero_inside(competition):
    spec = _spec(competition, "any:latest", gpus=("2", "5"))
    arguments = DockerRuntime(client=object())._create_arguments(spec, _environment(spec), "1000:1000")
    (request,) = arguments["device_requests"]
    assert (request.device_ids, request.capabilities) == (["2", "5"], [["gpu"]])
    assert arguments["environment"]["CUDA_VISIBLE_DEVICES"] == "0,1"
    assert "device_requests" not in DockerRuntime(client=object())._create_arguments(
        _spec(competition, "any:latest"), {}, "1000:1000")


def test_only_public_data_and_run_folders_are_mounted(competition):
    spec = _spec(competition, "any:latest")
    mounts = {m["Target"]: (m["Source"], m["ReadOnly"]) for m in _mounts(spec)}
    assert mounts["/home/data"] == (str(competition["public"].resolve()), True)
    assert {t for t, (_, read_only) in mounts.items() if not read_only} == {"/home/submission", "/home/logs", "/home/code"}
    assert not any(source.startswith(str(competition["private"].resolve())) for source, _ in mounts.values())


def test_a_second_build_with_nothing_changed_only_reads_labels(agent_images):
    from pytest_mlebench.images import build_images

    lines: list[str] = []
    started = time.monotonic()
    assert build_images(("dummy", "baseline"), log=lines.append) == agent_images
    assert time.monotonic() - started < 5
    assert lines and all(line.endswith("is up to date") for line in lines)


def test_the_cache_key_follows_every_input(tmp_path):
    from types import SimpleNamespace

    from pytest_mlebench.images import Recipe, inputs_key

    dockerfile, payload = tmp_path / "Dockerfile", tmp_path / "payload.txt"
    dockerfile.write_text("FROM x\nCOPY payload.txt /p\n")
    payload.write_text("one\n")
    recipe = Recipe("cache-test", "t:latest", dockerfile, {"payload.txt": payload})
    parent, args = SimpleNamespace(id="sha256:aaa"), {"BASE_IMAGE": "x"}
    key = inputs_key(recipe.context(), args, parent)
    payload.touch()  # a new mtime alone is no change
    assert inputs_key(recipe.context(), args, parent) == key
    assert inputs_key(recipe.context(), args, SimpleNamespace(id="sha256:bbb")) != key
    assert inputs_key(recipe.context(), {"BASE_IMAGE": "y"}, parent) != key
    payload.write_text("two\n")
    assert inputs_key(recipe.context(), args, parent) != key


def test_images_a_build_replaced_are_removed_and_tagged_ones_kept(docker_client, agent_images):
    from pytest_mlebench.images import _remove_replaced

    tree = io.BytesIO()
    with tarfile.open(fileobj=tree, mode="w") as tar:
        tar.addfile(tarfile.TarInfo("empty"), io.BytesIO(b""))
    answer = docker_client.api.import_image(src=tree.getvalue())  # no repository: an untagged image, as a rebuild leaves
    dangling = json.loads(answer.strip().splitlines()[-1])["status"]
    base = docker_client.images.get(agent_images["base"]).id
    _remove_replaced(docker_client, [base, dangling])
    ids = {image.id for image in docker_client.images.list(all=True)}
    assert dangling not in ids and base in ids


def test_no_engine_says_how_to_run_locally(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path}/no-engine.sock")
    with pytest.raises(PrerequisiteError, match="--runtime local"):
        DockerRuntime().check_available()
