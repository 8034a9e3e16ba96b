"""LMSYS Chatbot Arena: a tenth of Kaggle's train becomes the test set (random_state 0); the public test keeps
Kaggle's test columns (no model names, no winner)."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv

CLASSES = ["winner_model_a", "winner_model_b", "winner_tie"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, answers = train_test_split(old_train, test_size=0.1, random_state=0)
    new_test = answers[["id", "prompt", "response_a", "response_b"]].copy()
    sample = answers[["id"]].copy()
    for name in CLASSES:
        sample[name] = 1 / 3
    answers.to_csv(private / "answers.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(public / "test.csv", index=False)
    sample.to_csv(public / "sample_submission.csv", index=False)
