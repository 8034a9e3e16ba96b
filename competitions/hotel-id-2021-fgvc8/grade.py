"""MAP@5 of the space-separated hotel_id predictions, rows matched by image (the submission schema)."""

import pandas as pd

from pytest_mlebench.metrics import as_text, mean_average_precision_at_k


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    # Both sides compared as text, as MLE-bench's astype(str) gives it: 123.0 (a float column) is not 123.
    actual = [set(labels.split(" ")) for labels in as_text(answers["hotel_id"])]
    predicted = [labels.split(" ") for labels in as_text(submission["hotel_id"])]
    return mean_average_precision_at_k(actual, predicted, k=5)
