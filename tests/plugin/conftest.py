"""Fixtures for plugin tests: a toy competitions folder and data dir in the environment."""

from __future__ import annotations

import pytest

from tests.plugin.toy import write_toy


@pytest.fixture
def toy_env(tmp_path, monkeypatch):
    """Competitions `toy-a` (practice, tabular) and `toy-b` (low, text) under $MLEBENCH_COMPETITIONS_DIR."""
    comps = tmp_path / "competitions"
    write_toy(comps, "toy-a", "practice", "tabular")
    write_toy(comps, "toy-b", "low", "text")
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(comps))
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


