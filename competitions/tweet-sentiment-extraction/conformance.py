"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv of tweets with the selected
span and sentiment, and Kaggle's unused test.csv and sample_submission.csv)."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
ANSWER_COLUMNS = ["selected_text"]  # the answers file also carries the public text and sentiment
WORDS = ["so", "happy", "today!", "sad", "about", "it", "Love", "this", "song", "ugh,", "work", "`again`", "ok"]
SENTIMENTS = ["neutral", "negative", "positive"]


def _tweets(rng: np.random.Generator, rows: int) -> pd.DataFrame:
    ids = [f"{value:010x}" for value in rng.choice(16**10, size=rows, replace=False)]
    texts, spans = [], []
    for _ in range(rows):
        words = list(rng.choice(WORDS, size=int(rng.integers(3, 8))))
        start = int(rng.integers(0, len(words) - 1))
        texts.append((" " if rng.random() < 0.3 else "") + " ".join(words))
        spans.append(" ".join(words[start:start + int(rng.integers(1, 3))]))
    return pd.DataFrame({"textID": ids, "text": texts, "selected_text": spans,
                         "sentiment": rng.choice(SENTIMENTS, size=rows)})


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 50) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    train = _tweets(rng, rows)
    # Kaggle's train has one row without text; here it sits where the split keeps it in train, as MLE-bench's
    # sample submission (scored 0.0, so valid) implies it does there.
    train_row = int(np.random.RandomState(0).permutation(rows)[-1])
    train.loc[train_row, ["text", "selected_text"]] = np.nan
    train.to_csv(raw / "train.csv", index=False)
    test = _tweets(rng, 4).drop(columns=["selected_text"])
    test.to_csv(raw / "test.csv", index=False)
    test[["textID"]].assign(selected_text="").to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["textID", "selected_text"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """No rule beyond the generic ones can be broken on this test set: the 0/0 row needs an empty answer, and
    with one the sample submission itself would be invalid (see the competition's own tests)."""
    return {}
