"""MLE-bench's 'micro F1' of Natural Questions answers: over the two rows of each example ('<id>_long',
'<id>_short'), the share that is right (an exact valid answer, or blank where there is none), i.e. accuracy.

The schema checks the two columns only; rows are this grader's (two per answers record, matched by suffixed id).
"""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import f1

YES_NO = ("YES", "NO", "")


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != 2 * len(answers):
        raise InvalidSubmissionError(
            f"Submission has {len(submission)} rows; the test set needs {2 * len(answers)} (a _long and a _short "
            "row per example)."
        )
    # MLE-bench fills empty cells with '' and casts every column to text.
    ids = [_as_text(value) for value in submission["example_id"]]
    predictions = [_as_text(value).strip() for value in submission["PredictionString"]]
    expected = {f"{example_id}{suffix}" for example_id in answers["example_id"] for suffix in ("_long", "_short")}
    if set(ids) != expected:
        raise InvalidSubmissionError(
            "Submission's 'example_id' values must be '<example_id>_long' and '<example_id>_short' for every test "
            "example (some are missing or unknown)."
        )
    # MLE-bench then refuses duplicated ids, which the row count and the set of ids already rule out.

    first_annotation = dict(zip(answers["example_id"], (a[0] for a in answers["annotations"]), strict=True))
    y_true, y_pred = [], []
    for row_id, text in zip(ids, predictions, strict=True):
        prediction = _parsed(text)
        if row_id.endswith("_long"):
            valid = _long_answers(first_annotation[row_id.split("_long")[0]])
        else:
            valid = _short_answers(first_annotation[row_id.split("_short")[0]])
        y_pred.append(1 if text != "" else 0)
        y_true.append(1 if (text != "" and prediction in valid) or (text == "" and valid) else 0)
    return f1(y_true, y_pred, average="micro")


def _as_text(value) -> str:
    return "" if pd.isna(value) else str(value)


def _parsed(text: str) -> tuple[int, int] | str:
    """'start:end' as a pair of token indices, or 'YES', 'NO', ''; anything else is refused."""
    if ":" in text and len(text.split(":")) == 2:
        start, end = text.split(":")
        try:
            return int(start), int(end)
        except ValueError as exc:
            raise InvalidSubmissionError(
                "PredictionString 'start:end' must hold two integer token indices."
            ) from exc
    if text in YES_NO:
        return text
    raise InvalidSubmissionError("PredictionString must be 'start:end', 'YES', 'NO' or empty.")


def _long_answers(annotation: dict) -> list:
    long_answer = annotation["long_answer"]
    return [(long_answer["start_token"], long_answer["end_token"])] if long_answer["start_token"] != -1 else []


def _short_answers(annotation: dict) -> list:
    valid: list = [(s["start_token"], s["end_token"]) for s in annotation["short_answers"]]
    if annotation["yes_no_answer"] != "NONE":
        valid.append(annotation["yes_no_answer"])
    return valid
