"""Answers to the conformance suite: tiny raw data in Kaggle's layout, a perfect submission, broken ones."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "test.json"
PUBLIC_TRAIN = "train.json"

TEST_FIELDS = [
    "giver_username_if_known",
    "request_id",
    "request_text_edit_aware",
    "request_title",
    "requester_account_age_in_days_at_request",
    "requester_subreddits_at_request",
    "requester_username",
    "unix_timestamp_of_request",
]
TRAIN_ONLY = [
    "number_of_upvotes_of_request_at_retrieval",
    "request_text",
    "requester_received_pizza",
    "requester_user_flair",
]
WORDS = ["pizza", "hungry", "broke", "student", "rent", "kids", "pay", "forward", "café", "thanks"]


def _record(rng: np.random.Generator, n: int, received: bool) -> dict:
    text = " ".join(rng.choice(WORDS, size=8))
    record = {
        "giver_username_if_known": f"giver{n}" if received and n % 2 else "N/A",
        "request_id": f"t3_{int(rng.integers(36**4, 36**6)):x}",
        "request_text_edit_aware": text,
        "request_title": f"[Request] {text[:20]} ☺",
        "requester_account_age_in_days_at_request": float(rng.random() * 900),
        "requester_subreddits_at_request": list(rng.choice(["AskReddit", "pics", "funny"], size=n % 3)),
        "requester_username": f"user_{n}",
        "unix_timestamp_of_request": float(1300000000 + n * 3600),
        "number_of_upvotes_of_request_at_retrieval": int(rng.integers(0, 30)),
        "request_text": text + " EDIT: thank you!",
        "requester_received_pizza": received,
        "requester_user_flair": "shroom" if received else None,
    }
    return dict(sorted(record.items()))


def make_raw(raw: Path, rng: np.random.Generator, train_rows: int = 40, test_rows: int = 14) -> None:
    """raw/train.json and raw/test.json (JSON lists of request records) plus the unused sampleSubmission.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    labels = [True, False] + [bool(v) for v in rng.integers(0, 2, size=train_rows - 2)]
    train = [_record(rng, n, received) for n, received in enumerate(labels)]
    test = []
    for n in range(test_rows):
        full = _record(rng, 1000 + n, False)
        # Later test records list their fields in another order; the first record's order is the one kept.
        fields = TEST_FIELDS if n == 0 else TEST_FIELDS[::-1]
        test.append({field: full[field] for field in fields})
    (raw / "train.json").write_text(json.dumps(train, indent=4))
    (raw / "test.json").write_text(json.dumps(test, indent=4))
    sample = pd.DataFrame({"request_id": [r["request_id"] for r in test], "requester_received_pizza": 0})
    sample.to_csv(raw / "sampleSubmission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"requester_received_pizza": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    return {"prediction below 0": sample.assign(requester_received_pizza=-0.5)}


INVALID_REASONS = {"prediction below 0": r"Column 'requester_received_pizza' must be within \[0, 1\]\."}
