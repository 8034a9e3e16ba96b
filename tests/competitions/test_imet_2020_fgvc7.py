"""imet-2020-fgvc7: micro F1 (not Kaggle's F2) against hand values and scikit-learn, the 15% split, the images."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score, fbeta_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "imet-2020-fgvc7"
ROWS = 40


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("imet")
    module.make_raw(root / "raw", np.random.default_rng(5), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"id": ["a", "b", "c"], "attribute_ids": ["1 2", "3", "2 5 7"]})


def test_micro_f1_matches_hand_value_and_sklearn(competition):
    answers = small_answers()
    # a: {1, 9} -> tp 1 (1), fn 1 (2); 9 is in no answer: dropped, not a false positive.
    # b: {3, 5} -> tp 1, fp 1 (5).  c: {} -> fn 3.  tp 2, fp 1, fn 4: F1 = 4 / (4 + 1 + 4) = 4/9.
    sub = answers.assign(attribute_ids=["1 9", "3 5", np.nan])
    assert score_frames(competition, sub, answers) == pytest.approx(4 / 9, abs=1e-5)
    vocabulary = ["1", "2", "3", "5", "7"]
    y_true = [[label in row for label in vocabulary] for row in ({"1", "2"}, {"3"}, {"2", "5", "7"})]
    y_pred = [[label in row for label in vocabulary] for row in ({"1"}, {"3", "5"}, set())]
    assert f1_score(y_true, y_pred, average="micro") == pytest.approx(4 / 9)
    assert score_frames(competition, sub.iloc[[2, 0, 1]], answers) == pytest.approx(4 / 9, abs=1e-5)


def test_f1_not_kaggles_f2(competition):
    """MLE-bench grades F1 where Kaggle scored F2; this fails if the grader is 'fixed' to F2."""
    answers = small_answers()
    sub = answers.assign(attribute_ids=["1", "3", "2"])  # tp 3, fp 0, fn 3
    y_true = [[1, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 1, 0, 1, 1]]
    y_pred = [[1, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 1, 0, 0, 0]]
    f2 = fbeta_score(y_true, y_pred, beta=2, average="micro")
    assert score_frames(competition, sub, answers) == pytest.approx(6 / 9, abs=1e-5)
    assert f2 == pytest.approx(15 / 27)
    assert score_frames(competition, sub, answers) != pytest.approx(f2, abs=1e-3)


def test_empty_cells_score_as_no_labels_and_extra_columns_are_ignored(competition):
    answers = small_answers()
    sub = answers.assign(attribute_ids=[np.nan, np.nan, np.nan], note="x")
    assert score_frames(competition, sub, answers) == 0.0


@pytest.mark.parametrize("value", [7, 7.5])
def test_a_numeric_attribute_column_is_invalid(competition, value):
    answers = small_answers()
    with pytest.raises(InvalidSubmissionError, match="as text"):
        score_frames(competition, answers.assign(attribute_ids=value), answers)


def test_split_sizes_order_and_columns(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.15 * ROWS)  # 6
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "answers.csv")
    train = read_csv(prepared / "public" / "train.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert list(answers.columns) == list(train.columns) == list(sample.columns) == ["id", "attribute_ids"]
    assert answers["id"].tolist() == raw.loc[perm[:n_test], "id"].tolist()
    assert answers["attribute_ids"].tolist() == raw.loc[perm[:n_test], "attribute_ids"].tolist()
    assert train["id"].tolist() == raw.loc[perm[n_test:], "id"].tolist()
    assert sample["id"].tolist() == answers["id"].tolist()
    assert set(sample["attribute_ids"]) == {"0 1 2"}
    assert (prepared / "public" / "labels.csv").read_bytes() == (prepared / "raw" / "labels.csv").read_bytes()


def test_images_are_placed_by_split(prepared):
    answers = read_csv(prepared / "private" / "answers.csv")
    train = read_csv(prepared / "public" / "train.csv")
    for side, frame in (("train", train), ("test", answers)):
        names = sorted(p.name for p in (prepared / "public" / side).iterdir())
        assert names == sorted(f"{i}.png" for i in frame["id"])
        for name in names:
            assert (prepared / "public" / side / name).read_bytes() == (prepared / "raw" / "train" / name).read_bytes()
