"""Agents by name or YAML file -> `AgentSpec`. Built-in agents run the programs in `agent_programs/`.

It only describes agents; starting them is the runtime's job.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import shlex
import sys
from pathlib import Path
from typing import Any

import yaml

from pytest_mlebench.errors import ConfigError
from pytest_mlebench.runtime import AgentSpec

PROGRAMS = Path(__file__).resolve().parent / "agent_programs"
BUILTIN_PROGRAMS = {"dummy": "dummy.py", "baseline": "baseline.py"}
YAML_FIELDS = ("name", "command", "image", "env", "secrets", "network", "version")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def builtin_names() -> list[str]:
    return sorted(BUILTIN_PROGRAMS)


def builtin_agent(name: str) -> AgentSpec:
    """A built-in agent: its program run by this Python; its version is the program's content hash."""
    program = PROGRAMS / BUILTIN_PROGRAMS[name]
    version = hashlib.sha256(program.read_bytes()).hexdigest()[:12]
    from pytest_mlebench.images import agent_image

    return AgentSpec(
        name=name, command=(sys.executable, str(program)), image=agent_image(name), version=version, source="builtin"
    )


def load_agent(name_or_yaml_path: str) -> AgentSpec:
    """The agent called `name_or_yaml_path`, or the one a `.yaml` file describes.

    Raises:
        ConfigError: an unknown name (listing the known ones) or an invalid file (naming the field).
    """
    if name_or_yaml_path in BUILTIN_PROGRAMS:
        return builtin_agent(name_or_yaml_path)
    path = Path(name_or_yaml_path).expanduser()
    if path.suffix in (".yaml", ".yml"):
        if not path.is_file():
            raise ConfigError(f"Agent file {path} not found.")
        return load_agent_file(path)
    close = difflib.get_close_matches(name_or_yaml_path, builtin_names(), n=2)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise ConfigError(
        f"Unknown agent '{name_or_yaml_path}'.{hint} Known agents: {', '.join(builtin_names())}; "
        "or give the path of a .yaml agent spec (fields: " + ", ".join(YAML_FIELDS) + ")."
    )


def load_agent_file(path: Path) -> AgentSpec:
    """Read and validate a YAML agent spec; relative files in `command` are resolved beside the YAML file."""
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc}).") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping with fields {', '.join(YAML_FIELDS)}.")
    unknown = sorted(set(raw) - set(YAML_FIELDS))
    if unknown:
        raise ConfigError(f"{path}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(YAML_FIELDS)}.")
    where = f"{path}: field"
    name = _text(raw.get("name", path.stem), f"{where} 'name'")
    command = _command(raw.get("command"), path.parent, f"{where} 'command'")
    image = None if raw.get("image") is None else _text(raw["image"], f"{where} 'image'")
    if not command and image is None:
        raise ConfigError(f"{path}: an agent needs a 'command' (local runtime) or an 'image' (docker runtime).")
    env = raw.get("env") or {}
    if not isinstance(env, dict) or not all(_ENV_NAME.fullmatch(str(k)) for k in env):
        raise ConfigError(f"{where} 'env' must map variable names to values.")
    secrets = raw.get("secrets") or []
    if not isinstance(secrets, list) or not all(isinstance(s, str) and _ENV_NAME.fullmatch(s) for s in secrets):
        raise ConfigError(f"{where} 'secrets' must be a list of environment variable names (their values are never written).")
    network = raw.get("network", False)
    if not isinstance(network, bool):
        raise ConfigError(f"{where} 'network' must be true or false.")
    return AgentSpec(
        name=name,
        command=command,
        image=image,
        env={str(k): _text(v, f"{where} 'env.{k}'") for k, v in env.items()},
        secrets=tuple(secrets),
        network=network,
        version=_text(raw.get("version", "0"), f"{where} 'version'"),
        source=str(path.resolve()),
    )


def _text(value: Any, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ConfigError(f"{where} must be a string.")
    return str(value)


def _command(value: Any, folder: Path, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = shlex.split(value)
    if not isinstance(value, list) or not value or not all(isinstance(v, (str, int, float)) for v in value):
        raise ConfigError(f"{where} must be a non-empty list of strings (or one command line).")
    # `agent.py` beside the YAML file becomes an absolute path, which the sandbox binds read-only.
    return tuple(str(folder / str(v)) if _is_local_file(folder, str(v)) else str(v) for v in value)


def _is_local_file(folder: Path, arg: str) -> bool:
    return not arg.startswith("-") and not Path(arg).is_absolute() and (folder / arg).is_file()


__all__ = ["BUILTIN_PROGRAMS", "builtin_agent", "builtin_names", "load_agent", "load_agent_file"]
