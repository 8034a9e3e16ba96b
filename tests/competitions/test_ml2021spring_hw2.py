"""ml2021spring-hw2: accuracy against hand values, the split at Kaggle's test share, the public arrays."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "ml2021spring-hw2"
ROWS, TEST_ROWS = 50, 20
FOLDER = Path("timit_11") / "timit_11"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("hw2")
    module.make_raw(root / "raw", np.random.default_rng(6), rows=ROWS, test_rows=TEST_ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"Id": [0, 1, 2, 3, 4], "ClassId": [36, 5, 5, 0, 12]})


def test_accuracy_matches_hand_value(competition):
    answers = small_answers()
    sub = pd.DataFrame({"Id": [4, 3, 2, 1, 0], "ClassId": [12, 1, 5, 5, 7]})
    # By id: 0 wrong (7 vs 36), 1 right, 2 right, 3 wrong, 4 right -> 3 of 5.
    assert score_frames(competition, sub, answers) == pytest.approx(0.6)
    assert score_frames(competition, sub.assign(extra=1), answers) == pytest.approx(0.6)


def test_whole_floats_and_unknown_classes_are_scored(competition):
    # Parity: scikit-learn compares 36.0 == 36; a class outside 0..38 is merely wrong.
    answers = small_answers()
    assert score_frames(competition, answers.astype({"ClassId": float}), answers) == 1.0
    assert score_frames(competition, answers.assign(ClassId=[36, 5, 5, 0, 99]), answers) == pytest.approx(0.8)


@pytest.mark.parametrize("values", [[36, 5, np.nan, 0, 12], ["aa", "b", "c", "d", "e"], [36, 5, 5.5, 0, 12],
                                    [36, "aa", 5, 0, 12]],
                         ids=["missing", "text", "fraction", "mixed"])
def test_labels_scikit_learn_refuses_are_invalid(competition, values):
    answers = small_answers()
    sub = pd.DataFrame({"Id": answers["Id"], "ClassId": pd.Series(values, dtype=object)})
    if all(isinstance(v, (int, float)) for v in values):
        sub = sub.astype({"ClassId": float})
    with pytest.raises(InvalidSubmissionError, match="ClassId"):
        score_frames(competition, sub, answers)


def test_split_at_kaggles_test_share(prepared):
    train = np.load(prepared / "raw" / FOLDER / "train_11.npy")
    labels = np.load(prepared / "raw" / FOLDER / "train_label_11.npy")
    n_test = math.ceil(TEST_ROWS / (ROWS + TEST_ROWS) * ROWS)  # 20/70 * 50 = 14.29 -> 15
    perm = np.random.RandomState(0).permutation(ROWS)
    public = prepared / "public" / FOLDER
    assert np.array_equal(np.load(public / "test_11.npy"), train[perm[:n_test]])
    assert np.array_equal(np.load(public / "train_11.npy"), train[perm[n_test:]])
    assert np.array_equal(np.load(public / "train_label_11.npy"), labels[perm[n_test:]])
    assert np.load(public / "train_label_11.npy").dtype == labels.dtype
    answers = read_csv(prepared / "private" / "answers.csv")
    assert list(answers.columns) == ["Id", "ClassId"]
    assert answers["Id"].tolist() == list(range(n_test))
    assert answers["ClassId"].tolist() == labels[perm[:n_test]].astype(int).tolist()
    sample = read_csv(prepared / "public" / "sampleSubmission.csv")
    assert sample["Id"].tolist() == list(range(n_test)) and (sample["ClassId"] == 0).all()
    assert sorted(p.name for p in (prepared / "public").iterdir()) == ["sampleSubmission.csv", "timit_11"]
