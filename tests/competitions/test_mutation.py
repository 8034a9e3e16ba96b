"""Mutation test: remove one validity check of a grader at a time; some conformance invalid case must then fail.

A validity check is an `if ...: raise InvalidSubmissionError(...)`, a `try` whose handlers raise it, or a call to a
shared check helper (`require_*`, `as_numbers`). Checks are found with `ast` in every competition's grade.py and in
the shared helpers of pytest_mlebench/metrics/validity.py. A mutant grader is loaded in place of the competition's (a grade.py
in a temporary folder, or the mutated metrics module imported by a fresh copy of grade.py) and the competition's
invalid cases run under strict grading: a case fails when it is scored, hits a grader bug or gets another reason.
A check whose removal no case notices is reported by competition, line and source, and fails the test.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module, invalid_case_failures, scaled_preparer

import pytest_mlebench.metrics
import pytest_mlebench.metrics.validity
import pytest_mlebench.scoring.grade
import pytest_mlebench.submission_checks
from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.registry import Registry
from pytest_mlebench.scoring.grade import STRICT_GRADING_ENV
from pytest_mlebench.submission_checks import generic_invalid_cases
from pytest_mlebench.submission_schema import SubmissionSchema

REPO = Path(__file__).resolve().parents[2]
IDS = Registry(REPO / "competitions").ids()
METRICS = Path(pytest_mlebench.metrics.validity.__file__)
SCHEMA = Path(pytest_mlebench.submission_checks.__file__)
REFUSAL = "InvalidSubmissionError"


@dataclasses.dataclass(frozen=True)
class Check:
    """One validity check: where it is, its first source line, and the source with it removed."""

    line: int
    source: str
    mutant: str


def _raises_refusal(body: list[ast.stmt]) -> bool:
    return any(isinstance(s, ast.Raise) and isinstance(s.exc, ast.Call) and _name(s.exc.func) == REFUSAL for s in body)


def _name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _replacement(stmt: ast.stmt) -> list[ast.stmt] | None:
    """What a check statement becomes once removed; None where `stmt` is no check."""
    if isinstance(stmt, ast.If) and _raises_refusal(stmt.body):
        return stmt.orelse or [ast.Pass()]
    if isinstance(stmt, ast.Try) and stmt.handlers and all(_raises_refusal(h.body) for h in stmt.handlers):
        return stmt.body  # the failing call stays, unguarded: it now raises what the handler refused with
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        name = _name(stmt.value.func)
        if name.startswith("require_") or name == "as_numbers":
            return [ast.Pass()]
    return None


def validity_checks(source: str) -> Iterator[Check]:
    """Every validity check in a module's source, each with the module's source less that one check."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(node, field, None)
            if not isinstance(block, list):
                continue
            for index, stmt in enumerate(block):
                replacement = _replacement(stmt)
                if replacement is None:
                    continue
                block[index:index + 1] = replacement
                mutant = ast.unparse(tree)
                block[index:index + len(replacement)] = [stmt]
                yield Check(stmt.lineno, ast.get_source_segment(source, stmt).splitlines()[0].strip(), mutant)


_PREPARED: dict[str, tuple] = {}


def prepared(competition_id: str, tmp_path_factory) -> tuple:
    """(competition, conformance module, layout) prepared from synthetic raw data once per session."""
    if competition_id not in _PREPARED:
        competition = Registry(REPO / "competitions").get(competition_id)
        module = conformance_module(competition)
        data_dir = tmp_path_factory.mktemp(f"mut-{competition_id[:20]}")
        layout = DataLayout(data_dir, competition_id)
        module.make_raw(layout.raw, np.random.default_rng(0))
        with scaled_preparer(competition, module):
            prepare_competition(competition, data_dir, download=None)
        _PREPARED[competition_id] = (competition, module, layout)
    return _PREPARED[competition_id]


def mutant_competition(competition, grade_source: str, folder: Path, metrics: types.ModuleType | None = None):
    """The competition with `grade_source` as its grader (importing `metrics` as pytest_mlebench.metrics if given)."""
    folder.mkdir(parents=True)
    (folder / "grade.py").write_text(grade_source)
    mutant = dataclasses.replace(competition, folder=folder)
    with pytest.MonkeyPatch.context() as patch:
        if metrics is not None:
            patch.setitem(sys.modules, "pytest_mlebench.metrics", metrics)
        assert mutant.grade_fn  # loaded (and cached) now, while the mutant metrics are the ones imported
    return mutant


def survivors(checks, caught) -> list[str]:
    return [f"line {c.line}: {c.source}" for c in checks if not caught(c)]


@pytest.mark.parametrize("competition_id", IDS)
def test_every_grader_check_is_caught_by_an_invalid_case(competition_id, tmp_path_factory, tmp_path, monkeypatch):
    monkeypatch.setenv(STRICT_GRADING_ENV, "1")
    competition, module, layout = prepared(competition_id, tmp_path_factory)
    source = (competition.folder / "grade.py").read_text()
    checks = list(validity_checks(source))
    assert invalid_case_failures(competition, module, layout, tmp_path) == {}, "the unmutated grader must pass"

    def caught(check: Check) -> bool:
        mutant = mutant_competition(competition, check.mutant, tmp_path / f"mutant-{check.line}")
        return bool(invalid_case_failures(mutant, module, layout, tmp_path))

    missed = survivors(checks, caught)
    assert not missed, f"{competition_id}/grade.py: no invalid case notices the removal of: {missed}"


def test_every_shared_check_is_caught_by_some_competition(tmp_path_factory, tmp_path, monkeypatch):
    monkeypatch.setenv(STRICT_GRADING_ENV, "1")
    cases = [prepared(cid, tmp_path_factory) for cid in IDS]
    checks = list(validity_checks(METRICS.read_text()))
    assert len(checks) >= 10, "the shared checks of validity.py are found"

    def caught(check: Check) -> bool:
        validity = types.ModuleType("pytest_mlebench.metrics.validity")
        validity.__file__ = str(METRICS)
        exec(compile(check.mutant, f"<mutant validity.py line {check.line}>", "exec"), validity.__dict__)
        # The package as graders import it, its validity names replaced by the mutant's.
        metrics = types.ModuleType("pytest_mlebench.metrics")
        metrics.__dict__.update(vars(pytest_mlebench.metrics))
        metrics.__dict__.update({k: v for k, v in vars(validity).items() if not k.startswith("__")})
        for competition, module, layout in cases:
            folder = tmp_path / f"m{check.line}-{competition.id}"
            mutant = mutant_competition(competition, (competition.folder / "grade.py").read_text(), folder, metrics)
            if invalid_case_failures(mutant, module, layout, tmp_path):
                return True
        return False

    missed = survivors(checks, caught)
    assert not missed, f"metrics/validity.py: no competition's invalid case notices the removal of: {missed}"


# Schemas no competition declares yet, so that every rule of submission_checks.py is exercised.
SYNTHETIC_SCHEMAS = (
    (SubmissionSchema(("id",), ("label",), type="label", labels=("a", "b")),
     pd.DataFrame({"id": [1, 2, 3], "label": ["a", "b", "a"]})),
    (SubmissionSchema(("id",), ("text",), type="text"),
     pd.DataFrame({"id": ["x", "y", "z"], "text": ["one", "two", "three"]})),
    (SubmissionSchema(("id",), ("y",), type="number", range=(0, 10), rows="by-position", numbers="float"),
     pd.DataFrame({"id": [3, 1, 2], "y": [0.5, 1.5, 9.0]})),
)


def synthetic_schema_failures(check_submission) -> list[str]:
    """The generic cases of the synthetic schemas that `check_submission` does not refuse with their reason."""
    failures = []
    for schema, answers in SYNTHETIC_SCHEMAS:
        assert check_submission(answers, answers, schema)  # the answers themselves are valid
        for name, (frame, reason) in generic_invalid_cases(schema, answers, answers).items():
            try:
                check_submission(frame, answers, schema)
            except InvalidSubmissionError as exc:
                if not re.search(reason, str(exc)):
                    failures.append(f"{schema.type}: {name}: {exc}")
            except Exception as exc:  # noqa: BLE001 - a mutant may crash instead of refusing
                failures.append(f"{schema.type}: {name}: {type(exc).__name__}")
            else:
                failures.append(f"{schema.type}: {name}: accepted")
    return failures


def test_synthetic_schemas_refuse_each_generic_case():
    assert synthetic_schema_failures(pytest_mlebench.submission_checks.check_submission) == []


def test_every_schema_check_is_caught_by_some_competition(tmp_path_factory, tmp_path, monkeypatch):
    """Each check of submission_checks.py, removed, lets some competition's (generic) invalid case through."""
    monkeypatch.setenv(STRICT_GRADING_ENV, "1")
    registry = Registry(REPO / "competitions")
    cases = [prepared(cid, tmp_path_factory) for cid in IDS if registry.get(cid).submission is not None]
    checks = list(validity_checks(SCHEMA.read_text()))
    assert len(checks) >= 8, "the checks of submission_checks.py are found"

    def caught(check: Check) -> bool:
        schema = types.ModuleType("pytest_mlebench.submission_checks")
        schema.__file__ = str(SCHEMA)
        exec(compile(check.mutant, f"<mutant submission_checks.py line {check.line}>", "exec"), schema.__dict__)
        if synthetic_schema_failures(schema.check_submission):
            return True
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(pytest_mlebench.scoring.grade, "check_submission", schema.check_submission)
            return any(invalid_case_failures(competition, module, layout, tmp_path)
                       for competition, module, layout in cases)

    missed = survivors(checks, caught)
    assert not missed, f"submission_checks.py: no competition's invalid case notices the removal of: {missed}"


def test_validity_checks_finds_each_kind_and_removes_only_it():
    source = (
        "def grade(s, a):\n"
        "    require_columns(s, ['id'])\n"
        "    if len(s) != len(a):\n"
        "        raise InvalidSubmissionError('rows')\n"
        "    try:\n"
        "        float(s)\n"
        "    except ValueError as exc:\n"
        "        raise InvalidSubmissionError('numbers') from exc\n"
        "    if s:\n"
        "        x = 1\n"
        "    return score(s)\n"
    )
    checks = list(validity_checks(source))
    assert [c.line for c in checks] == [2, 3, 5]
    assert "require_columns" not in checks[0].mutant and "'rows'" in checks[0].mutant
    assert "'rows'" not in checks[1].mutant and "require_columns" in checks[1].mutant
    assert "'numbers'" not in checks[2].mutant and "float(s)" in checks[2].mutant
    assert all("x = 1" in c.mutant for c in checks)
