"""plant-pathology-2021-fgvc8: micro F1 by hand and with scikit-learn, unknown labels ignored, the 20% split."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "plant-pathology-2021-fgvc8"
ROWS = 45


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("plant2021")
    module.make_raw(root / "raw", np.random.default_rng(7), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"image": ["a.jpg", "b.jpg", "c.jpg"], "labels": ["scab", "healthy", "scab rust"]})


def test_micro_f1_by_hand_and_sklearn(competition):
    answers = small_answers()
    sub = pd.DataFrame({"image": ["c.jpg", "a.jpg", "b.jpg"], "labels": ["rust rust", "scab rust", "healthy"]})
    # classes healthy, rust, scab: TP a-scab, b-healthy, c-rust = 3; FP a-rust = 1; FN c-scab = 1
    # -> 2*3 / (2*3 + 1 + 1) = 0.75
    y_true = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 1]])
    y_pred = np.array([[0, 1, 1], [1, 0, 0], [0, 1, 0]])
    assert f1_score(y_true, y_pred, average="micro") == pytest.approx(0.75)
    assert score_frames(competition, sub, answers) == pytest.approx(0.75)


def test_unknown_labels_are_ignored_not_false_positives(competition):
    answers = small_answers()
    perfect = answers.copy()
    noisy = answers.assign(labels=["scab powdery_mildew", "healthy not-a-class", "scab rust complex"])
    # powdery_mildew and complex are Kaggle classes, but absent from these answers: no false positives.
    assert score_frames(competition, noisy, answers) == score_frames(competition, perfect, answers) == 1.0


def test_empty_labels_are_valid_and_count_as_no_label(competition):
    answers = small_answers()
    sub = answers.assign(labels=["scab", np.nan, ""])
    # TP a-scab = 1; FN b-healthy, c-scab, c-rust = 3 -> 2 / (2 + 3)
    assert score_frames(competition, sub, answers) == pytest.approx(2 / 5)
    nothing = answers.assign(labels=np.nan)
    assert score_frames(competition, nothing, answers) == 0.0


@pytest.mark.parametrize("labels", [[1, 2, 3], [True, False, True], ["scab", 2.0, np.nan]])
def test_labels_that_are_not_text_are_invalid(competition, labels):
    with pytest.raises(InvalidSubmissionError, match="must hold text"):
        score_frames(competition, small_answers().assign(labels=pd.Series(labels, dtype=object)), small_answers())


def test_extra_columns_are_ignored(competition):
    answers = small_answers()
    assert score_frames(competition, answers.assign(score=0.3), answers) == 1.0


def test_split_sizes_order_and_columns(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    n_test = math.ceil(0.2 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "answers.csv")
    train = read_csv(prepared / "public" / "train.csv")
    pd.testing.assert_frame_equal(answers, raw.loc[perm[:n_test]].reset_index(drop=True))
    pd.testing.assert_frame_equal(train, raw.loc[perm[n_test:]].reset_index(drop=True))


def test_sample_submission_says_healthy_for_every_test_image(prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "answers.csv")
    assert list(sample.columns) == ["image", "labels"]
    assert sample["image"].tolist() == answers["image"].tolist()
    assert set(sample["labels"]) == {"healthy"}


def test_images_placed_by_side(prepared):
    for folder, csv in (("train_images", "public/train.csv"), ("test_images", "private/answers.csv")):
        names = read_csv(prepared / csv)["image"]
        assert sorted(p.name for p in (prepared / "public" / folder).iterdir()) == sorted(names)
        for name in names:
            assert (prepared / "public" / folder / name).read_bytes() == (
                prepared / "raw" / "train_images" / name
            ).read_bytes()
    public = sorted(p.name for p in (prepared / "public").iterdir())
    assert public == ["sample_submission.csv", "test_images", "train.csv", "train_images"]
