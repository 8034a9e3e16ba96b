"""HMS brain activity: 10% of Kaggle's train spectrograms (and their windows) become the test set; parquet placed."""

import shutil
from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.frames import read_csv

VOTES = ["seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote", "other_vote"]


def prepare(raw: Path, public: Path, private: Path) -> None:
    for folder in ("train_eegs", "train_spectrograms", "example_figures"):
        if not (raw / folder).is_dir():
            raise PrerequisiteError(f"{raw / folder} is missing: extract Kaggle's download into {raw}.")
    old_train = read_csv(raw / "train.csv")
    train_spectrograms, test_spectrograms = train_test_split(
        old_train["spectrogram_id"].unique(), test_size=0.1, random_state=0
    )
    new_train = old_train[old_train["spectrogram_id"].isin(train_spectrograms)]
    new_test = old_train[old_train["spectrogram_id"].isin(test_spectrograms)]
    if set(new_train["eeg_id"]) & set(new_test["eeg_id"]):
        raise PrerequisiteError(f"{raw / 'train.csv'} has EEGs shared between spectrograms, which Kaggle's file "
                                "does not: download it again.")

    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    new_test[["spectrogram_id", "eeg_id", "patient_id"]].to_csv(public / "test.csv", index=False)

    gold = new_test[["eeg_id", *VOTES]].copy()
    gold[VOTES] = gold[VOTES].div(gold[VOTES].sum(axis=1), axis=0)
    gold.to_csv(private / "gold_submission.csv", index=False)
    sample = gold.copy()
    sample[VOTES] = 1 / 6
    sample.to_csv(public / "sample_submission.csv", index=False)

    shutil.copytree(raw / "example_figures", public / "example_figures", dirs_exist_ok=True)
    for side in ("train", "test"):
        for kind in ("eegs", "spectrograms"):
            (public / f"{side}_{kind}").mkdir(exist_ok=True)
    link_or_copy_many(
        (raw / f"train_{kind}" / f"{file_id}.parquet", public / f"{side}_{kind}" / f"{file_id}.parquet")
        for side, frame in (("train", new_train), ("test", new_test))
        for kind, column in (("eegs", "eeg_id"), ("spectrograms", "spectrogram_id"))
        for file_id in frame[column].unique()
    )
