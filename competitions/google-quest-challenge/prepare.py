"""Google QUEST: 10% of Kaggle's train question-answer pairs become the test set (random_state 0)."""

from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.frames import read_csv

TARGETS = (Path(__file__).parent / "targets.txt").read_text().split()
SPELLING = "question_type_spelling"


def prepare(raw: Path, public: Path, private: Path) -> None:
    new_train, new_test = train_test_split(read_csv(raw / "train.csv"), test_size=0.1, random_state=0)
    new_train, new_test = new_train.copy(), new_test.copy()
    if new_test[SPELLING].nunique() == 1:
        # MLE-bench swaps the values (qa_id included) of the first train row with a non-zero spelling score and
        # of the first test row, so that the test column is not constant; index labels stay where they were.
        train_row = int(np.flatnonzero(new_train[SPELLING].to_numpy() != 0)[0])
        for position in range(new_train.shape[1]):
            moved = new_train.iat[train_row, position]
            new_train.iat[train_row, position] = new_test.iat[0, position]
            new_test.iat[0, position] = moved

    new_test.drop(columns=TARGETS).to_csv(public / "test.csv", index=False)
    answers = new_test[["qa_id", *TARGETS]]
    answers.to_csv(private / "test.csv", index=False)
    ramp = np.linspace(0, 1, len(new_test))
    pd.DataFrame({"qa_id": answers["qa_id"].to_numpy(), **{t: ramp for t in TARGETS}}).to_csv(
        public / "sample_submission.csv", index=False
    )
    new_train.to_csv(public / "train.csv", index=False)
    constant = [t for t in TARGETS if answers[t].nunique() <= 1]
    if constant:
        raise ValueError(f"Test target column(s) {constant} hold a single value; Spearman's rho would be undefined.")
