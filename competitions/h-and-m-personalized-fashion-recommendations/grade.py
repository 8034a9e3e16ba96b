"""MAP@12 over the customers who bought in the test window; predicted article ids are matched as exact text."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import as_text, mean_average_precision_at_k


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    missing = set(answers["customer_id"]) - set(submission["customer_id"])
    if missing:
        raise InvalidSubmissionError(f"Submission lacks {len(missing)} of the test set's customer_id values.")
    submission = submission[submission["customer_id"].isin(answers["customer_id"])].sort_values(by="customer_id")
    answers = answers.sort_values(by="customer_id")
    truth = [set(text.split(" ")) for text in as_text(answers["prediction"])]
    predicted = [text.split(" ") for text in as_text(submission["prediction"])]
    # MLE-bench pairs rows positionally with zip: a duplicated customer shifts the pairing and the extra rows at
    # the end are dropped.
    return mean_average_precision_at_k(truth, predicted[: len(truth)], k=12)
