"""Attacks a hostile agent makes, run against every runtime: none may earn a score or change the host.

Each probe is a standard-library script run as the agent (see tests/runtime/test_contract.py); it reports what it
tried in a JSON file, and the test checks both what the agent saw and what the harness made of it. Every test here
fails when the defence it names is removed from the runtime or the grader.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest

from pytest_mlebench.scoring.grade import grade_submission
from pytest_mlebench.timeline import grade_timeline
from tests.runtime.conftest import agent_log
from tests.runtime.test_contract import run_probe

ATTEMPT = """
    import json, os
    def attempt(action):
        try:
            action()
            return "succeeded"
        except OSError as error:
            return type(error).__name__
"""

SCORES = [0.2, 0.3, 0.4, 0.5, 0.6]  # any leaderboard: the attacks must not reach a score at all


def probe(harness, spooky, tmp_path, body: str, **fields) -> tuple:
    spec, result = run_probe(harness, spooky, tmp_path, textwrap.dedent(ATTEMPT) + textwrap.dedent(body), **fields)
    assert result.exit_code == 0 and not result.infra_failure, agent_log(spec)
    return spec, result, json.loads((spec.logs_dir / "probe.json").read_text())


def test_a_submission_linked_to_the_answers_gets_no_score(harness, spooky, tmp_path):
    competition, data_dir, layout = spooky
    answers = layout.prepared / competition.answers
    spec, _, seen = probe(harness, spooky, tmp_path, f"""
        os.symlink({str(answers)!r}, "/home/submission/submission.csv")
        json.dump({{"linked": os.path.islink("/home/submission/submission.csv")}}, open("/home/logs/probe.json", "w"))
    """)
    assert seen["linked"]
    report = grade_submission(competition, spec.submission_dir / "submission.csv", data_dir, SCORES)
    assert report.score is None and not report.valid_submission and not report.any_medal
    assert "link" in report.invalid_reason


def test_a_snapshot_linked_to_the_answers_gets_no_score(harness, spooky, tmp_path):
    competition, data_dir, layout = spooky
    answers = layout.prepared / competition.answers
    spec, _, _ = probe(harness, spooky, tmp_path, f"""
        import shutil
        os.makedirs("/home/logs/submissions", exist_ok=True)
        os.symlink({str(answers)!r}, "/home/logs/submissions/10.csv")
        shutil.copyfile("/home/data/sample_submission.csv", "/home/logs/submissions/20.csv")
        json.dump({{}}, open("/home/logs/probe.json", "w"))
    """)
    timeline = grade_timeline(competition, spec.run_dir, data_dir, 100.0, SCORES)
    assert timeline is not None
    by_time = {s["elapsed_seconds"]: s for s in timeline["snapshots"]}
    linked = by_time.get(10.0)  # skipped, or listed as invalid: never scored
    assert linked is None or (linked["score"] is None and "link" in linked["invalid_reason"])
    assert by_time[20.0]["score"] is not None  # the honest snapshot is graded as usual
    assert set(timeline["medal_at_budgets"].values()) == {"none"}


def test_kernel_settings_cannot_be_written(harness, spooky, tmp_path):
    _, _, seen = probe(harness, spooky, tmp_path, """
        def write_back(path):
            value = open(path).read()
            with open(path, "w") as handle:
                handle.write(value)
        json.dump({
            "swappiness": attempt(lambda: write_back("/proc/sys/vm/swappiness")),
            "core_pattern": attempt(lambda: write_back("/proc/sys/kernel/core_pattern")),
            "sysrq": attempt(lambda: open("/proc/sysrq-trigger", "w").write("")),
            "uid": os.geteuid(),
            "status": open("/proc/self/status").read(),
        }, open("/home/logs/probe.json", "w"))
    """)
    assert "succeeded" not in (seen["swappiness"], seen["core_pattern"], seen["sysrq"]), seen
    assert seen["uid"] != 0 or os.geteuid() != 0  # root outside: never root inside
    status = dict(line.split(":\t", 1) for line in seen["status"].splitlines() if ":\t" in line)
    assert status["CapEff"].strip() == "0000000000000000"
    assert status["NoNewPrivs"].strip() == "1"


def test_the_mount_table_names_no_competition_run_or_data_folder(harness, spooky, tmp_path):
    competition, data_dir, layout = spooky
    spec, _, seen = probe(harness, spooky, tmp_path, """
        json.dump({"mountinfo": open("/proc/self/mountinfo").read(), "env": dict(os.environ)},
                  open("/home/logs/probe.json", "w"))
    """, hide_competition_id=True, run_group="group-under-test")
    table = seen["mountinfo"]
    for secret in (competition.id, "group-under-test", str(layout.prepared), str(spec.run_dir), "prepared"):
        assert secret not in table, f"{secret!r} is visible in the sandbox's mount table"
    assert competition.id not in json.dumps(seen["env"])


def test_scikit_learns_bundled_datasets_are_hidden(harness, spooky, tmp_path):
    """The practice competitions are built from them: a lookup would rebuild the answers without reading them."""
    _, _, seen = probe(harness, spooky, tmp_path, """
        try:
            from sklearn.datasets import load_breast_cancer, load_diabetes, load_digits
        except ImportError:
            outcome = {"import": "no scikit-learn"}
        else:
            outcome = {}
            for loader in (load_breast_cancer, load_diabetes, load_digits):
                try:
                    loader()
                    outcome[loader.__name__] = "succeeded"
                except Exception as error:
                    outcome[loader.__name__] = type(error).__name__
        json.dump(outcome, open("/home/logs/probe.json", "w"))
    """)
    assert "succeeded" not in seen.values(), seen


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can check that nothing of the host changed as root")
def test_the_hosts_kernel_settings_are_unchanged(harness, spooky, tmp_path):
    setting = Path("/proc/sys/vm/swappiness")
    before = setting.read_text()
    try:
        _, _, seen = probe(harness, spooky, tmp_path, """
            result = attempt(lambda: open("/proc/sys/vm/swappiness", "w").write("17"))
            json.dump({"write": result}, open("/home/logs/probe.json", "w"))
        """)
        after = setting.read_text()
    finally:
        if setting.read_text() != before:  # the defence failed: put the host back before failing
            setting.write_text(before)
    assert after == before and seen["write"] != "succeeded"
