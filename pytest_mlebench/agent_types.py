"""What a built-in agent declares: its program, how its spec is made, its options, what it needs built first
(a venv, image files), and the tag of its image. Only declarations: nothing here starts or builds anything."""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from pytest_mlebench.runtime import AgentSpec

PROGRAMS = Path(__file__).resolve().parent / "agent_programs"


@dataclasses.dataclass(frozen=True)
class AgentOption:
    """A command-line option of an agent, handed to the agent as the environment variable `env` (which is also
    where the option's value is read from when the flag is not given)."""

    flag: str  # e.g. "--model"
    env: str  # e.g. "MLEBENCH_MODEL"
    help: str
    metavar: str = "VALUE"
    # The value the agent gets; raises ValueError (a phrase like "takes a positive number") when it is invalid.
    parse: Callable[[str], str] = str.strip

    @property
    def dest(self) -> str:
        return self.flag.lstrip("-").replace("-", "_")


@dataclasses.dataclass(frozen=True)
class BuiltinAgent:
    """One built-in agent: `program` in agent_programs/, run by this Python unless `make_spec` says otherwise."""

    name: str
    program: str
    make_spec: Callable[[Mapping[str, str]], AgentSpec] | None = None  # env -> spec; None: `program_spec`
    options: tuple[AgentOption, ...] = ()
    prepare: Callable[[str], None] | None = None  # runtime name -> builds what the agent needs there
    image_files: Callable[[], dict[str, Path]] | None = None  # extra files of its image's build context

    def spec(self, env: Mapping[str, str]) -> AgentSpec:
        return self.make_spec(env) if self.make_spec is not None else program_spec(self, env)


def agent_image(name: str) -> str:
    """The tag of a built-in agent's image."""
    return f"mlebench-agent-{name}:latest"


def program_version(agent: BuiltinAgent, *extra: str) -> str:
    """The agent's version: the hash of its program (and of `extra`, e.g. a pinned package)."""
    return hashlib.sha256((PROGRAMS / agent.program).read_bytes() + "".join(extra).encode()).hexdigest()[:12]


def program_spec(agent: BuiltinAgent, env: Mapping[str, str]) -> AgentSpec:
    """The agent's program run by this Python; in docker, its image."""
    return AgentSpec(
        name=agent.name, command=(sys.executable, str(PROGRAMS / agent.program)), image=agent_image(agent.name),
        version=program_version(agent), source="builtin", env=dict(env),
    )
