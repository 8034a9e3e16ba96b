"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv of essays with a 1-6 score, and
Kaggle's unused test.csv and sample_submission.csv)."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
ANSWER_COLUMNS = ["score"]  # the answers file also carries the public full_text
WORDS = ["Driverless", "cars", "are", "a", "good", "idea,", "because", "\"people\"", "venus", "is", "far.", "I",
         "think", "the", "face", "on", "mars"]


def _essays(rng: np.random.Generator, rows: int) -> pd.DataFrame:
    ids = [f"{value:07x}" for value in rng.choice(16**7, size=rows, replace=False)]
    texts = ["\n\n".join(" ".join(rng.choice(WORDS, size=6)) for _ in range(int(rng.integers(1, 4))))
             for _ in range(rows)]
    return pd.DataFrame({"essay_id": ids, "full_text": texts})


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 60) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    # Scores cycle through 1..6, so the tiny test set holds several of them.
    _essays(rng, rows).assign(score=np.arange(rows) % 6 + 1).to_csv(raw / "train.csv", index=False)
    test = _essays(rng, 3)
    test.to_csv(raw / "test.csv", index=False)
    test[["essay_id"]].assign(score=3).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["essay_id", "score"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones: fractions, NaN and text among the scores."""
    fraction = sample.astype({"score": float})
    fraction.loc[0, "score"] = 2.5
    missing = sample.astype({"score": float})
    missing.loc[0, "score"] = np.nan
    text = sample.astype({"score": object})
    text.loc[0, "score"] = "four"
    return {"fractional score": fraction, "missing score": missing, "text score": text, "no rows": sample.iloc[:0]}


INVALID_REASONS = {
    "fractional score": r"Column 'score' must hold integer scores",
    "missing score": r"Column 'score' must hold integer scores",
    "text score": r"Column 'score' must hold integer scores",
    "no rows": r"Submission has 0 rows; the test set has \d+\.",
}
