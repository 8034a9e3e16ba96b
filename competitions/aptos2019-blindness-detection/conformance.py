"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train_images/*.png)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.builders import noise_image

BEST_SCORE = 1.0
ROW_ORDER_FREE = True
ID_COLUMN = "id_code"
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 50) -> None:
    """raw/train.csv, raw/train_images/<id_code>.png, and Kaggle's unused test.csv, test_images/, sample."""
    # Grades cycle along train_test_split's permutation, so the tiny test set holds all five.
    order = np.random.RandomState(0).permutation(rows)
    grade = np.empty(rows, dtype=int)
    grade[order] = np.arange(rows) % 5
    codes = [f"{value:012x}" for value in rng.choice(16**12, size=rows + 3, replace=False)]
    train_codes, test_codes = codes[:rows], codes[rows:]
    for folder, names in (("train_images", train_codes), ("test_images", test_codes)):
        (raw / folder).mkdir(parents=True, exist_ok=True)
        for name in names:
            (raw / folder / f"{name}.png").write_bytes(noise_image(rng, (4, 4, 3), "PNG"))
    pd.DataFrame({"id_code": train_codes, "diagnosis": grade}).to_csv(raw / "train.csv", index=False)
    pd.DataFrame({"id_code": test_codes}).to_csv(raw / "test.csv", index=False)
    pd.DataFrame({"id_code": test_codes, "diagnosis": 0}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule of the spec."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "id_code"] = "ffffffffffff"
    mixed = sample.astype({"diagnosis": object})
    mixed.loc[0, "diagnosis"] = "severe"
    return {
        "missing diagnosis column": sample.drop(columns=["diagnosis"]),
        "no rows": sample.iloc[:0],
        "unknown id_code": unknown_id,
        "missing id": sample.iloc[1:],
        "missing id_code column": sample.drop(columns=["id_code"]),
        "duplicated id_code": pd.concat([sample, sample.iloc[:1]]),
        "non-integer grade": sample.assign(diagnosis=1.5),
        "nan grade": sample.assign(diagnosis=np.nan),
        "text mixed with numbers": mixed,
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing diagnosis column": r"Submission is missing column\(s\) \['diagnosis'\]\.",
    "no rows": r"Submission has no rows\.",
    "unknown id_code": r"Submission's 'id_code' values are not the test set's ids \(some are missing or unknown\)\.",
    "missing id": r"Submission's 'id_code' values are not the test set's ids \(some are missing or unknown\)\.",
    "missing id_code column": r"Submission is missing column\(s\) \['id_code'\]\.",
    "duplicated id_code": r"Submission has \d+ rows for \d+ test ids \(duplicated ids\)\.",
    "non-integer grade": r"Column 'diagnosis' must hold integer grades \(no fractions, text or NaN\)\.",
    "nan grade": r"Column 'diagnosis' has missing values\.",
    "text mixed with numbers": r"Column 'diagnosis' must hold integer grades \(no fractions, text or NaN\)\.",
}
