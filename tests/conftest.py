"""Fixtures shared by the project's own tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

from pytest_mlebench.registry import Registry

REPO = Path(__file__).resolve().parent.parent

settings.register_profile("ci", max_examples=1000, deadline=None)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# Strict grading: a grader bug (any exception but InvalidSubmissionError) raises GraderError and fails the test,
# here and in the pytest sub-sessions the tests start (they inherit the environment).
os.environ.setdefault("MLEBENCH_STRICT_GRADING", "1")


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry(REPO / "competitions")


@pytest.fixture(scope="session")
def mlebench_pins() -> dict:
    """MLE-bench's pins from ../shared/specs, where the checkout has them beside it."""
    path = Path(os.environ.get("MLEBENCH_SPECS_DIR", REPO.parent / "shared" / "specs")) / "mlebench_pins.json"
    if not path.is_file():
        pytest.skip(f"MLE-bench pins not found at {path}")
    return json.loads(path.read_text())["competitions"]
