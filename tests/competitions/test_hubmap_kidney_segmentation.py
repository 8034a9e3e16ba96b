"""hubmap-kidney-segmentation: mean Dice by hand, both-empty images, the 12/3 split by count (random_state 0),
the files that follow each image (the test polygons included)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "hubmap-kidney-segmentation"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("hubmap")
    module.make_raw(root / "raw", np.random.default_rng(29))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    # 3x4 images: pixels are numbered down each column of 3.
    return pd.DataFrame({"id": ["b", "a", "c"], "encoding": ["1 3", "4 2", ""],
                         "width_pixels": 4, "height_pixels": 3})


def test_mean_dice_by_hand(competition):
    answers = small_answers()
    sub = pd.DataFrame({"id": ["a", "b", "c"], "predicted": ["4 1", "1 3 7 3", ""]})
    # a: truth pixels 4-5, prediction 4: 2*1/(1+2) = 2/3; b: truth 1-3, prediction 1-3 and 7-9: 2*3/(6+3) = 2/3;
    # c: both empty: 1.
    assert score_frames(competition, sub, answers) == pytest.approx((2 / 3 + 2 / 3 + 1) / 3, abs=1e-5)
    assert score_frames(competition, sub.iloc[[2, 0, 1]].assign(note="x"), answers) == pytest.approx(
        (2 / 3 + 2 / 3 + 1) / 3, abs=1e-5
    )


def test_empty_predictions_and_odd_tokens(competition):
    answers = small_answers()
    # Nothing predicted: 0 on a and b, 1 on c (both empty).
    assert score_frames(competition, answers[["id"]].assign(predicted=np.nan), answers) == pytest.approx(1 / 3, abs=1e-5)
    # "4" alone is an empty mask; "1 3 10" runs 1-3 and 10-12 (the one length broadcast to both starts).
    sub = pd.DataFrame({"id": ["a", "b", "c"], "predicted": ["4", "1 3 10", ""]})
    assert score_frames(competition, sub, answers) == pytest.approx((0 + 2 * 3 / 9 + 1) / 3, abs=1e-5)
    with pytest.raises(InvalidSubmissionError, match="start/length pairs"):
        score_frames(competition, sub.assign(predicted=["1 1 5 1 9", "", ""]), answers)


def test_a_run_past_the_end_is_truncated(competition):
    answers = small_answers()
    sub = pd.DataFrame({"id": ["a", "b", "c"], "predicted": ["4 2", "1 3", "13 5"]})
    assert score_frames(competition, sub, answers) == pytest.approx(1.0)


def test_split_of_fifteen_images(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    assert len(raw) == 15
    perm = np.random.RandomState(0).permutation(15)
    assert perm[:3].tolist() == [1, 6, 8]  # the spec's positions for Kaggle's 15 rows
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    pd.testing.assert_frame_equal(train, raw.loc[perm[3:]].reset_index(drop=True))
    assert list(answers.columns) == ["id", "encoding", "width_pixels", "height_pixels"]
    assert answers["id"].tolist() == raw.loc[perm[:3], "id"].tolist()
    assert answers["encoding"].tolist() == raw.loc[perm[:3], "encoding"].tolist()
    info = read_csv(prepared / "raw" / "HuBMAP-20-dataset_information.csv")
    by_file = info.set_index("image_file")
    for _, row in answers.iterrows():
        assert row["width_pixels"] == by_file.loc[f"{row['id']}.tiff", "width_pixels"]
        assert row["height_pixels"] == by_file.loc[f"{row['id']}.tiff", "height_pixels"]
    public_info = read_csv(prepared / "public" / "HuBMAP-20-dataset_information.csv")
    kept = info[info["image_file"].str.removesuffix(".tiff").isin(raw["id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(public_info, kept)
    assert len(public_info) == 15


def test_sample_gold_and_files(prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    sample_text = (prepared / "public" / "sample_submission.csv").read_text()
    assert sample_text == "id,predicted\n" + "".join(f"{i},\n" for i in answers["id"])
    assert (prepared / "public" / "test" / "sample_submission.csv").read_text() == sample_text
    gold = read_csv(prepared / "private" / "gold_submission.csv")
    assert gold["id"].tolist() == answers["id"].tolist() and gold["predicted"].tolist() == answers["encoding"].tolist()
    train = read_csv(prepared / "public" / "train.csv")
    for side, ids in (("train", train["id"]), ("test", answers["id"])):
        names = {f"{i}{suffix}" for i in ids for suffix in (".tiff", ".json", "-anatomical-structure.json")}
        placed = {p.name for p in (prepared / "public" / side).iterdir()} - {"sample_submission.csv"}
        assert placed == names
        for name in names:
            assert (prepared / "public" / side / name).read_bytes() == (prepared / "raw" / "train" / name).read_bytes()
