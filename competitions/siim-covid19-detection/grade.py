"""SIIM-COVID's mAP at IoU 0.5 over the answers' labels, study and image rows pooled; rows aligned by id first."""

import math

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import voc_map_at_iou
from pytest_mlebench.metrics.detection import parse_label_boxes


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    predictions = submission["PredictionString"].tolist()
    # MLE-bench calls str.strip on each cell: a column pandas read as numbers fails there.
    if not all(isinstance(text, str) for text in predictions):
        raise InvalidSubmissionError("Column 'PredictionString' must hold text ('label confidence xmin ymin xmax ymax').")
    classes = {label for text in answers["PredictionString"] for label, _, _ in parse_label_boxes(text)}
    for text in predictions:
        # scikit-learn refuses NaN or infinite scores in MLE-bench; labels outside the answers never reach it.
        if any(label in classes and not math.isfinite(confidence) for label, confidence, _ in parse_label_boxes(text)):
            raise InvalidSubmissionError("PredictionString confidences must be finite numbers (no NaN or infinity).")
    return voc_map_at_iou(predictions, answers["PredictionString"].tolist(), iou_threshold=0.5)
