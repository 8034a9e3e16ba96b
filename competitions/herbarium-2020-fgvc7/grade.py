"""Macro F1 of Predicted, rows matched by Id (the submission schema); labels go through Python's int() first."""

import pandas as pd

from pytest_mlebench.metrics import as_python_ints, f1


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    y_true = as_python_ints(answers["Predicted"], "Predicted")
    y_pred = as_python_ints(submission["Predicted"], "Predicted")
    return f1(y_true, y_pred, average="macro")
