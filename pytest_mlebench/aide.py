"""The built-in `aide` agent: the pinned aideml release driven by `agent_programs/aide_adapter.py`, its options
(--model, --feedback-model, --aide-steps), its cached venv (local runtime) and its image's wheels (docker).

Everything that knows about AIDE lives here (and in its program and Dockerfile); the rest sees a `BuiltinAgent`.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from pytest_mlebench.agent_types import PROGRAMS, AgentOption, BuiltinAgent, agent_image, program_version
from pytest_mlebench.agent_venv import ensure_venv, ensure_wheelhouse, venv_folder, venv_python
from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.runtime import AgentSpec

AIDE_PACKAGE = "aideml==0.2.2"
# What aideml 0.2.2 imports (its declared dependencies pull torch, transformers and more: several GB), pinned
# at AIDE's own pins where it has them and otherwise at releases of its time; openai stays on the 1.x API it
# was written against. Their own dependencies are resolved by pip against the harness's environment.
AIDE_IMPORTS = (
    "black==24.3.0", "funcy==2.0", "humanize==4.8.0", "jsonschema>=4.19.2", "rich>=13.7.0",
    "openai==1.109.1", "anthropic==0.69.0", "dataclasses-json==0.6.7", "omegaconf==2.3.0", "shutup==0.2.0",
    "coolname==2.2.0", "igraph==0.11.9", "genson==1.3.0", "backoff==2.2.1",
)
# omegaconf 2.3's parser runtime ships only a source archive; it is pure Python, so a wheel built here fits any image.
AIDE_BUILT_HERE = ("antlr4-python3-runtime==4.9.3",)
# MLE-bench's headline AIDE run (agents/aide/config.yaml, `aide/o1-preview`): o1-preview writes the code,
# gpt-4o-2024-08-06 reviews it.
AIDE_DEFAULT_MODEL = "o1-preview"
AIDE_DEFAULT_FEEDBACK_MODEL = "gpt-4o-2024-08-06"
_OPENAI_NAME = re.compile(r"^(gpt-.*|o\d+(-.*)?|codex-mini-latest)$")  # aideml 0.2.2's test for an OpenAI model


def model_key(model: str, base_url: str | None) -> str:
    """The variable holding the key aideml 0.2.2's backend for `model` reads (its own provider rules)."""
    if model.startswith("claude-"):
        return "ANTHROPIC_API_KEY"
    if model.startswith("gemini-"):
        return "GEMINI_API_KEY"
    if _OPENAI_NAME.match(model) or base_url:
        return "OPENAI_API_KEY"
    return "OPENROUTER_API_KEY"


def aide_spec(env: Mapping[str, str]) -> AgentSpec:
    """AIDE in the local runtime with the Python of a cached venv, in docker from the `aide` image. It needs the
    network to reach its LLM."""
    env = dict(env)
    env.setdefault("MLEBENCH_MODEL", AIDE_DEFAULT_MODEL)
    # --model alone names both models; without it, MLE-bench's headline pair.
    env.setdefault("MLEBENCH_FEEDBACK_MODEL",
                   AIDE_DEFAULT_FEEDBACK_MODEL if env["MLEBENCH_MODEL"] == AIDE_DEFAULT_MODEL else env["MLEBENCH_MODEL"])
    base_url = os.environ.get("OPENAI_BASE_URL")
    if base_url:  # not a secret: where the user's OpenAI-compatible server is, read as the openai client reads it
        env.setdefault("OPENAI_BASE_URL", base_url)
    keys = tuple(dict.fromkeys(model_key(env[k], env.get("OPENAI_BASE_URL"))
                               for k in ("MLEBENCH_MODEL", "MLEBENCH_FEEDBACK_MODEL")))
    venv = aide_venv_folder()
    return AgentSpec(
        name="aide", command=(str(venv_python(venv)), str(PROGRAMS / AIDE.program)), image=agent_image("aide"),
        env=env, secrets=keys, network=True, version=program_version(AIDE, AIDE_PACKAGE), source="builtin",
        mounts=(str(venv),),
    )


def aide_venv_folder(root: Path | None = None) -> Path:
    return venv_folder("aide", (AIDE_PACKAGE,), AIDE_IMPORTS, root)


def aide_venv(root: Path | None = None) -> Path:
    """The cached environment that runs the pinned aideml release, built on first use."""
    return ensure_venv("aide", (AIDE_PACKAGE,), AIDE_IMPORTS, root)


def aide_wheelhouse(root: Path | None = None) -> Path:
    """Wheels for the `aide` image: the pinned aideml and everything it imports, for the image's Python."""
    return ensure_wheelhouse("aide", (AIDE_PACKAGE,), AIDE_IMPORTS, AIDE_BUILT_HERE, root)


def _prepare(runtime: str) -> None:
    if runtime == "local":  # the docker runtime runs the `aide` image, whose wheels come with `image_files`
        aide_venv()


def _image_files() -> dict[str, Path]:
    return {f"wheels/{path.name}": path for path in sorted(aide_wheelhouse().glob("*.whl"))}


def _steps(value: str) -> str:
    if not re.fullmatch(r"\s*[1-9]\d*\s*", value):
        raise ValueError(f"takes a positive number of steps like 50, got {value!r}")
    return str(int(value))


OPTIONS = (
    AgentOption("--model", "MLEBENCH_MODEL", metavar="NAME",
                help="LLM the agent uses, passed as $MLEBENCH_MODEL (env MLEBENCH_MODEL; aide default: o1-preview, "
                "MLE-bench's headline). OpenAI-compatible servers: set OPENAI_BASE_URL."),
    AgentOption("--feedback-model", "MLEBENCH_FEEDBACK_MODEL", metavar="NAME",
                help="LLM that reviews the agent's runs, where the agent has one (aide; default: --model, or "
                "gpt-4o-2024-08-06 with the default model; env MLEBENCH_FEEDBACK_MODEL)."),
    AgentOption("--aide-steps", "MLEBENCH_AIDE_STEPS", metavar="N", parse=_steps,
                help="Steps of the aide agent's search (default 500, as in MLE-bench; env MLEBENCH_AIDE_STEPS)."),
)
AIDE = BuiltinAgent("aide", "aide_adapter.py", aide_spec, OPTIONS, _prepare, _image_files)


def main(argv: list[str] | None = None) -> int:
    """`python -m pytest_mlebench.aide [--wheelhouse]`: build (or find) AIDE's venv (or the image's wheels)."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        print(aide_wheelhouse() if "--wheelhouse" in argv else aide_venv())
    except PrerequisiteError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
