"""facebook-recruiting-iii: micro F1 against hand values and scikit-learn, the 10% split, MLE-bench's quirks."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score
from sklearn.preprocessing import MultiLabelBinarizer
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "facebook-recruiting-iii-keyword-extraction"
ROWS = 50


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("fb3")
    module.make_raw(root / "raw", np.random.default_rng(8), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers() -> pd.DataFrame:
    return pd.DataFrame({"Id": [7, 8, 9], "Title": "t", "Body": "b", "Tags": ["c# .net", "python", "java sql"]})


def test_micro_f1_matches_hand_value_and_sklearn(competition):
    sub = pd.DataFrame({"Id": [9, 7, 8], "Tags": ["java python", "c#", "python"]})
    # TP: c#, python, java = 3; FP: python on question 9 = 1; FN: .net, sql = 2. F1 = 6 / (6 + 1 + 2) = 2/3.
    binarizer = MultiLabelBinarizer().fit([["c#", ".net"], ["python"], ["java", "sql"]])
    expected = f1_score(binarizer.transform([["c#", ".net"], ["python"], ["java", "sql"]]),
                        binarizer.transform([["c#"], ["python"], ["java", "python"]]), average="micro")
    assert expected == pytest.approx(2 / 3)
    assert score_frames(competition, sub, answers()) == pytest.approx(round(2 / 3, 5))


def test_tags_outside_the_answers_are_ignored(competition):
    """MLE-bench's binarizer is fitted on the answers: an unknown predicted tag is no false positive."""
    sub = pd.DataFrame({"Id": [7, 8, 9], "Tags": ["c# .net haskell rust", "python go", "java sql cobol"]})
    assert score_frames(competition, sub, answers()) == 1.0


def test_missing_tags_mean_no_tags(competition):
    sub = pd.DataFrame({"Id": [7, 8, 9], "Tags": [np.nan, "python", "java sql"]})
    # TP 3, FN 2 (c#, .net): 6 / (6 + 2) = 0.75.
    assert score_frames(competition, sub, answers()) == pytest.approx(0.75)


def test_numbers_for_tags_are_invalid(competition):
    with pytest.raises(InvalidSubmissionError, match="'Tags' must hold text"):
        score_frames(competition, pd.DataFrame({"Id": [7, 8, 9], "Tags": [1.0, 2.0, 3.0]}), answers())


def test_split_sizes_order_and_columns(prepared):
    raw = read_csv(prepared / "raw" / "Train.csv", dtype={"Id": str, "Tags": str})
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    truth = read_csv(prepared / "private" / "test.csv", dtype={"Id": str})
    train = read_csv(prepared / "public" / "train.csv", dtype={"Id": str})
    test = read_csv(prepared / "public" / "test.csv", dtype={"Id": str})
    sample = read_csv(prepared / "public" / "sample_submission.csv", dtype={"Id": str})
    assert truth["Id"].tolist() == raw.loc[perm[:n_test], "Id"].tolist()
    assert train["Id"].tolist() == raw.loc[perm[n_test:], "Id"].tolist()
    assert list(truth.columns) == list(train.columns) == ["Id", "Title", "Body", "Tags"]
    assert list(test.columns) == ["Id", "Title", "Body"]
    assert list(sample.columns) == ["Id", "Title", "Body", "Tags"]
    assert set(sample["Tags"]) == {"javascript c# python php java"}
    assert truth["Body"].tolist() == raw.loc[perm[:n_test], "Body"].tolist()


def test_na_like_titles_are_written_empty(prepared):
    raw_text = (prepared / "raw" / "Train.csv").read_text()
    assert ",NA," in raw_text
    train_text = (prepared / "public" / "train.csv").read_text()
    assert ",NA," not in train_text and ",," in train_text
