"""paddy-disease-classification: accuracy against hand values, empty labels wrong not invalid, the 75% split."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "paddy-disease-classification"
ROWS = 30


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("paddy")
    module.make_raw(root / "raw", np.random.default_rng(8), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"image_id": ["100001.jpg", "100002.jpg", "100003.jpg", "100004.jpg"],
                         "label": ["blast", "normal", "hispa", "blast"],
                         "variety": ["ADT45", "ADT45", "IR20", "Ponni"], "age": [45, 50, 60, 70]})


def test_accuracy_matches_hand_value(competition):
    answers = small_answers()
    sub = pd.DataFrame({"image_id": ["100004.jpg", "100003.jpg", "100002.jpg", "100001.jpg"],
                        "label": ["blast", "Hispa", "normal", "tungro"]})
    # By id: 100001 wrong, 100002 right, 100003 wrong ('Hispa' is not 'hispa'), 100004 right -> 2 of 4.
    assert score_frames(competition, sub, answers) == pytest.approx(0.5)
    assert score_frames(competition, sub.assign(variety="x"), answers) == pytest.approx(0.5)


def test_empty_labels_count_as_wrong_not_invalid(competition):
    # Parity: MLE-bench fills empty predictions with '' before scoring.
    answers = small_answers()
    sub = answers[["image_id", "label"]].assign(label=["blast", np.nan, np.nan, "blast"])
    assert score_frames(competition, sub, answers) == pytest.approx(0.5)
    assert score_frames(competition, answers[["image_id"]].assign(label=np.nan), answers) == 0.0


@pytest.mark.parametrize("values", [[1, 2, 3, 4], [1.0, np.nan, 3.0, 1.0], ["blast", 2, "hispa", "blast"]],
                         ids=["integers", "floats-and-empty", "mixed"])
def test_numbers_among_labels_are_invalid(competition, values):
    answers = small_answers()
    sub = pd.DataFrame({"image_id": answers["image_id"], "label": pd.Series(values, dtype=object)})
    with pytest.raises(InvalidSubmissionError, match="label"):
        score_frames(competition, sub, answers)


def test_split_sizes_order_and_columns(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_train = math.floor(0.75 * ROWS)  # 22.5 -> 22: train_size given, the test set takes the rest
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert list(answers.columns) == list(train.columns) == ["image_id", "label", "variety", "age"]
    assert answers["image_id"].tolist() == raw.loc[perm[:ROWS - n_train], "image_id"].tolist()
    assert train["image_id"].tolist() == raw.loc[perm[ROWS - n_train:], "image_id"].tolist()
    assert list(sample.columns) == ["image_id", "label"]
    assert sample["image_id"].tolist() == answers["image_id"].tolist() and sample["label"].isna().all()
    assert all(line.endswith(".jpg,") for line in (prepared / "public" / "sample_submission.csv").read_text()
               .splitlines()[1:])


def test_images_placed_by_side(prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    public = prepared / "public"
    assert sorted(p.name for p in (public / "test_images").iterdir()) == sorted(answers["image_id"])
    for image_id, label in zip(train["image_id"], train["label"], strict=True):
        placed = public / "train_images" / label / image_id
        assert placed.read_bytes() == (prepared / "raw" / "train_images" / label / image_id).read_bytes()
    assert sum(1 for p in (public / "train_images").rglob("*") if p.is_file()) == len(train)
    assert sorted(p.name for p in public.iterdir()) == ["sample_submission.csv", "test_images", "train.csv",
                                                        "train_images"]


def test_raw_sample_with_other_columns_is_refused(competition, tmp_path):
    (tmp_path / "raw").mkdir()
    small_answers().to_csv(tmp_path / "raw" / "train.csv", index=False)
    pd.DataFrame({"id": ["a.jpg"], "label": [""]}).to_csv(tmp_path / "raw" / "sample_submission.csv", index=False)
    with pytest.raises(ValueError, match="sample_submission"):
        competition.prepare_fn(tmp_path / "raw", tmp_path, tmp_path)
