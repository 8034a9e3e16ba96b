"""Detection metrics as MLE-bench computes them: Kuzushiji's point-in-box F1 and SIIM-COVID's VOC mAP at IoU 0.5.

Prediction strings are parsed here as the metric's reference code parses them; refusals are InvalidSubmissionError.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn import metrics as skm

from pytest_mlebench.errors import InvalidSubmissionError


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
    pred_rows = [sorted(parse_label_boxes(p), key=lambda g: -g[1]) for p in preds]
    true_rows = [parse_label_boxes(t) for t in truths]
    classes = sorted({label for row in true_rows for label, _, _ in row})
    aps = []
    for cls in classes:
        y_true: list[int] = []
        y_score: list[float] = []
        for pred_row, true_row in zip(pred_rows, true_rows, strict=True):
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
