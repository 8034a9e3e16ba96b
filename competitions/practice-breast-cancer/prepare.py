"""Practice: breast cancer diagnosis from scikit-learn's bundled Wisconsin data; 25% becomes the test set.

The raw folder is ignored (`raw_source: builtin`): the data ships with scikit-learn, so preparing needs no network.
"""

from pathlib import Path

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

SEED = 0
TEST_SIZE = 0.25
SAMPLE_PROBABILITY = 0.5


def prepare(raw: Path, public: Path, private: Path) -> None:
    data = load_breast_cancer(as_frame=True)
    frame = data.data.rename(columns=lambda name: name.replace(" ", "_"))
    # scikit-learn codes malignant as 0; the task asks for the probability of malignancy, so 1 = malignant.
    frame["target"] = 1 - data.target.to_numpy()
    # Ids are a seeded shuffle: the bundled rows are grouped by diagnosis, so row numbers would leak the label.
    frame.insert(0, "id", np.random.RandomState(SEED).permutation(len(frame)))
    train, test = train_test_split(frame, test_size=TEST_SIZE, random_state=SEED, stratify=frame["target"])
    train, test = train.sort_values("id"), test.sort_values("id")
    train.to_csv(public / "train.csv", index=False)
    test.drop(columns=["target"]).to_csv(public / "test.csv", index=False)
    test[["id"]].assign(target=SAMPLE_PROBABILITY).to_csv(public / "sample_submission.csv", index=False)
    test[["id", "target"]].to_csv(private / "test.csv", index=False)
