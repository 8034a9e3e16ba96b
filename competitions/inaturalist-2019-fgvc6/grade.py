"""Top-1 error: 1 - accuracy of the first predicted category id; the schema has matched rows by id."""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import top1_error


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    y_pred = [_first_category(value) for value in submission["predicted"].tolist()]
    # scikit-learn cannot compare an id beyond int64 with the answers' classes and raises, as in MLE-bench.
    if any(not -(2**63) <= value < 2**63 for value in y_pred):
        raise InvalidSubmissionError("Column 'predicted' must hold category ids within the int64 range.")
    y_true = [int(value) for value in answers["predicted"].tolist()]
    return top1_error(y_true, y_pred)


def _first_category(value: object) -> int:
    """MLE-bench's reading of a cell: an integer as it is, else the first space-separated token through int()."""
    if isinstance(value, (int, np.integer)):
        return int(value)
    tokens = str(value).split()
    try:
        # A float cell (a column with NaN, or '3.0') is no integer token: MLE-bench's int() raises there.
        return int(tokens[0])
    except (IndexError, ValueError) as exc:
        raise InvalidSubmissionError(
            "Column 'predicted' must hold category ids: an integer, or space-separated integers (the first counts)."
        ) from exc
