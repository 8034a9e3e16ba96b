"""Fixtures for runtime, checker and agent tests: spooky's synthetic data prepared once, and run specs."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.runtime import AgentSpec, RunSpec
from pytest_mlebench.runtime.local import LocalRuntime

REPO = Path(__file__).resolve().parents[2]
INSTRUCTIONS = REPO / "pytest_mlebench" / "sandbox_files" / "instructions.txt"
SPOOKY = "spooky-author-identification"

needs_bwrap = pytest.mark.skipif(
    not LocalRuntime().sandboxed, reason="bubblewrap is missing or cannot create a sandbox on this machine."
)


@pytest.fixture(scope="session")
def spooky(registry, tmp_path_factory):
    """(competition, data dir, layout) for spooky prepared from its conformance raw files."""
    competition = registry.get(SPOOKY)
    path = competition.folder / "conformance.py"
    spec = importlib.util.spec_from_file_location("conformance_spooky_runtime", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data_dir = tmp_path_factory.mktemp("data")
    layout = DataLayout(data_dir, competition.id)
    module.make_raw(layout.raw, np.random.default_rng(0))
    prepare_competition(competition, data_dir, download=None)
    return competition, data_dir, layout


def script_agent(folder: Path, name: str, body: str, **fields) -> AgentSpec:
    """An agent whose program is `body`, run by this Python."""
    script = folder / f"{name}.py"
    script.write_text(textwrap.dedent(body))
    fields.setdefault("source", str(folder / f"{name}.yaml"))  # its folder is the one the sandbox may show
    return AgentSpec(name=name, command=(sys.executable, str(script)), **fields)


def run_spec(layout: DataLayout, run_dir: Path, agent: AgentSpec, **fields) -> RunSpec:
    values = dict(
        competition_id=layout.competition_id,
        seed=3,
        agent=agent,
        public_dir=layout.public,
        run_dir=run_dir,
        time_limit=120.0,
        instructions=INSTRUCTIONS,
        description=layout.public / "description.md",
    )
    values.update(fields)
    return RunSpec(**values)


def agent_log(spec: RunSpec) -> str:
    return (spec.logs_dir / "agent.log").read_text()
