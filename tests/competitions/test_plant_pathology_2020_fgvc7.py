"""plant-pathology-2020-fgvc7: mean column AUC against scikit-learn, the split, the renaming of images."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "plant-pathology-2020-fgvc7"
CLASSES = ["healthy", "multiple_diseases", "rust", "scab"]
ROWS = 60


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("plant")
    module.make_raw(root / "raw", np.random.default_rng(5), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({
        "image_id": ["Test_0", "Test_1", "Test_2", "Test_3"],
        "healthy": [1, 0, 0, 0],
        "multiple_diseases": [0, 1, 0, 0],
        "rust": [0, 0, 1, 0],
        "scab": [0, 0, 0, 1],
    })


def test_mean_column_auc_matches_sklearn_macro_and_hand_value(competition):
    answers = small_answers()
    scores = np.array([[0.9, 0.1, 0.3, 0.2], [0.2, 0.3, 0.1, 0.6], [0.4, 0.2, 0.7, 0.5], [0.4, 0.3, 0.6, 0.1]])
    sub = pd.DataFrame(scores, columns=CLASSES).assign(image_id=answers["image_id"])
    # healthy 1, multiple_diseases: 0.3 vs 0.1, 0.2, 0.3 -> 2.5/3, rust 1, scab: 0.1 vs 0.2, 0.6, 0.5 -> 0.
    hand = (1 + 2.5 / 3 + 1 + 0) / 4
    macro = roc_auc_score(answers[CLASSES].to_numpy(), scores, average="macro")
    assert macro == pytest.approx(hand)
    assert score_frames(competition, sub, answers) == round(hand, 5)
    assert score_frames(competition, sub.iloc[[3, 1, 0, 2]], answers) == round(hand, 5)


def test_scores_outside_unit_interval_are_accepted(competition):
    # Known issue: no range check; ranks alone count.
    answers = small_answers()
    sub = answers.astype({c: float for c in CLASSES})
    sub[CLASSES] = sub[CLASSES] * 40 - 7
    assert score_frames(competition, sub, answers) == pytest.approx(1.0)


def test_infinite_score_is_invalid(competition):
    answers = small_answers()
    sub = answers.astype({c: float for c in CLASSES}).assign(rust=[0.0, 0.0, np.inf, 0.0])
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers)


def test_sample_submission_scores_one_half(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "test.csv")
    assert score_frames(competition, sample, answers) == pytest.approx(0.5)
    assert (prepared / "public" / "sample_submission.csv").read_text().splitlines()[1].endswith(",0.25,0.25,0.25,0.25")


def test_split_order_and_new_names(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    assert list(answers.columns) == list(train.columns) == ["image_id", *CLASSES]
    assert answers["image_id"].tolist() == [f"Test_{i}" for i in range(n_test)]
    assert train["image_id"].tolist() == [f"Train_{i}" for i in range(ROWS - n_test)]
    assert answers[CLASSES].to_numpy().tolist() == raw.loc[perm[:n_test], CLASSES].to_numpy().tolist()
    assert train[CLASSES].to_numpy().tolist() == raw.loc[perm[n_test:], CLASSES].to_numpy().tolist()
    test = read_csv(prepared / "public" / "test.csv")
    assert test.columns.tolist() == ["image_id"]
    assert test["image_id"].tolist() == answers["image_id"].tolist()


def test_images_follow_their_rows_under_new_names(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.1 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    images = prepared / "public" / "images"
    assert len(list(images.iterdir())) == ROWS  # Kaggle's Test_* images are left out
    for new_position, old_row in enumerate(perm):
        new = f"Test_{new_position}" if new_position < n_test else f"Train_{new_position - n_test}"
        old = raw.loc[old_row, "image_id"]
        assert (images / f"{new}.jpg").read_bytes() == (prepared / "raw" / "images" / f"{old}.jpg").read_bytes()
    assert (images / "Test_0.jpg").read_bytes()[:2] == b"\xff\xd8"
