"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv of prompt/response pairs with
the three winner columns, and Kaggle's unused test.csv and sample_submission.csv)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 0.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
CLASSES = ["winner_model_a", "winner_model_b", "winner_tie"]
ANSWER_COLUMNS = ["model_a", "model_b", *CLASSES]  # the answers file also carries the public texts
MODELS = ["gpt-4-0613", "claude-2.1", "llama-2-70b-chat", "vicuna-13b", "mixtral-8x7b-instruct-v0.1"]
WORDS = ["What", "is", "the", "capital", "of", "France?", "Paris,", "of course.", "I'm", "sorry", "\"quoted\"", "\\n"]


def _texts(rng: np.random.Generator, rows: int) -> list[str]:
    # Kaggle stores each turn list as a JSON array of strings.
    return [json.dumps([" ".join(rng.choice(WORDS, size=5)) for _ in range(int(rng.integers(1, 3)))])
            for _ in range(rows)]


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 60) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    ids = rng.choice(4_294_967_295, size=rows + 3, replace=False)
    winner = np.arange(rows) % 3
    train = pd.DataFrame({
        "id": ids[:rows],
        "model_a": rng.choice(MODELS, size=rows),
        "model_b": rng.choice(MODELS, size=rows),
        "prompt": _texts(rng, rows),
        "response_a": _texts(rng, rows),
        "response_b": _texts(rng, rows),
    })
    for k, name in enumerate(CLASSES):
        train[name] = (winner == k).astype(int)
    train.to_csv(raw / "train.csv", index=False)
    test = pd.DataFrame({"id": ids[rows:], "prompt": _texts(rng, 3), "response_a": _texts(rng, 3),
                         "response_b": _texts(rng, 3)})
    test.to_csv(raw / "test.csv", index=False)
    test[["id"]].assign(**{name: 1 / 3 for name in CLASSES}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", *CLASSES]].astype({name: float for name in CLASSES})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones: rows that do not sum to 1 after rounding to 6 decimals."""
    off = sample.copy()
    off.loc[0, "winner_tie"] = 0.3334  # sums to 1.00006...
    tiny = sample.copy()
    tiny.loc[1, ["winner_model_a", "winner_model_b", "winner_tie"]] = [0.5, 0.5, 0.0000006]
    return {"row sum not one": off, "row sum off in the 7th decimal": tiny}


INVALID_REASONS = {
    "row sum not one": r"Each row's three probabilities must sum to 1",
    "row sum off in the 7th decimal": r"Each row's three probabilities must sum to 1",
}
