"""Mean character Levenshtein distance between answer and submitted sentences, paired by id by the schema."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import mean_levenshtein


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    sentences = submission["sentence"].tolist()
    if not all(isinstance(s, str) for s in sentences):
        # MLE-bench's edit distance raises on a sentence pandas read as a number (a column of only numbers).
        raise InvalidSubmissionError("Column 'sentence' must hold text in every row.")
    return mean_levenshtein(answers["sentence"].tolist(), sentences)
