"""The integrity part of a session's report: run the checks the options ask for over the session's runs,
add their columns to each run's record, and build the `integrity` block of summary.json and summary.md
(flagged runs, the headline without them, and the leakage audit of each competition).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pytest_mlebench.errors import MlebenchError
from pytest_mlebench.integrity.evidence import RunRef
from pytest_mlebench.integrity.leakage import stored_audit
from pytest_mlebench.run_record import RunRecord
from pytest_mlebench.runs import RunFolder

Summarize = Callable[[Sequence[RunRecord]], Mapping[str, Any]]


@dataclasses.dataclass(frozen=True)
class CheckRequest:
    """Which checks to run and how; the session builds it from its settings, the CLI from its arguments."""

    rules: bool = False
    plagiarism: bool = False
    rules_model: str | None = None
    rules_context: int | None = None
    rules_questions: Path | None = None
    plagiarism_threshold: float | None = None


@dataclasses.dataclass
class IntegrityResults:
    rules: dict[str, dict[str, Any]] | None = None  # run key -> rules.json content; None: not run
    plagiarism: dict[str, dict[str, Any]] | None = None
    leakage: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)  # competition -> audit
    errors: list[str] = dataclasses.field(default_factory=list)
    rules_model: str | None = None
    plagiarism_threshold: float | None = None

    def flagged(self) -> dict[str, list[str]]:
        """Run key -> the checks that flagged it."""
        out: dict[str, list[str]] = {}
        for check, results in (("rules", self.rules), ("plagiarism", self.plagiarism)):
            for key, result in (results or {}).items():
                if result.get("flagged"):
                    out.setdefault(key, []).append(check)
        return out


def run_refs(records: Sequence[RunRecord], runs_dir: Path, run_group: str) -> list[RunRef]:
    return [RunRef(r.competition_id, int(r.seed), RunFolder.of(runs_dir, run_group, r.competition_id, int(r.seed)))
            for r in records]


def run_checks(request: CheckRequest, runs: Sequence[RunRef], data_dir: Path) -> IntegrityResults:
    """Run the requested checks; a check that cannot run (no endpoint, no network) is reported, not raised."""
    results = IntegrityResults()
    for cid in sorted({run.competition_id for run in runs}):
        audit = stored_audit(data_dir, cid)
        if audit is not None:
            results.leakage[cid] = audit
    if request.rules:
        from pytest_mlebench.integrity.endpoint import ChatEndpoint
        from pytest_mlebench.integrity.rules import DEFAULT_CONTEXT_TOKENS, check_rules, load_questions

        try:
            endpoint = ChatEndpoint.from_env(request.rules_model)
            results.rules_model = endpoint.model
            results.rules = check_rules(runs, endpoint, load_questions(request.rules_questions),
                                        request.rules_context or DEFAULT_CONTEXT_TOKENS)
        except MlebenchError as exc:
            results.errors.append(f"rules review not run: {exc}")
    if request.plagiarism:
        from pytest_mlebench.integrity.plagiarism import DEFAULT_THRESHOLD, check_plagiarism

        results.plagiarism_threshold = request.plagiarism_threshold or DEFAULT_THRESHOLD
        try:
            results.plagiarism = check_plagiarism(runs, data_dir, results.plagiarism_threshold)
        except MlebenchError as exc:
            results.errors.append(f"plagiarism check not run: {exc}")
    return results


def run_columns(results: IntegrityResults, key: str) -> dict[str, Any]:
    """The per-run fields the report shows: rules verdict and reason, plagiarism similarity and match."""
    out: dict[str, Any] = {}
    if results.rules is not None:
        rule = results.rules.get(key) or {}
        out["rules_check"] = _rules_verdict(rule)
        out["rules_reason"] = _rules_reason(rule)
    if results.plagiarism is not None:
        plag = results.plagiarism.get(key) or {}
        out["plagiarism_similarity"] = plag.get("max_similarity")
        out["plagiarism_match"] = plag.get("match") or plag.get("status")
        out["plagiarism_flagged"] = bool(plag.get("flagged"))
    return out


def _rules_verdict(result: Mapping[str, Any]) -> str:
    if not result:
        return "not checked"
    if result.get("error"):
        return "error"
    if result.get("flagged"):
        return "flagged"
    return "ok" if result.get("complete") else "incomplete"


def _rules_reason(result: Mapping[str, Any]) -> str:
    if result.get("error"):
        return str(result["error"])
    answers = result.get("answers") or {}
    return "; ".join(f"{qid}: {a.get('reason', '')}" for qid, a in answers.items() if a.get("answer") == "yes")


def annotate(records: Sequence[RunRecord], results: IntegrityResults) -> list[RunRecord]:
    """Each record with its integrity columns added (to its `extra`)."""
    return [dataclasses.replace(r, extra={**r.extra, **run_columns(results, r.run_id)}) for r in records]


def integrity_block(
    results: IntegrityResults, records: Sequence[RunRecord], summarize: Summarize
) -> dict[str, Any]:
    """The `integrity` entry of summary.json; `summarize` aggregates records as the headline does."""
    flagged = results.flagged()
    checks = [name for name, ran in (("rules", results.rules), ("plagiarism", results.plagiarism)) if ran is not None]
    block: dict[str, Any] = {
        "checks": checks,
        "rules_model": results.rules_model,
        "plagiarism_threshold": results.plagiarism_threshold,
        "flagged_runs": {key: flagged[key] for key in sorted(flagged)},
        "runs": {r.run_id: run_columns(results, r.run_id) for r in records} if checks else {},
        "leakage": {cid: {"findings": a.get("findings", []), "error": a.get("error")} for cid, a in results.leakage.items()},
        "errors": list(results.errors),
    }
    if checks:
        # A flagged run counts as a run without a submission: its medal does not stand.
        kept = [r for r in records if r.run_id not in flagged]
        block["results_without_flagged"] = summarize(kept)
    return block


def integrity_markdown(block: Mapping[str, Any] | None, format_rate: Callable[[Any], str]) -> list[str]:
    """The "Integrity" section of summary.md."""
    if not block:
        return []
    lines = ["", "## Integrity", ""]
    if block.get("checks"):
        lines.append(f"Checks run: {', '.join(block['checks'])}"
                     + (f" (rules model {block['rules_model']})" if block.get("rules_model") else "")
                     + (f"; plagiarism flags similarity above {block['plagiarism_threshold']:.0%}"
                        if block.get("plagiarism_threshold") is not None else "") + ".")
        flagged = block.get("flagged_runs") or {}
        named = ", ".join(f"{key} ({'/'.join(checks)})" for key, checks in flagged.items())
        lines.append(f"Flagged runs: {named or 'none'}.")
        without = block.get("results_without_flagged") or {}
        if without:
            lines += ["", "Without the flagged runs (each counted as a run without a submission):", "",
                      "| split | any medal | gold | above median | valid |", "|---|---|---|---|---|"]
            for split, stats in without.items():
                lines.append(f"| {split} | {format_rate(stats.get('any_medal'))} | {format_rate(stats.get('gold_medal'))} "
                             f"| {format_rate(stats.get('above_median'))} | {format_rate(stats.get('valid_submission'))} |")
    for error in block.get("errors") or []:
        lines.append(f"- {error}")
    leakage = block.get("leakage") or {}
    if leakage:
        lines += ["", "Leakage audit of the public data:", ""]
        for cid, audit in sorted(leakage.items()):
            if audit.get("error"):
                lines.append(f"- {cid}: {audit['error']}")
                continue
            findings = audit.get("findings") or []
            if not findings:
                lines.append(f"- {cid}: nothing found")
            for f in findings:
                column = f" `{f['column']}`" if f.get("column") else ""
                lines.append(f"- {cid}: **{f['kind']}** in `{f['file']}`{column}: {f['detail']}")
    return lines


RUN_COLUMNS = {"rules_check": "rules", "plagiarism_similarity": "plagiarism"}


def report_columns(records: Sequence[RunRecord]) -> list[str]:
    """The integrity fields present on the records, in the order the runs table shows them."""
    return [field for field in RUN_COLUMNS if any(field in r.extra for r in records)]


def run_cell(run: RunRecord, field: str) -> str:
    """A runs-table cell: 'flagged: <reason>' / 'ok' for rules, '73% code/a.py ~ owner/slug' for plagiarism."""
    record = run.extra  # the integrity columns `annotate` added
    if field == "rules_check":
        verdict = str(record.get("rules_check") or "-")
        reason = record.get("rules_reason")
        text = f"{verdict}: {reason}" if reason and verdict in ("flagged", "error") else verdict
    else:
        similarity = record.get("plagiarism_similarity")
        match = record.get("plagiarism_match") or "-"
        flag = " FLAGGED" if record.get("plagiarism_flagged") else ""
        text = f"{similarity:.0%} ~ {match}{flag}" if similarity is not None else str(match)
    return text.replace("|", "/").replace("\n", " ")


def terminal_lines(block: Mapping[str, Any] | None) -> list[str]:
    """A few lines under the terminal table: flagged runs, the headline without them, leaks found."""
    if not block:
        return []
    lines = []
    if block.get("checks"):
        flagged = block.get("flagged_runs") or {}
        line = f"integrity ({', '.join(block['checks'])}): {len(flagged)} run(s) flagged"
        overall = (block.get("results_without_flagged") or {}).get("all") or {}
        mean = (overall.get("any_medal") or {}).get("mean")
        if flagged and mean is not None:
            line += f"; any medal without them: {mean:.1f}%"
        lines.append(line + (": " + ", ".join(flagged) if flagged else ""))
    lines += [f"integrity: {error}" for error in block.get("errors") or []]
    leaks = {cid: len(a.get("findings") or []) for cid, a in (block.get("leakage") or {}).items() if a.get("findings")}
    if leaks:
        lines.append("leakage audit: " + ", ".join(f"{cid} ({n} finding(s))" for cid, n in sorted(leaks.items()))
                     + "; see summary.md")
    return lines
