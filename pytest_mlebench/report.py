"""Files in `reports/<run-group>/`: summary.json, one MLE-bench grading report per seed, summary.md, a plot,
the static index.html; and the rich tables for the terminal."""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pytest_mlebench.aggregate import (
    INFRA_EXCLUDE,
    INFRA_FAIL,
    RATE_FIELDS,
    is_medal_unknown,
    mlebench_run_report,
)
from pytest_mlebench.budgets import markdown_budgets
from pytest_mlebench.integrity.section import RUN_COLUMNS, integrity_markdown, report_columns, run_cell
from pytest_mlebench.manifest import package_versions as versions
from pytest_mlebench.results import now_iso, write_json_atomic
from pytest_mlebench.run_record import RunRecord, as_record

HEADLINE = ("any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median", "valid_submission")
PARTIAL_CREDIT = ("leaderboard_percentile", "normalized_score")
SUBSET_TITLES = {"all": "all", "medal_granting": "medal-granting", "clean": "clean (no known issue)",
                 "after_cutoff": "ended after cutoff"}
PARTIAL_CREDIT_NOTE = (
    "Leaderboard percentile: percent of leaderboard teams the score beats, a tied team counting half; "
    "0 for a missing or invalid submission. Normalised score: (score - median) / (gold - median), clipped to "
    "[-1, 1]; -1 for a missing or invalid submission. Both are averaged over a split's competitions per seed."
)


def format_rate(stat: Mapping[str, Any] | None, digits: int = 1) -> str:
    if not stat or stat.get("mean") is None or stat["mean"] != stat["mean"]:
        return "-"
    sem = stat.get("sem")
    return f"{stat['mean']:.{digits}f}" + (f" ± {sem:.{digits}f}" if sem is not None else "")


def write_reports(
    folder: Path,
    summary: Mapping[str, Any],
    records: Sequence[RunRecord | Mapping[str, Any]],
    header: Mapping[str, Any],
) -> dict[str, Path]:
    """Write every report file and return their paths by kind."""
    records = [as_record(r) for r in records]
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"summary": folder / "summary.json", "markdown": folder / "summary.md"}
    created = now_iso()
    write_json_atomic(paths["summary"], {**header, "created_at": created, "versions": versions(), "results": summary})
    for seed in sorted({int(r.seed) for r in records}):
        reports = [_grading_fields(r) for r in records if int(r.seed) == seed]
        path = folder / f"seed{seed}_grading_report.json"
        write_json_atomic(path, mlebench_run_report(sorted(reports, key=lambda r: r["competition_id"])))
        paths[f"seed{seed}"] = path
    paths["markdown"].write_text(markdown_summary(summary, records, header))
    plot = plot_medal_rates(summary, folder / "medal_rate_by_split.png")
    if plot is not None:
        paths["plot"] = plot
    from pytest_mlebench.html_report import write_html

    paths["html"] = write_html(folder, {**header, "created_at": created, "results": summary}, records)
    return paths


GRADING_FIELDS = (
    "competition_id", "score", "gold_threshold", "silver_threshold", "bronze_threshold", "median_threshold",
    "any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median", "submission_exists",
    "valid_submission", "is_lower_better", "created_at", "submission_path",
)  # MLE-bench's competition report, in its order


def _grading_fields(record: RunRecord) -> dict[str, Any]:
    fields = {k: v for k, v in record.to_json().items() if k in GRADING_FIELDS}
    if record.medal_note:  # medals unknown: say why beside the None fields
        fields["medal_note"] = record.medal_note
    return fields


def medal_unknown_sentence(summary: Mapping[str, Any]) -> str | None:
    """'Medal unknown: N runs, leaderboard missing; ...' where some runs were graded without a leaderboard."""
    overall = summary.get("all") or {}
    unknown = overall.get("medal_unknown") or 0
    if not unknown:
        return None
    return (f"Medal unknown: {unknown} run(s), leaderboard missing (not counted as no medal); medal rates are over "
            f"the {overall.get('medal_known_runs')} run(s) whose medals are known.")


def markdown_summary(summary: Mapping[str, Any], records: Sequence[RunRecord | Mapping[str, Any]],
                     header: Mapping[str, Any]) -> str:
    records = [as_record(r) for r in records]
    lines = [
        f"# MLE-bench results: {header.get('agent')} ({header.get('run_group')})",
        "",
        f"Seeds: {header.get('seeds')}; runtime: {header.get('runtime')}; time limit: {header.get('time_limit')} s; "
        f"description: {header.get('description') or 'original'}.",
        "Rates are percentages, mean ± standard error of the mean over seeds.",
        "",
        "| split | competitions | runs | " + " | ".join(HEADLINE) + " |",
        "|---|---|---|" + "---|" * len(HEADLINE),
    ]
    for split, stats in summary.items():
        cells = [format_rate(stats.get(f)) for f in HEADLINE]
        lines.append(f"| {split} | {stats.get('competitions')} | {stats.get('runs')} | " + " | ".join(cells) + " |")
    unknown = medal_unknown_sentence(summary)
    if unknown:
        lines += ["", unknown]
    lines += headline_markdown(header)
    lines += markdown_budgets(header.get("medal_rate_at_budgets") or {})
    if header.get("reference_field_competitions"):
        lines += ["", "Practice competitions rank against a reference field of scikit-learn pipelines, not human teams: "
                  + ", ".join(header["reference_field_competitions"]) + "."]
    checks = report_columns(records)
    lines += ["", "## Runs", "", "| competition | seed | score | medal | valid | reason |"
              + "".join(f" {RUN_COLUMNS[c]} |" for c in checks), "|---|---|---|---|---|---|" + "---|" * len(checks)]
    for r in sorted(records, key=lambda r: r.key):
        medal = next((m for m in ("gold", "silver", "bronze") if getattr(r, f"{m}_medal")), "-")
        medal = "unknown (leaderboard missing)" if is_medal_unknown(r) else medal
        if r.infra_failure:
            reason = f"infrastructure failure: {r.infra_error or ''}"
        elif r.grader_error:
            reason = f"grader error: {r.grader_error}"
        else:
            reason = r.invalid_reason or ""
        reason = reason.replace("|", "/")
        lines.append(f"| {r.competition_id} | {r.seed} | {r.score} | {medal} | {r.valid_submission} | {reason} |"
                     + "".join(f" {run_cell(r, c)} |" for c in checks))
    lines += grader_errors_markdown(header.get("grader_errors") or [])
    lines += integrity_markdown(header.get("integrity"), format_rate)
    return "\n".join(lines) + "\n"


def grader_error_runs(records: Sequence[RunRecord | Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The runs whose grader crashed (counted invalid, for parity): competition, seed and the error."""
    return [{"competition_id": r.competition_id, "seed": r.seed, "error": r.grader_error}
            for r in sorted(map(as_record, records), key=lambda r: r.key) if r.grader_error]


def grader_errors_markdown(runs: Sequence[Mapping[str, Any]]) -> list[str]:
    """A section listing grader bugs apart from the agents' invalid submissions; nothing when there are none."""
    if not runs:
        return []
    lines = ["", "## Grader errors", "",
             f"{len(runs)} run(s) hit a bug in a competition's grader: counted as invalid submissions, as MLE-bench "
             "counts them, but not the agent's fault.", "", "| competition | seed | error |", "|---|---|---|"]
    lines += [f"| {r['competition_id']} | {r['seed']} | {str(r['error']).replace('|', '/')} |" for r in runs]
    return lines


def grader_errors_line(runs: Sequence[Mapping[str, Any]]) -> str | None:
    """One terminal line naming the runs whose grader crashed; None when none did."""
    if not runs:
        return None
    return f"grader errors ({len(runs)}, counted invalid): " + "; ".join(
        f"{r['competition_id']} seed {r['seed']}: {r['error']}" for r in runs)


def infra_sentence(header: Mapping[str, Any]) -> str:
    infra = header.get("infra") or {}
    n, runs = infra.get("infra_failures", 0), infra.get("runs", 0)
    return (f"Infrastructure failures: {n} of {runs} runs (after up to {infra.get('retries', 0)} retries each); "
            "left out of the headline, counted as failures in the pessimistic column. An agent's crash, "
            "timeout or missing submission always counts.")


def headline_markdown(header: Mapping[str, Any]) -> list[str]:
    """The headline subsets with both treatments of infra failures, partial credit and the versions used."""
    head = header.get("headline")
    if not head:
        return []
    lines = ["", "## Headline", "", infra_sentence(header), "",
             "| subset | competitions | runs | infra failures | any medal | any medal (infra = failure) "
             "| above median | percentile | normalised score |", "|---|---|---|---|---|---|---|---|---|"]
    for name, entry in head.items():
        ex, pe = entry[INFRA_EXCLUDE], entry[INFRA_FAIL]
        lines.append(f"| {SUBSET_TITLES.get(name, name)} | {ex.get('competitions')} | {ex.get('runs')} "
                     f"| {ex.get('infra_failures')} | {format_rate(ex.get('any_medal'))} "
                     f"| {format_rate(pe.get('any_medal'))} | {format_rate(ex.get('above_median'))} "
                     f"| {format_rate(ex.get('leaderboard_percentile'))} "
                     f"| {format_rate(ex.get('normalized_score'), 2)} |")
    lines += ["", PARTIAL_CREDIT_NOTE]
    if header.get("model_cutoff"):
        lines.append(f"Model knowledge cutoff {header['model_cutoff']}: a competition counts as after it when the "
                     "latest submission on its leaderboard is dated after that month.")
    comps = ((header.get("manifest") or {}).get("competitions")) or {}
    if comps:
        lines += ["", "Competition versions used: " + ", ".join(f"{c} v{e['version']}" + (
            f" ({len(e['known_issues'])} known issue(s))" if e.get("known_issues") else "") for c, e in comps.items())
                  + "."]
    return lines


def plot_medal_rates(summary: Mapping[str, Any], path: Path) -> Path | None:
    """Bar chart of any-medal rate by split with SEM error bars."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        return None
    splits = [s for s in summary if summary[s].get("any_medal")]
    means = [summary[s]["any_medal"]["mean"] for s in splits]
    errors = [summary[s]["any_medal"]["sem"] or 0.0 for s in splits]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    ax.bar(splits, means, yerr=errors, capsize=4, color="#4c72b0")
    ax.set_ylabel("any medal (%)")
    ax.set_ylim(0, 100)
    ax.set_title("Medal rate by split (mean ± SEM over seeds)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def terminal_headline(header: Mapping[str, Any]) -> str:
    """The headline subsets as a rich table, with the infra-failure sentence under it."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="headline (mean ± SEM over seeds)")
    for column in ("subset", "comps", "runs", "infra", "any medal", "any medal (infra=fail)", "above median",
                   "percentile", "normalised"):
        table.add_column(column, justify="left" if column == "subset" else "right")
    for name, entry in (header.get("headline") or {}).items():
        ex, pe = entry[INFRA_EXCLUDE], entry[INFRA_FAIL]
        table.add_row(SUBSET_TITLES.get(name, name), str(ex.get("competitions")), str(ex.get("runs")),
                      str(ex.get("infra_failures")), format_rate(ex.get("any_medal")), format_rate(pe.get("any_medal")),
                      format_rate(ex.get("above_median")), format_rate(ex.get("leaderboard_percentile")),
                      format_rate(ex.get("normalized_score"), 2))
    buffer = io.StringIO()
    console = Console(file=buffer, width=160, force_terminal=sys.stdout.isatty())
    console.print(table)
    console.print(infra_sentence(header), soft_wrap=True)
    return buffer.getvalue()


def terminal_table(summary: Mapping[str, Any], title: str) -> str:
    """The headline as a rich table, rendered to text for pytest's terminal reporter."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    table.add_column("split")
    table.add_column("comps", justify="right")
    table.add_column("runs", justify="right")
    for field in RATE_FIELDS:
        table.add_column(field.replace("_", " "), justify="right")
    table.add_column("pass@k (max k)", justify="right")
    for split, stats in summary.items():
        passk = stats.get("pass_at_k") or {}
        last = max(passk, key=int) if passk else None
        table.add_row(
            split, str(stats.get("competitions")), str(stats.get("runs")),
            *[format_rate(stats.get(f)) for f in RATE_FIELDS],
            f"{passk[last]:.1f} (k={last})" if last else "-",
        )
    buffer = io.StringIO()
    console = Console(file=buffer, width=160, force_terminal=sys.stdout.isatty())
    console.print(table)
    unknown = medal_unknown_sentence(summary)
    if unknown:
        console.print(unknown, soft_wrap=True)
    return buffer.getvalue()
