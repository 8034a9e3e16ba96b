"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv, train_eegs/ and
train_spectrograms/ parquet files, example_figures/)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.data.formats.tables import write_parquet
from pytest_mlebench.testing.builders import noise_image
from pytest_mlebench.testing.reasons import ROW_COUNT

BEST_SCORE = 0.0
# EEGs repeat and rows are paired after an unstable sort, so only test.csv's order is safe (a known issue).
ROW_ORDER_FREE = False
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
ANSWER_COLUMNS = ["expert_consensus", "seizure_vote", "lpd_vote", "gpd_vote", "lrda_vote", "grda_vote",
                  "other_vote"]
VOTES = ANSWER_COLUMNS[1:]
CONSENSUS = ["Seizure", "LPD", "GPD", "LRDA", "GRDA", "Other"]
EEG_CHANNELS = ["Fp1", "F3", "C3", "P3", "F7", "T3", "T5", "O1", "Fz", "Cz", "Pz", "Fp2", "F4", "C4", "P4", "F8",
                "T4", "T6", "O2", "EKG"]
SPECTROGRAM_BANDS = [f"{region}_{freq}" for region in ("LL", "RL", "LP", "RP") for freq in ("0.59", "0.78")]


def _labels(rng: np.random.Generator, spectrograms: int) -> pd.DataFrame:
    rows = []
    ids = 10_000 + rng.choice(1_999_990_000, size=3 * spectrograms, replace=False)  # no 16 GB arange of candidates
    for n in range(spectrograms):
        spectrogram_id, eeg_id, patient_id = ids[3 * n], ids[3 * n + 1], int(ids[3 * n + 2]) % 65_000
        for sub in range(int(rng.integers(1, 4))):
            votes = rng.integers(0, 4, size=6)
            votes[int(rng.integers(6))] += 1
            rows.append({
                "eeg_id": eeg_id, "eeg_sub_id": sub, "eeg_label_offset_seconds": 2.0 * sub,
                "spectrogram_id": spectrogram_id, "spectrogram_sub_id": sub,
                "spectrogram_label_offset_seconds": 2.0 * sub, "label_id": int(rng.integers(0, 2**32)),
                "patient_id": patient_id, "expert_consensus": CONSENSUS[int(np.argmax(votes))],
                **dict(zip(VOTES, votes.tolist(), strict=True)),
            })
    return pd.DataFrame(rows)


def _signals(folder: Path, ids, columns: list[str], rng: np.random.Generator, time: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for file_id in ids:
        frame = pd.DataFrame(rng.normal(size=(4, len(columns))).astype(np.float32), columns=columns)
        if time:
            frame.insert(0, "time", np.arange(1, 8, 2))
        write_parquet(frame, folder / f"{file_id}.parquet")


def make_raw(raw: Path, rng: np.random.Generator, spectrograms: int = 20) -> None:
    """raw/train.csv with train_eegs/, train_spectrograms/, example_figures/, and Kaggle's unused test files."""
    raw.mkdir(parents=True, exist_ok=True)
    train = _labels(rng, spectrograms)
    train.to_csv(raw / "train.csv", index=False)
    test = _labels(rng, 1).drop_duplicates("eeg_id")[["spectrogram_id", "eeg_id", "patient_id"]]
    test.to_csv(raw / "test.csv", index=False)
    for side, frame in (("train", train), ("test", test)):
        _signals(raw / f"{side}_eegs", frame["eeg_id"].unique(), EEG_CHANNELS, rng)
        _signals(raw / f"{side}_spectrograms", frame["spectrogram_id"].unique(), SPECTROGRAM_BANDS, rng, time=True)
    (raw / "example_figures").mkdir(exist_ok=True)
    for name in ("Seizure", "LPD"):
        (raw / "example_figures" / f"{name}.png").write_bytes(noise_image(rng, (3, 5, 3), "PNG"))
    test[["eeg_id"]].assign(**dict.fromkeys(VOTES, 1 / 6)).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers' votes as probabilities, in the answers' row order (the order MLE-bench pairs correctly)."""
    return answers[["eeg_id"]].assign(**answers[VOTES].div(answers[VOTES].sum(axis=1), axis=0))


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the missing columns the submission schema implies."""
    def changed(column: str, values: list) -> pd.DataFrame:
        out = sample.astype({column: object})
        for row, value in enumerate(values):
            out.loc[row, column] = value
        return out

    shifted = sample.copy()
    shifted.loc[0, "seizure_vote"] = 1 / 6 + 0.3
    shifted.loc[0, "lpd_vote"] = 1 / 6 - 0.3
    too_big = sample.copy()
    too_big.loc[0, "seizure_vote"] = 1.2
    too_big.loc[0, "lpd_vote"] = -0.2 - 4 / 6
    unknown = sample.copy()
    unknown["eeg_id"] = unknown["eeg_id"].replace(unknown.loc[0, "eeg_id"], int(answers["eeg_id"].max()) + 7)
    return {
        "too few rows": sample.iloc[1:],
        "too many rows": pd.concat([sample, sample.iloc[:1]], ignore_index=True),
        "text vote": changed("grda_vote", ["lots"]),
        "missing vote, the others short of 1": changed("grda_vote", [np.nan]),
        "row sum is not 1": changed("other_vote", [0.5]),
        "unknown eeg_id": unknown,
        "negative vote with row sum 1": shifted,
        "vote above 1 with row sum 1": too_big,
        "extra text column": sample.assign(note="x"),
        "extra column breaks row sums": sample.assign(extra=0.25),
    }


_SUM = r"Each row's six vote probabilities must sum to 1 \(to 5 decimals\)\."
INVALID_REASONS = {
    "too few rows": ROW_COUNT,
    "too many rows": ROW_COUNT,
    "text vote": r"The six vote columns must be numbers\.",
    "missing vote, the others short of 1": _SUM,
    "row sum is not 1": _SUM,
    "unknown eeg_id": r"Submission's 'eeg_id' values must be the test set's EEG ids, each present\.",
    "negative vote with row sum 1": r"Every column other than 'eeg_id' must be within \[0, 1\]",
    "vote above 1 with row sum 1": r"Every column other than 'eeg_id' must be within \[0, 1\]",
    "extra text column": r"Every column other than 'eeg_id' must hold numbers",
    "extra column breaks row sums": r"Each row's columns other than 'eeg_id' must sum to 1",
}
