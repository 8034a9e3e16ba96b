"""Mean over images of the share of IoU thresholds 0.5..0.95 passed; masks are 101x101 column-major RLEs.

config.yaml's schema checks the columns (exactly id and rle_mask), the rows and the ids first.
"""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import mean_iou_threshold_precision, rle_decode

HEIGHT = WIDTH = 101


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    masks = _filled(submission["rle_mask"])
    # MLE-bench requires every cell to be text after fillna(''): a mask column pandas read as numbers is refused.
    if not all(isinstance(value, str) for value in masks):
        raise InvalidSubmissionError("Column 'rle_mask' must hold run-length encodings as text.")
    preds = [rle_decode(rle, HEIGHT, WIDTH) for rle in masks]
    trues = [rle_decode(rle, HEIGHT, WIDTH) for rle in _filled(answers["rle_mask"])]
    return mean_iou_threshold_precision(trues, preds)


def _filled(values: pd.Series) -> list:
    """MLE-bench's fillna(''), value by value (pandas 3 warns when a float column is filled with text)."""
    return ["" if not isinstance(value, str) and pd.isna(value) else value for value in values]
