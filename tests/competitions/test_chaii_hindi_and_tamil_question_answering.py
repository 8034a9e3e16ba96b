"""chaii: word-set Jaccard against hand values and scikit-learn, the 10% split, MLE-bench's quirks."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import jaccard_score
from sklearn.preprocessing import MultiLabelBinarizer
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "chaii-hindi-and-tamil-question-answering"
ROWS = 50


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("chaii")
    module.make_raw(root / "raw", np.random.default_rng(4), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers() -> pd.DataFrame:
    return pd.DataFrame({"id": ["a", "b", "c"], "PredictionString": ["नई दिल्ली", "the Big cat", "x y"]})


def test_word_set_jaccard_matches_hand_value_and_sklearn(competition):
    sub = pd.DataFrame({"id": ["c", "a", "b"], "PredictionString": ["z", "नई दिल्ली है", "big BIG cat cat"]})
    # a: 2 of 3 words; b: {big, cat} of {the, big, cat} = 2/3; c: 0 of 3. Mean (2/3 + 2/3 + 0) / 3 = 4/9.
    truth = [set(s.lower().split()) for s in answers()["PredictionString"]]
    pred = [set(s.lower().split()) for s in ["नई दिल्ली है", "big BIG cat cat", "z"]]
    binarizer = MultiLabelBinarizer().fit(truth + pred)
    expected = jaccard_score(binarizer.transform(truth), binarizer.transform(pred), average="samples")
    assert expected == pytest.approx(4 / 9)
    assert score_frames(competition, sub, answers()) == pytest.approx(round(4 / 9, 5))


def test_missing_prediction_counts_as_no_words(competition):
    sub = answers().assign(PredictionString=[np.nan, "the big cat", "x y"])
    assert score_frames(competition, sub, answers()) == pytest.approx(round(2 / 3, 5))
    all_missing = answers().assign(PredictionString=np.nan)
    assert score_frames(competition, all_missing, answers()) == 0.0


def test_both_sides_empty_scores_zero(competition):
    truth = pd.DataFrame({"id": ["a", "b"], "PredictionString": [np.nan, "x y"]})
    sub = pd.DataFrame({"id": ["a", "b"], "PredictionString": [np.nan, "x y"]})
    assert score_frames(competition, sub, truth) == 0.5


def test_numbers_are_invalid(competition):
    with pytest.raises(InvalidSubmissionError, match="must hold text"):
        score_frames(competition, answers().assign(PredictionString=[1.0, 2.0, 3.0]), answers())


def test_split_sizes_order_and_columns(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    train = read_csv(prepared / "public" / "train.csv")
    test = read_csv(prepared / "public" / "test.csv")
    truth = read_csv(prepared / "private" / "test.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert list(train.columns) == list(raw.columns)
    assert list(test.columns) == ["id", "context", "question", "language"]
    assert list(truth.columns) == ["id", "PredictionString"]
    assert test["id"].tolist() == raw.loc[perm[:n_test], "id"].tolist()
    assert train["id"].tolist() == raw.loc[perm[n_test:], "id"].tolist()
    assert truth["PredictionString"].tolist() == raw.loc[perm[:n_test], "answer_text"].tolist()
    assert test["context"].tolist() == raw.loc[perm[:n_test], "context"].tolist()
    assert sample["id"].tolist() == truth["id"].tolist()
    assert set(sample["PredictionString"]) == {"dummy text"}
