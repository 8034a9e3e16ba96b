"""`reports/<group>/index.html`: one static page, no server, no script, no network (inline CSS, PNGs as data URIs).

It shows what summary.json holds; it computes no statistic of its own beyond what it plots.
"""

from __future__ import annotations

import base64
import html
import io
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pytest_mlebench.aggregate import INFRA_EXCLUDE, INFRA_FAIL, is_medal_unknown
from pytest_mlebench.run_record import RunRecord, as_record
from pytest_mlebench.timeline import read_timeline

LeaderboardLoader = Callable[[str], Sequence[float] | None]

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right;vertical-align:top}td{white-space:nowrap}
td.reason{white-space:normal}
th{background:#f2f4f7}td:first-child,th:first-child{text-align:left}
tr.infra td{background:#fff4e5}.note{color:#555;font-size:.9em;max-width:60em}
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:600}dd{margin:0}
.plots{display:flex;flex-wrap:wrap;gap:1em}.plots figure{margin:0}figcaption{font-size:.85em;color:#555}
code{background:#f5f5f5;padding:0 .2em}
"""
SUBSET_TITLES = {"all": "all", "medal_granting": "medal-granting", "clean": "clean (no known issue)",
                 "after_cutoff": "ended after cutoff"}


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def rate(stat: Mapping[str, Any] | None, digits: int = 1) -> str:
    if not stat or stat.get("mean") is None or stat["mean"] != stat["mean"]:
        return "-"
    sem = stat.get("sem")
    return f"{stat['mean']:.{digits}f}" + (f" ± {sem:.{digits}f}" if sem is not None else "")


def number(value: Any, digits: int = 4) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}g}" if abs(value) < 1e5 else f"{value:.4e}"
    return esc(value)


def default_leaderboard(competition_id: str) -> Sequence[float] | None:
    """The competition's leaderboard scores, or None where it cannot be read now (no network, no pin)."""
    from pytest_mlebench.errors import MlebenchError
    from pytest_mlebench.layout import default_data_dir
    from pytest_mlebench.registry import Registry
    from pytest_mlebench.scoring.leaderboard import load_scores

    try:
        return load_scores(Registry().get(competition_id), default_data_dir())
    except (MlebenchError, OSError, ValueError):
        return None


def write_html(
    folder: Path,
    doc: Mapping[str, Any],
    records: Sequence[RunRecord | Mapping[str, Any]],
    leaderboard: LeaderboardLoader = default_leaderboard,
) -> Path:
    """Write `folder/index.html` from the summary document and the run records; return its path."""
    records = [as_record(r) for r in records]
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    parts = [
        "<!DOCTYPE html>", "<html lang='en'><head><meta charset='utf-8'>",
        f"<title>MLE-bench: {esc(doc.get('agent'))} ({esc(doc.get('run_group'))})</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>MLE-bench results: {esc(doc.get('agent'))}</h1>",
        f"<p class='note'>Run group <code>{esc(doc.get('run_group'))}</code>, seeds {esc(doc.get('seeds'))}, "
        f"written {esc(doc.get('created_at', ''))}. Rates are percentages, mean ± standard error of the mean "
        "over seeds.</p>",
        headline_section(doc), splits_section(doc), manifest_section(doc),
        competitions_section(doc, records), runs_section(folder, records),
        plots_section(folder, doc, records, leaderboard),
        "</body></html>",
    ]
    path = folder / "index.html"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def headline_section(doc: Mapping[str, Any]) -> str:
    infra = doc.get("infra") or {}
    rows = []
    for name, entry in (doc.get("headline") or {}).items():
        ex, pe = entry[INFRA_EXCLUDE], entry[INFRA_FAIL]
        rows.append(
            f"<tr><td>{esc(SUBSET_TITLES.get(name, name))}</td><td>{esc(ex.get('competitions'))}</td>"
            f"<td>{esc(ex.get('runs'))}</td><td>{esc(ex.get('infra_failures'))}</td>"
            f"<td>{rate(ex.get('any_medal'))}</td><td>{rate(pe.get('any_medal'))}</td>"
            f"<td>{rate(ex.get('gold_medal'))}</td><td>{rate(ex.get('above_median'))}</td>"
            f"<td>{rate(ex.get('valid_submission'))}</td><td>{rate(ex.get('leaderboard_percentile'))}</td>"
            f"<td>{rate(ex.get('normalized_score'), 2)}</td></tr>"
        )
    cutoff = (f"<p class='note'>Model knowledge cutoff {esc(doc['model_cutoff'])}: a competition is after it when the "
              "latest submission on its leaderboard is dated after that month.</p>") if doc.get("model_cutoff") else ""
    return (
        "<h2>Headline</h2>"
        f"<p>Infrastructure failures: <b>{esc(infra.get('infra_failures', 0))}</b> of {esc(infra.get('runs', 0))} "
        f"runs (retried up to {esc(infra.get('retries', 0))} times each); left out of the headline and counted "
        "as failures in the column <i>any medal (infra = failure)</i>. An agent's crash, timeout or missing "
        "submission always counts.</p>"
        "<table id='headline'><thead><tr><th>subset</th><th>competitions</th><th>runs</th><th>infra failures</th>"
        "<th>any medal</th><th>any medal (infra = failure)</th><th>gold</th><th>above median</th>"
        "<th>valid submission</th><th>leaderboard percentile</th><th>normalised score</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        "<p class='note'>Leaderboard percentile: percent of leaderboard teams the score beats, a tied team counting "
        "half; 0 for a missing or invalid submission. Normalised score: (score − median) / (gold − median), "
        "clipped to [−1, 1]; −1 for a missing or invalid submission.</p>" + cutoff
    )


def splits_section(doc: Mapping[str, Any]) -> str:
    results, pessimistic = doc.get("results") or {}, doc.get("results_pessimistic") or {}
    rows = []
    for split, stats in results.items():
        passk = stats.get("pass_at_k") or {}
        last = max(passk, key=int) if passk else None
        rows.append(
            f"<tr><td>{esc(split)}</td><td>{esc(stats.get('competitions'))}</td><td>{esc(stats.get('runs'))}</td>"
            f"<td>{rate(stats.get('any_medal'))}</td><td>{rate((pessimistic.get(split) or {}).get('any_medal'))}</td>"
            f"<td>{rate(stats.get('gold_medal'))}</td><td>{rate(stats.get('silver_medal'))}</td>"
            f"<td>{rate(stats.get('bronze_medal'))}</td><td>{rate(stats.get('above_median'))}</td>"
            f"<td>{rate(stats.get('valid_submission'))}</td><td>{rate(stats.get('leaderboard_percentile'))}</td>"
            f"<td>{rate(stats.get('normalized_score'), 2)}</td>"
            f"<td>{f'{passk[last]:.1f} (k={last})' if last else '-'}</td></tr>"
        )
    return (
        "<h2>By split</h2><table id='splits'><thead><tr><th>split</th><th>competitions</th><th>runs</th>"
        "<th>any medal</th><th>any medal (infra = failure)</th><th>gold</th><th>silver</th><th>bronze</th>"
        "<th>above median</th><th>valid</th><th>percentile</th><th>normalised</th><th>pass@k</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def manifest_section(doc: Mapping[str, Any]) -> str:
    m = doc.get("manifest") or {}
    hw, rt, agent, used = m.get("hardware") or {}, m.get("runtime") or {}, m.get("agent") or {}, m.get("time_used") or {}
    usage = m.get("usage") or {}
    items = [
        ("hardware", f"{hw.get('gpu_count', 0)} × {hw.get('gpu_model') or 'no GPU'}; {hw.get('cpu_count')} CPUs; "
                     f"{hw.get('memory_gib')} GiB memory"),
        ("hardware class of runs", ", ".join(m.get("hardware_classes") or []) or "-"),
        ("runtime", f"{rt.get('runtime')} (isolation: {rt.get('isolation')}, network: {rt.get('network')})"),
        ("time limit", f"{m.get('time_limit')} s"),
        ("time used", f"{used.get('total_seconds')} s over {used.get('runs')} runs (mean {used.get('mean_seconds')} s, "
                      f"max {used.get('max_seconds')} s)"),
        ("agent", f"{agent.get('name')} version {agent.get('version')} ({agent.get('source')})"),
        ("model and tokens", ", ".join(f"{k}: {v}" for k, v in usage.items()) or "not reported by the agent"),
        ("versions", ", ".join(f"{k} {v}" for k, v in (m.get("versions") or {}).items())),
    ]
    rows = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
    return f"<h2>Manifest</h2><dl id='manifest'>{rows}</dl>"


def competitions_section(doc: Mapping[str, Any], records: Sequence[RunRecord]) -> str:
    entries = (doc.get("manifest") or {}).get("competitions") or {}
    stats = doc.get("per_competition") or {}
    splits = {r.competition_id: r.split for r in records}
    rows = []
    for cid in sorted(set(stats) | set(entries)):
        s, e = stats.get(cid) or {}, entries.get(cid) or {}
        issues = "; ".join(
            (f"<a href='{esc(i['link'])}'>{esc(i['summary'])}</a>" if i.get("link") else esc(i["summary"]))
            for i in e.get("known_issues") or []
        ) or "-"
        md5 = ((e.get("data") or {}).get("parity")) or {}
        rows.append(
            f"<tr><td>{esc(cid)}</td><td>{esc(splits.get(cid, ''))}</td><td>{esc(e.get('version'))}</td>"
            f"<td>{esc(s.get('runs'))}</td><td>{esc(s.get('infra_failures'))}</td>"
            f"<td>{number(s.get('any_medal'), 3)}</td><td>{number(s.get('above_median'), 3)}</td>"
            f"<td>{number(s.get('mean_score'))}</td><td>{number(s.get('leaderboard_percentile'), 3)}</td>"
            f"<td>{number(s.get('normalized_score'), 2)}</td>"
            f"<td>{esc(', '.join(f'{k}: {v}' for k, v in md5.items()) or '-')}</td><td>{issues}</td></tr>"
        )
    return (
        "<h2>By competition</h2><table id='competitions'><thead><tr><th>competition</th><th>split</th>"
        "<th>version</th><th>runs</th><th>infra failures</th><th>any medal %</th><th>above median %</th>"
        "<th>mean score</th><th>percentile</th><th>normalised</th><th>prepared data parity</th>"
        f"<th>known issues</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def run_folder(record: RunRecord) -> Path | None:
    """A run's folder, from its submission path `<run>/submission/submission.csv`."""
    path = record.submission_path
    return Path(path).parent.parent if path else None


def runs_section(folder: Path, records: Sequence[RunRecord]) -> str:
    rows = []
    for r in sorted(records, key=lambda r: r.key):
        run = run_folder(r)
        links = "-"
        if run is not None:
            rel = Path(os.path.relpath(run, folder))
            links = " ".join(
                f"<a href='{esc((rel / name).as_posix())}'>{label}</a>"
                for name, label in (("logs/", "logs"), ("code/", "code"), ("report.json", "record"))
            )
        medal = next((m for m in ("gold", "silver", "bronze") if getattr(r, f"{m}_medal")), "-")
        medal = "unknown (leaderboard missing)" if is_medal_unknown(r) else medal
        status = "infra failure" if r.infra_failure else ("timed out" if r.timed_out else "")
        reason = r.infra_error if r.infra_failure else r.invalid_reason
        rows.append(
            f"<tr{' class=infra' if r.infra_failure else ''}><td>{esc(r.competition_id)}</td>"
            f"<td>{esc(r.seed)}</td><td>{number(r.score)}</td><td>{esc(medal)}</td>"
            f"<td>{esc(r.valid_submission)}</td><td>{esc(status)}</td>"
            f"<td>{number(r.runtime_seconds)}</td><td>{esc(r.attempts)}</td>"
            f"<td class=reason>{esc((reason or '')[:200])}</td><td>{links}</td></tr>"
        )
    return (
        "<h2>Runs</h2><table id='runs'><thead><tr><th>competition</th><th>seed</th><th>score</th><th>medal</th>"
        "<th>valid</th><th>status</th><th>seconds</th><th>attempts</th><th>reason</th><th>files</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def png(fig: Any) -> str:
    """A matplotlib figure as an inline data URI (the page must open without any other file)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def figure(uri: str, caption: str) -> str:
    return f"<figure><img src='{uri}' alt='{esc(caption)}'><figcaption>{esc(caption)}</figcaption></figure>"


def plots_section(
    folder: Path, doc: Mapping[str, Any], records: Sequence[RunRecord], leaderboard: LeaderboardLoader
) -> str:
    import matplotlib

    matplotlib.use("Agg")
    figures = [medal_rate_plot(doc)]
    by_comp: dict[str, list[Mapping[str, Any]]] = {}
    for r in records:
        by_comp.setdefault(r.competition_id, []).append(r)
    for cid, runs in sorted(by_comp.items()):
        figures.append(leaderboard_plot(cid, runs, leaderboard(cid)))
        timeline = timeline_plot(cid, runs)
        if timeline:
            figures.append(timeline)
    return "<h2>Plots</h2><div class='plots'>" + "".join(f for f in figures if f) + "</div>"


def medal_rate_plot(doc: Mapping[str, Any]) -> str:
    import matplotlib.pyplot as plt
    import numpy as np

    results = {k: v for k, v in (doc.get("results") or {}).items() if v.get("any_medal")}
    if not results:
        return ""
    fig, ax = plt.subplots(figsize=(6, 3.5))
    x = np.arange(len(results))
    for offset, (field, label, color) in enumerate((("any_medal", "any medal", "#4c72b0"),
                                                    ("gold_medal", "gold", "#d4a017"),
                                                    ("above_median", "above median", "#55a868"))):
        means = [results[s][field]["mean"] for s in results]
        errors = [results[s][field]["sem"] or 0.0 for s in results]
        ax.bar(x + (offset - 1) * 0.27, means, 0.27, yerr=errors, capsize=3, color=color, label=label)
    ax.set_xticks(x, list(results))
    ax.set_ylim(0, 105)
    ax.set_ylabel("% of competitions")
    ax.set_title("Medal rate by split (mean ± SEM over seeds)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return figure(png(fig), "Medal rate by split")


def leaderboard_plot(cid: str, runs: Sequence[RunRecord], scores: Sequence[float] | None) -> str:
    """The leaderboard's score distribution, the medal thresholds, and each seed's score."""
    import matplotlib.pyplot as plt
    import numpy as np

    if not scores:
        return f"<p class='note'>{esc(cid)}: leaderboard not available here, so no distribution plot.</p>"
    values = np.asarray(scores, dtype=float)
    values = values[~np.isnan(values)]  # teams without a score have no place on the axis
    if not values.size:
        return f"<p class='note'>{esc(cid)}: no team on the leaderboard has a score, so no distribution plot.</p>"
    ours = [float(r.score) for r in runs if r.score is not None and not r.infra_failure]
    # Kaggle leaderboards have far outliers (a broken submission's RMSE); the 2nd-98th percentiles show the field.
    lo, hi = np.percentile(values, [2, 98])
    first = runs[0]
    thresholds = [(getattr(first, f"{m}_threshold"), m, c) for m, c in
                  (("gold", "#d4a017"), ("silver", "#8c8c8c"), ("bronze", "#a0522d"), ("median", "#333333"))]
    marks = [t for t, _, _ in thresholds if t is not None] + ours
    lo, hi = min([lo, *marks]), max([hi, *marks])
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.hist(np.clip(values, lo, hi), bins=40, range=(lo, hi) if hi > lo else None, color="#c6d4e8")
    for value, name, color in thresholds:
        if value is not None:
            ax.axvline(value, color=color, linestyle="--", linewidth=1.2, label=f"{name} {value:.4g}")
    for i, score in enumerate(ours):
        ax.axvline(score, color="#c0392b", linewidth=1.5, label="agent seeds" if i == 0 else None)
    ax.set_title(f"{cid}: score vs leaderboard", fontsize=9)
    ax.set_xlabel("score" + (" (lower is better)" if first.is_lower_better else " (higher is better)"))
    ax.set_ylabel("teams")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return figure(png(fig), f"{cid}: leaderboard distribution, thresholds and agent scores")


def timeline_plot(cid: str, runs: Sequence[RunRecord]) -> str:
    """Score of each graded snapshot against elapsed time, per seed, where the runs left a timeline."""
    import matplotlib.pyplot as plt

    series = []
    for r in sorted(runs, key=lambda r: int(r.seed)):
        run = run_folder(r)
        points = read_timeline(run) if run is not None else []
        if points:
            series.append((r.seed, points))
    if not series:
        return ""
    fig, ax = plt.subplots(figsize=(5, 3))
    for seed, points in series:
        ax.step([p[0] / 3600 for p in points], [p[1] for p in points], where="post", marker="o", markersize=3,
                label=f"seed {seed}")
    first = runs[0]
    for name, color in (("gold", "#d4a017"), ("median", "#333333")):
        if getattr(first, f"{name}_threshold") is not None:
            ax.axhline(getattr(first, f"{name}_threshold"), color=color, linestyle="--", linewidth=1, label=name)
    ax.set_title(f"{cid}: score over time", fontsize=9)
    ax.set_xlabel("hours since start")
    ax.set_ylabel("score")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return figure(png(fig), f"{cid}: best submission's score over time")
