"""Statistics over finished runs: rates per split as mean +- SEM over seeds, partial credit, pass@k and pass^k.

Per seed, a rate is the share of the selected competitions that reached the outcome; a competition with
no result for that seed counts as a failure, as MLE-bench's leaderboard counts it. A run that failed for
the harness's reason (`infra_failure`) is left out of its seed's denominator in the headline, and counted
as a failure in the pessimistic headline printed beside it. A run graded without its leaderboard (medal
unknown) is counted apart: medal rates are over the runs whose medals are known, never "no medal".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from pytest_mlebench.run_record import RunRecord, as_record
from pytest_mlebench.scoring.partial_credit import NORMALIZED_FLOOR

RATE_FIELDS = ("any_medal", "gold_medal", "silver_medal", "bronze_medal", "above_median", "valid_submission")
MEDAL_FIELDS = RATE_FIELDS[:5]
SPLIT_ORDER = ("low", "medium", "high", "dev", "practice")
INFRA_EXCLUDE, INFRA_FAIL = "exclude", "fail"


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


def pass_hat_k(n: int, c: int, k: int) -> float:
    """Unbiased pass^k: the chance that all k of k runs drawn from the n succeeded, given c did."""
    if k > n:
        raise ValueError(f"k={k} exceeds the {n} runs")
    return math.comb(c, k) / math.comb(n, k)


Records = Iterable[RunRecord | Mapping[str, Any]]  # RunRecords, or their JSON mappings (read through as_record)
Table = Mapping[tuple[str, int], RunRecord]


def outcome_table(records: Records) -> dict[tuple[str, int], RunRecord]:
    """(competition_id, seed) -> record; a later record of the same run replaces an earlier one."""
    return {r.key: r for r in map(as_record, records)}


def is_infra_failure(record: RunRecord | None) -> bool:
    return bool(record and record.infra_failure)


def is_medal_unknown(record: RunRecord | None) -> bool:
    """Graded without its leaderboard: the record says its medal fields are None (see `medal_note`)."""
    return bool(record) and record.medal_unknown


def _known(record: RunRecord | None, name: str) -> bool:
    """Whether the record counts toward the rate of `name` (medal rates leave medal-unknown runs out)."""
    return name not in MEDAL_FIELDS or not is_medal_unknown(record)


def _outcome(record: RunRecord | None, name: str) -> bool:
    # An infra failure that is still counted (the pessimistic headline) counts as the agent's failure.
    return bool(record) and not is_infra_failure(record) and bool(getattr(record, name))


def _percentile(record: RunRecord | None) -> float | None:
    if is_medal_unknown(record):
        return None
    if not record or is_infra_failure(record) or record.leaderboard_percentile is None:
        return 0.0
    return float(record.leaderboard_percentile)


def _normalized(record: RunRecord | None) -> float | None:
    if not record or is_infra_failure(record):
        return NORMALIZED_FLOOR
    return None if record.normalized_score is None else float(record.normalized_score)


def summarize_group(
    table: Table,
    competitions: Sequence[str],
    seeds: Sequence[int],
    infra: str = INFRA_EXCLUDE,
) -> dict[str, Any]:
    """Rates (percent, mean +- SEM over seeds), partial credit and pass@k / pass^k for one set of competitions.

    `infra`: "exclude" drops infra-failed runs from a seed's denominator (the headline); "fail" counts them
    as failures (the pessimistic headline). A missing run always counts as a failure.
    """
    if infra not in (INFRA_EXCLUDE, INFRA_FAIL):
        raise ValueError(f"infra must be {INFRA_EXCLUDE!r} or {INFRA_FAIL!r}, got {infra!r}")
    out: dict[str, Any] = {"competitions": len(competitions), "seeds": len(seeds), "runs": 0, "infra_failures": 0}
    if not competitions or not seeds:
        return out
    present = [table[(c, s)] for c in competitions for s in seeds if (c, s) in table]
    out["runs"] = len(present)
    out["infra_failures"] = sum(is_infra_failure(r) for r in present)
    counted = {
        s: [c for c in competitions if infra == INFRA_FAIL or not is_infra_failure(table.get((c, s)))] for s in seeds
    }
    used_seeds = [s for s in seeds if counted[s]]
    out["counted_runs"] = sum(len(counted[s]) for s in seeds)
    out["medal_unknown"] = sum(is_medal_unknown(table.get((c, s))) for s in seeds for c in counted[s])
    out["medal_known_runs"] = out["counted_runs"] - out["medal_unknown"]
    for name in RATE_FIELDS:
        per_seed = []
        for s in used_seeds:
            pool = [table.get((c, s)) for c in counted[s] if _known(table.get((c, s)), name)]
            if pool:
                per_seed.append(100.0 * sum(_outcome(r, name) for r in pool) / len(pool))
        mean, sem = mean_sem(per_seed)
        out[name] = {"mean": mean, "sem": sem, "per_seed": per_seed}
    per_seed = []
    for s in used_seeds:
        values = [v for c in counted[s] if (v := _percentile(table.get((c, s)))) is not None]
        if values:
            per_seed.append(float(np.mean(values)))
    mean, sem = mean_sem(per_seed)
    out["leaderboard_percentile"] = {"mean": mean, "sem": sem, "per_seed": per_seed}
    per_seed = []
    for s in used_seeds:
        values = [v for c in counted[s] if (v := _normalized(table.get((c, s)))) is not None]
        if values:
            per_seed.append(float(np.mean(values)))
    mean, sem = mean_sem(per_seed)
    out["normalized_score"] = {"mean": mean, "sem": sem, "per_seed": per_seed}
    out.update(_pass_k(table, competitions, seeds, infra))
    return out


def _pass_k(
    table: Table, competitions: Sequence[str], seeds: Sequence[int], infra: str
) -> dict[str, dict[str, float]]:
    """pass@k and pass^k (any medal) averaged over competitions, for k up to the fewest counted runs of any."""
    counts = []
    for c in competitions:
        runs = [table.get((c, s)) for s in seeds if (infra == INFRA_FAIL or not is_infra_failure(table.get((c, s))))
                and not is_medal_unknown(table.get((c, s)))]
        if runs:
            counts.append((len(runs), sum(_outcome(r, "any_medal") for r in runs)))
    if not counts:
        return {"pass_at_k": {}, "pass_hat_k": {}}
    max_k = min(n for n, _ in counts)
    return {
        "pass_at_k": {str(k): 100.0 * float(np.mean([pass_at_k(n, c, k) for n, c in counts]))
                      for k in range(1, max_k + 1)},
        "pass_hat_k": {str(k): 100.0 * float(np.mean([pass_hat_k(n, c, k) for n, c in counts]))
                       for k in range(1, max_k + 1)},
    }


def summarize(
    records: Records,
    splits: Mapping[str, str],
    seeds: Sequence[int],
    infra: str = INFRA_EXCLUDE,
) -> dict[str, Any]:
    """Per split (in MLE-bench's order) and overall, over the selected competitions `splits` (id -> split)."""
    table = outcome_table(records)
    by_split: dict[str, list[str]] = {}
    for cid, split in sorted(splits.items()):
        by_split.setdefault(split, []).append(cid)
    ordered = sorted(by_split, key=lambda s: SPLIT_ORDER.index(s) if s in SPLIT_ORDER else len(SPLIT_ORDER))
    result = {split: summarize_group(table, by_split[split], seeds, infra) for split in ordered}
    result["all"] = summarize_group(table, sorted(splits), seeds, infra)
    return result


def headline(
    records: Records, subsets: Mapping[str, Sequence[str]], seeds: Sequence[int]
) -> dict[str, Any]:
    """Each headline subset with infra failures excluded and, beside it, counted as failures."""
    table = outcome_table(records)
    return {
        name: {
            "competition_ids": sorted(cids),
            INFRA_EXCLUDE: summarize_group(table, sorted(cids), seeds, INFRA_EXCLUDE),
            INFRA_FAIL: summarize_group(table, sorted(cids), seeds, INFRA_FAIL),
        }
        for name, cids in subsets.items()
    }


def per_competition(
    records: Records, competitions: Sequence[str], seeds: Sequence[int]
) -> dict[str, dict[str, Any]]:
    """Each competition over its seeds (infra failures left out): medal rate, scores and partial credit."""
    table = outcome_table(records)
    out: dict[str, dict[str, Any]] = {}
    for c in competitions:
        runs = [table.get((c, s)) for s in seeds]
        counted = [r for r in runs if not is_infra_failure(r)]
        scores = [float(r.score) for r in counted if r and r.score is not None]
        normalized = [v for r in counted if (v := _normalized(r)) is not None]
        percentiles = [v for r in counted if (v := _percentile(r)) is not None]
        n = len(counted)
        out[c] = {
            "runs": sum(r is not None for r in runs),
            "infra_failures": sum(is_infra_failure(r) for r in runs),
            "counted_runs": n,
            "medal_unknown": sum(is_medal_unknown(r) for r in counted),
            **{f: _rate([r for r in counted if _known(r, f)], f) for f in RATE_FIELDS},
            "mean_score": float(np.mean(scores)) if scores else None,
            "scores": scores,
            "leaderboard_percentile": float(np.mean(percentiles)) if percentiles else None,
            "normalized_score": float(np.mean(normalized)) if normalized else None,
        }
    return out


def _rate(records: Sequence[RunRecord | None], name: str) -> float | None:
    return 100.0 * sum(_outcome(r, name) for r in records) / len(records) if records else None


def mlebench_run_report(reports: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One run's grading report in MLE-bench's aggregated format: totals, then each competition's report.

    A report whose medals are unknown (None) adds to no medal total; `total_medal_unknown` then counts them
    (the key is there only when some are, so the format is MLE-bench's otherwise)."""
    unknown = sum(r.get("any_medal", False) is None for r in reports)
    return {
        "total_runs": len(reports),
        "total_runs_with_submissions": sum(bool(r.get("submission_exists")) for r in reports),
        "total_valid_submissions": sum(bool(r.get("valid_submission")) for r in reports),
        "total_medals": sum(bool(r.get("any_medal")) for r in reports),
        "total_gold_medals": sum(bool(r.get("gold_medal")) for r in reports),
        "total_silver_medals": sum(bool(r.get("silver_medal")) for r in reports),
        "total_bronze_medals": sum(bool(r.get("bronze_medal")) for r in reports),
        "total_above_median": sum(bool(r.get("above_median")) for r in reports),
        **({"total_medal_unknown": unknown} if unknown else {}),
        "competition_reports": list(reports),
    }
