"""MLE-bench agent folders (`agents/<name>/config.yaml`) read into an `AgentSpec` for the docker runtime.

Reads the config (anchors and `<<:` merges), checks one entry, and says how its container starts. Secrets stay
names: `${{ secrets.NAME }}` becomes "fill this variable from the host's NAME" and no value is read here.
It neither builds the image (`images`) nor starts anything (the runtime).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

from pytest_mlebench import yaml_files
from pytest_mlebench.errors import ConfigError
from pytest_mlebench.runtime import AgentSpec

CONFIG_NAME = "config.yaml"
FIELDS = ("start", "dockerfile", "kwargs", "kwargs_type", "env_vars", "privileged")
KWARGS_TYPES = ("argparse", "omegaconf")
# MLE-bench's constants: where the start script lives in the container, and the build arguments it passes.
CONTAINER_AGENT_DIR = "/home/agent"
BUILD_ARGS = {"SUBMISSION_DIR": "/home/submission", "LOGS_DIR": "/home/logs", "CODE_DIR": "/home/code",
              "AGENT_DIR": CONTAINER_AGENT_DIR}
_SECRET = re.compile(r"\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclasses.dataclass(frozen=True)
class FolderAgent:
    """One entry of an MLE-bench agent folder's config.yaml, checked."""

    agent_id: str
    config: Path
    dockerfile: Path  # its folder is the build context, as MLE-bench builds it
    start: Path
    command: tuple[str, ...]  # `bash /home/agent/start.sh` and the kwargs, as MLE-bench passes them
    env: dict[str, str]
    secret_env: dict[str, str]  # variable in the container -> the host variable whose value it gets
    privileged: bool

    @property
    def context(self) -> Path:
        return self.dockerfile.parent

    @property
    def image(self) -> str:
        """The tag of the agent's image: its id made a valid repository name, and a hash of the folder's path."""
        name = re.sub(r"[^a-z0-9._-]+", "-", self.agent_id.lower()).strip(".-_") or "agent"
        digest = hashlib.sha256(str(self.config).encode()).hexdigest()[:8]
        return f"mlebench-folder-{name[:60]}-{digest}:latest"

    def spec(self, options: dict[str, str] | None = None) -> AgentSpec:
        return AgentSpec(
            name=self.agent_id, image=self.image, env={**self.env, **(options or {})}, version=self.version(),
            source=f"{self.config}:{self.agent_id}", container_command=self.command, secret_env=dict(self.secret_env),
            privileged=self.privileged, build_context=str(self.context), dockerfile=str(self.dockerfile),
            # The harness's policy, not MLE-bench's: no network unless the container config asks for it.
            network=False,
        )

    def version(self) -> str:
        """A hash of every file in the build context (and the start command), so a changed agent reads as new."""
        digest = hashlib.sha256(repr(self.command).encode())
        for path in sorted(p for p in self.context.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(self.context)).encode() + b"\0" + path.read_bytes())
        return digest.hexdigest()[:12]


def is_agent_folder(reference: str) -> bool:
    """True when `reference` names an agent folder, its config.yaml, or `config.yaml:ID`."""
    path = Path(_split(reference)[0]).expanduser()
    return (path.is_dir() and (path / CONFIG_NAME).is_file()) or path.name == CONFIG_NAME


def load_folder_agent(reference: str, agent_id: str | None = None) -> FolderAgent:
    """The entry `agent_id` (or the `:ID` of `reference`, or the only one) of an MLE-bench agent folder.

    Args:
        reference: `DIR`, `DIR/config.yaml` or `DIR/config.yaml:ID`.
        agent_id: `--agent-id`; it must agree with an `:ID` given in `reference`.

    Raises:
        ConfigError: one sentence naming the file and the field.
    """
    location, suffix_id = _split(reference)
    path = Path(location).expanduser().resolve()
    config = path / CONFIG_NAME if path.is_dir() else path
    if suffix_id and agent_id and suffix_id != agent_id:
        raise ConfigError(f"--agent names entry {suffix_id!r} of {config} but --agent-id says {agent_id!r}; give one.")
    wanted = suffix_id or agent_id
    entries = _entries(config)
    if wanted is None:
        if len(entries) != 1:
            raise ConfigError(f"{config} has {len(entries)} agents ({', '.join(entries)}); choose one with --agent-id.")
        wanted = next(iter(entries))
    if wanted not in entries:
        raise ConfigError(f"{config} has no agent {wanted!r}; its agents are {', '.join(entries) or 'none'}.")
    return _check(config, wanted, entries[wanted])


def _split(reference: str) -> tuple[str, str | None]:
    """`DIR/config.yaml:ID` -> (`DIR/config.yaml`, `ID`); anything else is a path without an id."""
    head, sep, tail = reference.partition(f"{CONFIG_NAME}:")
    return (head + CONFIG_NAME, tail or None) if sep else (reference, None)


def _entries(config: Path) -> dict[str, dict[str, Any]]:
    """The config's agent entries by id; `x-...` keys only hold anchors, as in docker compose files."""
    if not config.is_file():
        raise ConfigError(f"{config} not found; --agent takes an MLE-bench agent folder holding a {CONFIG_NAME}.")
    try:
        raw = yaml_files.safe_load(config.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{config} is not UTF-8 text; save it as UTF-8.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{config} is not valid YAML{where}: {getattr(exc, 'problem', None) or exc}.") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{config} must map agent ids to their settings (start, dockerfile, ...).")
    entries = {}
    for key, value in raw.items():
        if str(key).startswith("x-"):
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"{config}: agent {key!r} must be a mapping of {', '.join(FIELDS)}.")
        entries[str(key)] = value
    return entries


def _check(config: Path, agent_id: str, entry: dict[str, Any]) -> FolderAgent:
    where = f"{config}: agent {agent_id!r}"
    unknown = sorted(set(map(str, entry)) - set(FIELDS))
    if unknown:
        raise ConfigError(f"{where} has unknown field(s) {', '.join(unknown)}; allowed: {', '.join(FIELDS)}.")
    # Paths are relative to the agents/ folder that holds the agent folder (`dummy/start.sh`).
    agents_dir = config.parent.parent
    start = _file(entry, "start", agents_dir, where)
    dockerfile = _file(entry, "dockerfile", agents_dir, where)
    kwargs = entry.get("kwargs")
    kwargs_type = entry.get("kwargs_type")
    if kwargs is not None and not isinstance(kwargs, dict):
        raise ConfigError(f"{where} field 'kwargs' must be a mapping of argument names to values.")
    if kwargs and kwargs_type is None:
        raise ConfigError(f"{where} field 'kwargs_type' is missing; with kwargs it must be argparse or omegaconf.")
    if kwargs_type is not None and kwargs_type not in KWARGS_TYPES:
        raise ConfigError(f"{where} field 'kwargs_type' must be argparse or omegaconf, not {kwargs_type!r}.")
    privileged = entry.get("privileged", False)
    if not isinstance(privileged, bool):
        raise ConfigError(f"{where} field 'privileged' must be true or false.")
    env, secret_env = _env_vars(entry.get("env_vars"), f"{where} field 'env_vars'")
    return FolderAgent(agent_id=agent_id, config=config, dockerfile=dockerfile, start=start,
                       command=start_command(kwargs or {}, kwargs_type), env=env, secret_env=secret_env,
                       privileged=privileged)


def start_command(kwargs: dict[str, Any], kwargs_type: str | None) -> tuple[str, ...]:
    """`bash /home/agent/start.sh` then `--key value` (argparse) or `key=value` (omegaconf), values as `str()`."""
    command = ["bash", f"{CONTAINER_AGENT_DIR}/start.sh"]
    if kwargs_type == "argparse":
        for key, value in kwargs.items():
            command += [f"--{key}", str(value)]
    elif kwargs_type == "omegaconf":
        command += [f"{key}={value}" for key, value in kwargs.items()]
    return tuple(command)


def _file(entry: dict[str, Any], field: str, agents_dir: Path, where: str) -> Path:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where} field {field!r} is missing; give its path relative to {agents_dir}.")
    path = (agents_dir / value).resolve()
    if not path.is_file():
        raise ConfigError(f"{where} field {field!r} names {path}, which is not a file.")
    return path


def _env_vars(raw: Any, where: str) -> tuple[dict[str, str], dict[str, str]]:
    """(plain variables, secrets as container variable -> host variable)."""
    if raw is None:
        return {}, {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must map variable names to values.")
    env: dict[str, str] = {}
    secrets: dict[str, str] = {}
    for key, value in raw.items():
        if not _ENV_NAME.fullmatch(str(key)):
            raise ConfigError(f"{where} has {key!r}, which is not a variable name.")
        if isinstance(value, (dict, list)) or value is None:
            raise ConfigError(f"{where} entry {key!r} must be a string.")
        text = str(value)
        secret = _SECRET.fullmatch(text.strip())
        if secret:
            secrets[str(key)] = secret.group(1)
        elif "${{" in text:
            raise ConfigError(f"{where} entry {key!r} must be a plain value or exactly '${{{{ secrets.NAME }}}}'.")
        else:
            env[str(key)] = text
    return env, secrets


__all__ = ["BUILD_ARGS", "CONFIG_NAME", "FolderAgent", "is_agent_folder", "load_folder_agent", "start_command"]
