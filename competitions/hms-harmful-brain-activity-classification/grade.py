"""Kaggle's row-averaged KL divergence of the six expert-vote distributions, with MLE-bench's checks in its order."""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import as_numbers, kl_divergence, require_row_count

ID = "eeg_id"
VOTES = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]


def verify_probabilities(frame: pd.DataFrame) -> None:
    """Kaggle's probability validation over every column given, with pandas' NaN-skipping min, max and sum."""
    if not pd.api.types.is_numeric_dtype(frame.values):
        raise InvalidSubmissionError(f"Every column other than '{ID}' must hold numbers (extra columns included).")
    if frame.min().min() < 0 or frame.max().max() > 1:
        raise InvalidSubmissionError(f"Every column other than '{ID}' must be within [0, 1] (extra columns included).")
    if not np.allclose(frame.sum(axis=1), 1):
        raise InvalidSubmissionError(f"Each row's columns other than '{ID}' must sum to 1 (extra columns included).")


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_row_count(submission, answers)
    votes = as_numbers(submission[VOTES], "The six vote columns")
    # pandas' row sums skip NaN and Python's round(x, 5) decides (parity: a NaN vote is not refused here).
    if not all(round(float(total), 5) == 1 for total in np.nansum(votes, axis=1)):
        raise InvalidSubmissionError("Each row's six vote probabilities must sum to 1 (to 5 decimals).")
    if set(submission[ID]) != set(answers[ID]):
        raise InvalidSubmissionError(f"Submission's '{ID}' values must be the test set's EEG ids, each present.")
    # Parity: pandas' default (unstable) sort, then rows paired by position; EEGs repeat (a known issue).
    submission = submission.sort_values(by=ID).reset_index(drop=True)
    answers = answers.sort_values(by=ID).reset_index(drop=True)
    truth = answers[VOTES].div(answers[VOTES].sum(axis=1), axis=0)
    verify_probabilities(submission.drop(columns=[ID]))
    return kl_divergence(truth.to_numpy(), submission[VOTES].to_numpy())
