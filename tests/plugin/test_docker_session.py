"""A full pytest session in the docker runtime: the baseline agent in a container on a practice competition."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.runtime.docker_fixtures import agent_images, docker_client  # noqa: F401  (fixtures)

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.docker
def test_baseline_in_a_container_grades_on_a_practice_competition(pytester, agent_images, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "data"))
    junit = pytester.path / "junit.xml"
    result = pytester.runpytest_subprocess(
        "--agent=baseline", "--runtime=docker", "-k", "practice-breast-cancer", "--run-group=dock",
        f"--junitxml={junit}", "-p", "no:cacheprovider",
    )
    result.assert_outcomes(passed=1)
    props = {p.get("name"): p.get("value") for p in ET.parse(junit).getroot().iter("property")}
    assert props["runtime"] == "docker" and props["valid_submission"] == "True"
    assert float(props["score"]) > 0.9  # AUC of a real model on breast cancer, far above chance
    import docker

    left = docker.from_env().containers.list(all=True, filters={"label": "mlebench.run_group=dock"})
    assert not left, "containers with our labels remain after the session"
