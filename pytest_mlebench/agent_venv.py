"""Cached Python environments for built-in agents whose packages the harness does not carry (AIDE).

One venv per requirement set under `<cache>/venvs/<name>-<hash>`, made with the harness's Python and
`--system-site-packages`: the ML libraries the agent's generated code imports come from the harness's own
environment, only the agent's package and what it imports are added. It builds environments; it never runs
agents (the local runtime shows the folder read-only through `AgentSpec.mounts`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from filelock import FileLock

from pytest_mlebench.errors import PrerequisiteError

AIDE_PACKAGE = "aideml==0.2.2"
# What aideml 0.2.2 imports (its declared dependencies pull torch, transformers and more: several GB), pinned
# at AIDE's own pins where it has them and otherwise at releases of its time; openai stays on the 1.x API it
# was written against. Their own dependencies are resolved by pip against the harness's environment.
AIDE_IMPORTS = (
    "black==24.3.0", "funcy==2.0", "humanize==4.8.0", "jsonschema>=4.19.2", "rich>=13.7.0",
    "openai==1.109.1", "anthropic==0.69.0", "dataclasses-json==0.6.7", "omegaconf==2.3.0", "shutup==0.2.0",
    "coolname==2.2.0", "igraph==0.11.9", "genson==1.3.0", "backoff==2.2.1",
)
READY = ".mlebench-ready"
INSTALL_TIMEOUT_S = 900


def venvs_dir() -> Path:
    from pytest_mlebench.leaderboard import cache_dir

    return cache_dir() / "venvs"


def venv_key(no_deps: Sequence[str], requirements: Sequence[str], python: str = sys.executable) -> str:
    """Changes with the packages and the interpreter, so a new pin or Python gets a new environment."""
    digest = hashlib.sha256(repr((sorted(no_deps), sorted(requirements), str(Path(python).resolve()),
                                  sys.version)).encode())
    return digest.hexdigest()[:12]


def venv_python(folder: Path) -> Path:
    return folder / "bin" / "python"


def venv_folder(name: str, no_deps: Sequence[str], requirements: Sequence[str], root: Path | None = None) -> Path:
    """Where `ensure_venv` builds (or finds) the environment for these packages; builds nothing."""
    return (Path(root) if root is not None else venvs_dir()) / f"{name}-{venv_key(no_deps, requirements)}"


def ensure_venv(name: str, no_deps: Sequence[str], requirements: Sequence[str], root: Path | None = None) -> Path:
    """The venv for these packages, built once (under a file lock, so xdist workers share one build).

    Args:
        name: prefix of the folder name.
        no_deps: packages installed without their declared dependencies (the agent itself).
        requirements: packages installed with pip's resolution against the harness's environment.
        root: where venvs live (default `<cache>/venvs`).

    Raises:
        PrerequisiteError: pip could not install them (usually: no access to PyPI).
    """
    folder = venv_folder(name, no_deps, requirements, root)
    root = folder.parent
    if (folder / READY).is_file():
        return folder
    root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(root / f".{folder.name}.lock")):
        if (folder / READY).is_file():
            return folder
        shutil.rmtree(folder, ignore_errors=True)  # a build that was killed halfway
        try:
            _build(folder, no_deps, requirements)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            shutil.rmtree(folder, ignore_errors=True)
            detail = getattr(exc, "stderr", None) or str(exc)
            tail = " ".join(str(detail).strip().splitlines()[-2:])[-300:]
            raise PrerequisiteError(
                f"Could not install {' '.join(no_deps)} into {folder} ({tail}); check that pip can reach PyPI."
            ) from None
        (folder / READY).write_text("\n".join([*no_deps, *requirements]) + "\n")
    return folder


def _build(folder: Path, no_deps: Sequence[str], requirements: Sequence[str]) -> None:
    def run(*args: str) -> None:
        subprocess.run(args, check=True, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S,
                       env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONNOUSERSITE": "1"})

    run(sys.executable, "-m", "venv", "--system-site-packages", str(folder))
    python = str(venv_python(folder))
    if no_deps:
        run(python, "-m", "pip", "install", "--no-deps", "--no-input", *no_deps)
    if requirements:
        run(python, "-m", "pip", "install", "--no-input", *requirements)


def aide_venv_folder(root: Path | None = None) -> Path:
    return venv_folder("aide", (AIDE_PACKAGE,), AIDE_IMPORTS, root)


def aide_venv(root: Path | None = None) -> Path:
    """The cached environment that runs the pinned aideml release, built on first use."""
    return ensure_venv("aide", (AIDE_PACKAGE,), AIDE_IMPORTS, root)


def main(argv: list[str] | None = None) -> int:
    """`python -m pytest_mlebench.agent_venv`: build (or find) the AIDE environment and print its folder."""
    try:
        print(aide_venv())
    except PrerequisiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
