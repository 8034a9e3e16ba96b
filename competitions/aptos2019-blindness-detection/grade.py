"""Quadratic weighted kappa of the diagnosis grades, rows matched by id_code."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import quadratic_weighted_kappa, require_columns


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, ["diagnosis"])
    if submission.empty:
        raise InvalidSubmissionError("Submission has no rows.")
    require_columns(submission, ["id_code"])
    if set(submission["id_code"]) != set(answers["id_code"]):
        raise InvalidSubmissionError("Submission's 'id_code' values are not the test set's ids (some are missing or unknown).")
    # MLE-bench has no row-count check; scikit-learn rejects the unequal lengths a duplicated id leaves.
    if len(submission) != len(answers):
        raise InvalidSubmissionError(f"Submission has {len(submission)} rows for {len(answers)} test ids (duplicated ids).")
    if submission["diagnosis"].isna().any():
        raise InvalidSubmissionError("Column 'diagnosis' has missing values.")
    y_pred = submission.sort_values(by="id_code")["diagnosis"].to_numpy()
    y_true = answers.sort_values(by="id_code")["diagnosis"].to_numpy()
    try:
        return quadratic_weighted_kappa(y_true, y_pred)
    except (ValueError, TypeError) as exc:
        # scikit-learn refuses non-integer floats, NaN and text mixed with numbers, as in MLE-bench.
        raise InvalidSubmissionError("Column 'diagnosis' must hold integer grades (no fractions, text or NaN).") from exc
