"""Answers to the conformance suite: tiny raw data in Kaggle's layout, a perfect submission, broken ones."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

TARGETS = ["formation_energy_ev_natom", "bandgap_energy_ev"]
BEST_SCORE = 0.0
ID_COLUMN = "id"  # the test ids; the grader never reads them (rows are paired by position)
ANSWER_COLUMNS = TARGETS  # the answers file also carries the public features
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = None  # train and test ids are both renumbered from 1, so they overlap by design


def materials(rng: np.random.Generator, rows: int) -> pd.DataFrame:
    al = rng.integers(0, 9, size=rows) / 8
    ga = np.round((1 - al) * rng.random(rows), 4)
    frame = pd.DataFrame({
        "id": np.arange(1, rows + 1),
        "spacegroup": rng.choice([12, 33, 167, 194, 206, 227], size=rows),
        "number_of_total_atoms": rng.choice([10.0, 20.0, 30.0, 40.0, 60.0, 80.0], size=rows),
        "percent_atom_al": al,
        "percent_atom_ga": ga,
        "percent_atom_in": np.round(1 - al - ga, 4),
    })
    for n in (1, 2, 3):
        frame[f"lattice_vector_{n}_ang"] = np.round(rng.uniform(3, 25, size=rows), 4)
    for angle in ("alpha", "beta", "gamma"):
        frame[f"lattice_angle_{angle}_degree"] = np.round(rng.uniform(85, 120, size=rows), 4)
    frame["formation_energy_ev_natom"] = np.round(rng.uniform(0, 0.6, size=rows), 4)
    frame["bandgap_energy_ev"] = np.round(rng.uniform(0.2, 5.3, size=rows), 4)
    return frame


def geometry(material_id: int, rng: np.random.Generator) -> str:
    """An ASE-style xyz file; the comment names the material so tests can follow it."""
    lines = ["#=======================================================",
             f"#Created using the Atomic Simulation Environment (ASE) for material {material_id}",
             "#======================================================="]
    lines += [f"lattice_vector {v:.8f} 0.00000000 0.00000000 " for v in rng.uniform(3, 25, size=3)]
    lines += [f"atom {x:.8f} {y:.8f} {z:.8f} {el}" for (x, y, z), el in
              zip(rng.uniform(0, 10, size=(4, 3)), ["Ga", "Al", "O", "O"], strict=True)]
    return "\n".join(lines) + "\n"


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 30, test_rows: int = 6) -> None:
    """raw/train.zip (train/<id>/geometry.xyz), train.csv.zip, test.zip, test.csv.zip, sample_submission.csv.zip."""
    raw.mkdir(parents=True, exist_ok=True)
    train = materials(rng, rows)
    test = materials(rng, test_rows).drop(columns=TARGETS)
    with zipfile.ZipFile(raw / "train.csv.zip", "w") as archive:
        archive.writestr("train.csv", train.to_csv(index=False))
    with zipfile.ZipFile(raw / "test.csv.zip", "w") as archive:
        archive.writestr("test.csv", test.to_csv(index=False))
    for side, frame in (("train", train), ("test", test)):
        with zipfile.ZipFile(raw / f"{side}.zip", "w") as archive:
            for material_id in frame["id"]:
                archive.writestr(f"{side}/{material_id}/geometry.xyz", geometry(int(material_id), rng))
    sample = test[["id"]].assign(formation_energy_ev_natom=0.1779, bandgap_energy_ev=1.8892)
    with zipfile.ZipFile(raw / "sample_submission.csv.zip", "w") as archive:
        archive.writestr("sample_submission.csv", sample.to_csv(index=False))


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", *TARGETS]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies (undetected ones are tested apart)."""
    nan_value = sample.copy()
    nan_value.loc[0, "bandgap_energy_ev"] = np.nan
    return {
        "missing bandgap_energy_ev": sample.drop(columns=["bandgap_energy_ev"]),
        "prediction at -1": sample.assign(formation_energy_ev_natom=-1.0),
        "nan bandgap_energy_ev": nan_value,
    }


INVALID_REASONS = {
    "missing bandgap_energy_ev": r"Submission is missing column\(s\) \['bandgap_energy_ev'\]\.",
    "prediction at -1": r"Column 'formation_energy_ev_natom' is out of RMSLE's range",
    "nan bandgap_energy_ev": r"Column 'bandgap_energy_ev' must hold finite numbers \(no NaN or infinity\)\.",
}
