"""champs-scalar-coupling: per-type log-MAE against hand values and scikit-learn, the molecule split, quirks."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import mean_absolute_error
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "champs-scalar-coupling"
MOLECULES = 40


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("champs")
    module.make_raw(root / "raw", np.random.default_rng(6), molecules=MOLECULES)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers() -> pd.DataFrame:
    return pd.DataFrame({
        "id": [10, 11, 12, 13],
        "molecule_name": ["m1", "m1", "m2", "m2"],
        "atom_index_0": [1, 2, 1, 2],
        "atom_index_1": [0, 0, 0, 0],
        "type": ["1JHC", "2JHH", "1JHC", "2JHH"],
        "scalar_coupling_constant": [80.0, -10.0, 90.0, -12.0],
    })


def test_log_mae_per_type_matches_hand_value_and_sklearn(competition):
    sub = pd.DataFrame({"id": [13, 12, 11, 10], "scalar_coupling_constant": [-11.0, 91.0, -7.0, 81.0]})
    # 1JHC: |80-81|, |90-91| -> MAE 1, log 0; 2JHH: |-10+7|, |-12+11| -> MAE 2, log 2. Mean: log(2) / 2.
    expected = np.mean([np.log(mean_absolute_error([80, 90], [81, 91])), np.log(mean_absolute_error([-10, -12], [-7, -11]))])
    assert expected == pytest.approx(math.log(2) / 2)
    assert score_frames(competition, sub, answers()) == pytest.approx(round(math.log(2) / 2, 5))


def test_one_exact_type_gives_minus_infinity(competition):
    sub = pd.DataFrame({"id": [10, 11, 12, 13], "scalar_coupling_constant": [80.0, 0.0, 90.0, 0.0]})
    assert score_frames(competition, sub, answers()) == float("-inf")


def test_duplicated_ids_are_merged_twice(competition):
    sub = pd.DataFrame({"id": [10, 10, 11, 12, 13], "scalar_coupling_constant": [81.0, 84.0, -7.0, 91.0, -11.0]})
    # 1JHC rows: 80 vs 81, 80 vs 84, 90 vs 91 -> MAE 2; 2JHH as above -> MAE 2. Mean log: log 2.
    assert score_frames(competition, sub, answers()) == pytest.approx(round(math.log(2), 5))


@pytest.mark.parametrize("ids", [[10, 11, 12], [10, 11, 12, 13, 14], [10, 11, 12, 99]])
def test_id_set_must_equal_the_answers(competition, ids):
    sub = pd.DataFrame({"id": ids, "scalar_coupling_constant": 1.0})
    with pytest.raises(InvalidSubmissionError, match="test set's ids"):
        score_frames(competition, sub, answers())


@pytest.mark.parametrize("value", [np.nan, np.inf, "x"])
def test_non_finite_or_text_is_invalid(competition, value):
    sub = answers()[["id", "scalar_coupling_constant"]].astype({"scalar_coupling_constant": object})
    sub.loc[1, "scalar_coupling_constant"] = value
    with pytest.raises(InvalidSubmissionError, match="scalar_coupling_constant"):
        score_frames(competition, sub, answers())


def test_split_by_molecule(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    names = sorted(raw["molecule_name"].unique())
    n_test = math.ceil(0.1 * MOLECULES)
    perm = np.random.RandomState(0).permutation(len(names))
    test_names = [names[i] for i in perm[:n_test]]
    train_names = [names[i] for i in perm[n_test:]]
    truth = read_csv(prepared / "private" / "answers.csv")
    expected = pd.concat([raw[raw["molecule_name"] == n] for n in test_names])
    assert truth["id"].tolist() == expected["id"].tolist()
    assert list(truth.columns) == list(raw.columns)
    train = read_csv(prepared / "public" / "train.csv")
    assert train["id"].tolist() == pd.concat([raw[raw["molecule_name"] == n] for n in train_names])["id"].tolist()
    test = read_csv(prepared / "public" / "test.csv")
    assert list(test.columns) == ["id", "molecule_name", "atom_index_0", "atom_index_1", "type"]
    sample = (prepared / "public" / "sample_submission.csv").read_text().splitlines()
    assert sample[0] == "id,scalar_coupling_constant" and all(line.endswith(",0") for line in sample[1:])


def test_test_molecules_have_no_structures(prepared):
    """MLE-bench #70: structures.csv and the .xyz folder keep train molecules only."""
    train_names = set(read_csv(prepared / "public" / "train.csv")["molecule_name"])
    test_names = set(read_csv(prepared / "public" / "test.csv")["molecule_name"])
    for name in ("structures.csv", "dipole_moments.csv", "magnetic_shielding_tensors.csv", "mulliken_charges.csv",
                 "potential_energy.csv", "scalar_coupling_contributions.csv"):
        public = read_csv(prepared / "public" / name)
        raw = read_csv(prepared / "raw" / name)
        assert set(public["molecule_name"]) == train_names, name
        assert public.equals(raw[raw["molecule_name"].isin(train_names)].reset_index(drop=True)), name
    assert {p.stem for p in (prepared / "public" / "structures").iterdir()} == train_names
    assert not test_names & {p.stem for p in (prepared / "public" / "structures").iterdir()}
