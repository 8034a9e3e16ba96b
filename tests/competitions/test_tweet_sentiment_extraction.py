"""tweet-sentiment-extraction: word Jaccard by hand, the 0/0 row that makes a submission invalid (even the blank
sample, where an answer is empty), NA words read as empty, the 10% split."""

import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "tweet-sentiment-extraction"
ROWS = 50


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("tweet")
    module.make_raw(root / "raw", np.random.default_rng(6), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def test_jaccard_by_hand(competition):
    answers = pd.DataFrame({"textID": ["a", "b", "c"], "selected_text": ["so happy today", "Sad,", "love it"]})
    sub = pd.DataFrame({"textID": ["c", "a", "b"], "selected_text": [np.nan, "HAPPY happy  today!", "sad"]})
    # a: {happy, today!} vs {so, happy, today}: 1 / 4; b: {sad} vs {sad,}: 0; c: '' vs 2 words: 0.
    assert score_frames(competition, sub, answers) == pytest.approx((1 / 4) / 3, abs=1e-5)


def test_no_words_on_both_sides_makes_the_submission_invalid(competition):
    # The answers as MLE-bench reads them: an empty answer and one spelled 'null' both become NaN -> ''.
    answers = read_csv(io.StringIO("textID,text,selected_text,sentiment\na,x y,x y,neutral\nb,z,,neutral\n"
                                   "c,null,null,neutral\n"))
    blank = answers[["textID"]].assign(selected_text="")
    with pytest.raises(InvalidSubmissionError, match="no words"):
        score_frames(competition, blank, answers)  # the sample submission's shape
    answered = blank.assign(selected_text=["x", "z", "NA"])  # 'NA' in a CSV is read as empty too
    answered_csv = read_csv(io.StringIO(answered.to_csv(index=False)))
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, answered_csv, answers)
    ok = blank.assign(selected_text=["x", "z", "null word"])
    assert score_frames(competition, ok, answers) == pytest.approx((0.5 + 0 + 0) / 3, abs=1e-5)


def test_split_and_blank_sample(competition, prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    pd.testing.assert_frame_equal(answers, raw.iloc[perm[:n_test]].reset_index(drop=True))
    pd.testing.assert_frame_equal(read_csv(prepared / "public" / "train.csv"),
                                  raw.iloc[perm[n_test:]].reset_index(drop=True))
    pd.testing.assert_frame_equal(read_csv(prepared / "public" / "test.csv"),
                                  answers.drop(columns=["selected_text"]))
    lines = (prepared / "public" / "sample_submission.csv").read_text().splitlines()
    assert lines == ["textID,selected_text", *(f"{i}," for i in answers["textID"])]
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert score_frames(competition, sample, answers) == 0.0
    assert raw["text"].isna().sum() == 1 and not answers["text"].isna().any()
