"""competitions/<id>/ folders -> validated `Competition` objects.

Listing reads only config.yaml; a competition's preparer and grader modules load on first use.
Every config error names the file and the field.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import importlib.resources
import importlib.util
import os
import re
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from pytest_mlebench import yaml_files
from pytest_mlebench.errors import ConfigError
from pytest_mlebench.metrics.catalog import declared_direction
from pytest_mlebench.submission_schema import SubmissionSchema, parse_schema

SPLITS = ("low", "medium", "high", "dev", "practice")
COMPETITION_TYPES = ("simple", "code")
CONFIG_FILE = "config.yaml"
ENV_COMPETITIONS_DIR = "MLEBENCH_COMPETITIONS_DIR"
INSTALLED_PACKAGE = "mlebench_competitions"


@dataclasses.dataclass(frozen=True)
class Leaderboard:
    """Where a competition's leaderboard comes from: MLE-bench's Git-LFS object, or a file in the folder."""

    source: str  # "mlebench" (downloaded, pinned) or "local" (a file in the competition folder)
    path: str
    sha256: str
    size: int
    reference_field: bool = False  # True when the rows are reference pipelines, not human teams


@dataclasses.dataclass(frozen=True)
class Checksums:
    """MLE-bench's md5 pins: the raw archive and every prepared file, by path relative to public/private."""

    zip: str | None
    public: dict[str, str]
    private: dict[str, str]


@dataclasses.dataclass(frozen=True)
class KnownIssue:
    """A way MLE-bench's behaviour differs from what a user would expect, reproduced for parity."""

    summary: str
    link: str | None = None


@dataclasses.dataclass(frozen=True)
class Competition:
    """One competition folder, validated."""

    id: str
    name: str
    split: str
    category: str
    awards_medals: bool
    competition_type: str
    metric: str
    higher_is_better: bool
    answers: str
    sample_submission: str
    leaderboard: Leaderboard
    checksums: Checksums
    year: int
    version: int
    folder: Path
    known_issues: tuple[KnownIssue, ...] = ()
    raw_source: str = "kaggle"  # "kaggle" (downloaded archive) or "builtin" (made from an installed package)
    submission: SubmissionSchema | None = None  # config.yaml's `submission:`; applied before the grader runs
    # Kaggle's "Late Submission" button is disabled: its rules are accepted from the Data tab (the preflight says so)
    rules_on_data_tab: bool = False

    @property
    def is_lower_better(self) -> bool:
        return not self.higher_is_better

    @property
    def markers(self) -> tuple[str, ...]:
        """The pytest marks of this competition's items: split (and `lite` for low), category, medals."""
        marks = [self.split]
        if self.split == "low":
            marks.append("lite")
        marks.append(marker_name(self.category))
        if self.awards_medals:
            marks.append("medals")
        return tuple(marks)

    @property
    def description_path(self) -> Path:
        return self.folder / "description.md"

    @property
    def prepare_fn(self) -> Callable[[Path, Path, Path], None]:
        """`prepare(raw, public, private)` from the folder's prepare.py."""
        return _load_module(self.folder / "prepare.py", self.id).prepare

    @property
    def grade_fn(self) -> Callable[[Any, Any], float]:
        """`grade(submission, answers) -> float` from the folder's grade.py."""
        return _load_module(self.folder / "grade.py", self.id).grade


def marker_name(category: str) -> str:
    """A category as a marker name: 'image-classification' -> 'image_classification'."""
    return re.sub(r"[^0-9a-zA-Z_]", "_", category)


def default_competitions_dir() -> Path:
    """$MLEBENCH_COMPETITIONS_DIR, else the source tree's `competitions/` beside this package (a checkout or an
    editable install), else the installed package `mlebench_competitions` (a wheel maps the folder to it)."""
    env = os.environ.get(ENV_COMPETITIONS_DIR)
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parent.parent / "competitions"
    if checkout.is_dir():
        return checkout
    try:
        return Path(str(importlib.resources.files(INSTALLED_PACKAGE)))
    except ModuleNotFoundError:
        return checkout  # neither exists: `Registry.ids` names the folder and the variable that fixes it


def sibling_module(file: str | Path, name: str) -> ModuleType:
    """Module `name` of the competition folder holding `file`: how a folder's prepare, grade and conformance
    modules share code (`common = sibling_module(__file__, "common")`), as they cannot import each other."""
    folder = Path(file).resolve().parent
    return _load_module(folder / f"{name}.py", folder.name)


@functools.cache
def _load_module(path: Path, competition_id: str) -> ModuleType:
    if not path.is_file():
        raise ConfigError(f"{path}: missing; every competition folder needs it.")
    name = f"mlebench_competitions.{re.sub(r'[^0-9a-zA-Z_]', '_', competition_id)}.{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Registry:
    """All competitions under one folder."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_competitions_dir()
        self._cache: dict[str, Competition] = {}

    def ids(self) -> list[str]:
        if not self.root.is_dir():
            raise ConfigError(f"{self.root}: competitions folder not found (set ${ENV_COMPETITIONS_DIR}).")
        return sorted(p.name for p in self.root.iterdir() if (p / CONFIG_FILE).is_file())

    def get(self, competition_id: str) -> Competition:
        if competition_id not in self._cache:
            folder = self.root / competition_id
            if not (folder / CONFIG_FILE).is_file():
                close = difflib.get_close_matches(competition_id, self.ids(), n=3)
                hint = f" Did you mean: {', '.join(close)}?" if close else " `mlebench list` shows them."
                raise ConfigError(f"Unknown competition '{competition_id}'.{hint}")
            self._cache[competition_id] = load_competition(folder)
        return self._cache[competition_id]

    def categories(self) -> set[str]:
        """Categories declared by the configs, read without validating them (for registering markers)."""
        found = set()
        for cid in self.ids():
            try:
                category = yaml_files.safe_load((self.root / cid / CONFIG_FILE).read_text()).get("category")
            except (yaml.YAMLError, AttributeError, OSError):
                continue
            if isinstance(category, str):
                found.add(category)
        return found

    def all(self) -> list[Competition]:
        return [self.get(i) for i in self.ids()]

    def select(self, split: str | None = None, category: str | None = None) -> list[Competition]:
        """Competitions of a split (`lite` = low) and/or category."""
        if split == "lite":
            split = "low"
        if split is not None and split not in SPLITS:
            raise ConfigError(f"Unknown split '{split}'; choose one of {', '.join(SPLITS)} or lite.")
        return [
            c
            for c in self.all()
            if (split is None or c.split == split) and (category is None or c.category == category)
        ]


def load_competition(folder: Path) -> Competition:
    """Read and validate `folder/config.yaml`."""
    path = folder / CONFIG_FILE
    try:
        raw = yaml_files.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc}).") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: must be a mapping of fields.")

    def field(name: str, kind: type | tuple[type, ...], where: dict = raw, prefix: str = "") -> Any:
        if name not in where:
            raise ConfigError(f"{path}: field '{prefix}{name}' is missing.")
        value = where[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(f"{path}: field '{prefix}{name}' must be {_kind_name(kind)}, got {value!r}.")
        return value

    cid = field("id", str)
    if cid != folder.name:
        raise ConfigError(f"{path}: field 'id' is '{cid}' but the folder is named '{folder.name}'.")
    split = field("split", str)
    if split not in SPLITS:
        raise ConfigError(f"{path}: field 'split' is '{split}'; choose one of {', '.join(SPLITS)}.")
    ctype = field("competition_type", str)
    if ctype not in COMPETITION_TYPES:
        raise ConfigError(f"{path}: field 'competition_type' must be one of {COMPETITION_TYPES}.")
    metric = field("metric", dict)
    metric_name = field("name", str, metric, "metric.")
    try:
        direction = declared_direction(metric_name)
    except KeyError as exc:
        raise ConfigError(f"{path}: field 'metric.name': {exc.args[0]}") from exc
    higher = field("higher_is_better", bool, metric, "metric.")
    if higher != direction:
        raise ConfigError(
            f"{path}: field 'metric.higher_is_better' is {higher}, but metric '{metric_name}' is "
            f"{'higher' if direction else 'lower'}-is-better; fix the field or the metric name."
        )

    lb = field("leaderboard", dict)
    leaderboard = Leaderboard(
        source=field("source", str, lb, "leaderboard."),
        path=field("path", str, lb, "leaderboard."),
        sha256=field("sha256", str, lb, "leaderboard."),
        size=field("size", int, lb, "leaderboard."),
        reference_field=bool(lb.get("reference_field", False)),
    )
    if leaderboard.source not in ("mlebench", "local"):
        raise ConfigError(f"{path}: field 'leaderboard.source' must be 'mlebench' or 'local'.")
    if leaderboard.source == "local" and not (folder / leaderboard.path).is_file():
        raise ConfigError(f"{path}: field 'leaderboard.path' names {leaderboard.path}, which is not in {folder}.")

    sums = field("checksums", dict)
    checksums = Checksums(
        zip=sums.get("zip"),
        public=dict(sums.get("public") or {}),
        private=dict(sums.get("private") or {}),
    )
    issues = tuple(
        KnownIssue(summary=str(i["summary"]), link=i.get("link")) if isinstance(i, dict) else KnownIssue(str(i))
        for i in (raw.get("known_issues") or [])
    )
    for required in ("prepare.py", "grade.py", "description.md"):
        if not (folder / required).is_file():
            raise ConfigError(f"{path}: the competition folder lacks {required}.")
    raw_source = str(raw.get("raw_source", "kaggle"))
    if raw_source not in ("kaggle", "builtin"):
        raise ConfigError(f"{path}: field 'raw_source' must be 'kaggle' or 'builtin', got {raw_source!r}.")
    rules_on_data_tab = raw.get("rules_on_data_tab", False)
    if not isinstance(rules_on_data_tab, bool):
        raise ConfigError(f"{path}: field 'rules_on_data_tab' must be true or false, got {rules_on_data_tab!r}.")
    answers = field("answers", str)
    sample = field("sample_submission", str)
    submission = parse_schema(raw["submission"], str(path)) if "submission" in raw else None
    for name, rel in (("answers", answers), ("sample_submission", sample)):
        if not (rel.startswith("private/") or rel.startswith("public/")):
            raise ConfigError(f"{path}: field '{name}' must be a path under public/ or private/, got {rel!r}.")
    return Competition(
        id=cid,
        name=field("name", str),
        split=split,
        category=field("category", str),
        awards_medals=field("awards_medals", bool),
        competition_type=ctype,
        metric=metric_name,
        higher_is_better=higher,
        answers=answers,
        sample_submission=sample,
        leaderboard=leaderboard,
        checksums=checksums,
        year=field("year", int),
        version=int(raw.get("version", 1)),
        folder=folder,
        known_issues=issues,
        raw_source=raw_source,
        submission=submission,
        rules_on_data_tab=rules_on_data_tab,
    )


def _kind_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {str: "a string", int: "an integer", bool: "true or false", dict: "a mapping", list: "a list"}
    return " or ".join(names.get(k, k.__name__) for k in kinds)
