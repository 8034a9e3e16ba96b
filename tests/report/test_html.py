"""The HTML report of a practice session, opened in headless Chromium: no console errors, headline table shown."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from pytest_mlebench.html_report import write_html
from tests.report.browser import chromium, png_size, render

REPO = Path(__file__).resolve().parents[2]
PRACTICE = ("practice-breast-cancer", "practice-diabetes", "practice-digits")
needs_chromium = pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (apt-get install chromium)")
needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")


@pytest.fixture(scope="module")
def practice_report(tmp_path_factory):
    """A real `pytest --agent=dummy -m practice --seeds=2` session over a copy of the practice competitions."""
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("practice")
    for cid in PRACTICE:
        shutil.copytree(REPO / "competitions" / cid, root / "competitions" / cid)
    env = {**os.environ, "MLEBENCH_COMPETITIONS_DIR": str(root / "competitions"),
           "MLEBENCH_DATA_DIR": str(root / "data"), "PYTHONPATH": str(REPO)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--agent=dummy", "-m", "practice", "--seeds=2",
         "--run-group=practice", "--fail-on=never", "-p", "no:cacheprovider", "-p", "no:xdist", "-q",
         "--rootdir", str(root)],
        cwd=root, env=env, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return root / "reports" / "practice"


@needs_bwrap
def test_page_is_self_contained_and_links_resolve(practice_report):
    page = practice_report / "index.html"
    text = page.read_text()
    assert "<script" not in text.lower()
    assert not re.search(r"""(?:src|href)=['"](?:https?:)?//""", text.replace("href='https://example", "")), \
        "the page must load nothing from the network"
    assert re.findall(r"<img src='([^']+)'", text) and all(
        s.startswith("data:image/png;base64,") for s in re.findall(r"<img src='([^']+)'", text))
    links = re.findall(r"<a href='([^']+)'>(?:logs|code|record)</a>", text)
    assert len(links) == 3 * len(PRACTICE) * 2
    for link in links:
        assert (practice_report / link).exists(), link


@needs_bwrap
@needs_chromium
def test_practice_report_renders_in_chromium(practice_report, tmp_path):
    rendered = render(practice_report / "index.html", tmp_path / "report.png")
    assert rendered.console == [], rendered.console
    assert '<table id="headline">' in rendered.dom
    head = rendered.dom.split('<table id="headline">', 1)[1].split("</table>", 1)[0]
    assert head.count("<tr>") == 4  # header + all, medal-granting, clean
    summary = json.loads((practice_report / "summary.json").read_text())
    any_medal = summary["headline"]["all"]["exclude"]["any_medal"]
    assert f"{any_medal['mean']:.1f} ± {any_medal['sem']:.1f}" in head
    for table in ("splits", "competitions", "runs", "manifest"):
        assert f'id="{table}"' in rendered.dom
    width, height = png_size(rendered.screenshot)
    assert (width, height) == (1280, 2400) and rendered.screenshot.stat().st_size > 20_000
    shutil.copy(rendered.screenshot, practice_report / "screenshot.png")  # kept beside the report for a look


@needs_chromium
def test_console_check_catches_a_failing_page(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><p>x</p><script>console.error('planted'); nosuch();</script></body></html>")
    rendered = render(page, tmp_path / "bad.png", 400, 300)
    assert any("planted" in m for m in rendered.console) and any("nosuch" in m for m in rendered.console)


def test_score_over_time_plot_appears_where_a_timeline_exists(tmp_path):
    runs = tmp_path / "runs" / "g"
    records = []
    for seed in (0, 1):
        run = runs / "comp" / f"seed{seed}"
        (run / "logs").mkdir(parents=True)
        records.append({"competition_id": "comp", "seed": seed, "score": 0.8, "submission_path":
                        str(run / "submission" / "submission.csv"), "gold_threshold": 0.9, "median_threshold": 0.5,
                        "silver_threshold": 0.85, "bronze_threshold": 0.8, "is_lower_better": False})
    (runs / "comp" / "seed0" / "snapshots").mkdir()
    (runs / "comp" / "seed0" / "snapshots" / "timeline.json").write_text(json.dumps(
        [{"elapsed_seconds": 600, "score": 0.6}, {"elapsed_seconds": 3600, "score": 0.8},
         {"elapsed_seconds": 1800, "score": None}]))
    doc = {"agent": "a", "run_group": "g", "results": {}, "headline": {}}
    text = write_html(tmp_path / "reports" / "g", doc, records, leaderboard=lambda cid: [0.95, 0.9, 0.7, 0.5, 0.3]).read_text()
    assert "comp: best submission&#x27;s score over time" in text
    assert "comp: leaderboard distribution, thresholds and agent scores" in text
    records[0]["submission_path"] = str(runs / "comp" / "seed1" / "submission" / "submission.csv")
    text = write_html(tmp_path / "reports" / "g2", doc, records[:1], leaderboard=lambda cid: None).read_text()
    assert "score over time" not in text and "leaderboard not available here" in text
