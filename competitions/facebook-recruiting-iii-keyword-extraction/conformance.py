"""Answers to the conformance suite: tiny raw data in Kaggle's layout (Train.zip holding Train.csv; the unused
Test.zip and SampleSubmission.csv)."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
ANSWER_COLUMNS = ["Tags"]  # the answers file also carries the public Title and Body
TAGS = ["c#", "java", "php", "javascript", "python", "android", "jquery", "c++", ".net", "html", "sql"]


def _questions(rng: np.random.Generator, ids: range) -> pd.DataFrame:
    titles = ["How do I parse JSON in {}?", "Why does {} throw, here?", "NA", "Sorting a list \"in place\" with {}"]
    rows = []
    for n in ids:
        tags = " ".join(rng.choice(TAGS, size=int(rng.integers(1, 4)), replace=False))
        rows.append({
            "Id": str(n),
            "Title": titles[n % len(titles)].format(tags.split()[0]),
            "Body": f"<p>I tried this:</p>\n\n<pre><code>x = \"{n}\", y\n</code></pre>\n",
            "Tags": tags,
        })
    return pd.DataFrame(rows)


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(raw / "Train.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Train.csv", _questions(rng, range(1, rows + 1)).to_csv(index=False))
    test = _questions(rng, range(rows + 1, rows + 4)).drop(columns=["Tags"])
    with zipfile.ZipFile(raw / "Test.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Test.csv", test.to_csv(index=False))
    test[["Id"]].assign(Tags="javascript c# python php java").to_csv(raw / "SampleSubmission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Id", "Tags"]].copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Tags that pandas reads as numbers are no text."""
    return {"numbers for tags": sample.assign(Tags=np.arange(len(sample)) + 0.5)}


INVALID_REASONS = {"numbers for tags": r"Column 'Tags' must hold text"}
