"""Text metrics as MLE-bench computes them: word Jaccard (tweet, chaii) and Levenshtein distances."""

from __future__ import annotations

from collections.abc import Sequence

import Levenshtein
import numpy as np
from sklearn import metrics as skm
from sklearn.preprocessing import MultiLabelBinarizer

from pytest_mlebench.errors import InvalidSubmissionError


def word_jaccard(pred: str, truth: str) -> float:
    """Kaggle's tweet-sentiment Jaccard of lower-cased whitespace word sets; both empty is refused (0/0)."""
    a, b = set(pred.lower().split()), set(truth.lower().split())
    if not a and not b:
        # MLE-bench divides by zero here and the whole submission scores None.
        raise InvalidSubmissionError("A row whose prediction and answer both have no words cannot be scored.")
    common = a & b
    return len(common) / (len(a) + len(b) - len(common))


def mean_word_jaccard(preds: Sequence[str], truths: Sequence[str]) -> float:
    """numpy mean of `word_jaccard` over rows paired positionally (tweet-sentiment-extraction)."""
    return float(np.mean([word_jaccard(p, t) for p, t in zip(preds, truths, strict=True)]))


def word_set_jaccard_samples(preds: Sequence[str], truths: Sequence[str]) -> float:
    """chaii's score: sklearn jaccard_score(average='samples') of lower-cased word sets; both empty scores 0."""
    true_sets = [set(t.lower().split()) for t in truths]
    pred_sets = [set(p.lower().split()) for p in preds]
    binarizer = MultiLabelBinarizer().fit(true_sets + pred_sets)
    return float(skm.jaccard_score(
        binarizer.transform(true_sets), binarizer.transform(pred_sets), average="samples", zero_division=0
    ))


def mean_levenshtein(truths: Sequence[str], preds: Sequence[str]) -> float:
    """Mean character edit distance (unit costs, the `levenshtein` package MLE-bench uses)."""
    return float(np.mean([Levenshtein.distance(t, p) for t, p in zip(truths, preds, strict=True)]))


def normalised_sequence_edit_distance(truths: Sequence[Sequence[int]], preds: Sequence[Sequence[int]]) -> float:
    """Total edit distance over sequences of symbols / total true length (multi-modal-gesture-recognition)."""
    total = np.sum([Levenshtein.distance(list(t), list(p)) for t, p in zip(truths, preds, strict=True)])
    return float(total / sum(len(t) for t in truths))
