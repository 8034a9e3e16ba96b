"""Label-weighted label-ranking average precision (lwlrap); the schema has paired clips by fname."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import label_weighted_lrap


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if list(submission.columns) != list(answers.columns):
        # MLE-bench requires fname first, then the 80 classes in the vocabulary's (alphabetical) order.
        raise InvalidSubmissionError(
            f"Submission columns must be 'fname' followed by the {len(answers.columns) - 1} class columns in the "
            "sample submission's order."
        )
    classes = list(answers.columns[1:])
    return label_weighted_lrap(answers[classes].to_numpy(), submission[classes].to_numpy())
