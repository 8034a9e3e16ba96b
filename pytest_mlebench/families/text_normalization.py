"""Text Normalization (English and Russian): 10% of Kaggle's train sentences become the test set, whole
sentences per side.

Sentence ids are renumbered from 0 on each side; every CSV is written with csv.QUOTE_NONNUMERIC, and the
public ones are shipped only as single-member stored zip archives, as MLE-bench does.
"""

import csv
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.archives import zip_single_file
from pytest_mlebench.frames import read_csv


def prepare_language(raw: Path, public: Path, private: Path, prefix: str) -> None:
    """Prepare the `prefix` (en, ru) competition from Kaggle's `<prefix>_*.csv.zip` files."""
    for name in (f"{prefix}_test_2.csv", f"{prefix}_train.csv", f"{prefix}_sample_submission_2.csv"):
        with zipfile.ZipFile(raw / f"{name}.zip") as archive:
            archive.extractall(raw)
    # Default NA parsing on purpose: tokens such as 'NA' or 'null' become empty fields, as in MLE-bench.
    old_train = read_csv(raw / f"{prefix}_train.csv")
    train_ids, test_ids = train_test_split(old_train["sentence_id"].unique(), test_size=0.1, random_state=0)
    new_train = _renumber(old_train[old_train["sentence_id"].isin(train_ids)])
    test_rows = _renumber(old_train[old_train["sentence_id"].isin(test_ids)])

    new_test = test_rows.drop(columns=["after", "class"])
    token_ids = test_rows["sentence_id"].astype(str) + "_" + test_rows["token_id"].astype(str)
    answers = pd.DataFrame({"id": token_ids, "after": test_rows["after"]})
    sample = pd.DataFrame({"id": token_ids, "after": test_rows["before"]})

    _write(answers, private / "answers.csv")
    _write(sample, private / "sample_submission.csv")
    for frame, name in (
        (new_train, f"{prefix}_train.csv"),
        (new_test, f"{prefix}_test_2.csv"),
        (sample, f"{prefix}_sample_submission_2.csv"),
    ):
        _write(frame, public / name)
        zip_single_file(public / name, public / f"{name}.zip")
        (public / name).unlink()


def _renumber(part: pd.DataFrame) -> pd.DataFrame:
    """Sentence ids 0, 1, ... in order of first appearance."""
    new_ids = {old: new for new, old in enumerate(part["sentence_id"].unique())}
    return part.assign(sentence_id=part["sentence_id"].map(new_ids))


def _write(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, quotechar='"', quoting=csv.QUOTE_NONNUMERIC)


def make_raw_language(
    raw: Path, rng: np.random.Generator, prefix: str, tokens: list[tuple[str, str, str]], words: list[str], sentences: int
) -> None:
    """Synthetic raw data for the conformance suite: the five zips of Kaggle's download (train, both test
    stages, both sample submissions), with `tokens` as (class, before, after) and `words` for the test files."""
    rows = []
    # Kaggle's sentence ids are consecutive; shuffled here so renumbering is visible.
    for sentence in rng.permutation(sentences):
        for token in range(int(rng.integers(2, 7))):
            cls, before, after = tokens[int(rng.integers(len(tokens)))]
            rows.append((int(sentence), token, cls, before, after))
    train = pd.DataFrame(rows, columns=["sentence_id", "token_id", "class", "before", "after"])
    test = pd.DataFrame({"sentence_id": [0, 0, 1], "token_id": [0, 1, 0], "before": words})
    sample = pd.DataFrame({"id": ["0_0", "0_1", "1_0"], "after": words})
    _zip_csv(raw, f"{prefix}_train.csv", train)
    for stage in ("", "_2"):
        _zip_csv(raw, f"{prefix}_test{stage}.csv", test)
        _zip_csv(raw, f"{prefix}_sample_submission{stage}.csv", sample)


def _zip_csv(raw: Path, name: str, frame: pd.DataFrame) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    frame.to_csv(text, index=False, quoting=csv.QUOTE_NONNUMERIC)
    with zipfile.ZipFile(raw / f"{name}.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, text.getvalue())


def invalid_language_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
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
