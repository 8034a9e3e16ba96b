"""Partial credit beside medals: a score's leaderboard percentile and its normalised score.

Both separate agents on splits where medal rates sit near 0% or 100%. A missing or invalid submission
gets the lowest value of each (it beat no team; it sits at the floor).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

NORMALIZED_FLOOR = -1.0
NORMALIZED_CEILING = 1.0


def leaderboard_percentile(score: float | None, scores: Sequence[float], is_lower_better: bool) -> float:
    """Percent of leaderboard teams the score beats; a team with exactly the same score counts half.

    Half credit for ties is the mid-rank convention: an agent equal to every team sits at 50%, not 0% or 100%.
    """
    values = np.asarray(scores, dtype=float)
    if score is None or values.size == 0:
        return 0.0
    beaten = np.sum(values > score) if is_lower_better else np.sum(values < score)
    tied = np.sum(values == score)
    return float(100.0 * (beaten + 0.5 * tied) / values.size)


def normalized_score(
    score: float | None, gold_threshold: float | None, median_threshold: float | None
) -> float | None:
    """(score - median) / (gold - median), clipped to [-1, 1]: 0 at the median, 1 at gold or better.

    The sign of (gold - median) carries the metric's direction. The floor keeps one catastrophic score
    from dominating a mean; the ceiling makes beating gold by far worth no more than gold, as a medal does.
    None when gold equals the median (the leaderboard cannot tell them apart).
    """
    if gold_threshold is None or median_threshold is None or gold_threshold == median_threshold:
        return None
    if score is None:
        return NORMALIZED_FLOOR
    value = (score - median_threshold) / (gold_threshold - median_threshold)
    return float(min(NORMALIZED_CEILING, max(NORMALIZED_FLOOR, value)))
