"""The Lyft devkit's 3D mAP per sample, averaged over IoU thresholds and samples; the schema pairs rows by Id."""

import pandas as pd

from pytest_mlebench.metrics import lyft_3d_map


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    # An empty cell is read as NaN; MLE-bench turns it back into '' (no boxes).
    preds = ["" if not isinstance(value, str) and pd.isna(value) else value
             for value in submission["PredictionString"]]
    return lyft_3d_map(answers["PredictionString"].tolist(), preds)
