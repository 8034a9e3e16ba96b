"""tabular-playground-series-may-2022: AUC by hand, the integer-size split with renumbered ids."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "tabular-playground-series-may-2022"
RAW_ROWS, TEST_ROWS = 40, 10


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def conformance(competition):
    module = conformance_module(competition)
    return module


@pytest.fixture(scope="module")
def prepared(competition, conformance, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tps-may")
    conformance.make_raw(root / "raw", np.random.default_rng(8), RAW_ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(competition.prepare_fn.__globals__, "TEST_ROWS", TEST_ROWS)
        competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def test_auc_matches_hand_computation(competition):
    answers = pd.DataFrame({"id": [800000, 800001, 800002, 800003], "target": [1, 0, 0, 1], "f_00": 0.0})
    # positives 0.9, 0.3 vs negatives 0.4, 0.1: 1 + 1 + 0 + 1 = 3 of 4 pairs.
    sub = pd.DataFrame({"id": [800003, 800000, 800002, 800001], "target": [0.3, 0.9, 0.1, 0.4]})
    assert score_frames(competition, sub, answers) == pytest.approx(0.75)


def test_nan_is_invalid_with_a_reason(competition):
    answers = pd.DataFrame({"id": [1, 2, 3], "target": [1, 0, 1]})
    with pytest.raises(InvalidSubmissionError, match="NaN"):
        score_frames(competition, answers.assign(target=[0.2, np.nan, 0.9]), answers)


def test_test_size_is_the_integer_100000(competition, tmp_path, conformance):
    assert competition.prepare_fn.__globals__["TEST_ROWS"] == 100_000
    conformance.make_raw(tmp_path / "raw", np.random.default_rng(0), RAW_ROWS)
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    with pytest.raises(ValueError, match="test_size=100000"):
        competition.prepare_fn(tmp_path / "raw", tmp_path / "public", tmp_path / "private")


def test_split_renumbers_ids_in_permutation_order(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    perm = np.random.RandomState(0).permutation(RAW_ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    test = read_csv(prepared / "public" / "test.csv")
    assert train["id"].tolist() == list(range(RAW_ROWS - TEST_ROWS))
    assert answers["id"].tolist() == list(range(RAW_ROWS - TEST_ROWS, RAW_ROWS))
    expected_test = raw.iloc[perm[:TEST_ROWS]].drop(columns=["id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(answers.drop(columns=["id"]), expected_test)
    expected_train = raw.iloc[perm[TEST_ROWS:]].drop(columns=["id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(train.drop(columns=["id"]), expected_train)
    pd.testing.assert_frame_equal(test, answers.drop(columns=["target"]))


def test_gold_and_sample_submissions(competition, prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    gold = read_csv(prepared / "private" / "gold_submission.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    pd.testing.assert_frame_equal(gold, answers[["id", "target"]])
    assert sample["id"].tolist() == answers["id"].tolist() and (sample["target"] == 0.5).all()
    assert score_frames(competition, sample, answers) == pytest.approx(0.5)
    assert score_frames(competition, gold, answers) == pytest.approx(1.0)
