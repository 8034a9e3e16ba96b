"""lmsys-chatbot-arena: log loss by hand, the 6-decimal row-sum rule, machine-epsilon clipping, the 10% split."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "lmsys-chatbot-arena"
CLASSES = ["winner_model_a", "winner_model_b", "winner_tie"]
ROWS = 41


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("lmsys")
    module.make_raw(root / "raw", np.random.default_rng(4), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small() -> pd.DataFrame:
    return pd.DataFrame({"id": [5, 3, 9], "winner_model_a": [1, 0, 0], "winner_model_b": [0, 1, 0],
                         "winner_tie": [0, 0, 1]})


def test_log_loss_by_hand(competition):
    answers = small()
    sub = pd.DataFrame({"id": [9, 5, 3], "winner_model_a": [0.2, 0.5, 0.25], "winner_model_b": [0.2, 0.25, 0.5],
                        "winner_tie": [0.6, 0.25, 0.25]})
    # true-class probabilities: id 5 -> 0.5, id 3 -> 0.5, id 9 -> 0.6.
    expected = -(math.log(0.5) + math.log(0.5) + math.log(0.6)) / 3
    assert score_frames(competition, sub, answers) == pytest.approx(expected, abs=1e-5)


def test_zero_on_the_true_class_costs_minus_log_machine_epsilon(competition):
    answers = small()
    # ids 5 and 3 put all mass on a wrong outcome (clipped to eps, ~36.04 each); id 9 is right (0).
    wrong = answers.assign(winner_model_a=[0.0, 1.0, 0.0], winner_model_b=[1.0, 0.0, 0.0])
    assert score_frames(competition, wrong, answers) == pytest.approx(
        -math.log(np.finfo(float).eps) * 2 / 3, abs=1e-4)


@pytest.mark.parametrize("tie, valid", [(0.0000004, True), (0.0000006, False), (-0.0000004, False)])
def test_row_sums_are_rounded_to_six_decimals(competition, tie, valid):
    answers = small()
    sub = answers.astype({c: float for c in CLASSES})
    sub.loc[0, "winner_tie"] = tie  # the row sums to 1 + tie
    if valid:
        assert np.isfinite(score_frames(competition, sub, answers))
    else:
        with pytest.raises(InvalidSubmissionError):
            score_frames(competition, sub, answers)


def test_split_and_uniform_sample(competition, prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "answers.csv")
    pd.testing.assert_frame_equal(answers, raw.iloc[perm[:n_test]].reset_index(drop=True))
    pd.testing.assert_frame_equal(read_csv(prepared / "public" / "train.csv"),
                                  raw.iloc[perm[n_test:]].reset_index(drop=True))
    test = read_csv(prepared / "public" / "test.csv")
    pd.testing.assert_frame_equal(test, answers[["id", "prompt", "response_a", "response_b"]])
    lines = (prepared / "public" / "sample_submission.csv").read_text().splitlines()
    assert lines[0] == "id,winner_model_a,winner_model_b,winner_tie"
    assert all(line.endswith(",0.3333333333333333" * 3) for line in lines[1:])
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert score_frames(competition, sample, answers) == pytest.approx(math.log(3), abs=1e-5)
