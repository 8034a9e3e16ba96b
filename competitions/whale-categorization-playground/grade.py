"""MAP@5 of the ranked whale ids against each image's one true id; the schema has matched rows by Image."""

import pandas as pd

from pytest_mlebench.metrics import as_text, mean_average_precision_at_k


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    actual = [set(cell.split(" ")) for cell in as_text(answers["Id"])]
    # Split on single spaces, as MLE-bench does: stray spaces give empty entries that take a rank; an empty cell
    # is read as the prediction 'nan'.
    predicted = [cell.split(" ") for cell in as_text(submission["Id"])]
    return mean_average_precision_at_k(actual, predicted, k=5)
