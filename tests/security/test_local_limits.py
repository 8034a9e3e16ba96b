"""Hostile agents against the local runtime's resource limits: processes, memory, disk, and the warning when
nothing can enforce them. Each attack is bounded (a few hundred MiB, a few hundred processes, seconds)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import warnings
from pathlib import Path

import pytest

from pytest_mlebench.item import ItemContext, run_request
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.manifest import run_manifest
from pytest_mlebench.options import limit_settings
from pytest_mlebench.runtime import AgentSpec
from pytest_mlebench.runtime import limits as limits_module
from pytest_mlebench.runtime.cgroups import V2, RunCgroup, controller_parents
from pytest_mlebench.runtime.disk_quota import disk_usage
from pytest_mlebench.runtime.limits import (
    Limiter,
    ResourceLimits,
    ResourceLimitWarning,
    default_memory_limit,
    format_size,
    parse_size,
)
from pytest_mlebench.runtime.local import LocalRuntime
from tests.runtime.conftest import agent_log, needs_bwrap, run_spec, script_agent

CGROUPS = controller_parents(Path("/sys/fs/cgroup"), ["memory", "pids", "cpu"])
needs_cgroups = pytest.mark.skipif(
    not {"memory", "pids"} <= set(CGROUPS), reason="no writable memory and pids cgroups on this machine"
)

FORK_BOMB = """
    import os
    r, w = os.pipe()
    started = 0
    for _ in range(300):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:  # each child holds a process slot until the parent closes the pipe
            os.close(w)
            os.read(r, 1)
            os._exit(0)
        started += 1
    open("/home/logs/forked.txt", "w").write(str(started))
    os.close(w)
    for _ in range(started):
        os.wait()
"""

MEMORY_HOG = """
    chunks = []
    for i in range(32):  # 2 GiB in 64 MiB chunks, each written through
        chunks.append(b"\\x01" * (64 << 20))
        with open("/home/logs/allocated.txt", "w") as out:
            out.write(str(64 * (i + 1)))
    print("allocated 2048 MiB", flush=True)
"""

MEMORY_HOG_CAUGHT = """
    chunks = []
    try:
        for i in range(32):
            chunks.append(b"\\x01" * (64 << 20))
        print("allocated 2048 MiB", flush=True)
    except MemoryError:
        print(f"refused after {64 * len(chunks)} MiB", flush=True)
"""

DISK_FLOOD = """
    import shutil, time
    shutil.copyfile("/home/data/description.md", "/home/submission/submission.csv")
    with open("/home/code/flood.bin", "wb") as out:
        for _ in range(128):  # 512 MiB in 4 MiB chunks
            out.write(b"\\x01" * (4 << 20))
            out.flush()
            time.sleep(0.05)  # a steady writer: the 0.2 s watchdog sees it long before 512 MiB
    print("wrote 512 MiB", flush=True)
"""


@pytest.fixture
def layout(tmp_path) -> DataLayout:
    """A public folder with only a description: these agents never read competition data."""
    layout = DataLayout(tmp_path / "data", "limits-test")
    layout.public.mkdir(parents=True)
    (layout.public / "description.md").write_text("Resource limits.\n")
    return layout


@pytest.fixture
def fresh_warnings(monkeypatch):
    """A new session as far as the once-per-session warning goes."""
    monkeypatch.setattr(limits_module, "_warned", set())


def _run(tmp_path, layout, body: str, runtime: LocalRuntime | None = None, **fields):
    spec = run_spec(layout, tmp_path / "run", script_agent(tmp_path, "hostile", body), time_limit=60.0, **fields)
    return spec, (runtime or LocalRuntime(kill_grace=1.0)).run(spec)


@needs_bwrap
@needs_cgroups
def test_a_fork_bomb_stops_at_the_pids_limit(tmp_path, layout):
    spec, result = _run(tmp_path, layout, FORK_BOMB, pids_limit=100)

    forked = int((spec.logs_dir / "forked.txt").read_text())
    assert 0 < forked < 100, agent_log(spec)
    assert result.limits["pids"] == 100 and result.limits["enforced_by"]["pids"].startswith("cgroup")
    assert (result.exit_code, result.infra_failure) == (0, False)


@needs_bwrap
@needs_cgroups
def test_a_memory_hog_is_killed_at_the_memory_limit_and_recorded(tmp_path, layout):
    spec, result = _run(tmp_path, layout, MEMORY_HOG, memory="512m")

    allocated = int((spec.logs_dir / "allocated.txt").read_text())
    assert allocated <= 512, agent_log(spec)
    assert "allocated 2048 MiB" not in agent_log(spec)
    assert result.error == "the agent was killed for exceeding the memory limit (512m)"
    assert not result.infra_failure and not result.timed_out


@needs_bwrap
def test_without_cgroups_an_address_space_rlimit_refuses_the_memory_hog(tmp_path, layout, fresh_warnings):
    runtime = LocalRuntime(limiter=Limiter(cgroup_root=tmp_path / "no-cgroups"))
    with pytest.warns(ResourceLimitWarning):
        spec, result = _run(tmp_path, layout, MEMORY_HOG_CAUGHT, runtime, memory="512m")

    assert "refused after" in agent_log(spec), agent_log(spec)
    assert result.limits["enforced_by"]["memory"].startswith("rlimit")


@needs_bwrap
def test_a_disk_flood_is_stopped_at_the_quota_and_what_it_wrote_is_kept(tmp_path, layout):
    runtime = LocalRuntime(kill_grace=1.0, disk_poll=0.2)
    spec, result = _run(tmp_path, layout, DISK_FLOOD, runtime, disk_quota="128m")

    written = (spec.code_dir / "flood.bin").stat().st_size
    assert written < 512 << 20
    assert "wrote 512 MiB" not in agent_log(spec)
    assert result.error == "the agent was killed for exceeding the disk quota (128m)"
    assert result.exit_code != 0 and not result.infra_failure
    assert (spec.submission_dir / "submission.csv").is_file()  # graded like a timeout's


@needs_bwrap
def test_a_write_past_the_quota_between_polls_is_still_recorded(tmp_path, layout):
    body = 'open("/home/code/burst.bin", "wb").write(b"\\x01" * (48 << 20))\n'
    runtime = LocalRuntime(disk_poll=600.0)  # no poll during the run: only the final measurement sees it
    _, result = _run(tmp_path, layout, body, runtime, disk_quota="32m")

    assert result.error == "the agent was killed for exceeding the disk quota (32m)"


@needs_bwrap
def test_no_mechanism_warns_once_per_session_and_says_what_is_not_enforced(tmp_path, layout, fresh_warnings):
    runtime = LocalRuntime(limiter=Limiter(cgroup_root=tmp_path / "no-cgroups"))  # an empty cgroup root
    with pytest.warns(ResourceLimitWarning) as caught:
        _, result = _run(tmp_path, layout, "print('hello')", runtime, cpus=1.0)

    assert len(caught) == 1
    message = str(caught[0].message)
    assert "cpu, memory and pids limits are not enforced" in message and "RLIMIT_NPROC" in message
    assert result.limits["enforced_by"]["pids"] == "not enforced"
    assert result.limits["enforced_by"]["cpu"] == "not enforced"
    assert result.limits["enforced_by"]["memory"] == "not enforced"  # the derived default: no address-space rlimit
    again = tmp_path / "again"
    again.mkdir()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ResourceLimitWarning)  # the same warning a second time would raise
        _run(again, layout, "print('hello')", runtime, cpus=1.0)


@needs_cgroups
def test_the_run_cgroup_is_removed_with_what_is_left_in_it():
    applied = Limiter().apply(ResourceLimits(memory=256 << 20, pids=50), f"mlebench-test-{os.getpid()}")
    folders = list(applied.cgroup.folders)
    leftover = subprocess.Popen(applied.wrap(["sleep", "60"]), start_new_session=True)  # escaped its agent
    try:
        for _ in range(100):
            if all(str(leftover.pid) in (f / "cgroup.procs").read_text().split() for f in folders):
                break
            time.sleep(0.05)
        assert folders and all(str(leftover.pid) in (f / "cgroup.procs").read_text().split() for f in folders)

        applied.close()

        assert leftover.wait(timeout=10) == -signal.SIGKILL
        assert not any(f.exists() for f in folders)
    finally:
        leftover.kill()
        leftover.wait()
        applied.close()


def test_an_agent_with_its_own_uid_gets_an_nproc_rlimit_without_cgroups(tmp_path, fresh_warnings):
    applied = Limiter(cgroup_root=tmp_path, agent_uid=65534).apply(ResourceLimits(pids=64), "x")

    assert applied.rlimits == {"RLIMIT_NPROC": 64}
    assert applied.enforced_by["pids"] == "rlimit (per uid)"


def test_a_delegated_cgroup_v2_gets_every_limit(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpuset cpu io memory pids\n")
    (tmp_path / "cgroup.subtree_control").write_text("\n")
    (tmp_path / "self").write_text("0::/\n")

    parents = controller_parents(tmp_path, ["cpu", "memory", "pids"], self_cgroup=tmp_path / "self")
    run = RunCgroup.create(parents, "run", cpus=1.5, memory=512 << 20, pids=100)

    assert run.enforced == {"cpu": V2, "memory": V2, "pids": V2}
    folder = tmp_path / "run"
    assert (folder / "memory.max").read_text() == str(512 << 20)
    assert (folder / "pids.max").read_text() == "100"
    assert (folder / "cpu.max").read_text() == "150000 100000"
    (folder / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")
    assert run.oom_kills() == 1


def test_disk_usage_counts_blocks_once_per_file(tmp_path):
    (tmp_path / "a").write_bytes(b"\x01" * (1 << 20))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "link").hardlink_to(tmp_path / "a")
    with open(tmp_path / "sparse", "wb") as out:
        out.truncate(1 << 30)

    assert (1 << 20) <= disk_usage([tmp_path]) < (2 << 20)


@pytest.mark.parametrize(("text", "size"), [("512m", 512 << 20), ("20g", 20 << 30), ("1.5G", 3 << 29),
                                             ("64gb", 64 << 30), ("1024", 1024)])
def test_sizes_read_as_docker_reads_them(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "abc", "-1g", "0", "12x"])
def test_bad_sizes_are_refused(text):
    with pytest.raises(ValueError):
        parse_size(text)


def test_sizes_print_in_the_largest_whole_unit():
    assert [format_size(s) for s in (512 << 20, 2 << 30, 3 << 29, 1000)] == ["512m", "2g", "1536m", "1000"]


def test_the_default_memory_limit_shares_the_machine_between_workers(monkeypatch):
    physical = 64 << 30
    monkeypatch.setattr(limits_module.os, "sysconf", lambda name: {"SC_PAGE_SIZE": 4096}.get(name, physical // 4096))

    assert default_memory_limit(workers=1) == pytest.approx(physical * 0.9, rel=1e-3)
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "8")
    assert default_memory_limit() == pytest.approx(physical * 0.9 / 8, rel=1e-3)
    assert default_memory_limit(workers=64) == 2 << 30  # never under 2 GiB


class _Options:
    """A pytest config's `getoption` over a dict, for the option parsers."""

    def __init__(self, **values) -> None:
        self.values = {"cpus": None, "memory": None, "pids_limit": None, "disk_quota": None, **values}

    def getoption(self, name: str):
        return self.values[name]


def test_limit_options_resolve_into_settings_fields():
    fields = limit_settings(_Options(cpus=2.0, memory="8g", pids_limit="512", disk_quota="5g"))

    assert fields == {"cpus": 2.0, "memory": "8g", "pids_limit": 512, "disk_quota": "5g"}


@pytest.mark.parametrize("option", [{"pids_limit": "0"}, {"pids_limit": "many"}, {"disk_quota": "lots"},
                                    {"memory": "12x"}, {"cpus": 0.0}])
def test_bad_limit_options_are_usage_errors(option):
    with pytest.raises(pytest.UsageError, match="--"):
        limit_settings(_Options(**option))


def test_the_run_spec_carries_the_session_limits(registry, tmp_path):
    ctx = ItemContext(data_dir=tmp_path, runs_dir=tmp_path, run_group="g", agent=AgentSpec(name="a"),
                      runtime=LocalRuntime(), time_limit=10.0, pids_limit=77, disk_quota="1g")
    competition = registry.get("spooky-author-identification")
    answers = DataLayout(tmp_path, competition.id).prepared / competition.answers  # sizes the check socket's cap
    answers.parent.mkdir(parents=True)
    answers.write_text("id,EAP,HPL,MWS\nid1,1,0,0\n")

    spec = run_request(ctx, competition, 0, ()).spec

    assert (spec.pids_limit, spec.disk_quota) == (77, "1g")


def test_the_run_manifest_reports_the_limits_in_force(registry, tmp_path):
    limits = {"cpus": None, "memory": "512m", "pids": 100, "disk": "20g",
              "enforced_by": {"memory": "cgroup v1", "pids": "cgroup v1", "disk": "watchdog"}}
    manifest = run_manifest(competition=registry.get("spooky-author-identification"), agent=AgentSpec(name="a"),
                            runtime_name="local", sandboxed=True, time_limit=10.0, time_used=1.0, gpus=(),
                            data_dir=tmp_path, logs_dir=tmp_path, limits=limits)

    assert manifest["limits"] == limits
