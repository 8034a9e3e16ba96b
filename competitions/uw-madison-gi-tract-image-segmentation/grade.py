"""0.4 x mean Dice per row + 0.6 x (1 - mean Hausdorff per case-day), rows paired by position as MLE-bench does.

config.yaml's schema checks only that id, class and predicted are present; MLE-bench neither sorts nor counts
the rows, so neither does this grader.
"""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import dice, dice_hausdorff_combo, hausdorff_distance, rle_decode


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    heights = answers["image_height"].astype(int).tolist()
    widths = answers["image_width"].astype(int).tolist()
    # Row i is decoded at answer row i's size; rows past the shorter frame are dropped (zip).
    rows = min(len(submission), len(answers))
    ids = submission["id"].tolist()[:rows]
    if not all(isinstance(slice_id, str) for slice_id in ids):
        raise InvalidSubmissionError("Column 'id' must hold slice ids such as 'case1_day1_slice_0001' as text.")
    rles = _filled(submission["predicted"])[:rows]
    preds = [rle_decode(rle, h, w) for rle, h, w in zip(rles, heights[:rows], widths[:rows], strict=True)]
    trues = [rle_decode(rle, h, w) for rle, h, w in zip(_filled(answers["predicted"]), heights, widths, strict=True)]
    dices = [dice(pred, true, both_empty=np.nan) for pred, true in zip(preds, trues, strict=False)]
    # Case-day volumes are paired in their sorted order, the longer list cut (zip), as in MLE-bench.
    pairs = zip(_case_day_volumes(preds, ids), _case_day_volumes(trues, answers["id"].tolist()), strict=False)
    return dice_hausdorff_combo(dices, [hausdorff_distance(pred, true) for pred, true in pairs])


def _filled(values: pd.Series) -> list:
    """MLE-bench's fillna(''), value by value (pandas 3 warns when a float column is filled with text)."""
    return ["" if not isinstance(value, str) and pd.isna(value) else value for value in values]


def _case_day_volumes(masks: list[np.ndarray], ids: list[str]) -> list[np.ndarray]:
    """One volume per case-day: rows sorted by id, the rows of one slice OR-ed (the class is ignored), slices
    stacked; case-days in the order their first slice comes in the sorted ids."""
    slices: dict[str, list[np.ndarray]] = {}
    for mask, slice_id in sorted(zip(masks, ids, strict=True), key=lambda pair: pair[1]):
        slices.setdefault(slice_id, []).append(mask)
    days: dict[str, list[np.ndarray]] = {}
    for slice_id, slice_masks in slices.items():
        days.setdefault(slice_id.split("_slice_")[0], []).extend(_joined(slice_masks, slice_id))
    return [np.stack(_same_size(day_masks, case_day)) for case_day, day_masks in days.items()]


def _joined(masks: list[np.ndarray], slice_id: str) -> list[np.ndarray]:
    return [np.logical_or.reduce(_same_size(masks, slice_id))]


def _same_size(masks: list[np.ndarray], where: str) -> list[np.ndarray]:
    # Rows out of test.csv's order are decoded at another slice's size; numpy then fails in MLE-bench.
    if len({mask.shape for mask in masks}) > 1:
        raise InvalidSubmissionError(
            f"The masks of '{where}' were decoded at different sizes: rows must follow test.csv's order."
        )
    return masks
