"""Agents by name or YAML file -> `AgentSpec`. Built-in agents run the programs in `agent_programs/`; what is
particular to one of them lives in its own module (`aide`), declared through `agent_types.BuiltinAgent`.

It only describes agents; starting them is the runtime's job.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import shlex
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from pytest_mlebench import yaml_files
from pytest_mlebench.agent_folder import is_agent_folder, load_folder_agent
from pytest_mlebench.agent_types import AgentOption, BuiltinAgent
from pytest_mlebench.aide import AIDE
from pytest_mlebench.errors import ConfigError, PrerequisiteError
from pytest_mlebench.runtime import AgentSpec

# Built-in agents by name; each declares its program, options and what it needs (agent_types.BuiltinAgent).
BUILTINS = {agent.name: agent for agent in (BuiltinAgent("dummy", "dummy.py"), BuiltinAgent("baseline", "baseline.py"), AIDE)}
YAML_FIELDS = ("name", "command", "image", "env", "secrets", "network", "version", "mounts")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def builtin_names() -> list[str]:
    return sorted(BUILTINS)


def builtin_agent(name: str, env: Mapping[str, str] | None = None) -> AgentSpec:
    """A built-in agent's spec; `env` (the agents' options) over its own defaults."""
    return BUILTINS[name].spec(env or {})


def agent_options() -> list[AgentOption]:
    """The options every built-in agent declares, each once (pytest declares them all before an agent is chosen)."""
    return list({option.flag: option for agent in BUILTINS.values() for option in agent.options}.values())


def prepare_agent(spec: AgentSpec, runtime: str) -> None:
    """Build on this machine what a built-in agent needs in `runtime` (e.g. a cached venv for the local one).

    Raises:
        PrerequisiteError: it cannot be built (one sentence, with the fix).
    """
    agent = BUILTINS.get(spec.name) if spec.source == "builtin" else None
    if agent is not None and agent.prepare is not None:
        agent.prepare(runtime)


def check_secrets(spec: AgentSpec) -> None:
    """`PrerequisiteError` naming every secret the agent needs that the user's environment lacks."""
    missing = [name for name in (*spec.secrets, *spec.secret_env.values()) if not os.environ.get(name)]
    if missing:
        raise PrerequisiteError(
            f"Agent {spec.name} needs {', '.join('$' + n for n in missing)}; set it in the environment "
            "(its value is passed to the agent by name and never written)."
        )


def check_runtime_fit(spec: AgentSpec, runtime: str) -> None:
    """`PrerequisiteError` when an MLE-bench agent folder is not run in docker, or the agent asks for a privileged
    container the user has not accepted (MLE-bench's own variable)."""
    from pytest_mlebench.runtime.docker import PRIVILEGED_REFUSED, privileged_accepted

    if spec.build_context is not None and runtime != "docker":
        raise PrerequisiteError(f"Agent {spec.name} is an MLE-bench agent folder, which runs in a container; "
                                "add --runtime docker.")
    if not spec.privileged:
        return
    if runtime != "docker":
        raise PrerequisiteError(f"Agent {spec.name} asks for a privileged container; run it with --runtime docker.")
    if not privileged_accepted():
        raise PrerequisiteError(PRIVILEGED_REFUSED.format(name=spec.name))


def load_agent(name_or_yaml_path: str, env: Mapping[str, str] | None = None, agent_id: str | None = None) -> AgentSpec:
    """The agent called `name_or_yaml_path`, the one a `.yaml` file describes, or an MLE-bench agent folder's.

    Args:
        name_or_yaml_path: a built-in name, the path of a YAML spec, or an MLE-bench agent folder
            (`DIR`, `DIR/config.yaml`, `DIR/config.yaml:ID`).
        env: variables from the session's options (`--model` ...), over the spec's own.
        agent_id: `--agent-id`, the entry of an agent folder's config.yaml.

    Raises:
        ConfigError: an unknown name (listing the known ones) or an invalid file (naming the field).
    """
    if name_or_yaml_path in BUILTINS:
        return builtin_agent(name_or_yaml_path, env)
    if is_agent_folder(name_or_yaml_path):
        return load_folder_agent(name_or_yaml_path, agent_id).spec(dict(env or {}))
    if agent_id is not None:
        raise ConfigError(f"--agent-id {agent_id} needs --agent to name an MLE-bench agent folder (one with a config.yaml).")
    path = Path(name_or_yaml_path).expanduser()
    if path.suffix in (".yaml", ".yml"):
        spec = load_agent_file(path)
        return dataclasses.replace(spec, env={**spec.env, **(env or {})}) if env else spec
    close = difflib.get_close_matches(name_or_yaml_path, builtin_names(), n=2)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise ConfigError(
        f"Unknown agent '{name_or_yaml_path}'.{hint} Known agents: {', '.join(builtin_names())}; "
        "or give the path of a .yaml agent spec (fields: " + ", ".join(YAML_FIELDS) + ") or of an MLE-bench agent "
        "folder holding a config.yaml."
    )


def load_agent_file(path: Path) -> AgentSpec:
    """Read and validate a YAML agent spec; relative files in `command` are resolved beside the YAML file."""
    path = path.resolve()  # the sandbox sees absolute paths only
    raw = _read_yaml(path)
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
    mounts = raw.get("mounts") or []
    if not isinstance(mounts, list) or not all(isinstance(m, str) and Path(m).is_absolute() for m in mounts):
        raise ConfigError(f"{where} 'mounts' must be a list of absolute folder paths.")
    too_wide = [m for m in mounts if _contains(Path(m), Path.home()) or Path(m).resolve() == Path("/")]
    if too_wide:
        raise ConfigError(f"{where} 'mounts' entry {too_wide[0]} contains $HOME or /; mount a narrower folder.")
    return AgentSpec(
        name=name,
        command=command,
        mounts=tuple(mounts),
        image=image,
        env={str(k): _text(v, f"{where} 'env.{k}'") for k, v in env.items()},
        secrets=tuple(secrets),
        network=network,
        version=_text(raw.get("version", "0"), f"{where} 'version'"),
        source=str(path.resolve()),
    )


def _read_yaml(path: Path) -> Any:
    """The parsed file; every way reading it fails is one sentence naming the file (`ConfigError`)."""
    if not path.is_file():
        raise ConfigError(f"Agent file {path} not found (or not a file); give the path of a .yaml agent spec.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"Agent file {path} is not UTF-8 text (byte {exc.start}); save it as UTF-8.") from None
    except OSError as exc:
        raise ConfigError(f"Agent file {path} cannot be read ({exc.strerror}).") from None
    try:
        return yaml_files.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise ConfigError(f"Agent file {path} is not valid YAML{where}: {problem}.") from None
    except RecursionError:
        raise ConfigError(f"Agent file {path} is nested too deeply to read.") from None


def _contains(folder: Path, other: Path) -> bool:
    folder, other = folder.resolve(), other.resolve()
    return folder == other or folder in other.parents


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


__all__ = ["BUILTINS", "agent_options", "builtin_agent", "builtin_names", "check_runtime_fit", "check_secrets", "load_agent",
           "load_agent_file", "prepare_agent"]
