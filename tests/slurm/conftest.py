"""The session's local Slurm cluster; every test here is marked `slurm` and skips where one cannot start."""

from __future__ import annotations

import pytest

from tests.slurm.cluster import LocalSlurm, missing_prerequisite


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/slurm/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.slurm)


@pytest.fixture(scope="session")
def slurm_cluster(tmp_path_factory):
    why = missing_prerequisite()
    if why:
        pytest.skip(why)
    cluster = LocalSlurm(tmp_path_factory.mktemp("slurm")).start()
    yield cluster
    left = cluster.stop()
    assert not left, f"left behind after the session: {', '.join(left)}"
