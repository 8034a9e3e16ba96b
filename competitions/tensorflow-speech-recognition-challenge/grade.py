"""Accuracy of the predicted labels (exact, case-sensitive strings); the schema matches rows by fname first."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import accuracy


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    labels = submission["label"]
    if not all(isinstance(value, str) for value in labels):
        # scikit-learn refuses numbers or booleans mixed with the answers' text labels, as in MLE-bench.
        raise InvalidSubmissionError("Column 'label' must hold text labels (not numbers).")
    return accuracy(answers["label"].to_numpy(dtype=object), labels.to_numpy(dtype=object))
