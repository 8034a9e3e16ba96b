"""Run manifest pieces and partial credit, against values worked by hand or by scipy."""

from __future__ import annotations

import json
import os
import stat

import pytest
from scipy import stats

from pytest_mlebench import manifest
from pytest_mlebench.scoring.partial_credit import leaderboard_percentile, normalized_score
from pytest_mlebench.subsets import first_day_after, headline_subsets, parse_cutoff

LEADERBOARD = [0.9, 0.8, 0.8, 0.8, 0.7, 0.5, 0.5, 0.2]


@pytest.mark.parametrize("score", [0.95, 0.9, 0.85, 0.8, 0.6, 0.5, 0.1, 0.2])
def test_percentile_is_scipys_mean_kind_for_higher_is_better(score):
    # scipy's kind="mean" averages the strict and weak percentiles: a tie counts half.
    assert leaderboard_percentile(score, LEADERBOARD, False) == pytest.approx(
        stats.percentileofscore(LEADERBOARD, score, kind="mean"))


@pytest.mark.parametrize("score", [0.05, 0.2, 0.5, 0.8, 1.0])
def test_percentile_lower_is_better_mirrors(score):
    negated = [-s for s in LEADERBOARD]
    assert leaderboard_percentile(score, LEADERBOARD, True) == pytest.approx(
        stats.percentileofscore(negated, -score, kind="mean"))


def test_percentile_by_hand_and_missing():
    # 0.8 on this board: beats 0.7, 0.5, 0.5, 0.2 (4) and ties three 0.8s -> (4 + 1.5) / 8.
    assert leaderboard_percentile(0.8, LEADERBOARD, False) == pytest.approx(100 * 5.5 / 8)
    assert leaderboard_percentile(None, LEADERBOARD, False) == 0.0


def test_normalized_score_by_hand():
    assert normalized_score(0.55, 1.0, 0.55) == 0.0
    assert normalized_score(1.0, 1.0, 0.55) == 1.0
    assert normalized_score(0.775, 1.0, 0.55) == pytest.approx(0.5)
    assert normalized_score(1.2, 1.0, 0.55) == 1.0  # beyond gold is clipped
    assert normalized_score(-5.0, 1.0, 0.55) == -1.0  # floor
    assert normalized_score(None, 1.0, 0.55) == -1.0
    # Lower is better: gold 0.1 below median 0.5; 0.3 is halfway.
    assert normalized_score(0.3, 0.1, 0.5) == pytest.approx(0.5)
    assert normalized_score(0.7, 0.1, 0.5) == pytest.approx(-0.5)
    assert normalized_score(0.3, 0.5, 0.5) is None


def test_agent_usage_reads_aliases_and_sums_tokens(tmp_path):
    (tmp_path / "usage.json").write_text(json.dumps(
        {"model": "gpt-x", "input_tokens": 1200, "output_tokens": 300, "calls": 7, "steps": 5, "other": 1}))
    assert manifest.agent_usage(tmp_path) == {"model": "gpt-x", "prompt_tokens": 1200, "completion_tokens": 300,
                                              "llm_calls": 7, "steps": 5, "total_tokens": 1500}
    assert manifest.agent_usage(tmp_path / "none") is None
    total = manifest.total_usage([{"model": "a", "prompt_tokens": 10, "llm_calls": 1}, None,
                                  {"model": "b", "prompt_tokens": 5, "llm_calls": 2}])
    assert total == {"runs_reporting": 2, "models": ["a", "b"], "prompt_tokens": 15, "llm_calls": 3}


def test_data_checksums_from_parity_record(tmp_path):
    from pytest_mlebench.layout import DataLayout

    layout = DataLayout(tmp_path, "comp")
    layout.root.mkdir()
    layout.parity_record.write_text(json.dumps({"raw_checksum": "match", "files": {
        "public/a.csv": {"status": "match", "md5": "aa", "expected": "aa"},
        "private/b.csv": {"status": "differs", "md5": "bb", "expected": "cc"},
        "public/description.md": {"status": "no pin", "md5": "dd", "expected": ""}}}))
    out = manifest.data_checksums(tmp_path, "comp")
    assert out == {"raw_checksum": "match", "md5": {"private/b.csv": "bb", "public/a.csv": "aa",
                                                    "public/description.md": "dd"},
                   "parity": {"match": 1, "differs": 1, "no pin": 1}}
    assert manifest.data_checksums(tmp_path, "other") is None


def test_gpu_model_and_hardware_class_from_nvidia_smi(tmp_path, monkeypatch):
    fake = tmp_path / "nvidia-smi"
    fake.write_text("#!/bin/sh\necho '0, NVIDIA H100 80GB HBM3, 81559'\necho '1, NVIDIA H100 80GB HBM3, 81559'\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    manifest.gpu_inventory.cache_clear()
    try:
        one = manifest.hardware(["1"])
        assert (one["gpu_model"], one["gpu_count"], one["gpus"][0]["memory_mib"]) == ("NVIDIA H100 80GB HBM3", 1, 81559)
        assert manifest.hardware_class(one) == "1x NVIDIA H100 80GB HBM3"
        assert manifest.hardware_class(manifest.hardware([])) == "cpu"
        assert manifest.hardware()["gpu_count"] == 2
    finally:
        manifest.gpu_inventory.cache_clear()


def test_isolation_names_sandbox_and_network():
    assert manifest.isolation("local", True, False) == {"runtime": "local", "isolation": "bubblewrap", "network": "none"}
    assert manifest.isolation("local", False, False)["isolation"] == "none (unsandboxed)"
    assert manifest.isolation("local", False, False)["network"] == "host"
    assert manifest.isolation("docker", None, True) == {"runtime": "docker", "isolation": "docker", "network": "bridge"}


class Comp:
    def __init__(self, cid, medals=True, issues=()):
        self.id, self.awards_medals, self.known_issues = cid, medals, issues


def test_headline_subsets_and_cutoff():
    import datetime as dt

    comps = [Comp("a"), Comp("b", medals=False), Comp("c", issues=("leak",)), Comp("d")]
    ends = {"a": dt.date(2023, 10, 31), "b": dt.date(2023, 11, 1), "c": dt.date(2024, 5, 2), "d": None}
    subsets, dates = headline_subsets(comps, parse_cutoff("2023-10"), ends)
    assert subsets == {"all": ["a", "b", "c", "d"], "medal_granting": ["a", "c", "d"], "clean": ["a", "b", "d"],
                       "after_cutoff": ["b", "c"]}
    assert dates == {"a": "2023-10-31", "b": "2023-11-01", "c": "2024-05-02", "d": None}
    assert first_day_after(parse_cutoff("2023-12")) == dt.date(2024, 1, 1)
    with pytest.raises(ValueError):
        parse_cutoff("2023-13")


def test_package_versions_name_the_harness():
    versions = manifest.package_versions()
    assert versions["numpy"] and versions["python"].count(".") == 2
