"""One behaviour suite that every runtime passes: the same probe agents, the same expectations.

A probe is a standard-library script: the local runtime runs it with this Python, the docker runtime in the
probe image from /home/code/probe.py. Each runtime's own file tests what only it does.
"""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
import uuid

import pytest

from pytest_mlebench.executor import run_with_checker
from pytest_mlebench.runtime import AgentSpec
from pytest_mlebench.runtime.local import LocalRuntime
from tests.runtime import docker_fixtures
from tests.runtime.conftest import agent_log, run_spec

docker_client, agent_images, probe_image = (
    docker_fixtures.docker_client, docker_fixtures.agent_images, docker_fixtures.probe_image
)


@pytest.fixture(params=["local", pytest.param("docker", marks=pytest.mark.docker)])
def harness(request):
    """(runtime, make_agent): make_agent(script, folder, **fields) -> an AgentSpec running that script."""
    if request.param == "local":
        runtime = LocalRuntime()
        if not runtime.sandboxed:
            pytest.skip("bubblewrap is missing or cannot create a sandbox on this machine.")

        def make_agent(script, folder, **fields):
            return AgentSpec(name="probe", command=(sys.executable, str(script)), source=str(folder / "probe.yaml"),
                             **fields)
    else:
        from pytest_mlebench.runtime.docker import DockerRuntime

        image = request.getfixturevalue("probe_image")
        runtime = DockerRuntime(session_label=f"contract-{uuid.uuid4().hex}",
                                client=request.getfixturevalue("docker_client"))

        def make_agent(script, folder, **fields):
            return AgentSpec(name="probe", image=image, **fields)
    return runtime, make_agent


def run_probe(harness, spooky, tmp_path, body: str, agent_fields: dict | None = None, **fields):
    runtime, make_agent = harness
    _, _, layout = spooky
    script = tmp_path / "agent" / "probe.py"
    script.parent.mkdir()
    script.write_text(textwrap.dedent(body))
    spec = run_spec(layout, tmp_path / "run", make_agent(script, tmp_path, **(agent_fields or {})), **fields)
    spec.code_dir.mkdir(parents=True)
    (spec.code_dir / "probe.py").write_text(script.read_text())  # where the docker probe image looks
    return spec, runtime.run(spec)


def test_submission_output_and_result_fields(harness, spooky, tmp_path):
    spec, result = run_probe(harness, spooky, tmp_path, """
        import shutil
        print("probe says hello", flush=True)
        shutil.copyfile("/home/data/sample_submission.csv", "/home/submission/submission.csv")
    """)
    assert (result.exit_code, result.timed_out, result.infra_failure, result.error) == (0, False, False, None)
    assert result.runtime == harness[0].name
    assert (result.run_dir, result.logs_dir, result.code_dir) == (str(spec.run_dir), str(spec.logs_dir), str(spec.code_dir))
    assert result.submission_path == str(spec.submission_dir / "submission.csv")
    assert (spec.submission_dir / "submission.csv").read_bytes() == (spec.public_dir / "sample_submission.csv").read_bytes()
    assert "probe says hello" in agent_log(spec)


def test_the_agents_exit_code_is_reported(harness, spooky, tmp_path):
    _, result = run_probe(harness, spooky, tmp_path, "import sys; sys.exit(3)")
    assert (result.exit_code, result.timed_out, result.infra_failure) == (3, False, False)


def test_the_time_limit_stops_the_agent_and_keeps_what_it_wrote(harness, spooky, tmp_path):
    spec, result = run_probe(harness, spooky, tmp_path, """
        import time
        open("/home/submission/submission.csv", "w").write("partial\\n")
        time.sleep(120)
    """, time_limit=2)
    assert result.timed_out and not result.infra_failure
    assert 2 <= result.wall_seconds < 2 + 6
    assert (spec.submission_dir / "submission.csv").read_text() == "partial\n"


def test_the_environment_names_the_run(harness, spooky, tmp_path):
    _, _, layout = spooky
    spec, result = run_probe(harness, spooky, tmp_path, """
        import json, os
        names = ["COMPETITION_ID", "SEED", "TIME_LIMIT_SECS", "CUDA_VISIBLE_DEVICES", "MLEBENCH_DATA",
                 "MLEBENCH_SUBMISSION", "MLEBENCH_LOGS", "MLEBENCH_CODE", "AGENT_OWN"]
        json.dump({n: os.environ.get(n) for n in names}, open("/home/submission/env.json", "w"))
    """, agent_fields={"env": {"AGENT_OWN": "yes"}}, time_limit=77)
    assert result.exit_code == 0, agent_log(spec)
    env = json.loads((spec.submission_dir / "env.json").read_text())
    assert env == {
        "COMPETITION_ID": layout.competition_id, "SEED": "3", "TIME_LIMIT_SECS": "77", "CUDA_VISIBLE_DEVICES": "",
        "MLEBENCH_DATA": "/home/data", "MLEBENCH_SUBMISSION": "/home/submission", "MLEBENCH_LOGS": "/home/logs",
        "MLEBENCH_CODE": "/home/code", "AGENT_OWN": "yes",
    }


def test_data_is_read_only_the_answers_absent_and_the_network_closed(harness, spooky, tmp_path):
    _, _, layout = spooky
    spec, result = run_probe(harness, spooky, tmp_path, f"""
        import json, os, socket
        def attempt(action):
            try:
                action()
                return "succeeded"
            except OSError as error:
                return type(error).__name__
        json.dump({{
            "write data": attempt(lambda: open("/home/data/planted.csv", "w").write("x")),
            "read answers": attempt(lambda: open({str(layout.private / "test.csv")!r}).read()),
            "connect": attempt(lambda: socket.create_connection(("1.1.1.1", 53), timeout=3).close()),
            "data": sorted(os.listdir("/home/data")),
        }}, open("/home/submission/probe.json", "w"))
    """)
    assert result.exit_code == 0, agent_log(spec)
    seen = json.loads((spec.submission_dir / "probe.json").read_text())
    assert "succeeded" not in (seen["write data"], seen["read answers"], seen["connect"])
    assert seen["data"] == sorted(p.name for p in layout.public.iterdir())
    assert not (layout.public / "planted.csv").exists()


def test_the_mount_table_names_neither_the_competition_nor_the_run_group(harness, spooky, tmp_path):
    _, data_dir, layout = spooky
    group = "grp-contract-5c1d"
    runtime, make_agent = harness
    script = tmp_path / "agent" / "probe.py"
    script.parent.mkdir()
    script.write_text('import shutil; shutil.copyfile("/proc/self/mountinfo", "/home/submission/mountinfo.txt")\n')
    run_dir = tmp_path / "runs" / group / layout.competition_id / "seed3"
    spec = run_spec(layout, run_dir, make_agent(script, script.parent), run_group=group, hide_competition_id=True)
    spec.code_dir.mkdir(parents=True)
    shutil.copyfile(script, spec.code_dir / "probe.py")
    result = run_with_checker(runtime, spec, lambda path: None)  # the checker socket's folder is bound too
    assert result.exit_code == 0, agent_log(spec)
    mountinfo = (spec.submission_dir / "mountinfo.txt").read_text()
    assert "/home/data" in mountinfo
    for leak in (layout.competition_id, group, "prepared", str(data_dir)):
        assert leak not in mountinfo, (leak, mountinfo)
