"""The leakage audit, run after every preparation by whoever prepares (never by the preparation itself): does anything in public/ give away the private answers?

Four kinds of finding: test ids that appear, with their answers, in a public training table; an answer
column carried by a public table of the test rows; a public column of the test rows that predicts the
answers nearly perfectly (equal values, a single-feature model, or a field filled in only for one answer);
and answers beside test ids in other files or in file names. The report goes to `<data-dir>/<id>/leakage.json`,
outside prepared/, where no agent reads it. The audit reads the answers; it never writes to prepared/.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import pandas as pd
from filelock import FileLock

from pytest_mlebench.data.prepare import PrepareOutcome
from pytest_mlebench.integrity import predictors
from pytest_mlebench.integrity.predictors import (
    AGREEMENT,
    KAPPA,
    MIN_ROWS,
    agreement,
    normalize,
    normalize_value,
)
from pytest_mlebench.integrity.public_files import PublicScan, Table, read_text_table, scan_public
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.registry import Competition
from pytest_mlebench.results import now_iso, read_json, write_json_atomic

AUDIT_VERSION = 1
RESULT_FILE = "leakage.json"
MAX_MODEL_ROWS = 100_000
TEST_SIDE_SHARE = 0.5  # a table listing at least this share of the test ids describes the test rows
PATH_SPLIT = re.compile(r"[/:]")
TOKEN_SPLIT = re.compile(r"[._\-\s]+")


@dataclasses.dataclass(frozen=True)
class Finding:
    """One way the public data gives answers away."""

    kind: str  # test-id-in-train | answer-column-in-public | predictive-column | labels-in-metadata
    file: str  # path under public/ (`archive.zip:member` inside archives)
    column: str | None
    detail: str


@dataclasses.dataclass(frozen=True)
class Answers:
    """The private answers keyed by normalised id, every value normalised text."""

    id_column: str
    targets: tuple[str, ...]
    by_id: pd.DataFrame

    @property
    def ids(self) -> pd.Index:
        return self.by_id.index


def load_answers(competition: Competition, layout: DataLayout) -> Answers:
    """The answers and which of their columns is the id and which are answers.

    The id is the column the sample submission copies unchanged from the answers (the one with the most
    distinct values when several are copied); the answers are the other columns both files share.
    """
    answers = read_text_table(layout.prepared / competition.answers)
    sample = read_text_table(layout.prepared / competition.sample_submission)
    common = [c for c in sample.columns if c in answers.columns]
    if not common:
        raise ValueError(f"{competition.answers} and {competition.sample_submission} share no column")
    copied = [c for c in common if len(sample) == len(answers)
              and sorted(normalize(sample[c])) == sorted(normalize(answers[c]))]
    id_column = max(copied or common[:1], key=lambda c: answers[c].nunique())
    targets = tuple(c for c in common if c not in copied and c != id_column) or tuple(c for c in common if c != id_column)
    frame = pd.DataFrame({c: normalize(answers[c]) for c in targets})
    frame.index = pd.Index(normalize(answers[id_column]), name=id_column)
    frame = frame[~frame.index.duplicated()]
    return Answers(id_column, targets, frame)


def audit_public_data(competition: Competition, layout: DataLayout) -> list[Finding]:
    """Every finding for one prepared competition."""
    answers = load_answers(competition, layout)
    scan = scan_public(layout.public)
    findings = []
    for table in scan.tables:
        findings += _table_findings(table, answers, scan)
    findings += _metadata_findings(scan, answers)
    return findings


def _id_column(table: Table, answers: Answers) -> tuple[str, pd.Series] | None:
    """The table's column holding test ids (the answers' id column by name, else the one matching most)."""
    names = [answers.id_column] if answers.id_column in table.frame.columns else list(table.frame.columns)
    best = None
    for name in names:
        values = normalize(table.frame[name])
        hits = int(values.isin(answers.ids).sum())
        if hits and (best is None or hits > best[2]):
            best = (name, values, hits)
    return None if best is None else best[:2]


def _table_findings(table: Table, answers: Answers, scan: PublicScan) -> list[Finding]:
    found = _id_column(table, answers)
    if found is None:
        return []
    id_name, ids = found
    keep = ids.isin(answers.ids) & ~ids.duplicated()
    rows = table.frame[keep.to_numpy()]
    matched = ids[keep]
    truth = answers.by_id.loc[matched.to_numpy()]
    coverage = len(matched) / max(len(answers.ids), 1)
    labelled = [t for t in answers.targets if t in table.frame.columns]
    enough = min(MIN_ROWS, len(answers.ids))
    agreeing = []
    for target in labelled:
        acc, kappa = agreement(normalize(rows[target]).reset_index(drop=True), truth[target].reset_index(drop=True))
        if len(matched) >= enough and acc >= AGREEMENT and kappa >= KAPPA:
            agreeing.append((target, acc))
    if coverage < TEST_SIDE_SHARE:
        if not (labelled or "train" in table.name.lower()):
            return []
        integer_ids = bool(matched.map(lambda v: bool(re.fullmatch(r"-?\d+", v))).all())
        # Renumbered integer ids (nomad2018, many practice sets) collide by construction; they are a leak only
        # when the colliding rows also carry the answers.
        if integer_ids and not agreeing:
            return []
        with_answers = f", with their answers in {', '.join(t for t, _ in agreeing)}" if agreeing else ""
        return [Finding("test-id-in-train", table.name, id_name,
                        f"{len(matched)} of {len(answers.ids)} test ids appear in this table{with_answers}")]
    findings = [
        Finding("answer-column-in-public", table.name, target,
                f"column {target!r} holds the answer for {acc:.0%} of {len(matched)} test rows")
        for target, acc in agreeing
    ]
    columns = [c for c in table.frame.columns if c != id_name and c not in answers.targets]
    if len(rows) > MAX_MODEL_ROWS:  # a near-perfect predictor shows on a sample; the full table costs minutes
        keep_rows = np.sort(np.random.default_rng(0).choice(len(rows), MAX_MODEL_ROWS, replace=False))
        rows, truth = rows.iloc[keep_rows], truth.iloc[keep_rows]
    for column in columns:
        values = normalize(rows[column]).reset_index(drop=True)
        for target in answers.targets:
            def train(column=column, target=target):
                return predictors.labelled_rows(scan.tables, column, target, answers.ids, answers.id_column)

            detail = predictors.predicts(values, truth[target].reset_index(drop=True), train,
                                         tests=len(columns) * len(answers.targets))
            if detail:
                findings.append(Finding("predictive-column", table.name, column, f"{detail} (answer {target!r})"))
                break
    return findings


def _metadata_findings(scan: PublicScan, answers: Answers) -> list[Finding]:
    """Answers written next to test ids in non-table files, or in the names of files named by test id."""
    findings = []
    for text in scan.texts:
        detail = _hits_next_to_ids(text.records, answers)
        if detail:
            findings.append(Finding("labels-in-metadata", text.name, None, detail))
    by_folder: dict[str, list[list[str]]] = {}
    for path in scan.paths:
        parts = [p for p in PATH_SPLIT.split(path) if p]
        tokens = [t for part in parts for t in {part, PurePosixPath(part).stem, *TOKEN_SPLIT.split(part)} if t]
        top = parts[0] if len(parts) > 1 else "."
        by_folder.setdefault(top, []).append(tokens)
    for top, records in sorted(by_folder.items()):
        detail = _hits_next_to_ids(records, answers)
        if detail:
            findings.append(Finding("labels-in-metadata", f"{top} (file names)", None, detail))
    return findings


def _hits_next_to_ids(records: list[list[str]], answers: Answers) -> str | None:
    """Whether records that name a test id also hold its answer, far more often than a shuffled answer."""
    mentions: dict[str, set[str]] = {}
    ids = set(answers.ids)
    for record in records:
        tokens = {normalize_value(t) for t in record if t}
        for token in tokens & ids:
            mentions.setdefault(token, set()).update(tokens - {token})
    if len(mentions) < min(MIN_ROWS, len(ids)) or len(mentions) == 0:
        return None
    named = list(mentions)
    rng = np.random.default_rng(0)
    for target in answers.targets:
        truth = answers.by_id.loc[named, target].to_numpy()
        if len(set(truth)) < 2:
            continue  # one answer for all: nothing a file could reveal beyond the task itself
        hits = float(np.mean([t in mentions[i] for i, t in zip(named, truth, strict=True)]))
        # Binary answers ('0'/'1') stand beside many ids by chance; a shuffled answer says how often.
        chance = float(np.mean([t in mentions[i] for i, t in zip(named, rng.permutation(truth), strict=True)]))
        if hits >= AGREEMENT and chance < 1 and (hits - chance) / (1 - chance) >= KAPPA:
            return (f"the answer {target!r} stands next to the test id for {hits:.0%} of {len(named)} test ids "
                    f"(a shuffled answer: {chance:.0%})")
    return None


def audit_and_store(competition: Competition, layout: DataLayout) -> dict[str, Any]:
    """Audit, write `leakage.json` beside the prepared data, and return the report.

    A failure of the audit itself is recorded in the report (and shown wherever findings are), not raised:
    the data is prepared correctly either way, and a run should not be lost to the audit.
    """
    report: dict[str, Any] = {"competition_id": competition.id, "audit_version": AUDIT_VERSION, "created_at": now_iso()}
    try:
        findings = audit_public_data(competition, layout)
        report.update(findings=[dataclasses.asdict(f) for f in findings], error=None)
    except Exception as exc:  # noqa: BLE001 - recorded in the report, which every reader shows
        report.update(findings=[], error=f"the audit failed: {type(exc).__name__}: {exc}")
    write_json_atomic(layout.root / RESULT_FILE, report)
    return report


def audited(outcome: PrepareOutcome, competition: Competition, data_dir: Path) -> PrepareOutcome:
    """`outcome` with its leakage audit: audited now for freshly prepared data, else the stored audit (audited
    now where there is none, e.g. data prepared by MLE-bench). Under the preparation's lock, so two processes
    never write `leakage.json` at once."""
    layout = DataLayout(Path(data_dir), competition.id)
    with FileLock(str(layout.lock)):
        stored = stored_audit(data_dir, competition.id) if outcome.already_prepared else None
        return dataclasses.replace(outcome, leakage=stored or audit_and_store(competition, layout))


def stored_audit(data_dir: Path, competition_id: str) -> dict[str, Any] | None:
    """The competition's leakage.json when it is of the current audit version; None otherwise."""
    path = DataLayout(Path(data_dir), competition_id).root / RESULT_FILE
    try:
        report = read_json(path)
    except (OSError, ValueError):
        return None
    return report if report.get("audit_version") == AUDIT_VERSION else None


def format_findings(report: dict[str, Any]) -> list[str]:
    """Lines for the prepare output and reports."""
    if report.get("error"):
        return [f"  leakage audit: {report['error']}"]
    findings = report.get("findings") or []
    if not findings:
        return ["  leakage audit: nothing found"]
    lines = [f"  leakage audit: {len(findings)} finding(s)"]
    for f in findings:
        column = f" column {f['column']!r}" if f.get("column") else ""
        lines.append(f"    LEAK {f['kind']}: {f['file']}{column}: {f['detail']}")
    return lines
