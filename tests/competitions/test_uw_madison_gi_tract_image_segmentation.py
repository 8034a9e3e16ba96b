"""uw-madison-gi-tract-image-segmentation: Dice and Hausdorff by hand and with scipy, MLE-bench's positional
pairing and its other quirks, the split by case (random_state 42) plus late days."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.spatial.distance import directed_hausdorff
from sklearn.model_selection import train_test_split
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "uw-madison-gi-tract-image-segmentation"
ORGANS = ["large_bowel", "small_bowel", "stomach"]


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("uw")
    module.make_raw(root / "raw", np.random.default_rng(23), cases=12)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def frames(truths: list[str], preds: list[str], slices: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Answers of 4x4 slices, three organ rows per slice id, and a submission in the same order."""
    ids = [s for s in slices for _ in ORGANS]
    answers = pd.DataFrame({"id": ids, "class": ORGANS * len(slices), "predicted": truths,
                            "image_width": 4.0, "image_height": 4.0})
    return pd.DataFrame({"id": ids, "class": answers["class"], "predicted": preds}), answers


def test_score_by_hand_and_with_scipy(competition):
    # case1_day1 slice 1: large bowel truth column 0 (pixels 1-4), predicted rows 0-1 of it: Dice 2*2/6 = 2/3;
    # small bowel empty on both sides (left out); stomach rows 0-1 of column 1 both sides: Dice 1.
    # case1_day2 slice 1: large bowel truth pixel 3, nothing predicted: Dice 0; the rest empty on both sides.
    truths = ["1 4", "", "5 2", "3 1", "", ""]
    preds = ["1 2", "", "5 2", "", "", ""]
    sub, answers = frames(truths, preds, ["case1_day1_slice_0001", "case1_day2_slice_0001"])
    dice = (2 / 3 + 1 + 0) / 3
    # case1_day1 volume (1, 4, 4): truth points (row, col) (0..3, 0) and (0..1, 1), prediction (0..1, 0..1);
    # scaled by the shape, the farthest truth point (3, 0) is 2/4 from (1, 0): 0.5 / sqrt(3).
    truth = np.argwhere(np.array([[[1, 1, 0, 0], [1, 1, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]]])) / (1, 4, 4)
    pred = np.argwhere(np.array([[[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]])) / (1, 4, 4)
    day1 = max(directed_hausdorff(truth, pred)[0], directed_hausdorff(pred, truth)[0]) / math.sqrt(3)
    assert day1 == pytest.approx(0.5 / math.sqrt(3))
    hausdorff = (day1 + 1.0) / 2  # case1_day2: an empty prediction against a present organ: 1
    expected = 0.4 * dice + 0.6 * (1 - hausdorff)
    assert score_frames(competition, sub, answers) == pytest.approx(expected, abs=1e-5)


def test_rows_are_paired_by_position_not_by_id(competition):
    truths = ["1 4", "", "", "", "9 4", ""]
    sub, answers = frames(truths, truths, ["case1_day1_slice_0001", "case1_day1_slice_0002"])
    assert score_frames(competition, sub, answers) == pytest.approx(1.0)
    # The same rows reversed: each prediction meets another row's truth, every Dice is 0; the case-day volume
    # (organs OR-ed, grouped by the submission's own ids) is unchanged: 0.4 * 0 + 0.6 * (1 - 0), not invalid.
    assert score_frames(competition, sub.iloc[::-1], answers) == pytest.approx(0.6)


def test_row_count_is_not_checked(competition):
    truths = ["1 4", "", "", "", "9 4", ""]
    sub, answers = frames(truths, truths, ["case1_day1_slice_0001", "case1_day1_slice_0002"])
    extra = pd.concat([sub, sub.iloc[:2].assign(id="case9_day9_slice_0001")], ignore_index=True)
    assert score_frames(competition, extra, answers) == pytest.approx(1.0)
    # Only the first slice's rows: Dice 1 on its one organ; its case-day volume then has one slice of two.
    assert math.isfinite(score_frames(competition, sub.iloc[:3], answers))


def test_class_column_is_never_read(competition):
    truths = ["1 4", "", "5 2", "", "", ""]
    sub, answers = frames(truths, truths, ["case1_day1_slice_0001", "case1_day2_slice_0001"])
    assert score_frames(competition, sub.assign(**{"class": "stomach"}), answers) == pytest.approx(1.0)


def test_hausdorff_is_one_past_ten_times_the_true_pixels_and_all_empty_is_nan(competition):
    truths = ["1 1", "", ""]
    sub, answers = frames(truths, ["1 1", "2 10", ""], ["case1_day1_slice_0001"])
    # Dice: large bowel 1, small bowel 0 (predicted, absent); Hausdorff 1 as 11 > 10 x 1 pixels.
    assert score_frames(competition, sub, answers) == pytest.approx(0.4 * 0.5 + 0.6 * 0.0)
    empty, answers = frames(["", "", ""], ["", "", ""], ["case1_day1_slice_0001"])
    assert math.isnan(score_frames(competition, empty, answers))


def test_rows_whose_sizes_clash_are_invalid(competition):
    truths = ["1 4", "", "", "", "", ""]
    sub, answers = frames(truths, truths, ["case1_day1_slice_0001", "case1_day1_slice_0002"])
    answers.loc[3:, ["image_width", "image_height"]] = 5.0
    with pytest.raises(InvalidSubmissionError, match="decoded at different sizes"):
        score_frames(competition, sub.iloc[[0, 1, 3, 2, 4, 5]], answers)


def test_split_by_case_and_late_days(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    case = raw["id"].str.split("_").str[0]
    day = raw["id"].str.split("_").str[1]
    cases = list(dict.fromkeys(case))
    train_cases, test_cases = train_test_split(np.array(cases, dtype=object), test_size=0.1, random_state=42)
    assert len(test_cases) == math.ceil(0.1 * len(cases))
    late = {(c, d) for c in train_cases
            for d in sorted(set(day[case == c]), key=lambda d: int(d[3:]))[4:]}
    assert late, "the synthetic data has train cases with more than 4 days"
    is_test = [c in set(test_cases) or (c, d) in late for c, d in zip(case, day, strict=True)]
    answers = read_csv(prepared / "private" / "test.csv")
    train = read_csv(prepared / "public" / "train.csv")
    assert answers["id"].tolist() == raw.loc[is_test, "id"].tolist()
    assert train["id"].tolist() == raw.loc[[not t for t in is_test], "id"].tolist()
    assert list(answers.columns) == ["id", "class", "predicted", "image_width", "image_height"]
    assert list(train.columns) == ["id", "class", "segmentation"]
    assert list(read_csv(prepared / "public" / "test.csv").columns) == ["id", "class"]
    assert answers["predicted"].fillna("").tolist() == raw.loc[is_test, "segmentation"].fillna("").tolist()
    first = (prepared / "private" / "test.csv").read_text().splitlines()[1]
    assert first.endswith(".0") and answers["image_width"].dtype == float


def test_sizes_come_from_scan_names_and_scans_follow_their_rows(prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    for slice_id, width, height in zip(answers["id"], answers["image_width"], answers["image_height"], strict=True):
        case, day, _, number = slice_id.split("_")
        (scan,) = (prepared / "public" / "test" / case / f"{case}_{day}" / "scans").glob(f"slice_{number}_*.png")
        assert scan.stem.split("_")[2:4] == [str(int(width)), str(int(height))]
    train = read_csv(prepared / "public" / "train.csv")
    train_days = {tuple(i.split("_")[:2]) for i in train["id"]}
    test_days = {tuple(i.split("_")[:2]) for i in answers["id"]}
    for side, days in (("train", train_days), ("test", test_days)):
        placed = {(p.parent.name, p.name.split("_", 1)[1]) for p in (prepared / "public" / side).glob("*/*")}
        assert placed == days
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample[["id", "class"]].equals(answers[["id", "class"]]) and set(sample["predicted"]) == {"1 1 5 2"}
