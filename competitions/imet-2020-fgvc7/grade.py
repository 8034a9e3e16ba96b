"""Micro F1 over attribute ids; the schema has matched rows by id. MLE-bench's choice: F1, not Kaggle's F2."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import multilabel_micro_f1


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    predicted = submission["attribute_ids"].astype(object).fillna("")
    # MLE-bench splits the cells with pandas' string accessor, which fails on numbers (a column of single ids).
    if not predicted.map(lambda cell: isinstance(cell, str)).all():
        raise InvalidSubmissionError("Column 'attribute_ids' must hold space-separated ids as text.")
    true_labels = [cell.split() for cell in answers["attribute_ids"].astype(object).fillna("").astype(str)]
    return multilabel_micro_f1(true_labels, [cell.split() for cell in predicted])
