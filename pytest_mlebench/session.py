"""The session object: collects each item's record from its report (so `-n 0` and `-n 8` take one path),
and at session end aggregates, writes `reports/<group>/` and prints the headline table."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest

from pytest_mlebench.aggregate import summarize
from pytest_mlebench.options import Settings
from pytest_mlebench.registry import Registry
from pytest_mlebench.report import terminal_table, write_reports

NODE_PARAM = re.compile(r"\[(?P<cid>.+)-seed(?P<seed>\d+)\]$")
RECORD_KEY = "competition_id"


def item_key(nodeid: str) -> tuple[str, int] | None:
    """(competition id, seed) from an item id like `...::test_competition[spooky-seed3]`."""
    match = NODE_PARAM.search(nodeid)
    return (match["cid"], int(match["seed"])) if match else None


class MlebenchSession:
    """Registered by `pytest_configure` on the controller; holds results until the session ends."""

    def __init__(self, settings: Settings, registry: Registry, run_group: str) -> None:
        self.settings = settings
        self.registry = registry
        self.run_group = run_group
        self.records: dict[tuple[str, int], dict[str, Any]] = {}
        self.selected: set[tuple[str, int]] = set()
        self.skipped: dict[tuple[str, int], str] = {}
        self.summary: dict[str, Any] | None = None
        self.paths: dict[str, Any] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        key = item_key(report.nodeid)
        if key is None:
            return
        if report.skipped and report.when in ("setup", "call"):
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            self.skipped[key] = str(reason).removeprefix("Skipped: ")
            self.selected.discard(key)
            return
        self.selected.add(key)
        props = dict(report.user_properties)
        if RECORD_KEY in props and "valid_submission" in props:
            self.records[key] = props

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not self.selected and not self.records:
            return
        splits = {cid: self.registry.get(cid).split for cid, _ in self.selected}
        seeds = sorted({seed for _, seed in self.selected} | set(self.settings.seeds))
        seeds = [s for s in seeds if s in self.settings.seeds] or seeds
        records = [r for k, r in self.records.items() if k in self.selected]
        self.summary = summarize(records, splits, seeds)
        header = self.header(sorted(splits), seeds)
        self.paths = write_reports(self.settings.reports_dir / self.run_group, self.summary, records, header)

    def header(self, competitions: list[str], seeds: list[int]) -> Mapping[str, Any]:
        s = self.settings
        reference = [c for c in competitions if self.registry.get(c).leaderboard.reference_field]
        return {
            "agent": s.agent,
            "run_group": self.run_group,
            "seeds": seeds,
            "runtime": s.runtime,
            "time_limit": s.time_limit,
            "description": s.description,
            "competitions": competitions,
            "reference_field_competitions": reference,
            "skipped": {f"{c}-seed{k}": why for (c, k), why in sorted(self.skipped.items())},
            "resumed_runs": sum(bool(r.get("resumed")) for r in self.records.values()),
        }

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.summary is None:
            return
        terminalreporter.write_sep("=", "mlebench summary")
        terminalreporter.write(terminal_table(self.summary, f"{self.settings.agent} · {self.run_group}"))
        if self.paths:
            terminalreporter.write_line(f"reports: {self.paths['summary'].parent}")
