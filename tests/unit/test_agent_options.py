"""Agents declare their own options (agent_types.AgentOption): pytest offers them, `Settings.agent_options`
carries what the user set, and the agent gets it as its environment; options.py names no agent's option."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pytest_mlebench import agents
from pytest_mlebench.agent_types import AgentOption, BuiltinAgent
from pytest_mlebench.aide import OPTIONS as AIDE_OPTIONS
from pytest_mlebench.options import resolve_settings

PACKAGE = Path(agents.__file__).parent


def test_aides_options_reach_the_agent(pytester, monkeypatch):
    monkeypatch.delenv("MLEBENCH_MODEL", raising=False)
    monkeypatch.setenv("MLEBENCH_FEEDBACK_MODEL", "reviewer")
    settings = resolve_settings(pytester.parseconfig("--aide-steps= 6 ", "--model=coder"))
    assert settings.agent_options == {"MLEBENCH_AIDE_STEPS": "6", "MLEBENCH_MODEL": "coder",
                                      "MLEBENCH_FEEDBACK_MODEL": "reviewer"}
    env = agents.load_agent("aide", settings.agent_options).env
    assert (env["MLEBENCH_AIDE_STEPS"], env["MLEBENCH_MODEL"], env["MLEBENCH_FEEDBACK_MODEL"]) == ("6", "coder", "reviewer")


def test_an_invalid_agent_option_is_a_usage_error_naming_it(pytester, monkeypatch):
    monkeypatch.delenv("MLEBENCH_AIDE_STEPS", raising=False)
    with pytest.raises(pytest.UsageError, match=r"--aide-steps takes a positive number of steps like 50, got '0'"):
        resolve_settings(pytester.parseconfig("--aide-steps=0"))
    monkeypatch.setenv("MLEBENCH_AIDE_STEPS", "many")
    with pytest.raises(pytest.UsageError, match=r"\$MLEBENCH_AIDE_STEPS takes a positive number"):
        resolve_settings(pytester.parseconfig())


def test_a_new_agents_option_needs_no_change_outside_its_module(pytester, monkeypatch):
    def upper(value: str) -> str:
        return value.strip().upper()

    extra = BuiltinAgent("echo", "dummy.py", options=(AgentOption("--echo-word", "MLEBENCH_ECHO_WORD", "a word", parse=upper),))
    monkeypatch.setitem(agents.BUILTINS, "echo", extra)
    monkeypatch.delenv("MLEBENCH_ECHO_WORD", raising=False)
    settings = resolve_settings(pytester.parseconfig("--agent=echo", "--echo-word=hi"))
    assert settings.agent_options["MLEBENCH_ECHO_WORD"] == "HI"
    assert agents.load_agent("echo", settings.agent_options).env == {"MLEBENCH_ECHO_WORD": "HI"}


def test_agent_options_are_declared_by_their_agent_only():
    assert set(AIDE_OPTIONS) <= set(agents.agent_options())
    options_source = (PACKAGE / "options.py").read_text()
    named = [o.flag for o in AIDE_OPTIONS if re.search(re.escape(o.flag) + r"(?![\w-])", options_source)]
    assert named + [o.env for o in AIDE_OPTIONS if o.env in options_source] == []


def test_the_name_aide_lives_in_the_aide_modules_only():
    # aide.py, its program and its Dockerfile; the catalog imports it (agents.py) but special-cases no name.
    mentions = {p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if "aide" in p.read_text().lower()}
    assert mentions == {"aide.py", "agent_programs/aide_adapter.py", "agents.py"}
    assert '"aide"' not in (PACKAGE / "agents.py").read_text()
