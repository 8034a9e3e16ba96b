"""The built wheel, installed (not editable) into a fresh virtual environment, works from any folder:
it carries the competitions, stays silent in unrelated runs and runs the practice items with `--agent`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "pytest_mlebench", "competitions")
UNRELATED = "def test_unrelated():\n    assert sum([1, 2]) == 3\n"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed"),
]


def run(argv: list, cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{argv}\n{proc.stdout[-4000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """(the venv's python, a clean environment) with only the built wheel of this checkout installed."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "src"
    source.mkdir()
    for name in SOURCES:  # a copy: the build writes build/ and *.egg-info beside the sources
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(REPO / name, source / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "MLEBENCH_", "PYTEST_"))}
    env["HOME"] = str(root / "home")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", root / "dist", source], root, env)
    wheel = next((root / "dist").glob("pytest_mlebench-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for cid in ("practice-digits", "leaf-classification"):
        for name in ("config.yaml", "prepare.py", "grade.py", "description.md", "description_obfuscated.md"):
            assert f"mlebench_competitions/{cid}/{name}" in names
    assert "mlebench_competitions/practice-digits/leaderboard.csv" in names
    assert "mlebench_competitions/leaf-classification/species.txt" in names
    assert not [n for n in names if n.endswith(".pyc") or "competition_item" in n and n.startswith("competitions/")]
    # --system-site-packages: the dependencies come from this interpreter (no network); --ignore-installed keeps
    # pip from treating the editable install outside the venv as this package.
    run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", root / "venv"], root, env)
    python = root / "venv" / "bin" / "python"
    run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed", "-q", wheel], root, env)
    where = run([python, "-c", "import pytest_mlebench.registry as r; print(r.__file__); print(r.default_competitions_dir())"],
                root, env).stdout.split()
    assert where[0].startswith(str(root / "venv")), where
    assert where[1].startswith(str(root / "venv")) and where[1].endswith("mlebench_competitions"), where
    return python, env


def empty_folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def test_an_unrelated_project_runs_as_if_the_plugin_were_absent(venv, tmp_path):
    python, env = venv
    folder = empty_folder(tmp_path, "project")
    (folder / "test_other.py").write_text(UNRELATED)
    proc = run([python, "-m", "pytest", "-p", "no:cacheprovider"], folder, env)
    assert "1 passed" in proc.stdout and proc.stderr == ""
    assert [line for line in proc.stdout.splitlines() if "mlebench" in line and not line.startswith("plugins:")] == []
    assert sorted(p.name for p in folder.iterdir() if p.name != "__pycache__") == ["test_other.py"]  # no runs/, reports/


def test_the_practice_items_run_from_an_empty_folder(venv, tmp_path):
    python, env = venv
    folder = empty_folder(tmp_path, "empty")
    proc = run([python, "-m", "pytest", "--agent=dummy", "-m", "practice", "--run-group=wheel", "-p", "no:cacheprovider",
                f"--data-dir={tmp_path / 'data'}"], folder, env, timeout=600)
    assert "3 passed" in proc.stdout, proc.stdout[-3000:]
    summary = json.loads((folder / "reports" / "wheel" / "summary.json").read_text())
    assert summary["competitions"] == ["practice-breast-cancer", "practice-diabetes", "practice-digits"]
    assert (folder / "runs" / "wheel" / "practice-digits" / "seed0" / "report.json").is_file()
