"""Micro F1 over the answers' classes; config.yaml's schema matches images, the labels must then be text."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import multilabel_micro_f1


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    labels = submission["labels"]
    # MLE-bench reads labels through pandas' .str after fillna(''): numbers or booleans fail there (invalid),
    # while an empty cell is an empty label set.
    if not all(isinstance(value, str) for value in labels.dropna()):
        raise InvalidSubmissionError("Column 'labels' must hold text: class names separated by spaces.")
    return multilabel_micro_f1(_label_sets(answers["labels"]), _label_sets(labels))


def _label_sets(labels: pd.Series) -> list[list[str]]:
    return [value.split() if isinstance(value, str) else [] for value in labels]
