"""Gesture edit distance: total Levenshtein distance over gesture sequences / total true gestures; the schema has
matched rows by Id."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import as_text, normalised_sequence_edit_distance


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    truths = [[int(token) for token in cell.split()] for cell in as_text(answers["Sequence"])]
    try:
        # MLE-bench casts the cells to text first: an empty cell becomes 'nan', and 3.0 stays '3.0'.
        predictions = [[int(token) for token in cell.split()] for cell in as_text(submission["Sequence"])]
    except ValueError as exc:
        raise InvalidSubmissionError(
            "Column 'Sequence' must hold gesture numbers (integers) separated by spaces in every row."
        ) from exc
    return normalised_sequence_edit_distance(truths, predictions)
