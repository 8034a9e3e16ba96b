"""Ranking on leaderboards with rows that have no score (Kaggle's `hasScore` False), against MLE-bench's rule.

The reference below restates `Grader.rank_score` of openai/mle-bench (mlebench/grade_helpers.py) with pandas,
without our medals module: the team count is `len(leaderboard)`, a threshold is `scores.iloc[position - 1]`
in file order, and the median is `Series.median()`, which skips NaN. One deliberate difference: MLE-bench
infers the direction from the first and last rows (a NaN last row makes it "higher is better"); we use the
declared direction, so the reference takes it as an argument.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pytest_mlebench.errors import ConfigError
from pytest_mlebench.scoring.medals import check_direction, rank_score


def mlebench_rank(score: float | None, leaderboard: pd.DataFrame, lower_is_better: bool) -> dict:
    scores = leaderboard["score"]
    n = len(leaderboard)
    if n < 100:
        positions = (max(1, int(n * 0.1)), max(1, int(n * 0.2)), max(1, int(n * 0.4)))
    elif n < 250:
        positions = (10, max(1, int(n * 0.2)), max(1, int(n * 0.4)))
    elif n < 1000:
        positions = (10 + int(n * 0.002), 50, 100)
    else:
        positions = (10 + int(n * 0.002), max(1, int(n * 0.05)), max(1, int(n * 0.1)))
    gold, silver, bronze = (float(scores.iloc[p - 1]) for p in positions)
    median = float(scores.median())
    out = {"gold_threshold": gold, "silver_threshold": silver, "bronze_threshold": bronze,
           "median_threshold": median}
    if score is None:
        return {**out, "gold_medal": False, "silver_medal": False, "bronze_medal": False, "above_median": False}
    g = score <= gold if lower_is_better else score >= gold
    s = not g and (score <= silver if lower_is_better else score >= silver)
    b = not g and not s and (score <= bronze if lower_is_better else score >= bronze)
    above = score < median if lower_is_better else score > median
    return {**out, "gold_medal": g, "silver_medal": s, "bronze_medal": b, "above_median": above}


@st.composite
def boards(draw):
    """(leaderboard frame in Kaggle's order, declared lower-is-better, a score to rank)."""
    n_scored = draw(st.integers(1, 1300))
    n_missing = draw(st.one_of(st.just(0), st.integers(1, 60)))
    lower = draw(st.booleans())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    values = np.round(rng.normal(0.5, 0.2, n_scored), draw(st.integers(1, 4)))  # few decimals: many ties
    values = np.sort(values) if lower else np.sort(values)[::-1]
    column = [float(v) for v in values]
    anywhere = draw(st.booleans())  # Kaggle lists them last; MLE-bench's rule holds wherever they are
    for _ in range(n_missing):
        column.insert(int(rng.integers(0, len(column) + 1)) if anywhere else len(column), math.nan)
    frame = pd.DataFrame({"score": column, "hasScore": [not math.isnan(v) for v in column]})
    score = draw(st.one_of(st.none(), st.sampled_from(sorted(values)),
                           st.floats(-0.5, 1.5, allow_nan=False).map(lambda x: round(x, 3))))
    return frame, lower, score


@given(boards())
def test_ranking_matches_mlebench_with_and_without_missing_scores(board):
    frame, lower, score = board
    expected = mlebench_rank(score, frame, lower)
    got = rank_score(score, frame["score"].tolist(), lower)
    for name, value in expected.items():
        actual = getattr(got, name)
        if isinstance(value, float) and math.isnan(value):
            assert math.isnan(actual), name
        else:
            assert actual == value, (name, actual, value)
    check_direction(frame["score"].tolist(), lower, "x")  # a board in order never contradicts its direction


def test_median_skips_rows_without_a_score_by_hand():
    board = [0.9, 0.8, 0.7, 0.6, math.nan, math.nan]  # median of the four scores: 0.75, not NaN
    medals = rank_score(0.8, board, False)
    assert medals.median_threshold == pytest.approx(0.75)
    assert medals.above_median


def test_rows_without_a_score_count_as_teams_by_hand():
    # 10 rows, 4 without a score: positions of 10 teams (1, 2, 4), not of 6 teams (1, 1, 2).
    board = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, *[math.nan] * 4]
    medals = rank_score(0.8, board, False)
    assert (medals.gold_threshold, medals.silver_threshold, medals.bronze_threshold) == (0.9, 0.8, 0.6)
    assert medals.silver_medal and not medals.gold_medal


def test_a_threshold_on_a_row_without_a_score_is_unreachable_as_in_mlebench():
    board = [0.9, *[math.nan] * 9]  # bronze position 4 has no score
    medals = rank_score(0.95, board, False)
    assert math.isnan(medals.bronze_threshold)
    assert medals.gold_medal and medals.above_median


@pytest.mark.parametrize("lower_is_better", [True, False], ids=["lower-better", "higher-better"])
def test_direction_check_ignores_a_trailing_row_without_a_score(lower_is_better):
    board = [0.1, 0.5, 0.9] if lower_is_better else [0.9, 0.5, 0.1]
    check_direction([*board, math.nan], lower_is_better, "x")
    check_direction([*board, math.nan, math.nan], lower_is_better, "x")


def test_direction_check_still_refuses_a_contradiction_with_a_trailing_row_without_a_score():
    with pytest.raises(ConfigError, match="first score 0.9 and last score 0.1"):
        check_direction([0.9, 0.5, 0.1, math.nan], True, "x")
