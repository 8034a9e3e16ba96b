"""Micro-averaged F1 of the species (equal to accuracy for one label per image); the submission schema pairs the
rows by file first."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import f1


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    try:
        return f1(answers["species"].to_numpy(), submission["species"].to_numpy(), average="micro")
    except (ValueError, TypeError) as exc:
        # scikit-learn refuses numbers among the text labels: invalid, as in MLE-bench.
        raise InvalidSubmissionError("Column 'species' must hold species names (text), not numbers.") from exc
