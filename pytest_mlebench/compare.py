"""Agent A against agent B on the same competitions and seeds: the difference in any-medal rate with a paired
standard error, a bootstrap confidence interval, a per-competition table, pass@k and pass^k for both.

Competitions are the paired unit (both agents met the same task); seeds are repeated draws within a
competition. An infra-failed run is left out of its competition's mean; a missing run counts as a failure.
It refuses groups whose manifests differ in time limit, competition versions or hardware class.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from pytest_mlebench.aggregate import is_infra_failure, outcome_table, pass_at_k, pass_hat_k
from pytest_mlebench.errors import MlebenchError
from pytest_mlebench.run_record import RunRecord, as_record

BOOTSTRAP_SEED = 20240917
BOOTSTRAP_SAMPLES = 10_000
UNKNOWN = "unknown"


class IncomparableGroupsError(MlebenchError):
    """Two run groups were not run under the same conditions; the message lists what differs."""


def load_group(runs_dir: Path, group: str) -> list[RunRecord]:
    """Every finished run record of a group; an error naming the folder when it holds none."""
    from pytest_mlebench.runs import group_records

    records = group_records(Path(runs_dir), group)
    if not records:
        raise MlebenchError(f"No finished runs in {Path(runs_dir) / group}; check the group name and --runs-dir.")
    return records


def conditions(records: Iterable[RunRecord | Mapping[str, Any]]) -> dict[str, Any]:
    """What must agree between two groups: time limits, each competition's versions, hardware classes."""
    limits, classes, versions = set(), set(), {}
    for r in map(as_record, records):
        manifest = r.manifest or {}
        limits.add(manifest.get("time_limit", UNKNOWN))
        classes.add(manifest.get("hardware_class", UNKNOWN))
        version = r.competition_version
        if version is None:  # a record older than the field: its manifest may say
            version = (manifest.get("competition") or {}).get("version", UNKNOWN)
        versions.setdefault(r.competition_id, set()).add(version)
    return {"time_limit": limits, "hardware_class": classes, "versions": versions}


def differences(a: Iterable[RunRecord | Mapping[str, Any]], b: Iterable[RunRecord | Mapping[str, Any]], shared: Sequence[str]) -> list[str]:
    """One sentence per condition on which the groups differ (over the competitions they share)."""
    ca, cb = conditions(a), conditions(b)
    out = []
    if ca["time_limit"] != cb["time_limit"]:
        out.append(f"time limit: {_show(ca['time_limit'])} s vs {_show(cb['time_limit'])} s")
    if ca["hardware_class"] != cb["hardware_class"]:
        out.append(f"hardware class: {_show(ca['hardware_class'])} vs {_show(cb['hardware_class'])}")
    for cid in shared:
        va, vb = ca["versions"].get(cid, {UNKNOWN}), cb["versions"].get(cid, {UNKNOWN})
        if va != vb:
            out.append(f"{cid} version: {_show(va)} vs {_show(vb)}")
    return out


def _show(values: set[Any]) -> str:
    return ", ".join(sorted(str(v) for v in values))


def outcome_matrix(
    table: Mapping[tuple[str, int], RunRecord], competitions: Sequence[str], seeds: Sequence[int],
    field: str = "any_medal",
) -> np.ndarray:
    """(competitions x seeds) of 1.0 / 0.0, NaN where the run failed for the harness's reason."""
    out = np.zeros((len(competitions), len(seeds)))
    for i, c in enumerate(competitions):
        for j, s in enumerate(seeds):
            record = table.get((c, s))
            out[i, j] = np.nan if is_infra_failure(record) else float(bool(record and getattr(record, field)))
    return out


def paired_difference(a: np.ndarray, b: np.ndarray) -> dict[str, float | int | None]:
    """Mean over competitions of (A's rate - B's rate), each rate a mean over that competition's seeds,
    with its paired standard error sd(d) / sqrt(C)."""
    d = np.nanmean(a, axis=1) - np.nanmean(b, axis=1)
    n = int(d.size)
    return {
        "difference": float(d.mean()) if n else float("nan"),
        "paired_se": float(d.std(ddof=1) / math.sqrt(n)) if n > 1 else None,
        "competitions": n,
    }


def bootstrap_ci(
    a: np.ndarray, b: np.ndarray, *, level: float = 0.95, samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED
) -> tuple[float, float]:
    """Percentile interval of the difference under a two-level bootstrap: competitions drawn with replacement
    (the same ones for A and B, which keeps the pairing), then within each, seeds drawn with replacement
    for A and for B apart (seed k of A has nothing to do with seed k of B)."""
    rng = np.random.default_rng(seed)
    n_comp, n_seed = a.shape
    comps = rng.integers(0, n_comp, size=(samples, n_comp))
    seeds_a = rng.integers(0, n_seed, size=(samples, n_comp, n_seed))
    seeds_b = rng.integers(0, n_seed, size=(samples, n_comp, n_seed))
    rows = comps[:, :, None]
    with warnings.catch_warnings():
        # A resample may hold only infra-failed runs of a competition: its mean is NaN and it drops out.
        warnings.simplefilter("ignore", category=RuntimeWarning)
        rate_a = np.nanmean(a[rows, seeds_a], axis=2)
        rate_b = np.nanmean(b[rows, seeds_b], axis=2)
        diffs = np.nanmean(rate_a - rate_b, axis=1)
    diffs = diffs[~np.isnan(diffs)]
    tail = 100 * (1 - level) / 2
    lo, hi = np.percentile(diffs, [tail, 100 - tail])
    return float(lo), float(hi)


def pass_curves(matrix: np.ndarray) -> dict[str, dict[str, float]]:
    """pass@k and pass^k (percent) averaged over competitions, k up to the fewest counted runs of any."""
    counts = [(int(np.sum(~np.isnan(row))), int(np.nansum(row))) for row in matrix]
    counts = [(n, c) for n, c in counts if n]
    if not counts:
        return {"pass_at_k": {}, "pass_hat_k": {}}
    max_k = min(n for n, _ in counts)
    return {
        "pass_at_k": {str(k): 100 * float(np.mean([pass_at_k(n, c, k) for n, c in counts])) for k in range(1, max_k + 1)},
        "pass_hat_k": {str(k): 100 * float(np.mean([pass_hat_k(n, c, k) for n, c in counts]))
                       for k in range(1, max_k + 1)},
    }


@dataclasses.dataclass(frozen=True)
class Comparison:
    """The result of `compare_groups`, as plain data (`to_dict` for JSON)."""

    group_a: str
    group_b: str
    competitions: list[str]
    seeds: list[int]
    difference: float
    paired_se: float | None
    ci_low: float
    ci_high: float
    rate_a: float
    rate_b: float
    per_competition: list[dict[str, Any]]
    passes: dict[str, dict[str, dict[str, float]]]
    warnings: list[str]
    infra_failures: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def compare_groups(
    name_a: str, records_a: Sequence[RunRecord | Mapping[str, Any]], name_b: str,
    records_b: Sequence[RunRecord | Mapping[str, Any]],
    *, force: bool = False, samples: int = BOOTSTRAP_SAMPLES, seed: int = BOOTSTRAP_SEED,
) -> Comparison:
    """A vs B over the competitions and seeds both ran (rates in percent).

    Raises:
        IncomparableGroupsError: the manifests differ (time limit, competition versions, hardware class) and
            `force` is off; with `force` the differences come back as warnings instead.
    """
    records_a, records_b = [as_record(r) for r in records_a], [as_record(r) for r in records_b]
    ta, tb = outcome_table(records_a), outcome_table(records_b)
    competitions = sorted({c for c, _ in ta} & {c for c, _ in tb})
    seeds = sorted({s for _, s in ta} & {s for _, s in tb})
    if not competitions or not seeds:
        raise MlebenchError(f"{name_a} and {name_b} share no competition and seed; nothing to compare.")
    diffs = differences(records_a, records_b, competitions)
    if diffs and not force:
        raise IncomparableGroupsError(
            f"{name_a} and {name_b} were not run under the same conditions: " + "; ".join(diffs)
            + ". Pass --force to compare them anyway."
        )
    ma, mb = outcome_matrix(ta, competitions, seeds), outcome_matrix(tb, competitions, seeds)
    keep = ~(np.all(np.isnan(ma), axis=1) | np.all(np.isnan(mb), axis=1))
    notes = [f"conditions differ: {d}" for d in diffs]
    if not keep.all():
        dropped = [c for c, k in zip(competitions, keep, strict=True) if not k]
        notes.append("left out (every run of one side failed for the harness's reason): " + ", ".join(dropped))
    kept = [c for c, k in zip(competitions, keep, strict=True) if k]
    ma, mb = ma[keep], mb[keep]
    paired = paired_difference(ma, mb)
    lo, hi = bootstrap_ci(ma, mb, samples=samples, seed=seed)
    return Comparison(
        group_a=name_a, group_b=name_b, competitions=kept, seeds=seeds,
        difference=100 * paired["difference"],
        paired_se=None if paired["paired_se"] is None else 100 * paired["paired_se"],
        ci_low=100 * lo, ci_high=100 * hi,
        rate_a=100 * float(np.mean(np.nanmean(ma, axis=1))), rate_b=100 * float(np.mean(np.nanmean(mb, axis=1))),
        per_competition=[_row(c, seeds, ta, tb, ra, rb) for c, ra, rb in zip(kept, ma, mb, strict=True)],
        passes={name_a: pass_curves(ma), name_b: pass_curves(mb)},
        warnings=notes,
        infra_failures={name_a: int(np.isnan(ma).sum()), name_b: int(np.isnan(mb).sum())},
    )


def _row(cid: str, seeds: Sequence[int], ta: Mapping, tb: Mapping, ra: np.ndarray, rb: np.ndarray) -> dict[str, Any]:
    def mean_score(table: Mapping) -> float | None:
        scores = [float(r.score) for s in seeds if (r := table.get((cid, s))) and r.score is not None
                  and not is_infra_failure(r)]
        return float(np.mean(scores)) if scores else None

    rate_a, rate_b = 100 * float(np.nanmean(ra)), 100 * float(np.nanmean(rb))
    return {"competition_id": cid, "rate_a": rate_a, "rate_b": rate_b, "difference": rate_a - rate_b,
            "mean_score_a": mean_score(ta), "mean_score_b": mean_score(tb),
            "counted_a": int(np.sum(~np.isnan(ra))), "counted_b": int(np.sum(~np.isnan(rb)))}


def format_comparison(result: Comparison) -> str:
    """The comparison as plain text for the terminal."""
    a, b = result.group_a, result.group_b
    se = f" ± {result.paired_se:.1f} (paired SE)" if result.paired_se is not None else ""
    lines = [
        f"{a} vs {b}: {len(result.competitions)} competitions x {len(result.seeds)} seeds",
        f"any medal: {a} {result.rate_a:.1f}%, {b} {result.rate_b:.1f}%",
        f"difference (A - B): {result.difference:+.1f} points{se}; "
        f"95% bootstrap CI [{result.ci_low:+.1f}, {result.ci_high:+.1f}] over competitions and seeds",
        f"infrastructure failures left out: {a} {result.infra_failures[a]}, {b} {result.infra_failures[b]}",
        *[f"warning: {w}" for w in result.warnings],
        "",
    ]
    width = max([len(r["competition_id"]) for r in result.per_competition] + [11])
    lines.append(f"{'competition':<{width}}  {'A medal %':>9}  {'B medal %':>9}  {'A - B':>7}  "
                 f"{'A mean score':>12}  {'B mean score':>12}")
    for r in result.per_competition:
        lines.append(f"{r['competition_id']:<{width}}  {r['rate_a']:>9.1f}  {r['rate_b']:>9.1f}  "
                     f"{r['difference']:>+7.1f}  {_num(r['mean_score_a']):>12}  {_num(r['mean_score_b']):>12}")
    lines.append("")
    for name in (a, b):
        curves = result.passes[name]
        lines.append(f"{name}: pass@k " + ", ".join(f"k={k} {v:.1f}" for k, v in curves["pass_at_k"].items())
                     + "; pass^k " + ", ".join(f"k={k} {v:.1f}" for k, v in curves["pass_hat_k"].items()))
    return "\n".join(lines) + "\n"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.5g}"
