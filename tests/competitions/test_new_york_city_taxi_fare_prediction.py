"""new-york-city-taxi-fare-prediction: RMSE by hand, key-sorted positional pairing, the integer-size split."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "new-york-city-taxi-fare-prediction"
RAW_ROWS, TEST_ROWS = 40, 10


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("taxi")
    module.make_raw(root / "raw", np.random.default_rng(9), RAW_ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(competition.prepare_fn.__globals__, "TEST_ROWS", TEST_ROWS)
        competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


@pytest.fixture()
def answers() -> pd.DataFrame:
    return pd.DataFrame({"key": ["2010-01-01 00:00:01.0000001", "2009-05-05 10:00:00.0000001",
                                 "2012-03-03 12:12:12.0000002"],
                         "fare_amount": [10.0, 12.0, 5.0], "passenger_count": [1, 2, 1]})


def test_rmse_matches_hand_computation(competition, answers):
    sub = answers[["key"]].assign(fare_amount=[11.0, 10.0, 5.0])
    assert score_frames(competition, sub, answers) == pytest.approx(math.sqrt(5 / 3), abs=1e-5)
    assert score_frames(competition, sub.iloc[[2, 0, 1]], answers) == pytest.approx(math.sqrt(5 / 3), abs=1e-5)


def test_wrong_keys_are_paired_by_sorted_position(competition, answers):
    # Known issue: no key check. Sorted answer keys are 2009.., 2010.., 2012.. (fares 12, 10, 5);
    # the submission's sorted keys a, b, c carry 13, 10, 5, so the error is one dollar on one ride.
    sub = pd.DataFrame({"key": ["c", "a", "b"], "fare_amount": [5.0, 13.0, 10.0]})
    assert score_frames(competition, sub, answers) == pytest.approx(math.sqrt(1 / 3), abs=1e-5)
    duplicated = answers[["key"]].assign(fare_amount=[10.0, 12.0, 5.0])
    duplicated.loc[2, "key"] = duplicated.loc[0, "key"]
    # the 2012 key is gone and the 2010 key appears twice; sorted, the fares still line up: 12, 10, 5
    assert score_frames(competition, duplicated, answers) == pytest.approx(0.0)


def test_row_count_mismatch_is_invalid(competition, answers):
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, answers[["key", "fare_amount"]].iloc[:2], answers)


def test_test_size_is_the_integer_9914(competition, tmp_path):
    assert competition.prepare_fn.__globals__["TEST_ROWS"] == 9914
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = pd.DataFrame({"key": [f"k{n}" for n in range(9915)], "fare_amount": 5.0})
    rows.to_csv(raw / "train.csv", index=False)
    (raw / "GCP-Coupons-Instructions.rtf").write_text("{\\rtf1}")
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    competition.prepare_fn(raw, tmp_path / "public", tmp_path / "private")
    assert len(read_csv(tmp_path / "private" / "test.csv")) == 9914
    assert len(read_csv(tmp_path / "public" / "labels.csv")) == 1


def test_split_takes_test_rows_in_permutation_order(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    perm = np.random.RandomState(0).permutation(RAW_ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    labels = read_csv(prepared / "public" / "labels.csv")
    assert len(answers) == TEST_ROWS and len(labels) == RAW_ROWS - TEST_ROWS
    assert answers["key"].tolist() == raw["key"].iloc[perm[:TEST_ROWS]].tolist()
    assert labels["key"].tolist() == raw["key"].iloc[perm[TEST_ROWS:]].tolist()
    assert list(answers.columns) == list(labels.columns) == list(raw.columns)
    test = read_csv(prepared / "public" / "test.csv")
    assert list(test.columns) == [c for c in raw.columns if c != "fare_amount"]
    assert test["key"].tolist() == answers["key"].tolist()


def test_rows_are_rewritten_byte_for_byte(prepared):
    raw_lines = set((prepared / "raw" / "train.csv").read_text().splitlines())
    for name in ("public/labels.csv", "private/test.csv"):
        lines = (prepared / name).read_text().splitlines()
        assert set(lines) <= raw_lines, f"{name}: a row's text changed (float formatting or NaN)"


def test_sample_submission_and_extras(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert list(sample.columns) == ["key", "fare_amount"] and (sample["fare_amount"] == 11.35).all()
    expected = math.sqrt(np.mean((answers["fare_amount"].to_numpy() - 11.35) ** 2))
    assert score_frames(competition, sample, answers) == pytest.approx(expected, abs=1e-5)
    rtf = "GCP-Coupons-Instructions.rtf"
    assert (prepared / "public" / rtf).read_bytes() == (prepared / "raw" / rtf).read_bytes()
