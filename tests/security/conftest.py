"""The attack suite reuses the runtime tests' prepared spooky data and their per-runtime harness."""

from tests.runtime.conftest import spooky  # noqa: F401 - a fixture
from tests.runtime.docker_fixtures import agent_images, docker_client, probe_image  # noqa: F401 - fixtures
from tests.runtime.test_contract import harness  # noqa: F401 - a fixture
