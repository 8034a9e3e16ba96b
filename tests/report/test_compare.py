"""Agent-vs-agent statistics on planted runs, against scipy and independent numpy computations."""

from __future__ import annotations

import json
from itertools import combinations

import numpy as np
import pytest
from scipy import stats

from pytest_mlebench.aggregate import outcome_table
from pytest_mlebench.cli import main
from pytest_mlebench.compare import (
    IncomparableGroupsError,
    bootstrap_ci,
    compare_groups,
    outcome_matrix,
    pass_curves,
)
from pytest_mlebench.results import write_json_atomic

COMPS = [f"c{i:02d}" for i in range(12)]
SEEDS = [0, 1, 2, 3]


def record(cid, seed, medal, *, infra=False, time_limit=3600.0, hw="1x GPU-X", version=1, score=None):
    return {"competition_id": cid, "seed": seed, "any_medal": bool(medal) and not infra, "infra_failure": infra,
            "score": score if score is not None else float(medal), "competition_version": version,
            "manifest": {"time_limit": time_limit, "hardware_class": hw, "competition": {"version": version}}}


def planted(p_medal: float, rng_seed: int, **kw) -> list[dict]:
    rng = np.random.default_rng(rng_seed)
    return [record(c, s, rng.random() < p_medal * (1 + i / 12), **kw)
            for i, c in enumerate(COMPS) for s in SEEDS]


@pytest.fixture
def groups():
    a = planted(0.45, 1)
    b = planted(0.25, 2)
    a[5] = record(a[5]["competition_id"], a[5]["seed"], True, infra=True)  # one infra failure in A
    return a, b


def per_competition_rates(records) -> np.ndarray:
    """Each competition's medal rate over its seeds, infra failures left out: computed by plain loops."""
    rates = []
    for c in COMPS:
        outcomes = [r["any_medal"] for r in records if r["competition_id"] == c and not r["infra_failure"]]
        rates.append(sum(outcomes) / len(outcomes))
    return np.array(rates)


def test_paired_difference_matches_scipy(groups):
    a, b = groups
    result = compare_groups("A", a, "B", b, samples=2000)
    ra, rb = per_competition_rates(a), per_competition_rates(b)
    d = ra - rb
    assert result.difference == pytest.approx(100 * d.mean())
    assert result.rate_a == pytest.approx(100 * ra.mean()) and result.rate_b == pytest.approx(100 * rb.mean())
    assert result.paired_se == pytest.approx(100 * stats.sem(d))
    t = stats.ttest_rel(ra, rb).statistic  # t = mean(d) / SE(d) for paired samples
    assert result.paired_se == pytest.approx(100 * d.mean() / t)
    assert result.infra_failures == {"A": 1, "B": 0}
    row = next(r for r in result.per_competition if r["competition_id"] == a[5]["competition_id"])
    assert row["counted_a"] == 3 and row["counted_b"] == 4
    assert row["rate_a"] == pytest.approx(100 * ra[COMPS.index(row["competition_id"])])


def test_one_seed_bootstrap_matches_scipys_percentile_bootstrap():
    rng = np.random.default_rng(7)
    a = rng.random((40, 1)) < 0.5
    b = rng.random((40, 1)) < 0.3
    lo, hi = bootstrap_ci(a.astype(float), b.astype(float), samples=20_000)
    d = (a.astype(float) - b.astype(float))[:, 0]
    ref = stats.bootstrap((d,), np.mean, method="percentile", n_resamples=20_000, random_state=3).confidence_interval
    assert lo == pytest.approx(ref.low, abs=0.03) and hi == pytest.approx(ref.high, abs=0.03)


def test_two_level_bootstrap_matches_a_loop_implementation(groups):
    a, b = groups
    ma = outcome_matrix(outcome_table(a), COMPS, SEEDS)
    mb = outcome_matrix(outcome_table(b), COMPS, SEEDS)
    rng = np.random.default_rng(11)
    diffs = []
    for _ in range(3000):
        chosen = rng.integers(0, len(COMPS), len(COMPS))
        per_comp = []
        for c in chosen:
            sa = ma[c, rng.integers(0, len(SEEDS), len(SEEDS))]
            sb = mb[c, rng.integers(0, len(SEEDS), len(SEEDS))]
            kept = sa[~np.isnan(sa)]
            if kept.size:  # a draw of only the infra-failed run leaves this competition out of the replicate
                per_comp.append(kept.mean() - sb.mean())
        diffs.append(sum(per_comp) / len(per_comp))
    ref_lo, ref_hi = np.percentile(diffs, [2.5, 97.5])
    lo, hi = bootstrap_ci(ma, mb)
    assert lo == pytest.approx(ref_lo, abs=0.03) and hi == pytest.approx(ref_hi, abs=0.03)
    assert bootstrap_ci(ma, mb) == (lo, hi), "a fixed seed gives the same interval every time"


def test_constant_difference_has_a_point_interval():
    a, b = np.ones((5, 3)), np.zeros((5, 3))
    assert bootstrap_ci(a, b, samples=500) == (1.0, 1.0)


@pytest.mark.parametrize("row", [[1, 0, 0, 1, 1], [0, 0, 0, 0, 0], [1, 1, 1, 1, 1], [1, np.nan, 0, 1, 0]])
def test_pass_at_k_and_pass_hat_k_equal_enumeration(row):
    outcomes = [x for x in row if not np.isnan(x)]
    curves = pass_curves(np.array([row], dtype=float))
    for k in range(1, len(outcomes) + 1):
        subsets = list(combinations(outcomes, k))
        assert curves["pass_at_k"][str(k)] == pytest.approx(100 * sum(any(s) for s in subsets) / len(subsets))
        assert curves["pass_hat_k"][str(k)] == pytest.approx(100 * sum(all(s) for s in subsets) / len(subsets))


@pytest.mark.parametrize(("change", "words"), [
    ({"time_limit": 43200.0}, "time limit: 3600.0 s vs 43200.0 s"),
    ({"hw": "2x GPU-Y"}, "hardware class: 1x GPU-X vs 2x GPU-Y"),
    ({"version": 2}, "c00 version: 1 vs 2"),
])
def test_refuses_groups_run_under_different_conditions(change, words):
    a = planted(0.4, 1)
    b = planted(0.4, 2, **change)
    with pytest.raises(IncomparableGroupsError, match=words.replace("(", r"\(")):
        compare_groups("A", a, "B", b, samples=100)
    forced = compare_groups("A", a, "B", b, force=True, samples=100)
    assert any(words in w for w in forced.warnings)


def write_group(runs, name, records):
    for r in records:
        write_json_atomic(runs / name / r["competition_id"] / f"seed{r['seed']}" / "report.json", r)


def test_cli_compare(tmp_path, groups, capsys):
    a, b = groups
    runs = tmp_path / "runs"
    write_group(runs, "agent-a", a)
    write_group(runs, "agent-b", b)
    write_group(runs, "agent-long", planted(0.3, 3, time_limit=86400.0))
    out_json = tmp_path / "cmp.json"
    assert main(["compare", "agent-a", "agent-b", "--runs-dir", str(runs), "--json", str(out_json)]) == 0
    out = capsys.readouterr().out
    assert "agent-a vs agent-b: 12 competitions x 4 seeds" in out and "paired SE" in out and "pass^k" in out
    saved = json.loads(out_json.read_text())
    assert saved["difference"] == pytest.approx(100 * (per_competition_rates(a) - per_competition_rates(b)).mean())
    assert main(["compare", "agent-a", "agent-long", "--runs-dir", str(runs)]) == 2
    assert "time limit" in capsys.readouterr().err
    assert main(["compare", "agent-a", "agent-long", "--runs-dir", str(runs), "--force"]) == 0
    assert "warning: conditions differ: time limit" in capsys.readouterr().out
