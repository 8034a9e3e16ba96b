"""Pooled Kendall tau of predicted cell orders; the schema has paired notebooks by id before this runs."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import kendall_tau_orders


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    # MLE-bench casts each cell to str first: a missing order becomes the one-token 'nan'.
    truth = [str(order).split() for order in answers["cell_order"]]
    predicted = [str(order).split() for order in submission["cell_order"]]
    wrong_length = sum(len(t) != len(p) for t, p in zip(truth, predicted, strict=True))
    if wrong_length:
        raise InvalidSubmissionError(
            f"{wrong_length} notebook(s) have a 'cell_order' whose number of cell ids differs from the notebook's."
        )
    return kendall_tau_orders(truth, predicted)
