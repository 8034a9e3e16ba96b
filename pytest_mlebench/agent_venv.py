"""Cached Python packages for built-in agents the harness does not carry: venvs and image wheelhouses.

Local runtime: one venv per requirement set under `<cache>/venvs/<name>-<hash>`, made with the harness's Python
and `--system-site-packages`: the ML libraries the agent's generated code imports come from the harness's own
environment, only the agent's package and what it imports are added (the runtime shows the folder read-only
through `AgentSpec.mounts`). Docker: one folder of wheels per requirement set under `<cache>/wheelhouses/`,
downloaded with `pip download` for the image's Python, so the image builds without network. It never runs agents.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from filelock import FileLock

from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.layout import cache_dir

# Agent images have Debian's python3 without pip; the image runs this wheel's pip once, from the wheel itself.
IMAGE_PIP = "pip==24.2"
IMAGE_PYTHON = ("3.11", (2, 36))  # Python and glibc of the base image (Debian bookworm; python:3.11-slim-bookworm)
READY = ".mlebench-ready"
INSTALL_TIMEOUT_S = 900


def venvs_dir() -> Path:
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
            raise PrerequisiteError(
                f"Could not install {' '.join(no_deps)} into {folder} ({_tail(exc)}); check that pip can reach PyPI."
            ) from None
        (folder / READY).write_text("\n".join([*no_deps, *requirements]) + "\n")
    return folder


def _build(folder: Path, no_deps: Sequence[str], requirements: Sequence[str]) -> None:
    _run(sys.executable, "-m", "venv", "--system-site-packages", str(folder))
    python = str(venv_python(folder))
    if no_deps:
        _run(python, "-m", "pip", "install", "--no-deps", "--no-input", *no_deps)
    if requirements:
        _run(python, "-m", "pip", "install", "--no-input", *requirements)


def ensure_wheelhouse(
    name: str, no_deps: Sequence[str], requirements: Sequence[str], built_here: Sequence[str] = (),
    root: Path | None = None,
) -> Path:
    """A folder holding every wheel an image needs to install these packages offline (`pip install --no-deps *.whl`).

    Wheels are chosen for the base image's Python and glibc on this machine's architecture, whatever Python runs
    the harness; `built_here` are pure-Python packages that publish no wheel.

    Raises:
        PrerequisiteError: pip could not download them (usually: no access to PyPI).
    """
    version, glibc = IMAGE_PYTHON
    machine = platform.machine()
    key = venv_key([*no_deps, *built_here, IMAGE_PIP], [*requirements, version, machine, str(glibc)])
    folder = (Path(root) if root is not None else venvs_dir().parent / "wheelhouses") / f"{name}-{key}"
    if (folder / READY).is_file():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder.parent / f".{folder.name}.lock")):
        if (folder / READY).is_file():
            return folder
        shutil.rmtree(folder, ignore_errors=True)
        platforms = [f"manylinux_2_{minor}_{machine}" for minor in range(glibc[1], 4, -1)]
        platforms += [f"manylinux2014_{machine}", f"manylinux2010_{machine}", f"manylinux1_{machine}"]
        pip = [sys.executable, "-m", "pip"]
        target = ["--only-binary=:all:", "--python-version", version, "--implementation", "cp",
                  "--abi", f"cp{version.replace('.', '')}", "--abi", "abi3", "--abi", "none",
                  *[arg for p in platforms for arg in ("--platform", p)]]
        try:
            if built_here:
                _run(*pip, "wheel", "--no-deps", "--no-input", "-w", str(folder), *built_here)
            _run(*pip, "download", "--no-deps", "--no-input", "-d", str(folder), *no_deps)
            _run(*pip, "download", "--no-input", "-d", str(folder), "--find-links", str(folder), *target,
                 IMAGE_PIP, *requirements)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            shutil.rmtree(folder, ignore_errors=True)
            raise PrerequisiteError(
                f"Could not download the wheels of {' '.join(no_deps)} into {folder} ({_tail(exc)}); "
                "check that pip can reach PyPI."
            ) from None
        (folder / READY).write_text("\n".join(sorted(p.name for p in folder.glob("*.whl"))) + "\n")
    return folder


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S,
                   env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONNOUSERSITE": "1"})


def _tail(exc: BaseException) -> str:
    detail = getattr(exc, "stderr", None) or str(exc)
    return " ".join(str(detail).strip().splitlines()[-2:])[-300:]
