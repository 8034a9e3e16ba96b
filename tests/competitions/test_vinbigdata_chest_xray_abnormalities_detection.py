"""vinbigdata: COCO mAP at IoU 0.4 by hand, its xywh and annotation-id-0 quirks, the consensus answers, the split."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "vinbigdata-chest-xray-abnormalities-detection"
COLUMNS = ["image_id", "class_id", "class_name", "rad_id", "x_min", "y_min", "x_max", "y_max"]


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


def answers_of(*rows) -> pd.DataFrame:
    return pd.DataFrame([[img, cls, f"class {cls}", "R8", *box] for img, cls, box in rows], columns=COLUMNS)


def sub(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["image_id", "PredictionString"])


def test_boxes_are_read_as_xywh(competition):
    # Class 0's box is truth annotation 0 (never matched, AP 0). Class 5: truth 20 20 30 30 read as x, y, w, h spans
    # 20..50; the prediction 20 20 25 25 spans 20..45: IoU 25^2 / 30^2 = 0.69 > 0.4 -> AP 1. Mean 0.5. (As drawn,
    # 20..30 against 20..25, IoU 0.25 would miss and score 0.)
    answers = answers_of(("A", 0, [0, 0, 10, 10]), ("A", 5, [20, 20, 30, 30]))
    assert score_frames(competition, sub(("A", "0 0.9 0 0 10 10 5 0.8 20 20 25 25")), answers) == 0.5


def test_a_perfect_submission_scores_below_one(competition):
    answers = answers_of(("A", 0, [0, 0, 10, 10]), ("A", 3, [1, 1, 4, 4]), ("B", 0, [5, 5, 8, 8]), ("B", 3, [2, 2, 3, 3]))
    perfect = sub(("A", "0 1 0 0 10 10 3 1 1 1 4 4"), ("B", "0 1 5 5 8 8 3 1 2 2 3 3"))
    # Class 0: A's exact match hits annotation 0 (a false positive), B's is a true positive: interpolated precision
    # 1/2 at the 51 recall points 0..0.5 -> 51 * 0.5 / 101. Class 3: AP 1.
    assert score_frames(competition, perfect, answers) == pytest.approx((51 * 0.5 / 101 + 1) / 2, abs=1e-5)


def test_row_order_can_change_the_score(competition):
    answers = answers_of(("A", 0, [0, 0, 10, 10]), ("A", 3, [1, 1, 4, 4]), ("B", 3, [2, 2, 3, 3]))
    rows = [("A", "0 0.9 0 0 10 10"), ("B", "3 0.9 2 2 3 3 3 0.8 2 2 3 3")]
    # A first: class 3 has B's first box as a true positive and its duplicate as a false positive, A's truth missed:
    #   recall 1/2 at precision 1 -> AP 51/101; class 0 AP 0 -> 25.5/101.
    assert score_frames(competition, sub(*rows), answers) == pytest.approx(25.5 / 101, abs=1e-5)
    # B first: B's first box is detection 0, so its truth stays matchable and the duplicate matches it too: recall
    #   reaches 1 at precision 1 -> AP 1; class 0 AP 0 -> 0.5.
    assert score_frames(competition, sub(*rows[::-1]), answers) == 0.5


def test_ids_are_compared_as_sets_and_every_row_counts(competition):
    answers = answers_of(("A", 0, [0, 0, 10, 10]), ("A", 5, [20, 20, 30, 30]))
    split = sub(("A", "0 0.9 0 0 10 10"), ("A", "5 0.8 20 20 30 30"))
    assert score_frames(competition, split, answers) == 0.5
    with pytest.raises(InvalidSubmissionError, match="image ids"):
        score_frames(competition, sub(("B", "5 0.8 20 20 30 30")), answers)


def test_classes_without_truth_are_ignored(competition):
    answers = answers_of(("A", 0, [0, 0, 10, 10]), ("A", 5, [20, 20, 30, 30]))
    noisy = sub(("A", "0 0.9 0 0 10 10 5 0.8 20 20 30 30 14 1 0 0 1 1 7 0.99 20 20 30 30"))
    assert score_frames(competition, noisy, answers) == 0.5


@pytest.mark.parametrize("text", ["5 0.8 20 20 30 30 ", "5 0.8  20 20 30 30", "5 0.8 20 20 30", "nan 1 0 0 1 1"])
def test_malformed_strings_are_invalid(competition, text):
    answers = answers_of(("A", 0, [0, 0, 10, 10]))
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub(("A", text)), answers)


def write_raw(raw: Path, rng: np.random.Generator, images: int) -> list[str]:
    """Raw rows in image order; the test image gets No finding and two radiologists' boxes of class 2."""
    ids = [f"img{k:02d}" for k in range(images)]
    test_image = ids[np.random.RandomState(0).permutation(images)[0]]
    rows = []
    for image in ids:
        if image == test_image:
            rows += [[image, "ILD", 2, "R9", 10.0, 20.0, 30.0, 40.0], [image, "No finding", 14, "R8"] + [np.nan] * 4,
                     [image, "ILD", 2, "R10", 11.0, 21.0, 31.0, 41.0]]
        else:
            rows.append([image, "Nodule/Mass", 8, "R11", *(float(v) for v in rng.integers(0, 99, size=4))])
    frame = pd.DataFrame(rows, columns=["image_id", "class_name", "class_id", "rad_id", "x_min", "y_min", "x_max", "y_max"])
    raw.mkdir(parents=True)
    frame.to_csv(raw / "train.csv", index=False)
    (raw / "train").mkdir()
    for image in ids:
        (raw / "train" / f"{image}.dicom").write_bytes(image.encode())
    return ids


def test_split_consensus_answers_and_gold(competition, tmp_path, monkeypatch):
    images = 10
    ids = write_raw(tmp_path / "raw", np.random.default_rng(0), images)
    monkeypatch.setitem(competition.prepare_fn.__globals__, "TRAIN_IMAGES", 9)
    monkeypatch.setitem(competition.prepare_fn.__globals__, "TEST_IMAGES", 1)
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    competition.prepare_fn(tmp_path / "raw", tmp_path / "public", tmp_path / "private")

    perm = np.random.RandomState(0).permutation(images)
    n_test = math.ceil(0.1 * images)
    test_ids, train_ids = [ids[i] for i in perm[:n_test]], [ids[i] for i in perm[n_test:]]
    assert (tmp_path / "private" / "answers.csv").read_text().splitlines() == [
        "image_id,class_id,class_name,rad_id,x_min,y_min,x_max,y_max",
        f"{test_ids[0]},2,ILD,R9,10.0,20.0,30.0,40.0",      # the first radiologist's box of the class
        f"{test_ids[0]},14,No finding,R8,0.0,0.0,1.0,1.0",  # no box: 0 0 then x_max = y_max = 1
    ]
    assert (tmp_path / "private" / "gold_submission.csv").read_text().splitlines() == [
        "image_id,PredictionString", f"{test_ids[0]},2 1.0 10.0 20.0 30.0 40.0 14 1.0 0.0 0.0 1.0 1.0"]
    assert (tmp_path / "public" / "sample_submission.csv").read_text().splitlines() == [
        "image_id,PredictionString", *[f"{i},14 1 0 0 1 1" for i in test_ids]]
    raw = read_csv(tmp_path / "raw" / "train.csv")
    assert read_csv(tmp_path / "public" / "train.csv").equals(raw[raw["image_id"].isin(train_ids)].reset_index(drop=True))
    assert sorted(p.stem for p in (tmp_path / "public" / "test").iterdir()) == sorted(test_ids)
    assert sorted(p.stem for p in (tmp_path / "public" / "train").iterdir()) == sorted(train_ids)
    # The gold submission through the grader: the single test image's first class is annotation 0 (AP 0), the
    # other matches (AP 1).
    answers = read_csv(tmp_path / "private" / "answers.csv")
    assert score_frames(competition, read_csv(tmp_path / "private" / "gold_submission.csv"), answers) == 0.5


def test_split_sizes_are_asserted(competition, tmp_path):
    write_raw(tmp_path / "raw", np.random.default_rng(0), 10)
    (tmp_path / "public").mkdir()
    (tmp_path / "private").mkdir()
    with pytest.raises(ValueError, match="13500/1500"):
        competition.prepare_fn(tmp_path / "raw", tmp_path / "public", tmp_path / "private")
