"""Pearson correlation of the similarity scores; the schema matches rows by id and requires numbers first.

A constant or NaN prediction gives NaN, which MLE-bench keeps as a valid score (no medal), and so does this.
"""

import warnings

import pandas as pd

from pytest_mlebench.metrics import pearson


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # NaN or infinity in a prediction: the result is NaN
        return pearson(answers["score"].to_numpy(dtype=float), submission["score"].to_numpy(dtype=float))
