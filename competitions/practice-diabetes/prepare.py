"""Practice: diabetes progression regression from scikit-learn's bundled data; 25% becomes the test set.

The raw folder is ignored (`raw_source: builtin`): the data ships with scikit-learn, so preparing needs no network.
"""

from pathlib import Path

import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split

SEED = 0
TEST_SIZE = 0.25


def prepare(raw: Path, public: Path, private: Path) -> None:
    # Unscaled features read as measured (age in years, BMI, blood pressure, six serum values).
    frame = load_diabetes(as_frame=True, scaled=False).frame
    # Ids are a seeded shuffle, so that a row's id says nothing about where it sat in the bundled file.
    frame.insert(0, "id", np.random.RandomState(SEED).permutation(len(frame)))
    train, test = train_test_split(frame, test_size=TEST_SIZE, random_state=SEED)
    train, test = train.sort_values("id"), test.sort_values("id")
    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=["target"]).to_csv(public / "test.csv", index=False)
    # The sample predicts the training mean for every row: valid, and as weak as a constant can be.
    sample_value = round(float(train["target"].mean()), 1)
    test[["id"]].assign(target=sample_value).to_csv(public / "sample_submission.csv", index=False)
    test[["id", "target"]].to_csv(private / "test.csv", index=False)
