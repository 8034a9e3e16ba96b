"""The metric catalog: every spec name resolves, directions match the specs, and importing it stays light."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_mlebench.metrics import COMPETITION_SPECIFIC, METRICS, declared_direction, lookup_metric

REPO = Path(__file__).resolve().parents[2]
SPECS = Path(os.environ.get("MLEBENCH_SPECS_DIR", REPO.parent / "shared" / "specs")) / "competitions.jsonl"


def spec_metrics() -> list[tuple[str, str, bool]]:
    """(competition, metric name as its config spells it, higher_is_better) from the shared specs."""
    rows = []
    for line in SPECS.read_text().splitlines():
        spec = json.loads(line)
        name = spec["metric"]["name"].split(" (")[0]  # a parenthesis only explains the name
        rows.append((spec["id"], name, spec["metric"]["higher_is_better"]))
    return rows


@pytest.mark.skipif(not SPECS.exists(), reason="the shared specs are not on this machine")
def test_every_spec_metric_is_declarable_with_its_direction():
    wrong = [(cid, name) for cid, name, higher in spec_metrics() if declared_direction(name) is not higher]
    assert not wrong


def test_every_metric_resolves_to_a_function():
    assert all(callable(metric.function) for metric in METRICS.values())


def test_aliases_share_their_metric():
    assert METRICS["map-at-5"] is METRICS["MAP@5"]
    assert METRICS["root_mean_squared_error"] is METRICS["root-mean-squared-error"]


def test_unknown_name_suggests_close_ones():
    with pytest.raises(KeyError, match="root-mean-squared-error"):
        declared_direction("root-mean-squared-eror")


def test_competition_specific_names_say_where_they_live():
    assert declared_direction("mean-average-precision") is True
    with pytest.raises(KeyError, match="competition's grader"):
        lookup_metric(next(iter(COMPETITION_SPECIFIC)))


def test_importing_the_catalog_and_registry_loads_no_sklearn_or_scipy():
    code = (
        "import sys, pytest_mlebench.metrics, pytest_mlebench.registry\n"
        "print(sorted(m for m in ('sklearn', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True)
    assert out.stdout.strip() == "[]"
