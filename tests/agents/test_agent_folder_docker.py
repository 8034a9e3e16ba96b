"""MLE-bench agent folders run unchanged in full pytest sessions (docker runtime): the dummy folder written from
the contract is built on `mlebench-env`, validates through localhost:5000, sees no private file, and is graded;
a secret reaches the agent and no file; omegaconf kwargs reach its start script."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.agents.mlebench_folder import write_dummy_folder
from tests.runtime.docker_fixtures import docker_client  # noqa: F401  (fixture; each session builds mlebench-env)

PRACTICE = ("practice-breast-cancer", "practice-diabetes", "practice-digits")
SECRET = "s3cr3t-value-that-must-never-be-written"
WITH_SECRET = """dummy/omega:
  start: dummy/start.sh
  dockerfile: dummy/Dockerfile
  kwargs_type: omegaconf
  kwargs:
    agent.steps: 2
    agent.code.model: gpt-4o
  env_vars:
    SECRET_TOKEN: ${{ secrets.FOLDER_TEST_SECRET }}
"""


@pytest.fixture(autouse=True)
def _remove_folder_images(docker_client):  # noqa: F811
    """The folder images a test built are removed after it (each test's folder path gives a tag of its own)."""
    import docker

    client = docker_client

    def folder_tags() -> set[str]:
        return {tag for image in client.images.list(filters={"label": "mlebench.image=agent-folder"}) for tag in image.tags}

    before = folder_tags()
    yield
    for tag in folder_tags() - before:
        try:
            client.images.remove(tag, force=True)
        except docker.errors.APIError:
            pass


def _properties(junit: Path) -> list[dict[str, str]]:
    return [{p.get("name"): p.get("value") for p in case.iter("property")}
            for case in ET.parse(junit).getroot().iter("testcase")]


def _left_containers(group: str) -> list:
    import docker

    return docker.from_env().containers.list(all=True, filters={"label": f"mlebench.run_group={group}"})


@pytest.mark.docker
def test_the_dummy_folder_runs_unchanged_and_is_graded_on_every_practice_competition(
        pytester, docker_client, tmp_path, monkeypatch):  # noqa: F811
    folder = write_dummy_folder(tmp_path / "agents")
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "data"))
    junit = pytester.path / "junit.xml"
    result = pytester.runpytest_subprocess(
        f"--agent={folder}", "--runtime=docker", "-m", "practice", "--run-group=fold", f"--junitxml={junit}",
        "-p", "no:cacheprovider",
    )
    result.assert_outcomes(passed=len(PRACTICE))
    assert all(props["valid_submission"] == "True" for props in _properties(junit))
    for competition in PRACTICE:
        run = pytester.path / "runs" / "fold" / competition / "seed0"
        log = (run / "logs" / "agent.log").read_text()
        assert 'validate: {"result": "Submission is valid."}' in log  # the endpoint's answers, in the agent's log
        assert 'validate bad: {"result": "Submission invalid!' in log
        assert "private files visible: 0 /private exists: False" in log and "whoami: agent" in log
        assert "python is /opt/conda/envs/agent/bin/python" in log  # `conda activate agent` took effect
        assert "TIME_LIMIT_SECS set" in log and "COMPETITION_ID set" in log
        assert (run / "logs" / "entrypoint.log").is_file() and (run / "submission" / "submission.csv").is_file()
        assert json.loads((run / "logs" / "docker.json").read_text())["network"] == "none"
    assert not _left_containers("fold"), "containers with our labels remain after the session"


@pytest.mark.docker
def test_a_secret_reaches_the_agent_and_no_file_and_omegaconf_kwargs_reach_start_sh(
        pytester, docker_client, tmp_path, monkeypatch):  # noqa: F811
    folder = write_dummy_folder(tmp_path / "agents", WITH_SECRET)
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FOLDER_TEST_SECRET", SECRET)
    result = pytester.runpytest_subprocess(
        f"--agent={folder}/config.yaml:dummy/omega", "--runtime=docker", "-k", "practice-breast-cancer",
        "--run-group=secret", "-p", "no:cacheprovider", f"--junitxml={pytester.path / 'junit.xml'}",
    )
    result.assert_outcomes(passed=1)
    log = (pytester.path / "runs" / "secret" / "practice-breast-cancer" / "seed0" / "logs" / "agent.log").read_text()
    assert f"secret digest: {hashlib.sha256(SECRET.encode()).hexdigest()}" in log
    assert 'args: ["agent.steps=2", "agent.code.model=gpt-4o"]' in log
    written = [path for path in pytester.path.rglob("*") if path.is_file() and SECRET.encode() in path.read_bytes()]
    assert not written, f"the secret was written to {written}"
    assert SECRET not in result.stdout.str() + result.stderr.str()


@pytest.mark.docker
def test_a_missing_builtin_image_stops_the_session_once_with_the_command(pytester, docker_client, tmp_path, monkeypatch):  # noqa: F811
    spec = tmp_path / "agent.yaml"
    spec.write_text("name: ghost\nimage: mlebench-agent-does-not-exist:latest\n")
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "data"))
    result = pytester.runpytest_subprocess(f"--agent={spec}", "--runtime=docker", "-m", "practice", "-p", "no:cacheprovider")
    assert result.ret != 0
    errors = [line for line in result.stderr.lines if "mlebench-agent-does-not-exist" in line]
    assert len(errors) == 1 and "mlebench image build" in errors[0] and "Traceback" not in result.stderr.str()


@pytest.mark.docker
def test_a_privileged_folder_is_refused_before_any_build_without_the_acknowledgement(pytester, docker_client, tmp_path, monkeypatch):  # noqa: F811
    config = "p:\n  start: dummy/start.sh\n  dockerfile: dummy/Dockerfile\n  privileged: true\n"
    folder = write_dummy_folder(tmp_path / "agents", config)
    monkeypatch.delenv("I_ACCEPT_RUNNING_PRIVILEGED_CONTAINERS", raising=False)
    result = pytester.runpytest_subprocess(f"--agent={folder}", "--runtime=docker", "-m", "practice", "-p", "no:cacheprovider")
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*asks for a privileged container*I_ACCEPT_RUNNING_PRIVILEGED_CONTAINERS=True*"])
    assert "building" not in result.stderr.str()


@pytest.mark.docker
def test_a_dockerfile_that_fails_is_one_sentence_with_its_last_error(docker_client, tmp_path):  # noqa: F811
    from pytest_mlebench.agents import load_agent
    from pytest_mlebench.errors import PrerequisiteError
    from pytest_mlebench.folder_images import build_folder_image

    folder = write_dummy_folder(tmp_path / "agents")
    (folder / "Dockerfile").write_text("FROM mlebench-env\nRUN echo 'no such package: torch-9' >&2 && exit 3\n")
    with pytest.raises(PrerequisiteError) as raised:
        build_folder_image(load_agent(str(folder)), log=lambda line: None)
    message = str(raised.value)
    assert message.startswith(f"The agent's Dockerfile {folder / 'Dockerfile'} does not build (")
    assert "returned a non-zero code: 3" in message and "\n" not in message
