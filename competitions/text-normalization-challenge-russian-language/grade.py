"""Token accuracy of the normalised text, rows matched by id, both sides compared as pandas-2 text."""

import pandas as pd

from pytest_mlebench.metrics import accuracy, as_text, prepare_for_accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    y_true, y_pred = prepare_for_accuracy(submission, answers, target_column="after", id_column="id")
    # MLE-bench compares astype(str) of both columns: a missing token reads 'nan' on each side and matches.
    return accuracy(as_text(y_true), as_text(y_pred))
