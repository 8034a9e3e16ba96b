"""Invasive Species Monitoring: 20% of Kaggle's labelled images (random_state 0) become the test set."""

import zipfile
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.archives import zip_single_file
from pytest_mlebench.data.formats.archives import extract, write_file_archive
from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    extract(raw / "train.7z", raw)
    with zipfile.ZipFile(raw / "train_labels.csv.zip") as archive:
        archive.extractall(raw)
    labels = read_csv(raw / "train_labels.csv")
    new_train, answers = train_test_split(labels, test_size=0.2, random_state=0)
    sample = answers.copy()
    sample["invasive"] = 0.5

    answers.to_csv(private / "answers.csv", index=False)
    sample.to_csv(private / "sample_submission.csv", index=False)
    # Public CSVs ship zipped only (one deflated entry each, as shutil.make_archive writes them).
    for name, frame in (("train_labels.csv", new_train), ("sample_submission.csv", sample)):
        frame.to_csv(public / name, index=False)
        zip_single_file(public / name, public / f"{name}.zip", compression=zipfile.ZIP_DEFLATED)
        (public / name).unlink()

    # MLE-bench's archives end up empty (py7zr's write is not recursive, mle-bench#122); ours hold the images.
    for side, frame in (("train", new_train), ("test", answers)):
        members = {f"{side}/{name}.jpg": raw / "train" / f"{name}.jpg" for name in frame["name"]}
        write_file_archive(public / f"{side}.7z", members)
