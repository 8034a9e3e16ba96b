"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, structures.csv, structures/*.xyz,
five more per-molecule CSVs, and the unused test.csv and sample_submission.csv)."""

from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = float("-inf")  # every type predicted exactly: log(0)
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
ROW_ORDER_FREE = True  # rows are merged onto the answers by id
ANSWER_COLUMNS = ["scalar_coupling_constant"]  # the answers file also carries the public pair features
TYPES = ["1JHC", "2JHH", "3JHC"]
ATOMS = ["C", "H", "H", "H", "N"]


def _molecules(rng: np.random.Generator, names: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Couplings (without ids) and structures of the named molecules."""
    couplings, structures = [], []
    for name in names:
        for atom_index, atom in enumerate(ATOMS):
            x, y, z = np.round(rng.normal(0, 1, size=3), 10)
            structures.append({"molecule_name": name, "atom_index": atom_index, "atom": atom, "x": x, "y": y, "z": z})
        for k, kind in enumerate(TYPES):
            couplings.append({"molecule_name": name, "atom_index_0": k + 1, "atom_index_1": 0, "type": kind,
                              "scalar_coupling_constant": round(float(rng.normal(10 * (k + 1), 3)), 4)})
    return pd.DataFrame(couplings), pd.DataFrame(structures)


def make_raw(raw: Path, rng: np.random.Generator, molecules: int = 30) -> None:
    (raw / "structures").mkdir(parents=True, exist_ok=True)
    train_names = [f"dsgdb9nsd_{n:06d}" for n in range(1, molecules + 1)]
    test_names = [f"dsgdb9nsd_{n:06d}" for n in range(molecules + 1, molecules + 4)]
    train, train_structures = _molecules(rng, train_names)
    test, test_structures = _molecules(rng, test_names)
    train.insert(0, "id", range(len(train)))
    test.insert(0, "id", range(len(train), len(train) + len(test)))
    train.to_csv(raw / "train.csv", index=False)
    test.drop(columns=["scalar_coupling_constant"]).to_csv(raw / "test.csv", index=False)
    test[["id"]].assign(scalar_coupling_constant=0).to_csv(raw / "sample_submission.csv", index=False)

    structures = pd.concat([train_structures, test_structures])
    structures.to_csv(raw / "structures.csv", index=False)
    for name, atoms in structures.groupby("molecule_name"):
        lines = [str(len(atoms)), ""] + [f"{a.atom} {a.x:.10f} {a.y:.10f} {a.z:.10f}" for a in atoms.itertuples()]
        (raw / "structures" / f"{name}.xyz").write_text("\n".join(lines) + "\n")

    n = len(train_names)
    pd.DataFrame({"molecule_name": train_names, **{c: np.round(rng.normal(size=n), 4) for c in "XYZ"}}).to_csv(
        raw / "dipole_moments.csv", index=False)
    pd.DataFrame({"molecule_name": train_names, "potential_energy": np.round(rng.normal(-400, 20, n), 5)}).to_csv(
        raw / "potential_energy.csv", index=False)
    per_atom = train_structures[["molecule_name", "atom_index"]]
    per_atom.assign(mulliken_charge=np.round(rng.normal(size=len(per_atom)), 6)).to_csv(
        raw / "mulliken_charges.csv", index=False)
    tensor = ["XX", "YX", "ZX", "XY", "YY", "ZY", "XZ", "YZ", "ZZ"]
    per_atom.assign(**{c: np.round(rng.normal(100, 30, len(per_atom)), 4) for c in tensor}).to_csv(
        raw / "magnetic_shielding_tensors.csv", index=False)
    contributions = train[["molecule_name", "atom_index_0", "atom_index_1", "type"]]
    contributions.assign(**{c: np.round(rng.normal(size=len(train)), 5) for c in ["fc", "sd", "pso", "dso"]}).to_csv(
        raw / "scalar_coupling_contributions.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id", "scalar_coupling_constant"]].copy()


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The grader's own rules: the set of ids, numbers, finite values."""
    def with_value(value: object) -> pd.DataFrame:
        frame = sample.astype({"scalar_coupling_constant": object})
        frame.loc[0, "scalar_coupling_constant"] = value
        return frame

    return {
        "a test id left out": sample.iloc[1:],
        "an unknown id": sample.assign(id=sample["id"].where(sample.index > 0, -1)),
        "text in a number column": with_value("not-a-number"),
        "missing value": with_value(np.nan),
        "infinite value": with_value(np.inf),
    }


ID_SET = r"Submission's 'id' values must be the test set's ids \(missing or unknown ids\)\."
NOT_FINITE = r"Column 'scalar_coupling_constant' must hold finite numbers \(no NaN or infinity\)\."
INVALID_REASONS = {
    "a test id left out": ID_SET,
    "an unknown id": ID_SET,
    "text in a number column": r"Column 'scalar_coupling_constant' must hold numbers\.",
    "missing value": NOT_FINITE,
    "infinite value": NOT_FINITE,
}
