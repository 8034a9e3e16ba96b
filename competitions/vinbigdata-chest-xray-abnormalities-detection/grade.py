"""vinbigdata's COCO mAP at IoU 0.4 (the public 'competition-metric-map-0-4' kernel over pycocotools).

Truth: the answers' images in order (COCO ids 0..n-1), one annotation per answers row; detections: the submission's
rows in file order, each PredictionString split on single spaces into groups of 6 (class, score, box). Rows are not
counted: the submission's image ids must be the answers' as a set, and every row of an image counts.
"""

import math

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import coco_map_at_iou

BOX = ["x_min", "y_min", "x_max", "y_max"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if set(submission["image_id"]) != set(answers["image_id"]):
        raise InvalidSubmissionError(
            "Submission's 'image_id' values must be the test set's image ids (missing or unknown ids)."
        )
    images = list(answers["image_id"].unique())
    position = {image: k for k, image in enumerate(images)}
    categories = answers[["class_name", "class_id"]].drop_duplicates().sort_values("class_id")
    truths = [(k, cls, box) for k, image in enumerate(images)
              for cls, *box in answers.loc[answers["image_id"] == image, ["class_id", *BOX]].itertuples(index=False)]
    detections = []
    for image, text in zip(submission["image_id"], submission["PredictionString"], strict=True):
        for cls, score, *box in _groups(text):
            detections.append((position[image], int(cls), score, box))
    return coco_map_at_iou(len(images), list(zip(categories["class_id"], categories["class_name"], strict=True)),
                           truths, detections, iou_threshold=0.4)


def _groups(text: object) -> np.ndarray:
    """The kernel's parse: str.split(' '), float() of every token, reshape(-1, 6); what it raises is refused."""
    if not isinstance(text, str):
        raise InvalidSubmissionError("Column 'PredictionString' must hold text in every row (no empty cells).")
    try:
        values = np.array([float(token) for token in text.split(" ")])
    except ValueError as exc:
        raise InvalidSubmissionError(
            "PredictionString tokens must be numbers separated by single spaces (no doubled or trailing spaces)."
        ) from exc
    if len(values) % 6:
        raise InvalidSubmissionError("A PredictionString must hold groups of 6 (class_id score x_min y_min x_max y_max).")
    groups = values.reshape(-1, 6)
    # int() of the class fails on NaN and infinity in the kernel.
    if not all(math.isfinite(cls) for cls in groups[:, 0]):
        raise InvalidSubmissionError("PredictionString class ids must be finite numbers.")
    return groups
