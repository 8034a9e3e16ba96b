"""Accuracy of category_id, rows matched by _id (the submission schema); labels must be what scikit-learn accepts."""

import pandas as pd

from pytest_mlebench.metrics import accuracy, require_whole_numbers


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    # MLE-bench hands the labels to scikit-learn, which raises on fractional ones beside integer answers.
    require_whole_numbers(submission["category_id"], "category_id")
    return accuracy(answers["category_id"].to_numpy(), submission["category_id"].to_numpy())
