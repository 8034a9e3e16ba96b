"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv; the unused test.csv and
sample_submission.csv)."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"

HINDI = ["भारत", "की", "राजधानी", "नई", "दिल्ली", "है", "1947", "में", "स्वतंत्रता"]
TAMIL = ["சென்னை", "தமிழ்நாட்டின்", "தலைநகரம்", "ஆகும்", "1639", "ல்", "நிறுவப்பட்டது"]


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    records = []
    for n in range(rows):
        language, words = ("hindi", HINDI) if n % 2 else ("tamil", TAMIL)
        context = " ".join(rng.choice(words, size=20)) + ',\n"' + " ".join(rng.choice(words, size=5)) + '"'
        start = int(rng.integers(0, 10))
        answer = " ".join(context.split()[start:start + int(rng.integers(1, 4))])
        records.append({
            "id": f"{int(rng.integers(0, 16**9)):09x}",
            "context": context,
            "question": " ".join(rng.choice(words, size=6)) + "?",
            "answer_text": answer,
            "answer_start": context.find(answer),
            "language": language,
        })
    pd.DataFrame(records).to_csv(raw / "train.csv", index=False)
    test = pd.DataFrame(records[:3]).drop(columns=["answer_text", "answer_start"]).assign(id=["t1", "t2", "t3"])
    test.to_csv(raw / "test.csv", index=False)
    test[["id"]].assign(PredictionString="").to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Predictions that pandas reads as numbers are no text."""
    return {"numbers for predictions": sample.assign(PredictionString=np.arange(len(sample)) + 0.5)}


INVALID_REASONS = {"numbers for predictions": r"Column 'PredictionString' must hold text"}
