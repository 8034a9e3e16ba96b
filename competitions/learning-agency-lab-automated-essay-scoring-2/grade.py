"""Quadratic weighted kappa of the essay scores; the schema matches rows by essay_id first."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import quadratic_weighted_kappa


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    try:
        return quadratic_weighted_kappa(answers["score"].to_numpy(), submission["score"].to_numpy())
    except (ValueError, TypeError) as exc:
        # scikit-learn refuses fractions, NaN, infinity and text among the integer scores, as in MLE-bench; any
        # integer (0, 9, -2) is accepted and becomes one more label.
        raise InvalidSubmissionError("Column 'score' must hold integer scores (no fractions, text or NaN).") from exc
