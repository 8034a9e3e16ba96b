"""detecting-insults-in-social-commentary: AUC by hand, the no-split preparation, MLE-bench's quirks."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "detecting-insults-in-social-commentary"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("insults")
    raw, public, private = root / "raw", root / "public", root / "private"
    module.make_raw(raw, np.random.default_rng(3))
    public.mkdir()
    private.mkdir()
    competition.prepare_fn(raw, public, private)
    return root


def answers_frame(labels, comments=None) -> pd.DataFrame:
    comments = comments or [f'"c{n}"' for n in range(len(labels))]
    return pd.DataFrame({"Insult": labels, "Date": "", "Comment": comments, "Usage": "PublicTest"})


def test_auc_matches_hand_computation(competition):
    answers = answers_frame([0, 0, 1, 1])
    # positives 0.35, 0.8 against negatives 0.1, 0.4: 3 of 4 pairs ordered right.
    sub = answers[["Comment"]].assign(Insult=[0.1, 0.4, 0.35, 0.8])
    assert score_frames(competition, sub, answers) == pytest.approx(0.75)
    # one tied pair counts one half: (1 + 1 + 1 + 0.5) / 4.
    tied = answers[["Comment"]].assign(Insult=[0.5, 0.2, 0.5, 0.9])
    assert score_frames(competition, tied, answers) == pytest.approx(0.875)


def test_rows_are_matched_by_comment_text(competition):
    answers = answers_frame([0, 1, 0, 1])
    sub = answers[["Comment"]].assign(Insult=[0.0, 1.0, 0.0, 1.0]).iloc[[3, 0, 2, 1]]
    assert score_frames(competition, sub, answers) == pytest.approx(1.0)


def test_sample_submission_scores_one_half(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission_null.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert score_frames(competition, sample, answers) == pytest.approx(0.5)


def test_train_and_answers_are_byte_copies(prepared):
    assert (prepared / "public" / "train.csv").read_bytes() == (prepared / "raw" / "train.csv").read_bytes()
    raw_test = (prepared / "raw" / "test_with_solutions.csv").read_bytes()
    assert (prepared / "private" / "test.csv").read_bytes() == raw_test


def test_prepared_columns_and_rows(prepared):
    raw = read_csv(prepared / "raw" / "test_with_solutions.csv")
    gold = read_csv(prepared / "private" / "gold_submission.csv")
    test = read_csv(prepared / "public" / "test.csv")
    sample = read_csv(prepared / "public" / "sample_submission_null.csv")
    assert list(gold.columns) == ["Insult", "Date", "Comment"]
    assert list(test.columns) == ["Date", "Comment"]
    assert list(sample.columns) == ["Insult", "Date", "Comment"]
    assert gold["Comment"].tolist() == raw["Comment"].tolist() == test["Comment"].tolist()
    assert gold["Insult"].tolist() == raw["Insult"].tolist()
    # the sample's zeros are written as integers, as MLE-bench writes them
    lines = (prepared / "public" / "sample_submission_null.csv").read_text().splitlines()[1:]
    assert all(line.startswith("0,") for line in lines)


def test_comments_with_quotes_and_escapes_survive_the_round_trip(competition, prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    test = read_csv(prepared / "public" / "test.csv")
    assert any('"quoted"' in c for c in test["Comment"]) and any("\\xa0" in c for c in test["Comment"])
    sub = test[["Comment"]].assign(Insult=answers["Insult"].astype(float).to_numpy())
    assert score_frames(competition, sub, answers) == pytest.approx(1.0)


def test_date_and_extra_columns_are_ignored(competition):
    answers = answers_frame([0, 1, 1, 0])
    sub = answers[["Comment"]].assign(Insult=[0.2, 0.7, 0.9, 0.1], Date="junk", extra=3)
    assert score_frames(competition, sub, answers) == pytest.approx(1.0)


def test_duplicated_comment_in_answers_is_accepted(competition):
    # Known issue: the answers may hold one text twice with different labels; MLE-bench pairs the two
    # rows by its sort order and does not complain.
    answers = answers_frame([1, 0, 0, 1], comments=['"same"', '"same"', '"a"', '"b"'])
    sub = answers[["Comment"]].assign(Insult=[0.9, 0.1, 0.2, 0.8])
    # in the order given the pairing is perfect (1.0); with the two "same" rows swapped it is 0.25
    assert score_frames(competition, sub, answers) in (pytest.approx(1.0), pytest.approx(0.25))


def test_duplicated_comment_in_submission_is_invalid(competition):
    answers = answers_frame([0, 1, 0])
    sub = answers[["Comment"]].assign(Insult=[0.1, 0.9, 0.2])
    sub.loc[2, "Comment"] = sub.loc[0, "Comment"]
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_nan_prediction_is_invalid_with_a_reason(competition):
    answers = answers_frame([0, 1, 0])
    sub = answers[["Comment"]].assign(Insult=[0.1, np.nan, 0.2])
    with pytest.raises(InvalidSubmissionError, match="NaN"):
        score_frames(competition, sub, answers)
