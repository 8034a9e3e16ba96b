"""Kaggle's progression rules, as MLE-bench applies them: medal positions by team count, then a score's medal.

Positions are 1-based ranks on the leaderboard; the score at that rank is the threshold, and a score
equal to a threshold earns that medal. Rows without a score (Kaggle's `hasScore` False) are NaN here and are
treated as MLE-bench's `Grader.rank_score` treats them (mlebench/grade_helpers.py): they count as teams and
hold their row, and the median skips them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from pytest_mlebench.errors import ConfigError
from pytest_mlebench.results import Medals


def medal_positions(num_teams: int) -> tuple[int, int, int]:
    """(gold, silver, bronze) ranks for a leaderboard of `num_teams` teams."""
    if num_teams < 1:
        raise ValueError("A leaderboard needs at least one team.")
    if num_teams < 100:
        return (max(1, int(num_teams * 0.1)), max(1, int(num_teams * 0.2)), max(1, int(num_teams * 0.4)))
    if num_teams < 250:
        return (10, max(1, int(num_teams * 0.2)), max(1, int(num_teams * 0.4)))
    if num_teams < 1000:
        return (10 + int(num_teams * 0.002), 50, 100)
    return (10 + int(num_teams * 0.002), max(1, int(num_teams * 0.05)), max(1, int(num_teams * 0.1)))


def check_direction(scores: Sequence[float], is_lower_better: bool, where: str) -> None:
    """The declared direction must agree with the leaderboard's order (best team first).

    Only rows with a score count: Kaggle lists teams without one last, and a NaN says nothing of the order.
    """
    scored = [float(s) for s in scores if not np.isnan(s)]
    if len(scored) < 2 or scored[0] == scored[-1]:
        return
    leaderboard_lower_better = scored[0] < scored[-1]
    if leaderboard_lower_better != is_lower_better:
        declared = "lower" if is_lower_better else "higher"
        raise ConfigError(
            f"{where}: metric.higher_is_better declares {declared} is better, but the leaderboard's "
            f"first score {scored[0]} and last score {scored[-1]} say the opposite."
        )


def rank_score(score: float | None, scores: Sequence[float], is_lower_better: bool) -> Medals:
    """Medals and above-median for `score` on a leaderboard given best team first.

    As MLE-bench: the team count is every row (with or without a score), a threshold is the score in the row
    at its position (NaN where that row has none, so nobody reaches it), and the median is pandas' median,
    which skips rows without a score.
    """
    gold_pos, silver_pos, bronze_pos = medal_positions(len(scores))
    values = pd.Series(scores, dtype=float)
    gold, silver, bronze = (float(values.iloc[p - 1]) for p in (gold_pos, silver_pos, bronze_pos))
    median = float(values.median())
    if score is None:
        return Medals(gold, silver, bronze, median)

    def reaches(threshold: float) -> bool:
        return score <= threshold if is_lower_better else score >= threshold

    got_gold = reaches(gold)
    got_silver = not got_gold and reaches(silver)
    got_bronze = not got_gold and not got_silver and reaches(bronze)
    above_median = score < median if is_lower_better else score > median
    return Medals(gold, silver, bronze, median, got_gold, got_silver, got_bronze, above_median)
