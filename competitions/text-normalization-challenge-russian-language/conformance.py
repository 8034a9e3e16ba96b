"""Answers to the conformance suite: tiny zipped CSVs in Kaggle's layout, perfect and broken submissions."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.families.text_normalization import invalid_language_submissions, make_raw_language
from pytest_mlebench.testing.reasons import ROW_COUNT, id_mismatch

PREFIX = "ru"
BEST_SCORE = 1.0
ROW_ORDER_FREE = True
ID_COLUMN = "id"
PUBLIC_TEST = f"{PREFIX}_test_2.csv.zip"
PUBLIC_TRAIN = None  # train and test sentence ids are both renumbered from 0, so they overlap by design
# (class, before, after); 'NA' and 'null' are read as missing by pandas, as in Kaggle's data.
TOKENS = [
    ("PLAIN", "в", "в"), ("PLAIN", "Москве", "Москве"), ("PLAIN", "ещё", "ещё"),
    ("PUNCT", ".", "."), ("PUNCT", ",", ","), ("PUNCT", "«", "«"), ("CARDINAL", "12", "двенадцать"),
    ("DATE", "1999 года", "тысяча девятьсот девяносто девятого года"), ("LETTERS", "МГУ", "м г у"),
    ("MEASURE", "5 кг", "пять килограмм"), ("PLAIN", "BBC", "b_latin b_latin c_latin"),
    ("PLAIN", "Google", "г_trans у_trans г_trans л_trans"), ("PLAIN", "NA", "NA"), ("PLAIN", "null", "null"),
    ("DECIMAL", "2,5", "две целых и пять десятых"),
]


def make_raw(raw: Path, rng: np.random.Generator, sentences: int = 30) -> None:
    make_raw_language(raw, rng, PREFIX, TOKENS, ["Он", "12", "да"], sentences)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return invalid_language_submissions(sample, answers)


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "too few rows": ROW_COUNT,
    "missing after": r"Submission is missing column\(s\) \['after'\]\.",
    "missing id": r"Submission is missing column\(s\) \['id'\]\.",
    "unknown id": id_mismatch(),
    "duplicated id": id_mismatch(),
}
