"""Pixel-wise F0.5 of the ink mask, averaged over rows (one fragment); the schema pairs the row and checks its Id.

The answers' RLE is Kaggle's row-major encoding: MLE-bench decodes with its column-major decoder given the
transposed shape and transposes back, which numbers pixels row by row; ours does the same. Both masks are decoded
alike and flattened, so the numbering cannot change a score; only the pixel count (width x height) matters.
"""

import numpy as np
import pandas as pd

from pytest_mlebench.metrics import f_beta, rle_decode


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    scores = []
    for predicted, (_, truth) in zip(submission["Predicted"], answers.iterrows(), strict=True):
        width, height = int(truth["width"]), int(truth["height"])
        true_mask = rle_decode(truth["Predicted"], height=width, width=height).T
        pred_mask = rle_decode(predicted, height=width, width=height).T
        scores.append(f_beta(true_mask.flatten(), pred_mask.flatten(), beta=0.5))
    return float(np.mean(scores))
