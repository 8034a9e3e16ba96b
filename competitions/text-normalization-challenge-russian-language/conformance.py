"""Answers to the conformance suite: tiny zipped CSVs in Kaggle's layout, perfect and broken submissions."""

import csv
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

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
    """The five zips of Kaggle's download: train, both test stages and both sample submissions."""
    rows = []
    # Kaggle's sentence ids are consecutive; shuffled here so renumbering is visible.
    for sentence in rng.permutation(sentences):
        for token in range(int(rng.integers(2, 7))):
            cls, before, after = TOKENS[int(rng.integers(len(TOKENS)))]
            rows.append((int(sentence), token, cls, before, after))
    train = pd.DataFrame(rows, columns=["sentence_id", "token_id", "class", "before", "after"])
    test = pd.DataFrame({"sentence_id": [0, 0, 1], "token_id": [0, 1, 0], "before": ["Он", "12", "да"]})
    sample = pd.DataFrame({"id": ["0_0", "0_1", "1_0"], "after": ["Он", "12", "да"]})
    _zip_csv(raw, f"{PREFIX}_train.csv", train)
    for stage in ("", "_2"):
        _zip_csv(raw, f"{PREFIX}_test{stage}.csv", test)
        _zip_csv(raw, f"{PREFIX}_sample_submission{stage}.csv", sample)


def _zip_csv(raw: Path, name: str, frame: pd.DataFrame) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    frame.to_csv(text, index=False, quoting=csv.QUOTE_NONNUMERIC)
    with zipfile.ZipFile(raw / f"{name}.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, text.getvalue())


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule of the spec."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "id"] = "99999_0"
    duplicated_id = sample.copy()
    duplicated_id.loc[1, "id"] = duplicated_id.loc[0, "id"]
    return {
        "too few rows": sample.iloc[1:],
        "missing after": sample.drop(columns=["after"]),
        "missing id": sample.drop(columns=["id"]),
        "unknown id": unknown_id,
        "duplicated id": duplicated_id,
    }
