"""Medal rate over time across a run group: each run's medal at the time budgets (from `timeline`), counted as
the headline counts runs, for the summary and the terminal. It reads records; it never grades."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pytest_mlebench.aggregate import outcome_table, summarize_group
from pytest_mlebench.run_record import RunRecord, as_record
from pytest_mlebench.timeline import MEDALS


def summarize_budgets(
    records: Iterable[RunRecord | Mapping[str, Any]], competitions: Sequence[str], seeds: Sequence[int]
) -> dict[str, dict[str, Any]]:
    """Any-medal rate at each budget (percent, mean +- SEM over seeds), counted as the headline counts runs.

    Empty when no run reported score over time; a run without snapshots then counts as no medal.
    """
    records = [as_record(r) for r in records]
    labels: list[str] = []
    for record in records:
        for label in record.medal_at_budgets or {}:
            if label not in labels:
                labels.append(label)
    out: dict[str, dict[str, Any]] = {}
    for label in labels:
        at_budget = [dataclasses.replace(r, any_medal=(r.medal_at_budgets or {}).get(label) in MEDALS)
                     for r in records]
        out[label] = summarize_group(outcome_table(at_budget), competitions, seeds)["any_medal"]
    return out


def markdown_budgets(rates: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The medal-rate-over-time table for `summary.md` (no lines when there is nothing to show)."""
    if not rates:
        return []
    lines = ["", "## Medal rate over time", "",
             "Had each run been stopped at the budget, graded on the latest submission it had kept by then.", "",
             "| budget | any medal (%) |", "|---|---|"]
    for label, stat in rates.items():
        sem = stat.get("sem")
        lines.append(f"| {label} | {stat['mean']:.1f}" + (f" ± {sem:.1f}" if sem is not None else "") + " |")
    return lines


def terminal_budgets(rates: Mapping[str, Mapping[str, Any]]) -> str:
    return "medal rate over time: " + " · ".join(f"{label} {stat['mean']:.1f}%" for label, stat in rates.items())
