"""Movie Review Sentiment Analysis: 30% of Kaggle's train phrases (random_state 0) become the test set."""

import zipfile
from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.archives import zip_single_file


def prepare(raw: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(raw / "train.tsv.zip") as archive:
        archive.extractall(raw)
    # Plain pandas, as MLE-bench reads it: phrases such as 'NA' or 'null' become missing, quotes are parsed.
    old_train = pd.read_csv(raw / "train.tsv", sep="\t")
    new_train, answers = train_test_split(old_train, test_size=0.3, random_state=0)
    new_test = answers.drop(columns=["Sentiment"])
    sample = answers[["PhraseId", "Sentiment"]].copy()
    sample["Sentiment"] = 2

    answers.to_csv(private / "answers.csv", index=False)
    sample.to_csv(public / "sampleSubmission.csv", index=False)
    # The public TSVs ship zipped only (one deflated entry each, as shutil.make_archive writes them).
    for name, frame in (("train.tsv", new_train), ("test.tsv", new_test)):
        frame.to_csv(public / name, sep="\t", index=False)
        zip_single_file(public / name, public / f"{name}.zip", compression=zipfile.ZIP_DEFLATED)
        (public / name).unlink()
