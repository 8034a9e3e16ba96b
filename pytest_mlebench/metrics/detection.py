"""Detection metrics as MLE-bench computes them: Kuzushiji's point-in-box F1, SIIM-COVID's VOC mAP at IoU 0.5,
vinbigdata's COCO mAP at IoU 0.4 (pycocotools, imported on first use) and the Lyft devkit's per-sample 3D mAP
(3d-object-detection-for-autonomous-vehicles; shapely, imported on first use).

Prediction strings are parsed here as the metric's reference code parses them; refusals are InvalidSubmissionError.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn import metrics as skm

from pytest_mlebench.errors import InvalidSubmissionError, PrerequisiteError


def kuzushiji_page_counts(preds: str | None, truth: str | None) -> tuple[int, int, int]:
    """(tp, fp, fn) of one page: greedy in truth order, the first unused same-label point strictly inside a box.

    `preds` is 'label x y ...', `truth` 'label x y width height ...', both split on single spaces; None = no text.
    """
    if preds is None and truth is None:
        return 0, 0, 0
    if truth is None:
        return 0, len(preds.split(" ")) // 3, 0
    if preds is None:
        return 0, 0, len(truth.split(" ")) // 5
    t = np.array(truth.split(" "), dtype=object)
    p = np.array(preds.split(" "), dtype=object)
    if len(t) % 5 or len(p) % 3:
        raise InvalidSubmissionError("Kuzushiji labels must come in groups of 3 (label x y).")
    t, p = t.reshape(-1, 5), p.reshape(-1, 3)
    try:
        px, py = p[:, 1].astype(float), p[:, 2].astype(float)
    except ValueError as exc:
        raise InvalidSubmissionError("Kuzushiji point coordinates must be numbers.") from exc
    xmin, ymin = t[:, 1].astype(float), t[:, 2].astype(float)
    xmax, ymax = xmin + t[:, 3].astype(float), ymin + t[:, 4].astype(float)
    used = np.zeros(len(p), dtype=bool)
    tp = fn = 0
    for i in range(len(t)):
        inside = (xmin[i] < px) & (xmax[i] > px) & (ymin[i] < py) & (ymax[i] > py) & (p[:, 0] == t[i, 0]) & ~used
        if inside.any():
            tp += 1
            used[int(np.argmax(inside))] = True
        else:
            fn += 1
    return tp, int((~used).sum()), fn


def kuzushiji_f1(preds: Sequence[str | None], truths: Sequence[str | None]) -> float:
    """Micro F1 of the page counts summed over pages; 0 when there is no prediction or no truth."""
    counts = np.array([kuzushiji_page_counts(p, t) for p, t in zip(preds, truths, strict=True)]).reshape(-1, 3)
    tp, fp, fn = (int(c) for c in counts.sum(axis=0))
    if tp + fp == 0 or tp + fn == 0:
        return 0.0
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    return 2 * precision * recall / (precision + recall) if precision > 0 and recall > 0 else 0.0


def box_iou(a: Sequence[float], b: Sequence[float]) -> float:
    """IoU of two (xmin, ymin, xmax, ymax) boxes; 0 when the union is not positive."""
    width = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    height = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = width * height
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def parse_label_boxes(text: str) -> list[tuple[str, float, list[float]]]:
    """'label confidence xmin ymin xmax ymax ...' (any whitespace) as (label, confidence, box) triples."""
    tokens = text.strip().split()
    if len(tokens) % 6:
        raise InvalidSubmissionError("A PredictionString must hold groups of 6 (label conf xmin ymin xmax ymax).")
    try:
        groups = [(tokens[i], float(tokens[i + 1]), [float(v) for v in tokens[i + 2:i + 6]])
                  for i in range(0, len(tokens), 6)]
    except ValueError as exc:
        raise InvalidSubmissionError("PredictionString confidences and coordinates must be numbers.") from exc
    return groups


def voc_map_at_iou(preds: Sequence[str], truths: Sequence[str], iou_threshold: float = 0.5) -> float:
    """SIIM-COVID's mAP: per answer class, greedy matching row by row, AP = sklearn average_precision_score.

    Predictions are taken by confidence (stable sort); each matches the unmatched true box of highest IoU above
    the threshold; unmatched true boxes add (1, 0) and a row with nothing of the class adds (0, 0).
    """
    pred_rows = [parse_label_boxes(p) for p in preds]
    true_rows = [parse_label_boxes(t) for t in truths]
    classes = sorted({label for row in true_rows for label, _, _ in row})
    aps = []
    for cls in classes:
        y_true: list[int] = []
        y_score: list[float] = []
        for pred_row, true_row in zip(pred_rows, true_rows, strict=True):
            # In place, once per class, as the reference sorts: the same order unless a confidence is NaN.
            pred_row.sort(key=lambda g: g[1], reverse=True)
            gts = [box for label, _, box in true_row if label == cls]
            matched = [False] * len(gts)
            emitted = 0
            for label, confidence, box in pred_row:
                if label != cls:
                    continue
                best, best_iou = None, iou_threshold
                for j, gt in enumerate(gts):
                    iou = box_iou(box, gt)
                    if not matched[j] and iou > best_iou:
                        best, best_iou = j, iou
                if best is not None:
                    matched[best] = True
                y_true.append(int(best is not None))
                y_score.append(confidence)
                emitted += 1
            for was_matched in matched:
                if not was_matched:
                    y_true.append(1)
                    y_score.append(0.0)
                    emitted += 1
            if not emitted:
                y_true.append(0)
                y_score.append(0.0)
        aps.append(skm.average_precision_score(y_true, y_score))
    return float(np.mean(aps)) if aps else 0.0


def coco_map_at_iou(
    image_count: int,
    categories: Sequence[tuple[int, str]],
    truths: Sequence[tuple[int, int, Sequence[float]]],
    detections: Sequence[tuple[int, int, float, Sequence[float]]],
    iou_threshold: float = 0.4,
) -> float:
    """COCOeval's stats[0] at a single IoU threshold, as vinbigdata's reference kernel builds its COCO objects.

    Images are numbered 0..image_count-1; `categories` are (id, name); `truths` (image, category, box) and
    `detections` (image, category, score, box) get annotation ids 0, 1, ... in the given order. Boxes go to
    pycocotools as given, which reads them as [x, y, width, height]: the kernel passes [x_min, y_min, x_max, y_max],
    so IoU is that of [x_min, x_min + x_max] x [y_min, y_min + y_max] on both sides. Areas are the xyxy ones. As
    pycocotools stores matches by annotation id with 0 meaning unmatched, a detection matched to truth 0 counts as a
    false positive, and a truth matched by detection 0 stays matchable. Only categories with a truth are evaluated
    (others' detections are dropped); the score is the mean over them of the precision interpolated at 101 recall
    points, area range 'all', 100 detections per image.
    """
    try:
        from pycocotools.coco import COCO
        from pycocotools.cocoeval import COCOeval
    except ImportError as exc:
        raise PrerequisiteError("This metric needs pycocotools: pip install 'pycocotools>=2.0.8'.") from exc

    def annotation(k: int, image: int, category: int, box: Sequence[float]) -> dict:
        box = [float(v) for v in box]
        return {"id": k, "image_id": int(image), "category_id": int(category), "bbox": box,
                "area": (box[2] - box[0]) * (box[3] - box[1]), "iscrowd": 0}

    images = [{"id": i} for i in range(image_count)]
    classes = [{"id": int(c), "name": str(name)} for c, name in categories]
    truth_annotations = [annotation(k, *t) for k, t in enumerate(truths)]
    detection_annotations = [{**annotation(k, image, category, box), "score": float(score)}
                             for k, (image, category, score, box) in enumerate(detections)]
    # pycocotools prints its progress; the summary it prints is what stats holds.
    with contextlib.redirect_stdout(io.StringIO()):
        truth_set, detection_set = COCO(), COCO()
        truth_set.dataset = {"images": images, "categories": classes, "annotations": truth_annotations}
        detection_set.dataset = {"images": images, "categories": classes, "annotations": detection_annotations}
        truth_set.createIndex()
        detection_set.createIndex()
        evaluation = COCOeval(truth_set, detection_set, "bbox")
        evaluation.params.iouThrs = np.array([iou_threshold])
        evaluation.params.imgIds = sorted(truth_set.getImgIds())
        evaluation.params.useCats = True
        evaluation.evaluate()
        evaluation.accumulate()
        evaluation.summarize()
    return float(evaluation.stats[0])
# --- Lyft 3D object detection ---------------------------------------------------------------------------------

LYFT_IOU_THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)
LYFT_GROUP = 9  # confidence center_x center_y center_z width length height yaw class_name


@dataclass(frozen=True)
class LyftBox:
    """One parsed box: its centre, (width, length, height), yaw as the quaternion [w, x, y, z] about z, class, score."""

    translation: tuple[float, float, float]
    size: tuple[float, float, float]
    rotation: tuple[float, float, float, float]
    name: str
    score: float


def parse_lyft_boxes(text: object) -> list[LyftBox]:
    """A PredictionString as MLE-bench parses it: blank is no box; single-space tokens in groups of 9 through
    float() (so doubled spaces make empty tokens); the yaw becomes the quaternion about the z axis."""
    if not isinstance(text, str):
        raise InvalidSubmissionError("A PredictionString must be text (an empty cell means no boxes).")
    if not text.strip():
        return []
    tokens = text.split(" ")
    if len(tokens) % LYFT_GROUP:
        raise InvalidSubmissionError(f"A PredictionString must hold groups of {LYFT_GROUP} tokens "
                                     f"(confidence x y z width length height yaw class); got {len(tokens)}.")
    boxes = []
    for start in range(0, len(tokens), LYFT_GROUP):
        group = tokens[start:start + LYFT_GROUP]
        try:
            score, *numbers = (float(t) for t in group[:8])
            half = numbers[6] / 2.0
            # pyquaternion's axis-angle constructor: math.cos/sin, so an infinite yaw raises as it does there.
            rotation = (math.cos(half), 0.0, 0.0, math.sin(half))
        except ValueError as exc:
            raise InvalidSubmissionError("PredictionString confidences, centres, sizes and yaws must be numbers "
                                         "(single spaces between tokens).") from exc
        boxes.append(LyftBox(tuple(numbers[0:3]), tuple(numbers[3:6]), rotation, group[8], score))
    return boxes


class _Box3D:
    """The devkit's box geometry, built only for a box that is evaluated (a prediction of a class in the sample's
    ground truth), with the devkit's refusals of NaN, non-positive sizes and a footprint that is not a rectangle."""

    def __init__(self, box: LyftBox) -> None:
        from shapely.geometry import Polygon

        if np.isnan(box.translation).any() or np.isnan(box.size).any() or np.isnan(box.rotation).any():
            raise InvalidSubmissionError("A box's centre, size and yaw must not be NaN.")
        if not all(x > 0 for x in box.size):
            raise InvalidSubmissionError("A box's width, length and height must all be positive.")
        self.volume = np.prod(box.size)
        width, length, height = box.size
        cx, cy, cz = box.translation
        self.min_z, self.max_z = cz - height / 2, cz + height / 2
        cos, sin = _yaw_cos_sin(box.rotation)
        corners = [
            (cx + length / 2 * cos + width / 2 * sin, cy + length / 2 * sin - width / 2 * cos),
            (cx + length / 2 * cos - width / 2 * sin, cy + length / 2 * sin + width / 2 * cos),
            (cx - length / 2 * cos - width / 2 * sin, cy - length / 2 * sin + width / 2 * cos),
            (cx - length / 2 * cos + width / 2 * sin, cy - length / 2 * sin - width / 2 * cos),
        ]
        p0, p1, p2, p3 = corners
        with np.errstate(all="ignore"):
            square = (_orthogonal(p0, p1, p3) and _orthogonal(p1, p0, p2) and _orthogonal(p2, p1, p3)
                      and _orthogonal(p3, p0, p2))
        if not square:
            # The devkit asserts this; rounding breaks it for boxes far from the origin or of extreme size.
            raise InvalidSubmissionError("A box's footprint is not a rectangle in floating point (extreme values).")
        self.footprint = Polygon([*corners, corners[0]])

    def iou(self, other: _Box3D) -> float:
        height = max(0, min(other.max_z, self.max_z) - max(other.min_z, self.min_z))
        intersection = height * self.footprint.intersection(other.footprint).area
        with np.errstate(all="ignore"):
            return np.clip(intersection / (self.volume + other.volume - intersection), 0, 1)


def _yaw_cos_sin(rotation: tuple[float, float, float, float]) -> tuple[float, float]:
    """Entries [0, 0] and [1, 0] of the rotation matrix of a quaternion [w, 0, 0, z], normalised as pyquaternion
    normalises (only when its squared norm is 1e-14 or more away from 1)."""
    w, _, _, z = rotation
    squares = w * w + z * z
    if abs(1.0 - squares) >= 1e-14:
        norm = math.sqrt(squares)
        w, z = w / norm, z / norm
    return w * w - z * z, z * w + w * z


def _orthogonal(a, b, c) -> bool:
    return bool(np.isclose((b[0] - a[0]) * (c[0] - a[0]) + (b[1] - a[1]) * (c[1] - a[1]), 0))


def _voc_ap(recalls: np.ndarray, precisions: np.ndarray) -> float:
    """All-point interpolated AP: sentinels, the precision envelope from the right, area where recall changes."""
    recalls = np.concatenate(([0.0], recalls, [1.0]))
    precisions = np.maximum.accumulate(np.concatenate(([0.0], precisions, [0.0]))[::-1])[::-1]
    changed = np.where(recalls[1:] != recalls[:-1])[0]
    return float(np.sum((recalls[changed + 1] - recalls[changed]) * precisions[changed + 1]))


def _class_aps(truths: list[LyftBox], preds: list[LyftBox], thresholds: Sequence[float]) -> list[float]:
    """AP of one class of one sample at each threshold: predictions by descending score (stable), each matched to
    its best-IoU true box (the first on ties) when the IoU strictly exceeds the threshold and that box is free."""
    ordered = sorted(preds, key=lambda box: box.score, reverse=True)
    gt_boxes = [_Box3D(box) for box in truths]
    best = []
    for pred in ordered:
        box = _Box3D(pred)
        ious = [box.iou(gt) for gt in gt_boxes]
        best.append((np.max(ious), int(np.argmax(ious))))
    aps = []
    for threshold in thresholds:
        taken = np.zeros(len(gt_boxes))
        tp, fp = np.zeros(len(ordered)), np.zeros(len(ordered))
        for k, (overlap, j) in enumerate(best):
            if overlap > threshold and taken[j] == 0:
                tp[k], taken[j] = 1.0, 1
            else:
                fp[k] = 1.0
        tp, fp = np.cumsum(tp), np.cumsum(fp)
        aps.append(_voc_ap(tp / float(len(gt_boxes)), tp / np.maximum(tp + fp, np.finfo(np.float64).eps)))
    return aps


def lyft_sample_maps(truths: list[LyftBox], preds: list[LyftBox],
                     thresholds: Sequence[float] = LYFT_IOU_THRESHOLDS) -> list[float]:
    """One sample's mAP at each threshold: the mean AP over the classes of its true boxes (sorted names); a class
    without predictions scores 0 and predicted classes absent from the truth are ignored (never even built)."""
    classes = sorted({box.name for box in truths})
    per_class = np.zeros((len(classes), len(thresholds)))
    for c, name in enumerate(classes):
        class_preds = [box for box in preds if box.name == name]
        if class_preds:
            per_class[c] = _class_aps([box for box in truths if box.name == name], class_preds, thresholds)
    with np.errstate(all="ignore"):
        return [float(np.mean(per_class[:, t])) if classes else float("nan") for t in range(len(thresholds))]


def lyft_3d_map(truths: Sequence[str], preds: Sequence[str],
                thresholds: Sequence[float] = LYFT_IOU_THRESHOLDS) -> float:
    """MLE-bench's Lyft score: every sample's mAP at every IoU threshold, averaged (not Kaggle's pooled mAP).

    `truths` and `preds` are PredictionStrings paired by position (the truth's boxes carry confidence 1.0).
    Every string is parsed before any box is evaluated, so a parse error anywhere is refused first.
    """
    true_rows = [parse_lyft_boxes(t) for t in truths]
    pred_rows = [parse_lyft_boxes(p) for p in preds]
    maps = [value for t, p in zip(true_rows, pred_rows, strict=True) for value in lyft_sample_maps(t, p, thresholds)]
    return float(np.mean(maps))
