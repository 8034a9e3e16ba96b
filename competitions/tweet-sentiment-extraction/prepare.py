"""Tweet Sentiment Extraction: a tenth of Kaggle's train becomes the test set (random_state 0); the sample
submission leaves every selected_text empty."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    new_train, new_test = train_test_split(old_train, test_size=0.1, random_state=0)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test.drop(columns=["selected_text"]).to_csv(public / "test.csv", index=False)
    new_test[["textID", "selected_text"]].assign(selected_text="").to_csv(public / "sample_submission.csv", index=False)
