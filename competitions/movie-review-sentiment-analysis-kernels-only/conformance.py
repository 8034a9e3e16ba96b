"""Answers to the conformance suite: tiny raw data in Kaggle's layout (train.tsv.zip, test.tsv.zip, sampleSubmission.csv)."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

BEST_SCORE = 1.0
PUBLIC_TEST = "test.tsv.zip"
PUBLIC_TRAIN = "train.tsv.zip"
# The answers file is the whole test split: its SentenceId and Phrase are public, only Sentiment is the answer.
ANSWER_COLUMNS = ["Sentiment"]

WORDS = ["a", "film", "that", "is", "never", "dull", ",", "but", "the", "plot", "null", "NA", 'so-called "twist"']


def _phrases(rng: np.random.Generator, sentences: range, first_phrase_id: int) -> list[tuple[int, int, str]]:
    """Each sentence, then some of its sub-phrases, numbered consecutively as Kaggle numbers them."""
    rows, phrase_id = [], first_phrase_id
    for sentence in sentences:
        words = [WORDS[i] for i in rng.integers(0, len(WORDS), size=int(rng.integers(3, 7)))]
        spans = [(0, len(words))] + [(i, i + 1) for i in range(len(words))]
        for start, end in spans:
            rows.append((phrase_id, sentence, " ".join(words[start:end])))
            phrase_id += 1
    return rows


def _zip_text(path: Path, text: str) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(path.stem, text)


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/train.tsv.zip (PhraseId, SentenceId, Phrase, Sentiment; tab-separated, unquoted), and Kaggle's
    unused test.tsv.zip and sampleSubmission.csv."""
    raw.mkdir(parents=True, exist_ok=True)
    train = _phrases(rng, range(1, 7), 1)
    lines = ["PhraseId\tSentenceId\tPhrase\tSentiment"]
    lines += [f"{p}\t{s}\t{text}\t{int(rng.integers(0, 5))}" for p, s, text in train]
    _zip_text(raw / "train.tsv.zip", "\n".join(lines) + "\n")
    test = _phrases(rng, range(7, 9), len(train) + 1)
    _zip_text(raw / "test.tsv.zip",
              "\n".join(["PhraseId\tSentenceId\tPhrase"] + [f"{p}\t{s}\t{t}" for p, s, t in test]) + "\n")
    pd.DataFrame({"PhraseId": [p for p, _, _ in test], "Sentiment": 2}).to_csv(
        raw / "sampleSubmission.csv", index=False)


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers[["PhraseId", "Sentiment"]]


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The spec's rules beyond the generic ones the submission schema implies."""
    text = sample.astype({"Sentiment": object})
    text.loc[0, "Sentiment"] = "positive"
    return {"text class": text, "fractional class": sample.assign(Sentiment=2.5)}


INVALID_REASONS = {
    "text class": r"Column 'Sentiment' must hold whole-number classes",
    "fractional class": r"Column 'Sentiment' must hold whole-number classes",
}
