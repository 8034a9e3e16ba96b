"""Billion Word Imputation: about 1% of Kaggle's training sentences become the test set, each with one word removed."""

import shutil
import zipfile
from pathlib import Path

import numpy as np

from pytest_mlebench.archives import zip_single_file
from pytest_mlebench.data.formats.archives import extract

TOTAL_LINES = 30_301_028  # Kaggle's train_v2.txt; MLE-bench reads no further and checks the count
TEST_FRACTION = 0.01
HEADER = '"id","sentence"\n'


def prepare(raw: Path, public: Path, private: Path) -> None:
    extract(raw / "train_v2.txt.zip", raw)
    # MLE-bench creates this generator once, at import: ours is created per call, so preparing twice in one
    # process gives the same files (MLE-bench's second call in one process would draw another split).
    rng = np.random.RandomState(0)
    lines = train_rows = test_rows = 0
    with (
        open(raw / "train_v2.txt", encoding="utf-8") as source,
        open(public / "train_v2.txt", "w", encoding="utf-8") as train,
        open(public / "test_v2.txt", "w", encoding="utf-8") as test,
        open(private / "test.csv", "w", encoding="utf-8") as answers,
    ):
        test.write(HEADER)
        answers.write(HEADER)
        for line in source:
            if lines == TOTAL_LINES:
                break
            lines += 1
            # One draw for every line, whatever the line holds: the split depends on the draw count.
            if rng.uniform() <= TEST_FRACTION and len(line.strip().split()) > 2:
                sentence = line.strip().replace('"', '""')
                words = sentence.split()
                dropped = rng.randint(1, len(words) - 1)  # never the first or the last word
                reduced = " ".join(words[:dropped] + words[dropped + 1:])
                answers.write(f'{test_rows},"{sentence}"\n')
                test.write(f'{test_rows},"{reduced}"\n')
                test_rows += 1
            else:
                train.write(line)
                train_rows += 1

    shutil.copyfile(public / "test_v2.txt", private / "sample_submission.csv")
    for name in ("train_v2.txt", "test_v2.txt"):
        zip_single_file(public / name, public / f"{name}.zip", zipfile.ZIP_DEFLATED)
        (public / name).unlink()
    if train_rows + test_rows != TOTAL_LINES:
        raise ValueError(f"Expected {TOTAL_LINES} lines in train_v2.txt, read {train_rows + test_rows}.")
