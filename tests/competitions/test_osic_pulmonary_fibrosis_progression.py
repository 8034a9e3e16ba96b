"""osic-pulmonary-fibrosis-progression: the Laplace log likelihood by hand, the last-3-weeks grading, the subset
loophole, the patient split, the expanded answers and the DICOM folders."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "osic-pulmonary-fibrosis-progression"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("osic")
    module.make_raw(root / "raw", np.random.default_rng(6))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    """Patient A measured at weeks 0, 2, 3, 5 (1 and 4 unmeasured); patient B at weeks 1 and 4."""
    rows = [("A", 0, 3000.0), ("A", 1, np.nan), ("A", 2, 2900.0), ("A", 3, 2850.0), ("A", 4, np.nan),
            ("A", 5, 2800.0), ("B", 0, np.nan), ("B", 1, 2000.0), ("B", 2, np.nan), ("B", 3, np.nan),
            ("B", 4, 1900.0), ("B", 5, np.nan)]
    frame = pd.DataFrame(rows, columns=["Patient", "Weeks", "FVC"])
    return frame.assign(Patient_Week=frame["Patient"] + "_" + frame["Weeks"].astype(str), Confidence=100)


def term(delta: float, sigma: float) -> float:
    return -math.sqrt(2) * min(delta, 1000) / max(sigma, 70) - math.log(math.sqrt(2) * max(sigma, 70))


def full_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["Patient_Week"]].assign(FVC=2850.0, Confidence=100.0)


def test_laplace_log_likelihood_by_hand(competition):
    answers = small_answers()
    sub = full_submission(answers)
    sub.loc[sub["Patient_Week"] == "A_5", ["FVC", "Confidence"]] = [2790.0, 50.0]  # sigma floored at 70
    # Graded: A's last three measured weeks 2, 3, 5 and B's weeks 1 and 4 (A_0 is not graded).
    expected = np.mean([term(50, 100), term(0, 100), term(10, 70), term(850, 100), term(950, 100)])
    assert score_frames(competition, sub, answers) == pytest.approx(expected, abs=1e-5)
    assert score_frames(competition, sub.iloc[::-1], answers) == pytest.approx(expected, abs=1e-5)


def test_error_is_capped_at_1000(competition):
    answers = small_answers()
    sub = full_submission(answers).assign(FVC=-1e9, Confidence=70.0)
    assert score_frames(competition, sub, answers) == pytest.approx(term(1000, 70), abs=1e-5)


def test_a_subset_of_rows_scores_as_the_whole(competition):
    """MLE-bench's loophole: only the graded rows present are averaged; this fails once completeness is checked."""
    answers = small_answers()
    perfect = answers[["Patient_Week", "FVC"]].assign(Confidence=70.0)
    half = perfect[perfect["Patient_Week"].isin(["A_2", "A_3", "A_5"])]
    assert score_frames(competition, half, answers) == score_frames(competition, perfect, answers)
    one_row = perfect[perfect["Patient_Week"] == "B_4"]
    assert score_frames(competition, one_row, answers) == pytest.approx(term(0, 70), abs=1e-5)
    ungraded_only = perfect[perfect["Patient_Week"] == "A_0"]
    assert math.isnan(score_frames(competition, ungraded_only, answers))


def test_nan_values(competition):
    answers = small_answers()
    sub = full_submission(answers)
    sub.loc[sub["Patient_Week"] == "A_3", "Confidence"] = np.nan  # counts as 0, clipped to 70
    expected = np.mean([term(50, 100), term(0, 70), term(50, 100), term(850, 100), term(950, 100)])
    assert score_frames(competition, sub, answers) == pytest.approx(expected, abs=1e-5)
    sub.loc[sub["Patient_Week"] == "A_3", "FVC"] = np.nan
    assert math.isnan(score_frames(competition, sub, answers))


def test_repeats_and_unknown_weeks(competition):
    answers = small_answers()
    sub = full_submission(answers)
    repeated_ungraded = pd.concat([sub, sub[sub["Patient_Week"] == "A_1"]])
    assert score_frames(competition, repeated_ungraded, answers) == score_frames(competition, sub, answers)
    with pytest.raises(InvalidSubmissionError, match="repeat"):
        score_frames(competition, pd.concat([sub, sub[sub["Patient_Week"] == "A_5"]]), answers)
    with pytest.raises(InvalidSubmissionError, match="weeks of the test patients"):
        score_frames(competition, pd.concat([sub, sub.head(1).assign(Patient_Week="A_6")]), answers)


def test_split_by_patient_and_expanded_answers(prepared):
    raw = read_csv(prepared / "raw" / "train.csv")
    patients = sorted(raw["Patient"].unique())
    perm = np.random.RandomState(0).permutation(len(patients))
    n_test = math.ceil(0.1 * len(patients))
    test_patients = [patients[i] for i in perm[:n_test]]
    train_patients = [patients[i] for i in perm[n_test:]]
    train = read_csv(prepared / "public" / "train.csv")
    assert list(train.columns) == ["Patient", "Weeks", "FVC", "Percent", "Age", "Sex", "SmokingStatus"]
    assert list(dict.fromkeys(train["Patient"])) == train_patients
    public_test = read_csv(prepared / "public" / "test.csv")
    earliest = raw[raw["Patient"].isin(test_patients)].sort_values("Weeks").drop_duplicates("Patient")
    assert public_test.to_dict("records") == earliest.sort_values("Patient").to_dict("records")

    answers = read_csv(prepared / "private" / "test.csv")
    assert list(answers.columns) == ["Patient", "Weeks", "FVC", "Percent", "Age", "Sex", "SmokingStatus",
                                     "Patient_Week", "Confidence"]
    measured = raw[raw["Patient"].isin(test_patients)]
    weeks = list(range(measured["Weeks"].min(), measured["Weeks"].max() + 1))
    assert list(zip(answers["Patient"], answers["Weeks"], strict=True)) == [(p, w) for p in test_patients
                                                                           for w in weeks]
    assert answers["Patient_Week"].tolist() == [f"{p}_{w}" for p in test_patients for w in weeks]
    assert answers["FVC"].notna().sum() == len(measured)
    # Unmeasured weeks make FVC a float column: measured values are written like 2315.0.
    written = [line.split(",")[2] for line in (prepared / "private" / "test.csv").read_text().splitlines()[1:]]
    assert {cell.endswith(".0") for cell in written if cell} == {True}
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample.columns.tolist() == ["Patient_Week", "FVC", "Confidence"]
    assert sample["Patient_Week"].tolist() == answers["Patient_Week"].tolist()
    assert set(sample["FVC"]) == {2000} and set(sample["Confidence"]) == {100}


def test_scan_folders_by_split(prepared):
    public = prepared / "public"
    train = read_csv(public / "train.csv")
    test = read_csv(public / "test.csv")
    for side, frame in (("train", train), ("test", test)):
        assert sorted(p.name for p in (public / side).iterdir()) == sorted(frame["Patient"].unique())
        for patient in frame["Patient"].unique():
            for scan in (prepared / "raw" / "train" / patient).iterdir():
                assert (public / side / patient / scan.name).read_bytes() == scan.read_bytes()
