"""Masks: RLE round trips and numbering, Dice, TGS thresholds and Hausdorff against hand values or brute force."""

from __future__ import annotations

import math

import numpy as np
import pytest

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import segmentation as s


def test_rle_numbering_is_column_major_and_one_based():
    mask = s.rle_decode("2 2", height=3, width=2)
    # pixels 2 and 3 run down the first column: rows 1 and 2 of column 0
    assert mask.tolist() == [[False, False], [True, False], [True, False]]


def test_rle_round_trip():
    rng = np.random.default_rng(0)
    mask = rng.random((7, 5)) > 0.6
    assert (s.rle_decode(s.rle_encode(mask), 7, 5) == mask).all()
    assert s.rle_encode(np.zeros((2, 2))) == ""


@pytest.mark.parametrize("bad", ["3 1 1 1", "0 2", "1 0", "1 3 2 1", "1 a", "1 1 3 1 5", "1 2 3 4 5", "1 5 3", "0", 5.0])
def test_rle_decode_refuses_what_mlebench_asserts(bad):
    with pytest.raises(InvalidSubmissionError):
        s.rle_decode(bad, 3, 3)


def test_rle_odd_token_counts_follow_numpy_broadcasting():
    # MLE-bench computes ends = starts + lengths with numpy: (1,) + (0,) -> no run; (2,) + (1,) -> both runs
    # of the one length; (3,) + (2,) cannot broadcast (refused above).
    assert not s.rle_decode("4", 3, 3).any()
    expected = np.zeros(9, bool)
    expected[[0, 1, 4, 5]] = True  # "1 2 5": pixels 1-2 and 5-6, 1-based
    assert (s.rle_decode("1 2 5", 3, 3) == expected.reshape(3, 3).T).all()


def test_rle_numbers_past_64_bits_are_runs_truncated_at_the_end():
    # numpy holds them in object arrays in MLE-bench, and slicing clamps them.
    assert s.rle_decode(f"8 {2**70}", 3, 3).sum() == 2
    assert not s.rle_decode(f"{2**70} 1", 3, 3).any()
def test_rle_odd_token_counts_broadcast_as_numpy_does_in_mlebench():
    # starts [1, 3] + lengths [2]: numpy broadcasts the single length to both runs -> pixels 1, 2, 3, 4.
    assert s.rle_decode("1 2 3", 3, 3).T.flatten().tolist() == [True] * 4 + [False] * 5
    # starts [5] + lengths []: broadcasting (1,) with (0,) gives no run at all -> an empty mask.
    assert not s.rle_decode("5", 3, 3).any()


def _decoded_pixel_by_pixel(rle: str, size: int) -> set[int] | None:
    """The pixels an RLE of ascending, positive, pairwise runs sets, truncated at `size`; None where two runs share
    a pixel of the mask (the reference the arithmetic overlap test must agree with)."""
    tokens = [int(t) for t in rle.split()]
    pixels: set[int] = set()
    for start, length in zip(tokens[0::2], tokens[1::2], strict=True):
        run = set(range(start - 1, min(start - 1 + length, size)))
        if run & pixels:
            return None
        pixels |= run
    return pixels


def test_overlapping_runs_are_refused_exactly_where_they_share_a_pixel_of_the_mask():
    rng = np.random.default_rng(5)
    for _ in range(3000):
        starts = np.sort(rng.integers(1, 14, size=rng.integers(1, 5)))
        lengths = rng.integers(1, 8, size=len(starts))
        rle = " ".join(f"{a} {b}" for a, b in zip(starts, lengths, strict=True))
        expected = _decoded_pixel_by_pixel(rle, 9)
        if expected is None:
            with pytest.raises(InvalidSubmissionError, match="overlap"):
                s.rle_decode(rle, 3, 3)
        else:
            assert set(np.flatnonzero(s.rle_decode(rle, 3, 3).T.ravel())) == expected, rle


def test_runs_that_would_overlap_only_past_the_end_are_not_an_overlap():
    assert s.rle_decode("9 5 10 2", 3, 3).sum() == 1  # the second run starts past pixel 9: it shares nothing


def test_rle_runs_past_the_end_are_truncated():
    assert s.rle_decode("3 10", 2, 2).sum() == 2


def test_dice_by_hand_and_empty_cases():
    p, t = np.array([1, 1, 0, 0], bool), np.array([1, 0, 1, 0], bool)
    assert s.dice(p, t) == pytest.approx(2 * 1 / 4)
    assert s.mean_dice([p, np.zeros(4)], [t, np.zeros(4)]) == pytest.approx((0.5 + 1) / 2)
    assert math.isnan(s.global_dice([np.zeros(4)], [np.zeros(4)]))
    # pooled: intersections 1 + 0, sizes 2 + 2 + 1 + 0
    assert s.global_dice([p, np.array([1, 0, 0, 0])], [t, np.zeros(4)]) == pytest.approx(2 / 5)


def test_tgs_iou_thresholds_by_hand():
    true = np.zeros((10, 10), bool)
    true[:5] = True  # 50 pixels
    pred = np.zeros((10, 10), bool)
    pred[:4] = True  # IoU 40/50 = 0.8 > 0.5..0.75 -> 6 of 10 thresholds
    assert s.iou_threshold_precision(true, pred) == pytest.approx(0.6)
    assert s.iou_threshold_precision(np.zeros((3, 3)), np.zeros((3, 3))) == 1.0
    assert s.iou_threshold_precision(np.zeros((3, 3)), np.ones((3, 3))) == 0.0


def test_tgs_empty_prediction_quirk_counts_as_full_image():
    true = np.zeros((101, 101), bool)
    true[:60] = True  # IoU against a full image = 60/101 = 0.594 -> thresholds 0.5, 0.55 -> 0.2
    assert s.iou_threshold_precision(true, np.zeros((101, 101), bool)) == pytest.approx(0.2)


def _hausdorff_brute(a, b) -> float:
    scale = np.array(a.shape, float)
    p, t = np.argwhere(a) / scale, np.argwhere(b) / scale
    d = np.sqrt(((p[:, None, :] - t[None, :, :]) ** 2).sum(axis=2))
    return max(d.min(axis=1).max(), d.min(axis=0).max()) / math.sqrt(3)


def test_hausdorff_against_brute_force_and_its_special_cases():
    rng = np.random.default_rng(2)
    a, b = rng.random((3, 8, 8)) > 0.7, rng.random((3, 8, 8)) > 0.7
    assert s.hausdorff_distance(a, b) == pytest.approx(_hausdorff_brute(a, b))
    empty = np.zeros((3, 8, 8), bool)
    assert math.isnan(s.hausdorff_distance(empty, empty))
    assert s.hausdorff_distance(a, a) == 0.0
    assert s.hausdorff_distance(empty, a) == 1.0
    one = empty.copy()
    one[0, 0, 0] = True
    assert s.hausdorff_distance(np.ones_like(one), one) == 1.0  # over 10x the true pixels


def test_dice_hausdorff_combo_skips_nan():
    assert s.dice_hausdorff_combo([0.5, np.nan, 1.0], [0.2, np.nan]) == pytest.approx(0.4 * 0.75 + 0.6 * 0.8)


def _kernel_iou_threshold_precision(true, pred):
    """MLE-bench's Kaggle kernel, histograms and all: the reference the direct count must equal."""
    true, pred = np.asarray(true, dtype=bool), np.asarray(pred, dtype=bool)
    if true.sum() == 0:
        return 1.0 if pred.sum() == 0 else 0.0
    true, pred = true.astype(np.uint8), pred.astype(np.uint8)
    intersection = np.histogram2d(true.flatten(), pred.flatten(), bins=(2, 2))[0]
    area_true = np.histogram(true, bins=2)[0][:, None]
    area_pred = np.histogram(pred, bins=2)[0][None, :]
    union = (area_true + area_pred - intersection)[1:, 1:]
    union[union == 0] = 1e-9
    iou = (intersection[1:, 1:] / union)[0, 0]
    return float(np.mean([1.0 if iou > t else 0.0 for t in s.TGS_THRESHOLDS]))


def test_tgs_iou_counts_equal_the_kernels_histograms():
    rng = np.random.default_rng(7)
    shape = (7, 9)
    constant = [np.zeros(shape, bool), np.ones(shape, bool)]
    pairs = [(t, p) for t in constant for p in constant]
    for _ in range(3000):
        true = rng.random(shape) < rng.random()
        pred = true ^ (rng.random(shape) < rng.random() * 0.6)
        pairs.append((true, pred))
        pairs.append((true, constant[rng.integers(2)]))
        pairs.append((constant[1], pred))
    for true, pred in pairs:
        assert s.iou_threshold_precision(true, pred) == _kernel_iou_threshold_precision(true, pred)
