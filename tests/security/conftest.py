"""Fixtures for the attack tests: the runtime tests' prepared spooky data."""

from tests.runtime.conftest import spooky  # noqa: F401
