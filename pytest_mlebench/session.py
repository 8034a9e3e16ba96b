"""The session object: collects each item's record from its report (so `-n 0` and `-n 8` take one path),
and at session end aggregates, writes `reports/<group>/` and prints the headline table."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest

from pytest_mlebench.options import Settings
from pytest_mlebench.registry import Registry
from pytest_mlebench.run_record import LOST_WORKER, RunRecord

# Aggregation and reports (numpy, pandas, scipy through the integrity checks) are imported when the session
# ends, inside the hooks below: collection reads configs only.
from pytest_mlebench.runs import group_dir

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
        self.records: dict[tuple[str, int], RunRecord] = {}
        self.selected: set[tuple[str, int]] = set()
        self.lost: set[tuple[str, int]] = set()  # items whose xdist worker died under them
        self.skipped: dict[tuple[str, int], str] = {}
        self.summary: dict[str, Any] | None = None
        self.report_header: Mapping[str, Any] = {}
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
            self.records[key] = RunRecord.from_json(props)

    @pytest.hookimpl(optionalhook=True)
    def pytest_handlecrashitem(self, crashitem: str, report: Any, sched: Any) -> None:
        """xdist: the worker running `crashitem` died (e.g. SIGKILL); its run is counted, not dropped."""
        key = item_key(crashitem)
        if key is not None:
            self.lost.add(key)

    def lost_record(self, key: tuple[str, int]) -> RunRecord:
        """The infra-failure record of a run lost with its worker; not saved, so the group's rerun runs it."""
        cid, seed = key
        competition = self.registry.get(cid)
        agent = self._agent()
        return RunRecord.infra(
            cid, seed, LOST_WORKER, agent=agent.name if agent else "", description=self.settings.description,
            split=competition.split, run_group=self.run_group, runtime=self.settings.runtime,
            awards_medals=competition.awards_medals, competition_version=competition.version,
            is_lower_better=competition.is_lower_better,
        )

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if not self.selected and not self.records:
            return
        from pytest_mlebench.aggregate import summarize
        from pytest_mlebench.budgets import summarize_budgets
        from pytest_mlebench.integrity.section import annotate, integrity_block
        from pytest_mlebench.report import write_reports

        splits = {cid: self.registry.get(cid).split for cid, _ in self.selected}
        seeds = sorted({seed for _, seed in self.selected} | set(self.settings.seeds))
        seeds = [s for s in seeds if s in self.settings.seeds] or seeds
        for key in sorted(self.lost & self.selected - set(self.records)):
            self.records[key] = self.lost_record(key)
        records = [r for k, r in self.records.items() if k in self.selected]
        integrity = self.integrity(records)
        records = annotate(records, integrity)
        self.summary = summarize(records, splits, seeds)
        header = {**self.header(sorted(splits), seeds), **self.comparability(sorted(splits), seeds, records)}
        header["integrity"] = integrity_block(integrity, records, lambda kept: summarize(kept, splits, seeds))
        budgets = summarize_budgets(records, sorted(splits), seeds)
        if budgets:  # only where agents kept submission snapshots
            header["medal_rate_at_budgets"] = budgets
        self.report_header = header
        self.paths = write_reports(group_dir(self.settings.reports_dir, self.run_group), self.summary, records, header)
        session.config.hook.pytest_mlebench_summary_written(summary=self.summary, reports_dir=self.paths["summary"].parent)

    def comparability(self, competitions: list[str], seeds: list[int], records: list[RunRecord]) -> dict[str, Any]:
        """Headline subsets, the pessimistic count of infra failures, and the session's manifest."""
        from pytest_mlebench.aggregate import INFRA_FAIL, headline, per_competition, summarize
        from pytest_mlebench.manifest import session_manifest
        from pytest_mlebench.report import grader_error_runs
        from pytest_mlebench.subsets import headline_subsets, parse_cutoff

        comps = [self.registry.get(c) for c in competitions]
        cutoff = parse_cutoff(self.settings.model_cutoff) if self.settings.model_cutoff else None
        subsets, end_dates = headline_subsets(comps, cutoff)
        infra = [r for r in records if r.infra_failure]
        return {
            "model_cutoff": self.settings.model_cutoff,
            "competition_end_dates": end_dates,
            "headline": headline(records, subsets, seeds),
            "results_pessimistic": summarize(records, {c.id: c.split for c in comps}, seeds, INFRA_FAIL),
            "per_competition": per_competition(records, competitions, seeds),
            "grader_errors": grader_error_runs(records),
            "infra": {
                "runs": len(records),
                "infra_failures": len(infra),
                "failed_runs": [r.run_id for r in infra],
                "retried_runs": sum(int(r.attempts or 1) > 1 for r in records),
                "retries": self.settings.retries,
            },
            "manifest": session_manifest(
                agent=self._agent(), runtime_name=self.settings.runtime, sandboxed=self._sandboxed(),
                time_limit=self.settings.time_limit, competitions=comps, data_dir=self.settings.data_dir,
                run_manifests=[r.manifest for r in records if isinstance(r.manifest, dict)],
            ),
        }

    def integrity(self, records: list[RunRecord]):
        """The checks the options ask for over this session's runs, and each competition's leakage audit."""
        from pytest_mlebench.integrity.section import CheckRequest, run_checks, run_refs

        s = self.settings
        request = CheckRequest(s.check_rules, s.check_plagiarism, s.rules_model, s.rules_context,
                               s.rules_questions, s.plagiarism_threshold)
        return run_checks(request, run_refs(records, s.runs_dir, self.run_group), s.data_dir)

    def _agent(self):
        from pytest_mlebench.agents import load_agent

        return load_agent(self.settings.agent) if self.settings.agent else None

    def _sandboxed(self) -> bool | None:
        from pytest_mlebench.runtime import make_runtime

        return getattr(make_runtime(self.settings.runtime, self.settings.allow_unsandboxed), "sandboxed", None)

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
            "resumed_runs": sum(bool(r.resumed) for r in self.records.values()),
        }

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if self.summary is None:
            return
        from pytest_mlebench.budgets import terminal_budgets
        from pytest_mlebench.integrity.section import terminal_lines
        from pytest_mlebench.report import grader_errors_line, terminal_headline, terminal_table

        terminalreporter.write_sep("=", "mlebench summary")
        terminalreporter.write(terminal_table(self.summary, f"{self.settings.agent} · {self.run_group}"))
        if self.report_header.get("headline"):
            terminalreporter.write(terminal_headline(self.report_header))
        if self.report_header.get("medal_rate_at_budgets"):
            terminalreporter.write_line(terminal_budgets(self.report_header["medal_rate_at_budgets"]))
        grader_errors = grader_errors_line(self.report_header.get("grader_errors") or [])
        if grader_errors:
            terminalreporter.write_line(grader_errors)
        for line in terminal_lines(self.report_header.get("integrity")):
            terminalreporter.write_line(line)
        if self.paths:
            terminalreporter.write_line(f"reports: {self.paths['summary'].parent}")
