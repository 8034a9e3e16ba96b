"""U.S. Patent Phrase to Phrase Matching: a tenth of Kaggle's train becomes the test set (random_state 0); the
sample submission scores every pair 0."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.drop(columns=["score"]).to_csv(public / "test.csv", index=False)
    new_test[["id", "score"]].assign(score=0).to_csv(public / "sample_submission.csv", index=False)
