"""The one-way layers of pyproject.toml's import-linter contracts hold, and every module has its place in them
(an unplaced module would escape the contract)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # import-linter reads pyproject.toml with tomli there
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "pytest_mlebench"


def contract_layers() -> list[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c["layers"] for c in config["contracts"] if c["type"] == "layers")
    return [name for layer in layers for name in re.split(r"\s*[:|]\s*", layer.strip())]


SPLIT_PACKAGES = ("integrity", "data")
"""Packages whose modules sit in different layers: each of their modules and subpackages is placed on its own."""


def package_modules() -> list[str]:
    """Top-level modules and packages, and the modules and subpackages of the split packages."""
    names = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    names |= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file() and p.name not in SPLIT_PACKAGES}
    for package in SPLIT_PACKAGES:
        names |= {f"{package}.{p.stem}" for p in (PACKAGE / package).glob("*.py") if p.stem != "__init__"}
        names |= {f"{package}.{p.name}" for p in (PACKAGE / package).iterdir() if (p / "__init__.py").is_file()}
    return sorted(f"pytest_mlebench.{n}" for n in names)


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """`lint-imports` over the package in `root` (first on sys.path, so not another installed copy)."""
    code = ("import sys; sys.path.insert(0, '.'); from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(no_cache=True, no_logo=True))")
    return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=600)


def test_lint_imports_keeps_every_contract():
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_every_module_has_a_layer():
    placed = contract_layers()
    missing = [m for m in package_modules() if m not in placed]
    assert missing == [], f"add these modules to a layer in pyproject.toml [tool.importlinter]: {missing}"
    assert len(placed) == len(set(placed))


@pytest.mark.parametrize(("module", "broken"), [
    ("data/prepare", "One-way layers"), ("agents", "One-way layers"),
    ("executor/inline", "The executor runs any agent"), ("scoring/leaderboard", "No import cycles"),
])
def test_an_upward_import_breaks_the_contract(tmp_path, module, broken):
    """The contracts catch what this branch removed (preparation auditing, agents importing images), an executor
    that knows an agent, and a cycle inside one layer."""
    copy = tmp_path / "repo"
    shutil.copytree(PACKAGE, copy / "pytest_mlebench", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", copy / "pyproject.toml")
    upward = {"data/prepare": "from pytest_mlebench.integrity.leakage import audited",
              "agents": "from pytest_mlebench.images import build_images",
              "executor/inline": "from pytest_mlebench.agents import load_agent",
              "scoring/leaderboard": "from pytest_mlebench.scoring.grade import grade_submission"}[module]
    path = copy / "pytest_mlebench" / f"{module}.py"
    path.write_text(path.read_text() + f"\n{upward}  # noqa\n")
    result = lint_imports(copy)
    assert result.returncode != 0 and re.search(rf"^{broken}.* BROKEN$", result.stdout, re.M), result.stdout[-3000:]
