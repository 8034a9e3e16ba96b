"""tabular-playground-series-dec-2021: accuracy by hand, Id matching, the 10% split with Ids kept."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "tabular-playground-series-dec-2021"
RAW_ROWS = 40


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("tps-dec")
    module.make_raw(root / "raw", np.random.default_rng(3), RAW_ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


@pytest.fixture()
def answers() -> pd.DataFrame:
    return pd.DataFrame({"Id": [10, 3, 7, 5], "Cover_Type": [2, 1, 2, 7], "Elevation": [1, 2, 3, 4]})


def test_accuracy_matches_hand_count(competition, answers):
    sub = pd.DataFrame({"Id": [3, 5, 7, 10], "Cover_Type": [1, 7, 1, 2]})  # Id 7 wrong: 3 of 4
    assert score_frames(competition, sub, answers) == pytest.approx(0.75)


def test_integer_valued_floats_count_as_labels(competition, answers):
    sub = answers[["Id"]].assign(Cover_Type=[2.0, 1.0, 2.0, 7.0])
    assert score_frames(competition, sub, answers) == pytest.approx(1.0)


def test_fractional_or_string_labels_are_refused(competition, answers):
    # MLE-bench's scikit-learn call raises on both (counted invalid); ours refuses them with a reason.
    with pytest.raises(InvalidSubmissionError, match="whole-number"):
        score_frames(competition, answers[["Id"]].assign(Cover_Type=[2.5, 1.0, 2.0, 7.0]), answers)
    with pytest.raises(InvalidSubmissionError, match="must be numbers"):
        score_frames(competition, answers[["Id"]].assign(Cover_Type=["2", "1", "2", "7"]), answers)


def test_duplicated_id_is_invalid(competition, answers):
    sub = answers[["Id", "Cover_Type"]].copy()
    sub.loc[3, "Id"] = 10
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_split_keeps_ids_in_permutation_order(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    perm = np.random.RandomState(0).permutation(RAW_ROWS)
    n_test = math.ceil(0.1 * RAW_ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    test = read_csv(prepared / "public" / "test.csv")
    pd.testing.assert_frame_equal(answers, raw.iloc[perm[:n_test]].reset_index(drop=True))
    pd.testing.assert_frame_equal(train, raw.iloc[perm[n_test:]].reset_index(drop=True))
    pd.testing.assert_frame_equal(test, answers.drop(columns=["Cover_Type"]))
    assert len(raw.columns) == 56


def test_sample_submission_scores_the_share_of_class_two(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert list(sample.columns) == ["Id", "Cover_Type"] and (sample["Cover_Type"] == 2).all()
    assert sample["Id"].tolist() == answers["Id"].tolist()
    # seed 3 puts two class-2 rows among the four test rows
    assert score_frames(competition, sample, answers) == pytest.approx((answers["Cover_Type"] == 2).mean()) == 0.5
