"""Statistics over finished runs: rates per split as mean +- SEM over seeds, and pass@k.

Per seed, a rate is the share of the selected competitions that reached the outcome; a competition with
no result for that seed counts as a failure, as MLE-bench's leaderboard counts it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

RATE_FIELDS = ("any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median", "valid_submission")
SPLIT_ORDER = ("low", "medium", "high", "dev", "practice")


def mean_sem(values: Sequence[float]) -> tuple[float, float | None]:
    """Mean and standard error of the mean (sample std, ddof=1); SEM is None for a single value."""
    arr = np.asarray(values, dtype=float)
    if arr.size == 0:
        return float("nan"), None
    if arr.size == 1:
        return float(arr[0]), None
    return float(arr.mean()), float(arr.std(ddof=1) / math.sqrt(arr.size))


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k: the chance that at least one of k of the n runs succeeded, given c did."""
    if k > n:
        raise ValueError(f"k={k} exceeds the {n} runs")
    if n - c < k:
        return 1.0
    return 1.0 - math.comb(n - c, k) / math.comb(n, k)


def outcome_table(records: Iterable[Mapping[str, Any]]) -> dict[tuple[str, int], Mapping[str, Any]]:
    """(competition_id, seed) -> record; a later record of the same run replaces an earlier one."""
    return {(r["competition_id"], int(r["seed"])): r for r in records}


def summarize_group(
    table: Mapping[tuple[str, int], Mapping[str, Any]],
    competitions: Sequence[str],
    seeds: Sequence[int],
) -> dict[str, Any]:
    """Rates (percent, mean +- SEM over seeds) and pass@k for one set of competitions."""
    out: dict[str, Any] = {"competitions": len(competitions), "seeds": len(seeds), "runs": 0}
    if not competitions or not seeds:
        return out
    out["runs"] = sum(1 for c in competitions for s in seeds if (c, s) in table)
    for name in RATE_FIELDS:
        per_seed = [
            100.0 * sum(bool(table.get((c, s), {}).get(name, False)) for c in competitions) / len(competitions)
            for s in seeds
        ]
        mean, sem = mean_sem(per_seed)
        out[name] = {"mean": mean, "sem": sem, "per_seed": per_seed}
    successes = [sum(bool(table.get((c, s), {}).get("any_medal", False)) for s in seeds) for c in competitions]
    out["pass_at_k"] = {
        str(k): 100.0 * float(np.mean([pass_at_k(len(seeds), c, k) for c in successes]))
        for k in range(1, len(seeds) + 1)
    }
    return out


def summarize(
    records: Iterable[Mapping[str, Any]],
    splits: Mapping[str, str],
    seeds: Sequence[int],
) -> dict[str, Any]:
    """Per split (in MLE-bench's order) and overall, over the selected competitions `splits` (id -> split)."""
    table = outcome_table(records)
    by_split: dict[str, list[str]] = {}
    for cid, split in sorted(splits.items()):
        by_split.setdefault(split, []).append(cid)
    ordered = sorted(by_split, key=lambda s: SPLIT_ORDER.index(s) if s in SPLIT_ORDER else len(SPLIT_ORDER))
    result = {split: summarize_group(table, by_split[split], seeds) for split in ordered}
    result["all"] = summarize_group(table, sorted(splits), seeds)
    return result


def mlebench_run_report(reports: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One run's grading report in MLE-bench's aggregated format: totals, then each competition's report."""
    return {
        "total_runs": len(reports),
        "total_runs_with_submissions": sum(bool(r.get("submission_exists")) for r in reports),
        "total_valid_submissions": sum(bool(r.get("valid_submission")) for r in reports),
        "total_medals": sum(bool(r.get("any_medal")) for r in reports),
        "total_gold_medals": sum(bool(r.get("gold_medal")) for r in reports),
        "total_silver_medals": sum(bool(r.get("silver_medal")) for r in reports),
        "total_bronze_medals": sum(bool(r.get("bronze_medal")) for r in reports),
        "total_above_median": sum(bool(r.get("above_median")) for r in reports),
        "competition_reports": list(reports),
    }
