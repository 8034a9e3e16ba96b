"""chaii: 10% of Kaggle's train questions become the test set (random_state 0); answers are the answer texts."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    new_train, new_test = train_test_split(read_csv(raw / "train.csv"), test_size=0.1, random_state=0)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.drop(columns=["answer_start", "answer_text"]).to_csv(public / "test.csv", index=False)
    answers = new_test[["id", "answer_text"]].rename(columns={"answer_text": "PredictionString"})
    answers.to_csv(private / "test.csv", index=False)
    answers.assign(PredictionString="dummy text").to_csv(public / "sample_submission.csv", index=False)
