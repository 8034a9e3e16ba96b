"""Kuzushiji's point-in-box micro F1; the schema has matched pages by image_id. First MLE-bench's format checks."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import kuzushiji_f1


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    predictions = [None if _is_missing(value) else value for value in submission["labels"].tolist()]
    for labels in predictions:
        if labels is not None:
            _check_labels(labels)
    truths = [None if _is_missing(value) else value for value in answers["labels"].tolist()]
    return kuzushiji_f1(predictions, truths)


def _is_missing(value: object) -> bool:
    return not isinstance(value, str) and bool(pd.isna(value))


def _check_labels(labels: object) -> None:
    """MLE-bench's check of one page: text, 'label x y' triples split on single spaces, x and y through float()."""
    if not isinstance(labels, str):
        raise InvalidSubmissionError("Column 'labels' must hold text: 'label x y' triples separated by spaces.")
    tokens = labels.split(" ")
    if len(tokens) % 3:
        raise InvalidSubmissionError(
            "A labels cell must hold 'label x y' triples separated by single spaces (no leading, trailing or "
            "doubled spaces)."
        )
    try:
        for token in tokens[1::3] + tokens[2::3]:
            float(token)
    except ValueError as exc:
        raise InvalidSubmissionError("The x and y of each 'label x y' triple must be numbers.") from exc
