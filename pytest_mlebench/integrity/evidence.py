"""What a finished run left for the integrity checks to read: its code files, its logs, and code quoted in
its logs. Reads run folders only; never the data.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from pytest_mlebench.agent_files import read_agent_file
from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.integrity.notebooks import notebook_source
from pytest_mlebench.runs import RunFolder

CODE_SUFFIXES = frozenset({
    ".py", ".ipynb", ".r", ".jl", ".sh", ".sql", ".scala", ".java", ".c", ".cc", ".cpp", ".h", ".js", ".ts", ".rs", ".go",
})
MAX_FILE_BYTES = 2_000_000  # a model dump or a data copy in code/ is not code the agent wrote
# Agents that plan in Markdown (an agent's journal, most LLM scaffolds) quote the code they run in fenced blocks.
FENCED_CODE = re.compile(r"^```[ \t]*(?:python|py|python3)?[ \t]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
SEED_FOLDER = re.compile(r"^seed(\d+)$")


@dataclasses.dataclass(frozen=True)
class RunRef:
    """One run of a group, by competition and seed."""

    competition_id: str
    seed: int
    folder: RunFolder

    @property
    def key(self) -> str:
        return f"{self.competition_id}-seed{self.seed}"


@dataclasses.dataclass(frozen=True)
class SourceText:
    """A text the checks read, named by its path in the run folder (`code/train.py`, `logs/agent.log#3`)."""

    name: str
    text: str


def group_runs(runs_dir: Path, group: str) -> list[RunRef]:
    """Every run folder of a group (kept-aside attempts `seed0.attempt1` excluded), sorted."""
    root = Path(runs_dir) / group
    refs = []
    for folder in sorted(root.glob("*/seed*")):
        match = SEED_FOLDER.match(folder.name)
        if match and folder.is_dir():
            refs.append(RunRef(folder.parent.name, int(match[1]), RunFolder(folder)))
    return refs


def code_files(run: RunFolder) -> list[SourceText]:
    """The code the agent left in `code/` (any depth); notebooks as the source of their code cells."""
    out = []
    for path in _files(run.code):
        if path.suffix.lower() not in CODE_SUFFIXES:
            continue
        text = _read(run, path)
        if text is None:
            continue
        if path.suffix.lower() == ".ipynb":
            try:
                text = notebook_source(text)
            except ValueError:
                continue  # a file named .ipynb that is no notebook holds no code cells to compare
        out.append(SourceText(f"code/{path.relative_to(run.code).as_posix()}", text))
    return out


def log_files(run: RunFolder) -> list[SourceText]:
    """Every text file under `logs/`."""
    texts = ((p, _read(run, p)) for p in _files(run.logs))
    return [SourceText(f"logs/{p.relative_to(run.logs).as_posix()}", text) for p, text in texts if text is not None]


def code_in_logs(logs: list[SourceText]) -> list[SourceText]:
    """Fenced Python blocks quoted in the logs, each as its own source (`logs/agent.log#2`)."""
    out = []
    for log in logs:
        for number, match in enumerate(FENCED_CODE.finditer(log.text), start=1):
            out.append(SourceText(f"{log.name}#{number}", match.group(1)))
    return out


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and p.stat().st_size <= MAX_FILE_BYTES)


def _read(run: RunFolder, path: Path) -> str | None:
    """The agent's file through the harness's one door (no link followed, regular files only); None if refused."""
    try:
        data = read_agent_file(run.path, path.relative_to(run.path), MAX_FILE_BYTES)
    except InvalidSubmissionError:
        return None
    return data.decode("utf-8", errors="replace")
