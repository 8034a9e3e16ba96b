"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.csv and the labelled private test
file test_private_expanded.csv with its 45 columns, plus Kaggle's unused test.csv and sample_submission.csv)."""

from pathlib import Path

import numpy as np
import pandas as pd

from pytest_mlebench.testing.reasons import ROW_COUNT, id_mismatch

BEST_SCORE = 1.0
ROW_ORDER_FREE = True
PUBLIC_TEST = "test.csv"
PUBLIC_TRAIN = "train.csv"
ID_COLUMN = "id"

SUBTYPES = ["severe_toxicity", "obscene", "identity_attack", "insult", "threat"]
IDENTITIES = [
    "male", "female", "transgender", "other_gender", "heterosexual", "homosexual_gay_or_lesbian", "bisexual",
    "other_sexual_orientation", "christian", "jewish", "muslim", "hindu", "buddhist", "atheist", "other_religion",
    "black", "white", "asian", "latino", "other_race_or_ethnicity", "physical_disability",
    "intellectual_or_learning_disability", "psychiatric_or_mental_illness", "other_disability",
]
SCORED = [
    "male", "female", "homosexual_gay_or_lesbian", "christian", "jewish", "muslim", "black", "white",
    "psychiatric_or_mental_illness",
]
META = ["created_date", "publication_id", "parent_id", "article_id", "rating", "funny", "wow", "sad", "likes",
        "disagree"]
TEST_COLUMNS = ["id", "comment_text", *META, "toxicity", *SUBTYPES[:3], "sexual_explicit", *SUBTYPES[3:],
                *IDENTITIES, "identity_annotator_count", "toxicity_annotator_count"]
ANSWER_COLUMNS = [c for c in TEST_COLUMNS if c not in ("id", "comment_text")]
WORDS = ["well", "that is", "a \"fine\" idea", "nonsense, frankly", "you people", "thanks\nfor sharing", "ok"]


def _comments(rng: np.random.Generator, ids: np.ndarray, rows: int) -> pd.DataFrame:
    frame = pd.DataFrame({"id": ids})
    frame["comment_text"] = [" ".join(rng.choice(WORDS, size=3)) for _ in range(rows)]
    # Scored identity j is mentioned (a rater fraction >= 0.5) in rows j, j+9, j+18, ...; toxicity alternates
    # between those rows, so every subgroup, BPSN and BNSP subset holds both classes.
    toxic = (np.arange(rows) // len(SCORED)) % 2 == 1
    frame["toxicity"] = np.where(toxic, rng.choice([0.5, 0.7, 1.0], size=rows), rng.choice([0.0, 0.1, 0.4], size=rows))
    for name in SUBTYPES + ["sexual_explicit"]:
        frame[name] = np.round(rng.random(rows) * frame["toxicity"], 6)
    annotated = rng.random(rows) < 0.8
    for name in IDENTITIES:
        frame[name] = np.where(annotated, np.round(rng.random(rows) * 0.4, 6), np.nan)
    for j, name in enumerate(SCORED):
        rows_of = np.arange(rows) % len(SCORED) == j
        frame.loc[rows_of, name] = rng.choice([0.5, 0.75, 1.0], size=int(rows_of.sum()))
    frame["created_date"] = [f"2017-0{1 + i % 9}-1{i % 10} 0{i % 10}:12:34.5+00" for i in range(rows)]
    for name in ("publication_id", "parent_id", "article_id", "funny", "wow", "sad", "likes", "disagree"):
        frame[name] = rng.integers(0, 400000, size=rows)
    frame["rating"] = rng.choice(["approved", "rejected"], size=rows)
    frame["identity_annotator_count"] = np.where(annotated, 4, 0)
    frame["toxicity_annotator_count"] = rng.integers(4, 10, size=rows)
    return frame


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 36) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    train = _comments(rng, np.arange(59848, 59848 + rows * 3, 3), rows).rename(columns={"toxicity": "target"})
    train_columns = ["id", "target", "comment_text", *SUBTYPES, *sorted(IDENTITIES), *META, "sexual_explicit",
                     "identity_annotator_count", "toxicity_annotator_count"]
    train[train_columns].to_csv(raw / "train.csv", index=False)
    test = _comments(rng, np.arange(7000000, 7000000 + rows), rows)
    test[TEST_COLUMNS].to_csv(raw / "test_private_expanded.csv", index=False)
    public_test = _comments(rng, np.arange(7097320, 7097320 + 8), 8)
    public_test[["id", "comment_text"]].to_csv(raw / "test.csv", index=False)
    public_test[["id"]].assign(prediction=0.0).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["id"]].assign(prediction=answers["toxicity"])


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every rule of the spec: no schema is declared, so all cases are this competition's own."""
    text = sample.astype({"prediction": object})
    text.loc[0, "prediction"] = "toxic"
    duplicated = sample.copy()
    duplicated.loc[len(sample) - 1, "id"] = sample["id"].iloc[0]
    unknown = sample.copy()
    unknown.loc[0, "id"] = int(answers["id"].max()) + 1_000_003
    return {
        "missing id column": sample.drop(columns=["id"]),
        "missing prediction column": sample.drop(columns=["prediction"]),
        "both prediction and toxicity": sample.assign(toxicity=0.0),
        "too few rows": sample.iloc[1:],
        "duplicated id": duplicated,
        "unknown id": unknown,
        "text prediction": text,
    }


INVALID_REASONS = {
    "missing id column": r"Submission is missing column\(s\) \['id'\]\.",
    "missing prediction column": r"Submission needs a 'prediction' column \(or 'toxicity' in its place\)\.",
    "both prediction and toxicity": r"Submission must have 'prediction' or 'toxicity', not both\.",
    "too few rows": ROW_COUNT,
    "duplicated id": id_mismatch("id"),
    "unknown id": id_mismatch("id"),
    "text prediction": r"Column 'prediction' must hold numbers \(NaN counts as 0\)\.",
}
