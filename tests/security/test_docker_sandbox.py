"""Hostile agents in docker containers: no capabilities, read-only kernel knobs, bounded processes and memory,
the container runtime checked at session start, and scikit-learn's bundled datasets (the practice answers) hidden.

Each probe is a Python script the test writes into the run's code/ folder; the probe image runs it as the agent
and it reports what it saw as JSON in its submission folder.
"""

from __future__ import annotations

import json
import textwrap
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.runtime import AgentSpec, RunSpec
from pytest_mlebench.runtime.docker import (
    AGENT_LOG,
    LABEL_SESSION,
    RUNTIME_RECORD,
    DockerRuntime,
    _environment,
)
from pytest_mlebench.runtime.limits import MIN_DEFAULT_MEMORY
from pytest_mlebench.runtime.limits import default_memory_limit as _default_memory_limit
from tests.runtime.docker_fixtures import agent_images, docker_client, probe_image  # noqa: F401  (fixtures)

pytestmark = pytest.mark.docker
REPO = Path(__file__).resolve().parents[2]
ZERO_CAPS = "0000000000000000"


@pytest.fixture
def runtime(docker_client):  # noqa: F811
    runtime = DockerRuntime(session_label=f"test-sec-{uuid.uuid4().hex}", client=docker_client, stop_grace=2)
    yield runtime
    assert _containers(docker_client, runtime.session_label) == []


def _containers(client, session_label: str) -> list[str]:
    return [c.name for c in client.containers.list(all=True, filters={"label": f"{LABEL_SESSION}={session_label}"})]


def _spec(root: Path, image: str, **changes) -> RunSpec:
    public = root / "public"
    public.mkdir(parents=True, exist_ok=True)
    (public / "sample_submission.csv").write_text("id,label\n1,0.5\n")
    (root / "instructions.txt").write_text("read me\n")
    values = dict(
        competition_id="toy-competition", seed=0, agent=AgentSpec(name="probe", image=image), public_dir=public,
        run_dir=root / "run", time_limit=120, instructions=root / "instructions.txt",
        description=public / "description.md", run_group="docker-security-tests",
    )
    values.update(changes)
    return RunSpec(**values)


def _run_probe(runtime: DockerRuntime, root: Path, image: str, source: str, **changes):
    """Run `source` as the agent; returns (spec, result, what it reported, the runtime's docker.json)."""
    spec = _spec(root, image, **changes)
    spec.code_dir.mkdir(parents=True, exist_ok=True)
    (spec.code_dir / "probe.py").write_text(textwrap.dedent(source))
    result = runtime.run(spec)
    report = spec.submission_dir / "probe.json"
    seen = json.loads(report.read_text()) if report.is_file() else None
    assert seen is not None, (spec.logs_dir / AGENT_LOG).read_text()[-3000:]
    return spec, result, seen, json.loads((spec.logs_dir / RUNTIME_RECORD).read_text())


def test_agent_has_no_capabilities_and_no_new_privileges(runtime, probe_image, tmp_path):  # noqa: F811
    source = """
        import json
        status = dict(line.split(":\\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\\t" in line)
        json.dump({k: status[k].strip() for k in ("CapEff", "CapPrm", "CapBnd", "CapAmb", "NoNewPrivs")},
                  open("/home/submission/probe.json", "w"))
    """
    _, result, seen, _ = _run_probe(runtime, tmp_path, probe_image, source)
    assert result.exit_code == 0
    # The bounding set is what a setuid binary or a root process in the container could regain: empty.
    assert (seen["CapEff"], seen["CapPrm"], seen["CapBnd"], seen["CapAmb"]) == (ZERO_CAPS,) * 4
    assert seen["NoNewPrivs"] == "1"


def test_proc_sys_is_read_only_and_sysrq_trigger_is_masked(runtime, probe_image, tmp_path):  # noqa: F811
    source = """
        import json, os, stat
        try:
            with open("/proc/sys/vm/swappiness", "w") as handle:
                handle.write("0")
            swappiness = "written"
        except OSError as error:
            swappiness = os.strerror(error.errno)
        if not os.path.exists("/proc/sysrq-trigger"):
            sysrq = "absent"
        else:
            mode = os.stat("/proc/sysrq-trigger")
            null = stat.S_ISCHR(mode.st_mode) and (os.major(mode.st_rdev), os.minor(mode.st_rdev)) == (1, 3)
            sysrq = "null device" if null else "reachable"
        json.dump({"swappiness": swappiness, "sysrq": sysrq}, open("/home/submission/probe.json", "w"))
    """
    _, result, seen, _ = _run_probe(runtime, tmp_path, probe_image, source)
    assert result.exit_code == 0
    # Read-only mount, not only file permissions: a root process in the container is refused the same way.
    assert seen["swappiness"] == "Read-only file system"
    # Docker binds /dev/null over it; a kernel built without magic SysRq (some VMs) has no such file at all.
    assert seen["sysrq"] == ("null device" if Path("/proc/sysrq-trigger").exists() else "absent")


FORK_ATTACK = """
import json, os, time
started = 0
for _ in range(300):
    try:
        if os.fork() == 0:
            time.sleep(120)  # ended with the container when the probe exits (docker-init stops it)
            os._exit(0)
        started += 1
    except OSError:
        pass
json.dump({"started": started}, open("/home/submission/probe.json", "w"))
"""


def test_pids_limit_bounds_a_fork_attack(runtime, probe_image, tmp_path):  # noqa: F811
    _, result, seen, record = _run_probe(runtime, tmp_path, probe_image, FORK_ATTACK, pids_limit=100, time_limit=60)
    assert result.exit_code == 0 and not result.timed_out
    assert seen["started"] < 100  # docker-init and the probe itself count too
    assert record["limits"]["pids"] == 100 and result.limits["pids"] == 100


DISK_ATTACK = """
import json, os, time
json.dump({"started": True}, open("/home/submission/probe.json", "w"))
with open("/home/logs/filler.bin", "wb") as handle:
    for _ in range(512):  # 512 MiB, well past the 64m quota
        handle.write(b"x" * 2**20)
        handle.flush()
time.sleep(60)
"""


def test_disk_quota_stops_a_container_that_fills_its_folders(docker_client, probe_image, tmp_path):  # noqa: F811
    runtime = DockerRuntime(session_label=f"disk-{uuid.uuid4().hex}", client=docker_client, disk_poll=0.2)
    spec, result, _, record = _run_probe(runtime, tmp_path, probe_image, DISK_ATTACK, disk_quota="64m", time_limit=60)
    assert not result.timed_out and result.wall_seconds < 50
    assert result.error == "the agent was killed for exceeding the disk quota (64m)"
    assert record["error"] == result.error and record["limits"]["disk"] == "64m"
    assert (spec.submission_dir / "probe.json").is_file()  # what it wrote before the kill is kept and graded


def test_default_memory_limit_is_set_on_the_container_and_recorded(runtime, probe_image, tmp_path, monkeypatch):  # noqa: F811
    inspected: dict[str, int] = {}
    wait = runtime._wait

    def inspect_then_wait(container, time_limit):
        container.reload()
        inspected.update(container.attrs["HostConfig"])
        return wait(container, time_limit)

    monkeypatch.setattr(runtime, "_wait", inspect_then_wait)
    source = """
        import json
        limit = open("/sys/fs/cgroup/memory/memory.limit_in_bytes").read().strip() if __import__("os").path.exists(
            "/sys/fs/cgroup/memory/memory.limit_in_bytes") else open("/sys/fs/cgroup/memory.max").read().strip()
        json.dump({"limit": limit}, open("/home/submission/probe.json", "w"))
    """
    _, result, seen, record = _run_probe(runtime, tmp_path, probe_image, source)
    expected = _default_memory_limit()
    assert result.exit_code == 0
    assert inspected["Memory"] == expected == int(seen["limit"]) and inspected["MemorySwap"] == expected
    assert record["limits"]["memory"] == expected and record["limits"]["memory_source"] == "default"
    assert result.limits["memory"] == expected


def test_default_memory_is_shared_by_the_workers_and_at_least_2_gib(monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    alone = _default_memory_limit()
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "4")
    assert abs(_default_memory_limit() - max(MIN_DEFAULT_MEMORY, alone / 4)) <= 2**20
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "100000")
    assert _default_memory_limit() == MIN_DEFAULT_MEMORY


def test_memory_option_overrides_the_default(tmp_path):
    spec = _spec(tmp_path, "any:latest", memory="256m")
    arguments = DockerRuntime(client=object())._create_arguments(spec, _environment(spec), "1000:1000")
    assert (arguments["mem_limit"], arguments["memswap_limit"]) == ("256m", "256m")


def test_a_missing_docker_runtime_is_one_sentence_at_check(docker_client, tmp_path):  # noqa: F811
    with pytest.raises(PrerequisiteError) as caught:
        DockerRuntime(client=docker_client, docker_runtime="nonexistent").check_available()
    message = str(caught.value)
    assert "'nonexistent'" in message and "install" in message and message.count(". ") == 0
    available = next(iter(docker_client.info()["Runtimes"]))
    runtime = DockerRuntime(client=docker_client, docker_runtime=available)
    runtime.check_available()
    spec = _spec(tmp_path, "any:latest")
    assert runtime._create_arguments(spec, _environment(spec), "1000:1000")["runtime"] == available


def test_a_missing_docker_runtime_stops_the_session_before_any_run(pytester, docker_client, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "data"))
    result = pytester.runpytest_subprocess(
        "--agent=dummy", "--runtime=docker", "--docker-runtime=nonexistent", "-k", "practice-breast-cancer",
        "--run-group=no-runtime", "-p", "no:cacheprovider",
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    lines = [line for line in result.stderr.lines if "nonexistent" in line]
    assert len(lines) == 1 and "no container runtime 'nonexistent'" in lines[0]
    assert not (pytester.path / "runs").exists() and not (tmp_path / "data").exists()


SKLEARN_PROBE = """
import glob, json, os, sklearn
from sklearn.datasets import load_breast_cancer
try:
    load_breast_cancer()
    loaded = "loaded"
except Exception as error:
    loaded = f"failed: {type(error).__name__}"
files = glob.glob(os.path.join(os.path.dirname(sklearn.__file__), "datasets", "*", "breast_cancer*"))
json.dump({"loaded": loaded, "files": files}, open("/home/submission/probe.json", "w"))
"""


def test_sklearn_bundled_datasets_are_hidden_from_the_agent(runtime, probe_image, tmp_path):  # noqa: F811
    _, result, seen, record = _run_probe(runtime, tmp_path, probe_image, SKLEARN_PROBE)
    assert result.exit_code == 0
    assert seen["loaded"].startswith("failed:") and seen["files"] == []
    assert any(path.endswith("/sklearn/datasets/data") for path in record["masked"])


def test_baseline_in_docker_still_grades_a_practice_competition_valid(pytester, agent_images, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "data"))
    junit = pytester.path / "junit.xml"
    result = pytester.runpytest_subprocess(
        "--agent=baseline", "--runtime=docker", "-k", "practice-breast-cancer", "--run-group=sec-dock",
        "--pids-limit=512", f"--junitxml={junit}", "-p", "no:cacheprovider",
    )
    result.assert_outcomes(passed=1)
    props = {p.get("name"): p.get("value") for p in ET.parse(junit).getroot().iter("property")}
    assert props["valid_submission"] == "True" and float(props["score"]) > 0.9
    run = pytester.path / "runs" / "sec-dock" / "practice-breast-cancer" / "seed0"
    limits = json.loads((run / "report.json").read_text())["manifest"]["limits"]
    assert (limits["pids"], limits["memory"], limits["memory_source"]) == (512, _default_memory_limit(), "default")
    assert json.loads((run / "logs" / RUNTIME_RECORD).read_text())["masked"]  # the defences were on
