"""Detection metrics against hand-worked counts and average precisions."""

from __future__ import annotations

import math

import pytest

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import detection as d


def test_kuzushiji_page_counts_strict_inside_greedy_first_match():
    truth = "A 0 0 10 10 B 20 20 10 10"
    # A at (5,5) matches box A; second A point unused -> fp; B on the box edge (20,25) does not match -> fn
    assert d.kuzushiji_page_counts("A 5 5 A 6 6 B 20 25", truth) == (1, 2, 1)
    assert d.kuzushiji_page_counts(None, truth) == (0, 0, 2)
    assert d.kuzushiji_page_counts("A 1 1", None) == (0, 1, 0)


def test_kuzushiji_f1_micro_by_hand():
    # page 1: tp 1, fp 2, fn 1; page 2: tp 1 -> tp 2, fp 2, fn 1: P 1/2, R 2/3 -> F1 4/7
    preds = ["A 5 5 A 6 6 B 20 25", "C 1 1"]
    truths = ["A 0 0 10 10 B 20 20 10 10", "C 0 0 2 2"]
    assert d.kuzushiji_f1(preds, truths) == pytest.approx(4 / 7)
    assert d.kuzushiji_f1([None], [None]) == 0.0


def test_kuzushiji_refuses_broken_groups():
    with pytest.raises(InvalidSubmissionError):
        d.kuzushiji_page_counts("A 1", "A 0 0 2 2")
    with pytest.raises(InvalidSubmissionError):
        d.kuzushiji_page_counts("A x 1", "A 0 0 2 2")


def test_box_iou_by_hand():
    assert d.box_iou([0, 0, 2, 2], [1, 0, 3, 2]) == pytest.approx(2 / 6)
    assert d.box_iou([0, 0, 0, 0], [0, 0, 0, 0]) == 0.0


def test_voc_map_by_hand():
    truths = ["opacity 1 0 0 10 10", "none 1 0 0 1 1"]
    preds = ["opacity 0.9 0 0 10 10 opacity 0.8 50 50 60 60", "opacity 0.3 0 0 10 10 none 1 0 0 1 1"]
    # opacity pairs: row 1 (1, .9), (0, .8); row 2 has no opacity truth: (0, .3)
    #   ranked .9 (tp), .8 (fp), .3 (fp): AP = 1 (recall reaches 1 at precision 1)
    # none pairs: row 1 emits nothing -> (0, 0); row 2 (1, 1.0) -> AP = 1
    assert d.voc_map_at_iou(preds, truths) == pytest.approx(1.0)
    # a missed truth box adds (1, 0); row 1's prediction now misses:
    preds = ["opacity 0.9 50 50 60 60", "none 1 0 0 1 1"]
    # opacity: row 1 (0, .9), (1, 0); row 2 nothing -> (0, 0). Ranked .9 (fp), then the two tied at 0
    #   (one tp): precision at recall 1 = 1/3 -> AP 1/3. none: (0, 0), (1, 1) -> AP 1.
    assert d.voc_map_at_iou(preds, truths) == pytest.approx((1 / 3 + 1) / 2)


def test_coco_map_reads_xyxy_as_xywh_and_never_matches_truth_zero():
    categories = [(1, "A"), (2, "B")]
    truths = [(0, 1, [0, 0, 10, 10]), (1, 2, [20, 20, 30, 30])]
    detections = [(0, 1, 0.9, [0, 0, 10, 10]), (1, 2, 0.8, [20, 20, 25, 25])]
    # A: the only truth has annotation id 0, so its exact match counts as a false positive and the truth as missed:
    #   AP 0. B: read as xywh the truth spans 20..50 and the detection 20..45 in x and y: IoU 25^2 / 30^2 = 0.69 > 0.4,
    #   a true positive (as xyxy boxes, 20..30 against 20..25, IoU 0.25 would miss): AP 1. Mean 0.5.
    assert d.coco_map_at_iou(2, categories, truths, detections) == pytest.approx(0.5)


def test_coco_map_interpolates_at_101_recall_points():
    categories = [(0, "A"), (3, "B")]
    truths = [(0, 0, [5, 5, 8, 8]), (0, 3, [1, 1, 4, 4]), (1, 0, [5, 5, 8, 8]), (1, 3, [2, 2, 3, 3])]
    detections = [(0, 0, 1.0, [5, 5, 8, 8]), (0, 3, 1.0, [1, 1, 4, 4]), (1, 0, 1.0, [5, 5, 8, 8]),
                  (1, 3, 1.0, [2, 2, 3, 3]), (1, 7, 1.0, [0, 0, 1, 1])]
    # Category 0: image 0's detection hits truth 0 (a false positive), image 1's is a true positive: recall 0, 1/2 at
    #   precision 0, 1/2; interpolated precision 1/2 for the 51 recall points 0..0.50, 0 above: AP 51 * 0.5 / 101.
    # Category 3: both true positives, AP 1. Category 7 has no truth and is not evaluated.
    assert d.coco_map_at_iou(2, categories, truths, detections) == pytest.approx((51 * 0.5 / 101 + 1) / 2)


def test_coco_map_without_pycocotools_says_how_to_install(monkeypatch):
    from pytest_mlebench.errors import PrerequisiteError

    monkeypatch.setitem(__import__("sys").modules, "pycocotools", None)
    monkeypatch.setitem(__import__("sys").modules, "pycocotools.coco", None)
    with pytest.raises(PrerequisiteError, match="pip install"):
        d.coco_map_at_iou(1, [(1, "A")], [(0, 1, [0, 0, 1, 1])], [])
# --- Lyft 3D mAP (3d-object-detection-for-autonomous-vehicles) ---------------------------------------------------


def lyft(*boxes: tuple) -> str:
    """A PredictionString of (score, x, y, z, width, length, height, yaw, class) groups."""
    return " ".join(" ".join(str(v) for v in box) for box in boxes)


def test_lyft_iou_of_shifted_boxes_by_hand():
    # Truth: x in [-2, 2] (length 4 along x at yaw 0), y in [-1, 1], z in [-1, 1]: volume 16. The prediction is
    # shifted by 1 along x: overlap 3 x 2 x 2 = 12, IoU 12 / (16 + 16 - 12) = 0.6, so only the thresholds 0.5
    # and 0.55 are strictly exceeded.
    truth = d.parse_lyft_boxes(lyft((1.0, 0, 0, 0, 2, 4, 2, 0, "car")))
    pred = d.parse_lyft_boxes(lyft((0.9, 1, 0, 0, 2, 4, 2, 0, "car")))
    assert d.lyft_sample_maps(truth, pred) == [1.0, 1.0] + [0.0] * 8
    assert d.lyft_3d_map([lyft((1.0, 0, 0, 0, 2, 4, 2, 0, "car"))], [lyft((0.9, 1, 0, 0, 2, 4, 2, 0, "car"))]) == 0.2


def test_lyft_yaw_rotates_the_footprint():
    # A 2 x 2 square turned by 45 degrees about its centre overlaps the unturned one in a regular octagon of
    # apothem 1: area 8 (sqrt 2 - 1); IoU = 8 (sqrt 2 - 1) / (8 - 8 (sqrt 2 - 1)) = 1 / sqrt 2 = 0.7071.
    truth = d.parse_lyft_boxes(lyft((1.0, 5, 5, 0, 2, 2, 1, 0, "car")))
    turned = d.parse_lyft_boxes(lyft((0.5, 5, 5, 0, 2, 2, 1, math.pi / 4, "car")))
    assert d.lyft_sample_maps(truth, turned) == [1.0] * 5 + [0.0] * 5  # 0.7071 > 0.7, not > 0.75
    # A quarter turn swaps length and width: 4 x 2 against 2 x 4 overlap in 2 x 2, IoU 8 / (16 + 16 - 8) = 1/3.
    long = d.parse_lyft_boxes(lyft((1.0, 0, 0, 0, 2, 4, 2, math.pi / 2, "car")))
    assert d.lyft_sample_maps(long, d.parse_lyft_boxes(lyft((1.0, 0, 0, 0, 2, 4, 2, 0, "car")))) == [0.0] * 10


def test_lyft_average_precision_by_hand():
    truth = d.parse_lyft_boxes(lyft((1.0, 0, 0, 0, 2, 4, 2, 0, "car"), (1.0, 10, 0, 0, 2, 4, 2, 0, "car")))
    preds = d.parse_lyft_boxes(lyft((0.7, 10, 0, 0, 2, 4, 2, 0, "car"), (0.9, 0, 0, 0, 2, 4, 2, 0, "car"),
                                    (0.8, 20, 0, 0, 2, 4, 2, 0, "car")))
    # By score: TP, FP, TP -> recall 0.5, 0.5, 1 and precision 1, 1/2, 2/3; the envelope gives precision 1 up to
    # recall 0.5 and 2/3 up to 1: AP = 0.5 * 1 + 0.5 * 2/3 = 5/6 at every threshold (IoUs are 1 or 0).
    assert d.lyft_sample_maps(truth, preds) == pytest.approx([5 / 6] * 10)


def test_lyft_duplicates_are_false_positives_and_classes_come_from_the_truth():
    truth = d.parse_lyft_boxes(lyft((1.0, 0, 0, 0, 2, 4, 2, 0, "car"), (1.0, 9, 9, 0, 1, 1, 1, 0, "bus")))
    preds = d.parse_lyft_boxes(lyft((0.9, 0, 0, 0, 2, 4, 2, 0, "car"), (0.8, 0, 0, 0, 2, 4, 2, 0, "car"),
                                    (0.7, 50, 50, 0, -1, 0, 0, 0, "pedestrian")))
    # car: TP then FP -> recall 1, 1; precision 1, 1/2 -> AP 1. bus: no prediction -> 0. The pedestrian (absent
    # from the truth, with an impossible size) is ignored without being built. Mean of 1 and 0 = 0.5.
    assert d.lyft_sample_maps(truth, preds) == [0.5] * 10


@pytest.mark.parametrize("text", [
    "0.9 0 0 0 2 4 2 0",                      # 8 tokens
    "0.9 0 0 0 2 4 2 0 car ",                 # a trailing space makes a 10th token
    "0.9 0 0  0 2 4 2 car",                   # a doubled space makes an empty token
    "0.9 0 0 0 2 4 2 inf car",                # math.cos(inf) raises, as in pyquaternion
    "high 0 0 0 2 4 2 0 car",
])
def test_lyft_parse_refusals(text):
    with pytest.raises(InvalidSubmissionError):
        d.parse_lyft_boxes(text)


@pytest.mark.parametrize("box", [(0.9, "nan", 0, 0, 2, 4, 2, 0, "car"), (0.9, 0, 0, 0, 0, 4, 2, 0, "car"),
                                 (0.9, 0, 0, 0, 2, 4, 2, "nan", "car"), (0.9, 1e300, 0, 0, 2, 4, 2, 0.3, "car")])
def test_lyft_box_refusals_apply_to_evaluated_classes(box):
    truth = [lyft((1.0, 0, 0, 0, 2, 4, 2, 0, "car"))]
    with pytest.raises(InvalidSubmissionError):
        d.lyft_3d_map(truth, [lyft(box)])
    other_class = lyft((*box[:8], "bus"))
    assert d.lyft_3d_map(truth, [other_class]) == 0.0


def test_lyft_blank_means_no_boxes():
    assert d.parse_lyft_boxes("  ") == []
    with pytest.raises(InvalidSubmissionError):
        d.parse_lyft_boxes(float("nan"))
