"""Facebook Recruiting III: 10% of Kaggle's train questions become the test set (random_state 0)."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.formats.archives import extract
from pytest_mlebench.frames import read_csv

SAMPLE_TAGS = "javascript c# python php java"


def prepare(raw: Path, public: Path, private: Path) -> None:
    extract(raw / "Train.zip", raw)
    # Title and Body are parsed with pandas' defaults: a value such as 'NA' or 'null' becomes missing and is
    # written back empty, as in MLE-bench's files.
    questions = read_csv(raw / "Train.csv", dtype={"Id": str, "Tags": str})
    new_train, new_test = train_test_split(questions, test_size=0.1, random_state=0)
    new_train.to_csv(public / "train.csv", index=False)
    public_test = new_test.drop(columns=["Tags"])
    public_test.to_csv(public / "test.csv", index=False)
    public_test.assign(Tags=SAMPLE_TAGS).to_csv(public / "sample_submission.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
