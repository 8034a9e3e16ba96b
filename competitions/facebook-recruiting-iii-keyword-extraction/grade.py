"""Micro F1 over tags, the vocabulary being the answers' tags; the schema has paired questions by Id."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import multilabel_micro_f1


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    # MLE-bench reads a missing Tags value as no tags; any other non-text value breaks its .str accessor.
    predicted = ["" if pd.isna(tags) else tags for tags in submission["Tags"].tolist()]
    if not all(isinstance(tags, str) for tags in predicted):
        raise InvalidSubmissionError("Column 'Tags' must hold text: tags separated by spaces (empty for none).")
    truth = [tags.split() if isinstance(tags, str) else [] for tags in answers["Tags"].tolist()]
    # Predicted tags outside the answers' vocabulary are dropped, not counted as false positives (MLE-bench).
    return multilabel_micro_f1(truth, [tags.split() for tags in predicted])
