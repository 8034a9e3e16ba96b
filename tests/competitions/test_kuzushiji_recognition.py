"""kuzushiji-recognition: point-in-box F1 by hand, the 10% split, a test page without characters (MLE-bench crashes
there; we do not), the gold submission."""

import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "kuzushiji-recognition"
ROWS = 30


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("kuzushiji")
    module.make_raw(root / "raw", np.random.default_rng(4), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({
        "image_id": ["p1", "p2", "p3"],
        "labels": ["U+306F 10 10 20 20 U+304C 100 100 10 10", "U+3044 0 0 50 50", np.nan],
    })


def test_f1_matches_hand_count(competition):
    answers = small_answers()
    sub = answers.assign(labels=[
        # p1: (15, 15) inside the U+306F box: tp; (100, 105) on the U+304C box's left edge: no match.
        "U+306F 15 15 U+304C 100 105",
        # p2: the first point has the wrong label; the second matches; a third, same place: unused.
        "U+306F 5 5 U+3044 5 5 U+3044 6 6",
        # p3 has no characters: one false positive.
        "U+3057 1 1",
    ])
    # tp 2, fp 1 + 1 + 1 + 1 = 4 (p1's edge point, p2's wrong label and spare point, p3), fn 1 (U+304C).
    precision, recall = 2 / 6, 2 / 3
    assert score_frames(competition, sub, answers) == pytest.approx(
        2 * precision * recall / (precision + recall), abs=1e-5)
    assert score_frames(competition, sub.iloc[[2, 0, 1]], answers) == pytest.approx(0.44444, abs=1e-5)


def test_empty_predictions_and_empty_pages(competition):
    answers = small_answers()
    assert score_frames(competition, answers.assign(labels=np.nan), answers) == 0.0
    sub = answers.assign(labels=["U+306F 11 11 U+304C 101 101", "U+3044 1 1", np.nan])
    assert score_frames(competition, sub, answers) == 1.0


@pytest.mark.parametrize("labels", [" U+306F 15 15", "U+306F 15 15 ", "U+306F  15 15", "U+306F 15"])
def test_single_space_splitting_refuses_stray_spaces(competition, labels):
    answers = small_answers()
    sub = answers.assign(labels=[labels, "U+3044 1 1", np.nan])
    with pytest.raises(InvalidSubmissionError, match="single spaces"):
        score_frames(competition, sub, answers)


def test_float_accepts_nan_and_exponents(competition):
    answers = small_answers()
    sub = answers.assign(labels=["U+306F nan inf U+304C 1.05e2 1.05e2", "U+3044 1 1", np.nan])
    # U+306F's point never matches; U+304C at (105, 105) does: tp 2, fp 1, fn 1 -> F1 = 2/3.
    assert score_frames(competition, sub, answers) == pytest.approx(2 / 3, abs=1e-5)


def test_split_and_the_empty_test_page(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    perm = np.random.RandomState(0).permutation(ROWS)
    n_test = math.ceil(0.1 * ROWS)
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    assert list(answers.columns) == list(train.columns) == ["image_id", "labels"]
    assert answers["image_id"].tolist() == raw.loc[perm[:n_test], "image_id"].tolist()
    assert train["image_id"].tolist() == raw.loc[perm[n_test:], "image_id"].tolist()
    # The first test page has no characters: MLE-bench's preparer would crash here; ours keeps it empty.
    assert pd.isna(answers.loc[0, "labels"])
    gold = read_csv(prepared / "private" / "gold_submission.csv")
    assert gold["image_id"].tolist() == answers["image_id"].tolist()
    assert pd.isna(gold.loc[0, "labels"])
    truth = answers.loc[1, "labels"].split()
    expected = " ".join(f"{truth[i]} {int(truth[i + 1]) + 1} {int(truth[i + 2]) + 1}" for i in range(0, len(truth), 5))
    assert gold.loc[1, "labels"] == expected


def test_gold_scores_one_and_sample_zero(competition, prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    gold = read_csv(prepared / "private" / "gold_submission.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert score_frames(competition, gold, answers) == 1.0
    assert score_frames(competition, sample, answers) == 0.0
    assert set(sample["labels"]) == {"U+003F 1 1 U+FF2F 2 2"}


def test_images_are_zipped_flat_by_split(prepared):
    public = prepared / "public"
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(public / "train.csv")
    for side, frame in (("train", train), ("test", answers)):
        with zipfile.ZipFile(public / f"{side}_images.zip") as archive:
            assert archive.namelist() == sorted(f"{i}.jpg" for i in frame["image_id"])
    assert sorted(p.name for p in public.iterdir()) == [
        "sample_submission.csv", "test_images.zip", "train.csv", "train_images.zip", "unicode_translation.csv"]
