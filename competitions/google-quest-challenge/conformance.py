"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv with 11 text columns and 30
targets; the unused test.csv and sample_submission.csv)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.reasons import ROW_COUNT

BEST_SCORE = 1.0
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
ROW_ORDER_FREE = True  # the grader sorts both frames by qa_id
TARGETS = (Path(__file__).parent / "targets.txt").read_text().split()
TEXT = ["question_title", "question_body", "question_user_name", "question_user_page", "answer",
        "answer_user_name", "answer_user_page", "url", "category", "host"]
RATINGS = [0.0, 0.333333333333333, 0.5, 0.666666666666667, 1.0]


def _text(n: int) -> dict[str, str]:
    return {
        "question_title": f"How do I keep \"state\" in a loop, case {n}?",
        "question_body": f"I tried this:\n\n    for x in range({n}):\n        y += x\n\nbut it fails, why?",
        "question_user_name": f"user{n}",
        "question_user_page": f"https://stackoverflow.com/users/{1000 + n}",
        "answer": f"Use an accumulator, e.g. total = {n}; then add.",
        "answer_user_name": f"helper{n}",
        "answer_user_page": f"https://stackoverflow.com/users/{5000 + n}",
        "url": f"http://stackoverflow.com/questions/{70000 + n}",
        "category": ["TECHNOLOGY", "SCIENCE", "CULTURE", "LIFE_ARTS"][n % 4],
        "host": "stackoverflow.com",
    }


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 40) -> None:
    """The spelling target is non-zero on two train rows only, so the preparer's one-row swap runs."""
    raw.mkdir(parents=True, exist_ok=True)
    order = np.random.RandomState(0).permutation(rows)  # train_test_split's shuffle: the first 10% are test
    targets = rng.choice(RATINGS, size=(rows, len(TARGETS)))
    targets[order[1]], targets[order[2]] = 0.0, 1.0  # two test rows differ in every target
    spelling = TARGETS.index("question_type_spelling")
    targets[:, spelling] = 0.0
    targets[order[10], spelling], targets[order[20], spelling] = 0.333333333333333, 1.0
    ids = np.sort(rng.choice(10_000, size=rows, replace=False))
    frame = pd.DataFrame([{"qa_id": int(i), **_text(int(i))} for i in ids])
    frame[TARGETS] = targets
    frame.to_csv(raw / "train.csv", index=False)
    test = pd.DataFrame([{"qa_id": 20_000 + n, **_text(n)} for n in range(3)])
    test.to_csv(raw / "test.csv", index=False)
    test[["qa_id"]].assign(**{t: 0.00308 for t in TARGETS}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The row count is the grader's own check (the schema leaves rows to it)."""
    return {"too few rows": sample.iloc[1:], "too many rows": pd.concat([sample, sample.iloc[:1]])}


INVALID_REASONS = {"too few rows": ROW_COUNT, "too many rows": ROW_COUNT}
