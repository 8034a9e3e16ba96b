"""CHAMPS scalar coupling: 10% of Kaggle's train molecules become the test set; auxiliary data keeps train only."""

from pathlib import Path

import pandas as pd
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv

AUXILIARY = (
    "structures.csv",
    "dipole_moments.csv",
    "magnetic_shielding_tensors.csv",
    "mulliken_charges.csv",
    "potential_energy.csv",
    "scalar_coupling_contributions.csv",
)


def prepare(raw: Path, public: Path, private: Path) -> None:
    molecules = list(read_csv(raw / "train.csv").groupby("molecule_name"))  # sorted by molecule name
    train_molecules, test_molecules = train_test_split(molecules, test_size=0.1, random_state=0)
    new_train = pd.concat([frame for _, frame in train_molecules])
    answers = pd.concat([frame for _, frame in test_molecules])
    new_test = answers.drop(columns=["scalar_coupling_constant"])
    train_names = {name for name, _ in train_molecules}

    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(public / "test.csv", index=False)
    answers.to_csv(private / "answers.csv", index=False)
    new_test[["id"]].assign(scalar_coupling_constant=0).to_csv(public / "sample_submission.csv", index=False)

    # MLE-bench keeps only train molecules in every auxiliary file, structures included (its issue #70).
    for name in AUXILIARY:
        frame = read_csv(raw / name)
        kept = frame[frame["molecule_name"].isin(train_names)]
        if set(kept["molecule_name"]) != train_names:
            raise ValueError(f"{name} does not cover every train molecule.")
        kept.to_csv(public / name, index=False)
    link_or_copy_many(
        (raw / "structures" / f"{name}.xyz", public / "structures" / f"{name}.xyz") for name in sorted(train_names)
    )
