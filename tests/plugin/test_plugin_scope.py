"""What the installed plugin does to a pytest run: nothing without an agent; with one, the competition items
from any working folder, unless paths are named."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
UNRELATED = "def test_unrelated():\n    assert 1 + 1 == 2\n"
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")


def test_without_agent_an_unrelated_run_never_notices_the_plugin(pytester, monkeypatch, tmp_path):
    monkeypatch.setenv("MLEBENCH_COMPETITIONS_DIR", str(tmp_path / "absent"))  # as in a wheel without competitions
    monkeypatch.setenv("MLEBENCH_DATA_DIR", str(tmp_path / "no-data"))
    monkeypatch.setenv("MLEBENCH_SEEDS", "many")  # a stale setting for evaluations must not stop other projects
    pytester.makepyfile(test_unrelated=UNRELATED)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.OK
    noise = [line for line in result.outlines + result.errlines
             if "mlebench" in line.lower() and not line.startswith("plugins:")]
    assert noise == []


@pytest.mark.parametrize("ini", ["", "[pytest]\ntestpaths = sub\n"], ids=["invocation-dir", "testpaths"])
def test_agent_collects_the_competitions_instead_of_the_folder(pytester, toy_env, ini):
    if ini:
        pytester.makeini(ini)
    pytester.makepyfile(test_unrelated=UNRELATED)
    pytester.mkpydir("sub").joinpath("test_sub.py").write_text(UNRELATED)
    result = pytester.runpytest("--agent=dummy", "--seeds=2", "--co", "-q", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["mlebench::test_competition[[]toy-a-seed0[]]", "mlebench::test_competition[[]toy-a-seed1[]]",
                                 "mlebench::test_competition[[]toy-b-seed0[]]", "mlebench::test_competition[[]toy-b-seed1[]]",
                                 "4 tests collected*"])
    assert "test_unrelated" not in result.stdout.str()


def test_named_paths_are_collected_without_competition_items(pytester, toy_env):
    pytester.makepyfile(test_unrelated=UNRELATED)
    result = pytester.runpytest("test_unrelated.py", "--agent=dummy", "--co", "-q", "-p", "no:cacheprovider")
    result.stdout.fnmatch_lines(["test_unrelated.py::test_unrelated", "1 test collected*"])
    assert "toy-a" not in result.stdout.str()


@needs_bwrap
def test_repo_root_collects_the_practice_items_and_its_suite_none(tmp_path):
    """`pytest --agent=baseline -m practice` (the README's main job) and `pytest tests/` (CI) from the checkout."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}

    def collect(*args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "pytest", "--co", "-q", "-p", "no:cacheprovider", *args],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
        return proc.stdout + proc.stderr

    practice = collect("--agent=baseline", "-m", "practice")
    assert "mlebench::test_competition[practice-digits-seed0]" in practice
    assert "3/" in practice and "tests collected" in practice
    suite = collect("tests/plugin/test_plugin_scope.py", "--agent=baseline")
    assert "test_competition[" not in suite and "test_plugin_scope.py::" in suite


def test_collecting_every_competition_imports_no_data_library(tmp_path):
    """Listing items reads configs only: pandas, numpy, scikit-learn and scipy wait until an item runs."""
    (tmp_path / "conftest.py").write_text(
        "import sys\n\n\ndef pytest_collection_finish(session):\n"
        "    print('HEAVY=' + ','.join(m for m in ('pandas', 'numpy', 'sklearn', 'scipy') if m in sys.modules))\n"
    )
    env = {"MLEBENCH_COMPETITIONS_DIR": str(REPO / "competitions"), "PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "pytest", "--agent=dummy", "--seeds=2", "--co", "-q", "-s",
                             "-p", "no:cacheprovider", "-p", "no:randomly"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert "HEAVY=\n" in result.stdout, result.stdout[-2000:] + result.stderr[-2000:]
    assert "tests collected" in result.stdout
