"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.json/test.json as JSON lines)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.reasons import ROW_COUNT, id_mismatch

BEST_SCORE = 0.0
ID_COLUMN = "id"
# Public JSON rows are sequences, named by their "id" (answers and submissions name bases, id_seqpos).
PUBLIC_TEST = "test.json"
PUBLIC_TRAIN = "train.json"
ANSWER_COLUMNS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C", "keep"]
TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]
ERRORS = ["reactivity_error", "deg_error_Mg_pH10", "deg_error_pH10", "deg_error_Mg_50C", "deg_error_50C"]
SEQUENCES, LENGTH, SCORED = 30, 9, 6


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train.json, raw/test.json (JSON lines as Kaggle ships them), raw/sample_submission.csv, raw/bpps/."""
    raw.mkdir(parents=True, exist_ok=True)
    with open(raw / "train.json", "w") as out:
        for k in range(SEQUENCES):
            record = {"index": k, **_sequence(rng), "signal_to_noise": round(float(rng.uniform(0, 10)), 3),
                      "SN_filter": int(k % 4 != 1), "seq_length": LENGTH, "seq_scored": SCORED}
            for name in ERRORS + TARGETS:
                record[name] = [round(float(v), 4) for v in rng.normal(0.5, 0.4, size=SCORED)]
            out.write(json.dumps(record) + "\n")
    test = [{"index": k, **_sequence(rng), "seq_length": LENGTH, "seq_scored": SCORED} for k in range(2)]
    (raw / "test.json").write_text("".join(json.dumps(r) + "\n" for r in test))
    ids = [f"{r['id']}_{j}" for r in test for j in range(LENGTH)]
    pd.DataFrame({"id_seqpos": ids, **{t: 0.0 for t in TARGETS}}).to_csv(raw / "sample_submission.csv", index=False)
    (raw / "bpps").mkdir(exist_ok=True)
    np.save(raw / "bpps" / f"{test[0]['id']}.npy", np.zeros((LENGTH, LENGTH)))


def _sequence(rng: np.random.Generator) -> dict[str, str]:
    return {
        "id": f"id_{rng.integers(16**9):09x}",
        "sequence": "".join(rng.choice(list("ACGU"), size=LENGTH)),
        "structure": "".join(rng.choice(list("(.)"), size=LENGTH)),
        "predicted_loop_type": "".join(rng.choice(list("SMIBHEX"), size=LENGTH)),
    }


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.drop(columns=["keep"])


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies (rows are the grader's)."""
    scored = int(np.flatnonzero(answers["keep"].to_numpy())[0])
    unknown = sample.copy()
    unknown.loc[0, "id_seqpos"] = "id_000000000_0"
    duplicated = sample.copy()
    duplicated.loc[1, "id_seqpos"] = duplicated.loc[0, "id_seqpos"]
    nan_scored = sample.copy()
    nan_scored.loc[scored, "deg_Mg_50C"] = np.nan
    inf_scored = sample.copy()
    inf_scored.loc[scored, "reactivity"] = np.inf
    text_scored = sample.astype({"deg_Mg_pH10": object})
    text_scored.loc[scored, "deg_Mg_pH10"] = "high"
    return {
        "too few rows": sample.iloc[1:],
        "too many rows": pd.concat([sample, sample.iloc[:1]]),
        "missing unscored target": sample.drop(columns=["deg_50C"]),
        "unknown id": unknown,
        "duplicated id": duplicated,
        "NaN on a scored position": nan_scored,
        "infinity on a scored position": inf_scored,
        "text on a scored position": text_scored,
    }


INVALID_REASONS = {
    "too few rows": ROW_COUNT,
    "too many rows": ROW_COUNT,
    "missing unscored target": r"Submission is missing column\(s\) \['deg_50C'\]\.",
    "unknown id": id_mismatch("id_seqpos"),
    "duplicated id": id_mismatch("id_seqpos"),
    "NaN on a scored position": r"must hold finite numbers \(no NaN or infinity\) on the scored positions",
    "infinity on a scored position": r"must hold finite numbers \(no NaN or infinity\) on the scored positions",
    "text on a scored position": r"must hold numbers on the scored positions",
}
