"""Answers to the conformance suite: tiny raw data in Kaggle's layout (simplified-nq-train.jsonl, one Natural
Questions example a line, and Kaggle's unused simplified-nq-test.jsonl and sample_submission.csv)."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "simplified-nq-test.jsonl"
PUBLIC_TRAIN = "simplified-nq-train.jsonl"
ID_COLUMN = "example_id"
ANSWER_COLUMNS = ["annotations", "document_url"]
ROW_ORDER_FREE = True
PREPARE_CONSTANTS = {"CHUNK_LINES": 20}  # MLE-bench's chunks of 1,000 lines, scaled to the tiny raw file
WORDS = ["the", "river", "flows", "north", "into", "a", "lake", "near", "city", "built", "1850", "by", "settlers"]


def _example(rng: np.random.Generator, example_id: int, kind: int, with_annotation: bool = True) -> dict:
    tokens = ["<P>"] + list(rng.choice(WORDS, size=12)) + ["</P>", "<P>"] + list(rng.choice(WORDS, size=8)) + ["</P>"]
    candidates = [{"start_token": 0, "end_token": 14, "top_level": True},
                  {"start_token": 14, "end_token": len(tokens), "top_level": True}]
    record = {
        "document_text": " ".join(tokens),
        "long_answer_candidates": candidates,
        "question_text": " ".join(rng.choice(WORDS, size=5)),
    }
    # kind 0: no answer; 1: long answer only; 2: long + short answers; 3: long + YES/NO.
    long_answer = {"start_token": -1, "end_token": -1, "candidate_index": -1}
    short, yes_no = [], "NONE"
    if kind >= 1:
        index = int(rng.integers(0, 2))
        long_answer = {**{k: candidates[index][k] for k in ("start_token", "end_token")}, "candidate_index": index}
    if kind == 2:
        start = long_answer["start_token"] + 1 + int(rng.integers(0, 3))
        short = [{"start_token": start, "end_token": start + 2}, {"start_token": start + 3, "end_token": start + 4}]
    if kind == 3:
        yes_no = "YES" if rng.random() < 0.5 else "NO"
    if with_annotation:
        record["annotations"] = [{"yes_no_answer": yes_no, "long_answer": long_answer, "short_answers": short,
                                  "annotation_id": int(rng.integers(10**17, 10**18))}]
    record["document_url"] = f"https://en.wikipedia.org//w/index.php?title=Page_{example_id}&oldid=8{example_id % 997}"
    record["example_id"] = example_id
    return record


def make_raw(raw: Path, rng: np.random.Generator, rows: int = 45) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    ids = rng.choice(2**62, size=rows + 3, replace=False).astype(np.int64) * rng.choice([-1, 1], size=rows + 3)
    with open(raw / "simplified-nq-train.jsonl", "w") as handle:
        for n, example_id in enumerate(ids[:rows]):
            handle.write(json.dumps(_example(rng, int(example_id), n % 4)) + "\n")
    with open(raw / "simplified-nq-test.jsonl", "w") as handle:
        for example_id in ids[rows:]:
            record = _example(rng, int(example_id), 0, with_annotation=False)
            record.pop("document_url")
            handle.write(json.dumps(record) + "\n")
    pd.DataFrame({"example_id": [f"{i}{s}" for i in ids[rows:] for s in ("_long", "_short")],
                  "PredictionString": ""}).to_csv(raw / "sample_submission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for example_id, annotations in zip(answers["example_id"], answers["annotations"], strict=True):
        annotation = annotations[0]
        long_answer = annotation["long_answer"]
        rows.append((f"{example_id}_long", "" if long_answer["start_token"] == -1
                     else f"{long_answer['start_token']}:{long_answer['end_token']}"))
        shorts = [f"{s['start_token']}:{s['end_token']}" for s in annotation["short_answers"]]
        yes_no = annotation["yes_no_answer"]
        rows.append((f"{example_id}_short", yes_no if yes_no != "NONE" else (shorts[-1] if shorts else "")))
    return pd.DataFrame(rows, columns=["example_id", "PredictionString"])


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every rule of the spec beyond the two columns: row count, the suffixed ids, the prediction's format."""
    def with_prediction(value: str) -> pd.DataFrame:
        out = sample.astype({"PredictionString": object})
        out.loc[0, "PredictionString"] = value
        return out

    unsuffixed = sample.copy()
    unsuffixed.loc[0, "example_id"] = str(answers["example_id"].iloc[0])
    duplicated = sample.copy()
    duplicated.loc[len(sample) - 1, "example_id"] = sample["example_id"].iloc[0]
    return {
        "too few rows": sample.iloc[2:],
        "id without its suffix": unsuffixed,
        "duplicated id": duplicated,
        "lowercase yes": with_prediction("yes"),
        "three parts": with_prediction("1:2:3"),
        "no colon": with_prediction("12"),
        "fractional token index": with_prediction("1.5:3"),
    }


_IDS = r"Submission's 'example_id' values must be '<example_id>_long' and '<example_id>_short'"
_FORMAT = r"PredictionString must be 'start:end', 'YES', 'NO' or empty\."
INVALID_REASONS = {
    "too few rows": r"Submission has \d+ rows; the test set needs \d+",
    "id without its suffix": _IDS,
    "duplicated id": _IDS,
    "lowercase yes": _FORMAT,
    "three parts": _FORMAT,
    "no colon": _FORMAT,
    "fractional token index": r"PredictionString 'start:end' must hold two integer token indices\.",
}
