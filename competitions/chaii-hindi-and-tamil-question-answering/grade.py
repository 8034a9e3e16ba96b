"""Word-level Jaccard (lower-cased word sets, sklearn's samples average); the schema has paired rows by id."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import word_set_jaccard_samples


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    # MLE-bench fills missing predictions with '' (valid, no words); other non-text values make .lower() raise.
    predictions = ["" if pd.isna(p) else p for p in submission["PredictionString"].tolist()]
    if not all(isinstance(p, str) for p in predictions):
        raise InvalidSubmissionError("Column 'PredictionString' must hold text (empty values count as no words).")
    return word_set_jaccard_samples(predictions, ["" if pd.isna(t) else t for t in answers["PredictionString"].tolist()])
