"""Masks: run-length encoding as MLE-bench's rle_decode reads it, Dice, TGS's IoU-threshold precision, Hausdorff.

RLE pixels are numbered 1-based, column-major (top to bottom, then left to right), runs `start length`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.spatial.distance import directed_hausdorff

from pytest_mlebench.errors import InvalidSubmissionError


def rle_decode(rle: object, height: int, width: int) -> np.ndarray:
    """A (height, width) bool mask from an RLE string; refuses what MLE-bench's assertions, int() and numpy refuse.

    Runs past the end are truncated, as numpy slicing does in MLE-bench. An odd token count follows numpy's
    broadcasting of MLE-bench's `starts + lengths`: one token is a start without a run (an empty mask), three
    tokens give both starts the one length, five or more are refused.
    """
    if not isinstance(rle, str):
        raise InvalidSubmissionError("A run-length encoding must be text.")
    mask = np.zeros(height * width, dtype=bool)
    if not rle.strip():
        return mask.reshape((width, height)).T
    try:
        tokens = [int(t) for t in rle.split()]
    except ValueError as exc:
        raise InvalidSubmissionError("A run-length encoding must be whole numbers.") from exc
    starts, lengths = tokens[0::2], tokens[1::2]
    if starts != sorted(starts) or min(starts) <= 0 or (lengths and min(lengths) <= 0):
        raise InvalidSubmissionError("Run starts must be ascending and positive, lengths positive.")
    if len(starts) != len(lengths) and len(lengths) > 1:
        raise InvalidSubmissionError("A run-length encoding must hold start/length pairs.")
    if len(lengths) == 1:
        lengths = lengths * len(starts)  # three tokens: numpy broadcasts the one length to both starts
    runs = zip(starts, lengths, strict=True) if lengths else ()  # one token: a start without a run
    # Python integers: numpy makes object arrays of numbers past 64 bits, so slicing still truncates them.
    # Starts ascend, so a run shares a pixel of the mask with an earlier one exactly when it starts before the
    # furthest in-mask pixel the earlier runs reach (what testing the mask's pixels finds, without reading them).
    reach, size = 0, height * width
    for lo, hi in ((start - 1, start - 1 + length) for start, length in runs):
        if lo < reach:
            raise InvalidSubmissionError("Runs of a run-length encoding must not overlap.")
        mask[lo:hi] = True
        reach = max(reach, min(hi, size))
    return mask.reshape((width, height)).T


def rle_encode(mask: np.ndarray) -> str:
    """The RLE string of a 2-D mask, numbered as `rle_decode` reads it; '' for an empty mask."""
    flat = np.concatenate([[0], np.asarray(mask, dtype=bool).T.flatten().astype(np.int8), [0]])
    changes = np.flatnonzero(np.diff(flat)) + 1
    starts, ends = changes[0::2], changes[1::2]
    return " ".join(f"{s} {e - s}" for s, e in zip(starts, ends, strict=True))


def dice(pred: np.ndarray, true: np.ndarray, both_empty: float = 1.0) -> float:
    """2|P and T| / (|P| + |T|); `both_empty` when neither mask has a pixel."""
    pred, true = np.asarray(pred, dtype=bool), np.asarray(true, dtype=bool)
    if pred.shape != true.shape:
        raise InvalidSubmissionError(f"A predicted mask is {pred.shape}, its answer {true.shape}.")
    total = pred.sum() + true.sum()
    return float(both_empty) if total == 0 else float(2 * (pred & true).sum() / total)


def mean_dice(preds: Sequence[np.ndarray], trues: Sequence[np.ndarray]) -> float:
    """numpy mean of per-image Dice, both-empty images scoring 1 (hubmap)."""
    return float(np.mean([dice(p, t) for p, t in zip(preds, trues, strict=True)]))


def global_dice(preds: Sequence[np.ndarray], trues: Sequence[np.ndarray]) -> float:
    """Dice over all pixels pooled (contrails); NaN when every mask is empty."""
    pred = np.concatenate([np.asarray(p, dtype=bool).ravel() for p in preds])
    true = np.concatenate([np.asarray(t, dtype=bool).ravel() for t in trues])
    return dice(pred, true, both_empty=np.nan)


TGS_THRESHOLDS = np.arange(0.5, 1.0, 0.05)


def iou_threshold_precision(true: np.ndarray, pred: np.ndarray) -> float:
    """TGS's per-image score: the share of thresholds 0.5..0.95 that the single-object IoU strictly exceeds.

    MLE-bench's Kaggle kernel computes it with numpy 2x2 histograms; this counts the same bins directly, with the
    kernel's quirk kept: a histogram's range is the data's min..max, so a constant mask (an empty prediction, a
    full one, a full truth) has all its pixels in the upper bin, and an empty prediction against a non-empty truth
    counts as a full-image prediction. The counts are integers either way, so the IoU is the same float.
    """
    true, pred = np.asarray(true, dtype=bool), np.asarray(pred, dtype=bool)
    true_pixels, pred_pixels = int(np.count_nonzero(true)), int(np.count_nonzero(pred))
    if true_pixels == 0:
        return 1.0 if pred_pixels == 0 else 0.0
    upper_true = true if 0 < true_pixels < true.size else np.ones(true.shape, dtype=bool)
    upper_pred = pred if 0 < pred_pixels < pred.size else np.ones(pred.shape, dtype=bool)
    intersection = float(np.count_nonzero(upper_true & upper_pred))
    union = float(np.count_nonzero(upper_true)) + float(np.count_nonzero(upper_pred)) - intersection
    iou = intersection / (union if union != 0 else 1e-9)
    # the mean of 0s and 1s: the count over ten, the float numpy's mean gives
    return sum(1 for t in TGS_THRESHOLDS if iou > t) / len(TGS_THRESHOLDS)


def mean_iou_threshold_precision(trues: Sequence[np.ndarray], preds: Sequence[np.ndarray]) -> float:
    """numpy mean of `iou_threshold_precision` over images."""
    return float(np.mean([iou_threshold_precision(t, p) for t, p in zip(trues, preds, strict=True)]))


def hausdorff_distance(pred: np.ndarray, true: np.ndarray) -> float:
    """uw-madison's normalised symmetric Hausdorff distance of two volumes (coordinates scaled by the shape).

    NaN when both are empty, 0 when equal, 1 when one is empty or the prediction has over 10x the true pixels.
    """
    pred, true = np.asarray(pred, dtype=bool), np.asarray(true, dtype=bool)
    if not pred.any() and not true.any():
        return float("nan")
    if np.array_equal(pred, true):
        return 0.0
    if not pred.any() or not true.any() or pred.sum() > 10 * true.sum():
        return 1.0
    scale = np.array(true.shape, dtype=float)
    p, t = np.argwhere(pred) / scale, np.argwhere(true) / scale
    return float(max(directed_hausdorff(t, p)[0], directed_hausdorff(p, t)[0]) / np.sqrt(3))


def dice_hausdorff_combo(dices: Sequence[float], hausdorffs: Sequence[float]) -> float:
    """0.4 * nanmean(per-mask Dice) + 0.6 * (1 - nanmean(per-volume Hausdorff)) (uw-madison)."""
    return float(0.4 * np.nanmean(dices) + 0.6 * (1 - np.nanmean(hausdorffs)))
