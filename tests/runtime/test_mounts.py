"""`AgentSpec.mounts`: host folders a local agent sees read-only at the same path, and the ones refused."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from pytest_mlebench.errors import ConfigError
from pytest_mlebench.runtime import AgentSpec
from pytest_mlebench.runtime.bubblewrap import sandbox_argv
from pytest_mlebench.runtime.local import LocalRuntime
from tests.runtime.conftest import agent_log, needs_bwrap, run_spec, script_agent


@needs_bwrap
def test_a_mounted_folder_is_visible_read_only_and_a_venv_python_in_it_runs(spooky, tmp_path):
    _, _, layout = spooky
    tools = tmp_path / "tools"
    (tools / "bin").mkdir(parents=True)
    (tools / "note.txt").write_text("from the host")
    os.symlink(sys.executable, tools / "bin" / "python")  # a venv's interpreter is a symlink: it must stay one
    body = f"""
        import pathlib
        note = pathlib.Path({str(tools / "note.txt")!r})
        try:
            note.write_text("changed")
            wrote = "wrote"
        except OSError:
            wrote = "read-only"
        pathlib.Path("/home/submission/seen.txt").write_text(note.read_text() + "|" + wrote)
    """
    agent = script_agent(tmp_path, "mounter", body)
    agent = AgentSpec(name=agent.name, command=(str(tools / "bin" / "python"), agent.command[1]), mounts=(str(tools),),
                      source=agent.source)
    spec = run_spec(layout, tmp_path / "run", agent)
    result = LocalRuntime().run(spec)
    assert result.exit_code == 0, agent_log(spec)
    assert (spec.submission_dir / "seen.txt").read_text() == "from the host|read-only"


def test_a_mount_is_one_read_only_bind_and_absent_without_it(spooky, tmp_path):
    _, _, layout = spooky
    spec = run_spec(layout, tmp_path / "run", AgentSpec(name="a", command=("true",), mounts=(str(tmp_path / "tools"),)))
    (tmp_path / "tools").mkdir()
    argv = sandbox_argv(spec, "bwrap", 3, 4)
    bind = ["--ro-bind", str(tmp_path / "tools"), str(tmp_path / "tools")]
    assert any(argv[i:i + 3] == bind for i in range(len(argv)))
    bare = sandbox_argv(run_spec(layout, tmp_path / "run", AgentSpec(name="a", command=("true",))), "bwrap", 3, 4)
    assert str(tmp_path / "tools") not in bare


@pytest.mark.parametrize("where", ["data", "private", "root", "home", "relative", "missing"])
def test_mounts_that_would_expose_too_much_are_refused(spooky, tmp_path, where):
    _, _, layout = spooky
    mount = {"data": layout.data_dir, "private": layout.private, "root": Path("/"), "home": Path.home(),
             "relative": Path("tools"), "missing": tmp_path / "nowhere"}[where]
    spec = run_spec(layout, tmp_path / "run", AgentSpec(name="a", command=("true",), mounts=(str(mount),)))
    with pytest.raises(ConfigError, match="mount"):
        sandbox_argv(spec, "bwrap", 3, 4)
