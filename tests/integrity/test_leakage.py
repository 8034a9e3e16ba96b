"""The leakage audit: each kind of leak planted in a practice competition is found, and only it; the known
leaks of random-acts-of-pizza and siim-isic-melanoma-classification are found on their synthetic data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.integrity.leakage import (
    audit_public_data,
    audited,
    format_findings,
    load_answers,
    stored_audit,
)
from pytest_mlebench.item import prepare_with_retries
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.registry import Registry
from tests.competitions.test_conformance import conformance_module, scaled_preparer

REPO = Path(__file__).resolve().parents[2]
PRACTICE = "practice-breast-cancer"
# Leaks the synthetic data of the conformance suite reproduces on purpose (known issues of MLE-bench).
KNOWN_SYNTHETIC_LEAKS = {"siim-isic-melanoma-classification": [("answer-column-in-public", "tfrecords/*.tfrec", "target")]}


@pytest.fixture(scope="module")
def competitions() -> Registry:
    return Registry(REPO / "competitions")


@pytest.fixture(scope="module")
def practice(competitions, tmp_path_factory):
    """practice-breast-cancer prepared once (from scikit-learn's bundled data; no network)."""
    data = tmp_path_factory.mktemp("practice-data")
    outcome = audited(prepare_competition(competitions.get(PRACTICE), data, download=None), competitions.get(PRACTICE), data)
    return competitions.get(PRACTICE), data, outcome


def planted_copy(practice, tmp_path, plant) -> list[tuple[str, str, str | None]]:
    """Audit a copy of the practice data after `plant(public, answers, train, test)` changed it."""
    competition, data, _ = practice
    shutil.copytree(DataLayout(data, PRACTICE).root / "prepared", tmp_path / PRACTICE / "prepared")
    layout = DataLayout(tmp_path, PRACTICE)
    answers = pd.read_csv(layout.private / "test.csv")
    plant(layout.public, answers, pd.read_csv(layout.public / "train.csv"), pd.read_csv(layout.public / "test.csv"))
    return [(f.kind, f.file, f.column) for f in audit_public_data(competition, layout)]


def test_the_prepared_practice_data_is_clean_and_the_audit_is_stored(practice):
    competition, data, outcome = practice
    assert outcome.leakage["findings"] == [] and outcome.leakage["error"] is None
    assert stored_audit(data, PRACTICE)["findings"] == []
    assert json.loads((DataLayout(data, PRACTICE).root / "leakage.json").read_text())["competition_id"] == PRACTICE
    assert not (DataLayout(data, PRACTICE).public / "leakage.json").exists()  # never where the agent looks
    assert "  leakage audit: nothing found" in format_findings(outcome.leakage)
    again = audited(prepare_competition(competition, data, download=None), competition, data)  # the stored audit
    assert again.already_prepared and again.leakage == outcome.leakage


def test_preparation_never_audits_the_item_does(competitions, tmp_path):
    # One-way layers: preparation (data) does not call the audit (integrity); the item's prepare step does.
    competition = competitions.get(PRACTICE)
    outcome = prepare_competition(competition, tmp_path, download=None)
    assert outcome.leakage is None and not (DataLayout(tmp_path, PRACTICE).root / "leakage.json").exists()
    by_item = prepare_with_retries(competition, tmp_path, None, retries=0)
    assert by_item.already_prepared and by_item.leakage["findings"] == []
    assert stored_audit(tmp_path, PRACTICE) == by_item.leakage


def test_a_forced_preparation_is_audited_again(practice, tmp_path):
    competition, data, _ = practice
    shutil.copytree(DataLayout(data, PRACTICE).root, tmp_path / PRACTICE)
    stale = {**stored_audit(tmp_path, PRACTICE), "findings": [{"kind": "stale"}]}
    (tmp_path / PRACTICE / "leakage.json").write_text(json.dumps(stale))
    kept = audited(prepare_competition(competition, tmp_path, download=None), competition, tmp_path)
    assert kept.leakage["findings"] == [{"kind": "stale"}]  # already prepared: the stored audit is kept
    fresh = audited(prepare_competition(competition, tmp_path, download=None, force=True), competition, tmp_path)
    assert fresh.leakage["findings"] == [] and stored_audit(tmp_path, PRACTICE)["findings"] == []


def test_answers_id_and_target_columns(practice):
    competition, data, _ = practice
    answers = load_answers(competition, DataLayout(data, PRACTICE))
    assert answers.id_column == "id" and answers.targets == ("target",)
    assert set(answers.by_id["target"]) == {"0", "1"}


def test_test_rows_with_their_answers_in_train(practice, tmp_path):
    def plant(public, answers, train, test):
        rows = test.head(20).merge(answers, on="id")
        pd.concat([train, rows[train.columns]]).to_csv(public / "train.csv", index=False)

    assert planted_copy(practice, tmp_path, plant) == [("test-id-in-train", "train.csv", "id")]


def test_renumbered_ids_without_their_answers_are_not_a_leak(practice, tmp_path):
    def plant(public, answers, train, test):
        # Train ids renumbered from 0, as nomad2018 does: many equal test ids, none with its answer.
        rng = np.random.default_rng(0)
        train.assign(id=range(len(train)), target=rng.integers(0, 2, len(train))).to_csv(public / "train.csv", index=False)

    assert planted_copy(practice, tmp_path, plant) == []


def test_an_answer_column_in_the_public_test_table(practice, tmp_path):
    def plant(public, answers, train, test):
        test.merge(answers, on="id").to_csv(public / "test.csv", index=False)

    assert planted_copy(practice, tmp_path, plant) == [("answer-column-in-public", "test.csv", "target")]


def test_a_public_column_that_predicts_the_answers(practice, tmp_path):
    def plant(public, answers, train, test):
        ordered = test.merge(answers, on="id")
        test.assign(biopsy_ordered=np.where(ordered["target"] == 1, "yes", "no")).to_csv(public / "test.csv", index=False)

    assert planted_copy(practice, tmp_path, plant) == [("predictive-column", "test.csv", "biopsy_ordered")]


def test_a_renamed_copy_of_the_answers_is_an_exact_match(practice, tmp_path):
    def plant(public, answers, train, test):
        ordered = test.merge(answers, on="id")
        test.assign(outcome_code=ordered["target"].astype(float)).to_csv(public / "test.csv", index=False)

    [(kind, file, column)] = planted_copy(practice, tmp_path, plant)
    assert (kind, file, column) == ("predictive-column", "test.csv", "outcome_code")


def test_labels_in_a_metadata_file(practice, tmp_path):
    def plant(public, answers, train, test):
        cases = [{"case": int(i), "malignant": bool(t), "scanner": "S1"} for i, t in zip(answers["id"], answers["target"], strict=True)]
        (public / "metadata.json").write_text(json.dumps({"version": 2, "cases": cases}))

    assert planted_copy(practice, tmp_path, plant) == [("labels-in-metadata", "metadata.json", None)]


def test_labels_in_file_names(practice, tmp_path):
    def plant(public, answers, train, test):
        (public / "scans").mkdir()
        for case, label in zip(answers["id"], answers["target"], strict=True):
            (public / "scans" / f"{case}-{label}.png").write_bytes(b"")

    assert planted_copy(practice, tmp_path, plant) == [("labels-in-metadata", "scans (file names)", None)]


def test_ids_beside_unrelated_numbers_are_not_a_leak(practice, tmp_path):
    def plant(public, answers, train, test):
        rng = np.random.default_rng(1)
        lines = [f"{case} {int(rng.integers(0, 2))} 2019" for case in answers["id"]]
        (public / "acquisition.txt").write_text("\n".join(lines) + "\n")

    assert planted_copy(practice, tmp_path, plant) == []


def prepared_synthetic(competitions, cid: str, data: Path, **raw_sizes) -> DataLayout:
    competition = competitions.get(cid)
    module = conformance_module(competition)
    layout = DataLayout(data, cid)
    module.make_raw(layout.raw, np.random.default_rng(0), **raw_sizes)
    with scaled_preparer(competition, module):
        audited(prepare_competition(competition, data, download=None), competition, data)
    return layout


def test_random_acts_of_pizza_giver_username_leak(competitions, tmp_path):
    # The synthetic requests of the conformance suite, at a size where "only when the pizza came" is
    # more than chance (with the suite's 40 rows a dozen filled-in requests prove nothing).
    layout = prepared_synthetic(competitions, "random-acts-of-pizza", tmp_path, train_rows=100, test_rows=30)
    report = json.loads((layout.root / "leakage.json").read_text())
    found = [(f["kind"], f["file"], f["column"]) for f in report["findings"]]
    assert found == [("predictive-column", "test.json", "giver_username_if_known")]
    assert "filled in only when the answer is '1'" in report["findings"][0]["detail"]


def test_every_competition_is_audited_on_its_synthetic_data(competitions, tmp_path):
    for cid in competitions.ids():
        prepared_synthetic(competitions, cid, tmp_path)
        report = stored_audit(tmp_path, cid)
        assert report is not None and report["error"] is None, (cid, report)
        found = [(f["kind"], f["file"], f["column"]) for f in report["findings"]]
        assert found == KNOWN_SYNTHETIC_LEAKS.get(cid, []), (cid, format_findings(report))


def test_siim_tfrecord_target_leak(competitions, tmp_path):
    # The test shards are TFRecords that still carry `target`: the audit reads them through data.formats.
    cid = "siim-isic-melanoma-classification"
    prepared_synthetic(competitions, cid, tmp_path)
    report = stored_audit(tmp_path, cid)
    assert report is not None and report["error"] is None, report
    assert [(f["kind"], f["file"], f["column"]) for f in report["findings"]] == KNOWN_SYNTHETIC_LEAKS[cid]
