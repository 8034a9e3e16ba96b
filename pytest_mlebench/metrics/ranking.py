"""Ranking metrics as MLE-bench computes them: MAP@k, label-weighted LRAP, AI4Code's pooled Kendall tau."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import numpy as np
from sklearn import metrics as skm

from pytest_mlebench.errors import InvalidSubmissionError


def average_precision_at_k(actual: set, predicted: Sequence, k: int) -> float:
    """AP@k: each first-time hit at 1-based rank i adds hits/i; divided by min(|actual|, k); 0 if actual is empty."""
    if not actual:
        return 0.0
    top = list(predicted)[:k]
    hits, score = 0, 0.0
    for i, item in enumerate(top):
        if item in actual and item not in top[:i]:
            hits += 1
            score += hits / (i + 1)
    return score / min(len(actual), k)


def mean_average_precision_at_k(actual: Sequence[set], predicted: Sequence[Sequence], k: int) -> float:
    """numpy mean of AP@k over rows paired positionally."""
    return float(np.mean([average_precision_at_k(a, p, k) for a, p in zip(actual, predicted, strict=True)]))


def label_weighted_lrap(truth, scores) -> float:
    """lwlrap (freesound-2019): LRAP weighted by each row's number of positives.

    MLE-bench drops rows without positives; their weight is 0 here, which leaves the weighted mean the same.
    """
    truth = np.asarray(truth) > 0
    return float(skm.label_ranking_average_precision_score(
        truth, np.asarray(scores, dtype=float), sample_weight=truth.sum(axis=1)
    ))


def count_inversions(ranks: Sequence[int]) -> int:
    """Pairs i < j with ranks[i] > ranks[j], in O(n log n)."""
    seen: list[int] = []
    inversions = 0
    for rank in ranks:
        inversions += len(seen) - bisect.bisect_right(seen, rank)
        bisect.insort(seen, rank)
    return inversions


def kendall_tau_orders(true_orders: Sequence[Sequence[str]], pred_orders: Sequence[Sequence[str]]) -> float:
    """AI4Code's pooled tau: 1 - 4 * sum(inversions) / sum(n * (n - 1)) over all notebooks together.

    Each true order's items are replaced by their positions in the predicted order; a true cell missing from the
    prediction is refused (MLE-bench's `list.index` raises there).
    """
    inversions, pairs = 0, 0
    for truth, pred in zip(true_orders, pred_orders, strict=True):
        position = {cell: i for i, cell in reversed(list(enumerate(pred)))}
        missing = [cell for cell in truth if cell not in position]
        if missing:
            raise InvalidSubmissionError(f"A predicted cell order lacks {len(missing)} of the notebook's cells.")
        inversions += count_inversions([position[cell] for cell in truth])
        n = len(truth)
        pairs += n * (n - 1)
    return float(1 - 4 * inversions / pairs)
