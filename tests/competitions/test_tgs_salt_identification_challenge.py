"""tgs-salt-identification-challenge: the IoU-threshold score by hand, MLE-bench's quirks (empty prediction,
runs past the end, odd token counts), the 25% split sorted by id, depths of train images only."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "tgs-salt-identification-challenge"
ROWS = 30
SIDE = 101


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("tgs")
    module.make_raw(root / "raw", np.random.default_rng(17), rows=ROWS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def columns_rle(first_column: int, columns: int) -> str:
    """Whole columns of the 101x101 image, as one run (pixels are numbered down the columns)."""
    return f"{first_column * SIDE + 1} {columns * SIDE}"


def grade(competition, truths: list[str], preds: list[str]) -> float:
    ids = [f"img{k}" for k in range(len(truths))]
    answers = pd.DataFrame({"id": ids, "rle_mask": truths})
    return score_frames(competition, pd.DataFrame({"id": ids, "rle_mask": preds}), answers)


def test_score_by_hand(competition):
    # image 0: truth columns 0-49 (50 columns), prediction columns 0-39: IoU 40/50 = 0.8 exceeds 0.5..0.75 -> 0.6
    # image 1: truth columns 10-19, prediction 10-29: IoU 10/20 = 0.5, not strictly above 0.5 -> 0.0
    # image 2: no salt, nothing predicted -> 1.0; image 3: no salt, something predicted -> 0.0
    truths = [columns_rle(0, 50), columns_rle(10, 10), "", ""]
    preds = [columns_rle(0, 40), columns_rle(10, 20), "", "5 3"]
    t0 = np.zeros((SIDE, SIDE), bool)
    t0[:, :50] = True
    p0 = np.zeros((SIDE, SIDE), bool)
    p0[:, :40] = True
    iou = (t0 & p0).sum() / (t0 | p0).sum()
    assert iou == pytest.approx(0.8)
    assert sum(iou > t for t in np.arange(0.5, 1.0, 0.05)) == 6
    assert grade(competition, truths, preds) == pytest.approx((0.6 + 0.0 + 1.0 + 0.0) / 4)


def test_empty_prediction_on_salt_counts_as_a_full_image_prediction(competition):
    # Truth: 60 of 101 columns. An empty prediction is scored like the full image: IoU 60/101 = 0.594 exceeds
    # 0.5 and 0.55 -> 0.2 (a faithful IoU would give 0).
    assert grade(competition, [columns_rle(0, 60)], [""]) == pytest.approx(0.2)
    assert grade(competition, [columns_rle(0, 60)], [np.nan]) == pytest.approx(0.2)
    # 97 of 101 columns: IoU 0.96 passes every threshold.
    assert grade(competition, [columns_rle(0, 97)], [""]) == pytest.approx(1.0)


def test_a_run_past_the_end_is_valid_and_truncated(competition):
    # The last 5 columns from pixel 96*101+1 on, with a length reaching far past pixel 10201.
    truth = columns_rle(96, 5)
    assert grade(competition, [truth], [f"{96 * SIDE + 1} 100000"]) == pytest.approx(1.0)
    assert grade(competition, [truth], [f"{96 * SIDE + 1} 100000 20000 5"]) == pytest.approx(1.0)


def test_odd_token_counts_as_numpy_broadcasts_them(competition):
    # One token: a start without a run, an empty mask (right for an image without salt).
    assert grade(competition, ["", ""], ["5", "5 6 9000"]) == pytest.approx(0.5)
    # Three tokens: "1 101 102" = columns 0 and 1, the one length used for both starts.
    assert grade(competition, [columns_rle(0, 2)], [f"1 {SIDE} {SIDE + 1}"]) == pytest.approx(1.0)
    with pytest.raises(InvalidSubmissionError, match="start/length pairs"):
        grade(competition, [columns_rle(0, 2)], ["1 1 5 1 9"])


def test_extra_columns_are_invalid(competition):
    answers = pd.DataFrame({"id": ["a"], "rle_mask": ["1 1"]})
    with pytest.raises(InvalidSubmissionError, match="unexpected column"):
        score_frames(competition, answers.assign(confidence=1.0), answers)


def test_split_sorted_by_id(prepared):
    raw = read_csv(prepared / "raw" / "competition_data" / "train.csv").fillna("")
    n_test = math.ceil(0.25 * ROWS)
    perm = np.random.RandomState(0).permutation(ROWS)
    answers = read_csv(prepared / "private" / "test.csv").fillna("")
    train = read_csv(prepared / "public" / "train.csv").fillna("")
    expected_test = raw.loc[perm[:n_test]].sort_values("id").reset_index(drop=True)
    expected_train = raw.loc[perm[n_test:]].sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(answers, expected_test)
    pd.testing.assert_frame_equal(train, expected_train)
    empty_rows = [line for line in (prepared / "public" / "train.csv").read_text().splitlines() if line.endswith(",")]
    assert len(empty_rows) == (train["rle_mask"] == "").sum() > 0
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample["id"].tolist() == answers["id"].tolist() and set(sample["rle_mask"]) == {"1 1"}


def test_depths_of_new_train_images_only(prepared):
    depths = read_csv(prepared / "public" / "depths.csv")
    raw = read_csv(prepared / "raw" / "depths.csv")
    train = read_csv(prepared / "public" / "train.csv")
    assert depths["id"].tolist() == sorted(train["id"])
    assert dict(zip(depths["id"], depths["z"], strict=True)) == {
        i: z for i, z in zip(raw["id"], raw["z"], strict=True) if i in set(train["id"])
    }


def test_images_and_masks_placed(prepared):
    data = prepared / "raw" / "competition_data" / "train"
    public = prepared / "public"
    train = read_csv(public / "train.csv")["id"]
    test = read_csv(prepared / "private" / "test.csv")["id"]
    for kind in ("images", "masks"):
        assert sorted(p.stem for p in (public / "train" / kind).iterdir()) == sorted(train)
        assert all((public / "train" / kind / f"{i}.png").read_bytes() == (data / kind / f"{i}.png").read_bytes()
                   for i in train)
    assert sorted(p.stem for p in (public / "test" / "images").iterdir()) == sorted(test)
    assert sorted(p.name for p in (public / "test").iterdir()) == ["images"]  # no test masks
    assert sorted(p.name for p in public.iterdir()) == ["depths.csv", "sample_submission.csv", "test", "train",
                                                         "train.csv"]
