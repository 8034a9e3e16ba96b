"""Session fixtures for tests that need the Docker engine: a client, the built images, a probe image.

A probe image is the agent environment with a CMD that runs /home/code/probe.py, so a test can run any
script as a container agent by writing it into the run's code/ folder.
"""

from __future__ import annotations

import io
import tarfile
import uuid

import docker
import pytest

from pytest_mlebench.errors import InfraError, PrerequisiteError
from pytest_mlebench.runtime.docker import connect

PROBE_REPOSITORY = "mlebench-test-probe"


@pytest.fixture(scope="session")
def docker_client():
    try:
        return connect()
    except PrerequisiteError as error:
        pytest.skip(f"No Docker engine here, so the docker runtime is not tested: {error}")


@pytest.fixture(scope="session")
def agent_images(docker_client) -> dict[str, str]:
    """The base and the built-in agents' images, built once (minutes the first time on a fresh machine)."""
    from pytest_mlebench.images import build_images

    try:
        return build_images(("dummy", "baseline"), client=connect(timeout=3600), log=lambda line: None)
    except (PrerequisiteError, InfraError) as error:
        pytest.skip(f"The agent images cannot be built on this machine: {error}")


@pytest.fixture(scope="session")
def probe_image(docker_client, agent_images) -> str:
    """The agent environment running /home/code/probe.py."""
    dockerfile = f'FROM {agent_images["base"]}\nCMD ["python3", "/home/code/probe.py"]\n'.encode()
    context = io.BytesIO()
    with tarfile.open(fileobj=context, mode="w") as tar:
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(dockerfile)
        tar.addfile(info, io.BytesIO(dockerfile))
    context.seek(0)
    # A tag of its own: xdist workers, and each module importing this fixture, build and remove one each.
    tag = f"{PROBE_REPOSITORY}:{uuid.uuid4().hex[:12]}"
    docker_client.images.build(fileobj=context, custom_context=True, tag=tag, rm=True, network_mode="none")
    yield tag
    try:
        docker_client.images.remove(tag, force=True)
    except docker.errors.ImageNotFound:
        pass
