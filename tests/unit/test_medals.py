"""Kaggle's progression rules, checked against thresholds worked out by hand at every band edge."""

from __future__ import annotations

import pytest

from pytest_mlebench.errors import ConfigError
from pytest_mlebench.scoring.medals import check_direction, medal_positions, rank_score

# (teams, gold rank, silver rank, bronze rank), from the rules by hand:
#   1-99: 10% / 20% / 40% rounded down, at least 1; 100-249: 10 / 20% / 40%;
#   250-999: 10 + 0.2% / 50 / 100; 1000+: 10 + 0.2% / 5% / 10%.
POSITIONS = [
    (1, 1, 1, 1),
    (5, 1, 1, 2),
    (99, 9, 19, 39),
    (100, 10, 20, 40),
    (249, 10, 49, 99),
    (250, 10, 50, 100),
    (999, 11, 50, 100),
    (1000, 12, 50, 100),
    (5000, 20, 250, 500),
]


@pytest.mark.parametrize(("teams", "gold", "silver", "bronze"), POSITIONS)
def test_medal_positions_at_band_edges(teams, gold, silver, bronze):
    assert medal_positions(teams) == (gold, silver, bronze)


def higher_better_board(teams: int) -> list[float]:
    """Team at rank r scores teams + 1 - r: best first, all distinct."""
    return [float(teams + 1 - r) for r in range(1, teams + 1)]


def lower_better_board(teams: int) -> list[float]:
    """Team at rank r scores r / 10: best (smallest) first."""
    return [r / 10 for r in range(1, teams + 1)]


# teams -> ((gold, silver, bronze, median) higher-better, same lower-better); the median of 1..N is (N+1)/2.
THRESHOLDS = {
    1: ((1.0, 1.0, 1.0, 1.0), (0.1, 0.1, 0.1, 0.1)),
    99: ((91.0, 81.0, 61.0, 50.0), (0.9, 1.9, 3.9, 5.0)),
    100: ((91.0, 81.0, 61.0, 50.5), (1.0, 2.0, 4.0, 5.05)),
    249: ((240.0, 201.0, 151.0, 125.0), (1.0, 4.9, 9.9, 12.5)),
    250: ((241.0, 201.0, 151.0, 125.5), (1.0, 5.0, 10.0, 12.55)),
    999: ((989.0, 950.0, 900.0, 500.0), (1.1, 5.0, 10.0, 50.0)),
    1000: ((989.0, 951.0, 901.0, 500.5), (1.2, 5.0, 10.0, 50.05)),
    5000: ((4981.0, 4751.0, 4501.0, 2500.5), (2.0, 25.0, 50.0, 250.05)),
}


@pytest.mark.parametrize("teams", sorted(THRESHOLDS))
@pytest.mark.parametrize("lower_is_better", [False, True], ids=["higher-better", "lower-better"])
def test_thresholds_by_hand(teams, lower_is_better):
    board = lower_better_board(teams) if lower_is_better else higher_better_board(teams)
    expected = THRESHOLDS[teams][lower_is_better]
    medals = rank_score(None, board, lower_is_better)
    got = (medals.gold_threshold, medals.silver_threshold, medals.bronze_threshold, medals.median_threshold)
    assert got == pytest.approx(expected)
    assert not (medals.any_medal or medals.above_median)


@pytest.mark.parametrize("teams", sorted(THRESHOLDS))
@pytest.mark.parametrize("lower_is_better", [False, True], ids=["higher-better", "lower-better"])
def test_a_score_equal_to_a_threshold_earns_that_medal_and_only_the_best(teams, lower_is_better):
    board = lower_better_board(teams) if lower_is_better else higher_better_board(teams)
    gold, silver, bronze, _ = THRESHOLDS[teams][lower_is_better]
    for score, medal in ((gold, "gold"), (silver, "silver"), (bronze, "bronze")):
        result = rank_score(score, board, lower_is_better)
        earned = [m for m in ("gold", "silver", "bronze") if getattr(result, f"{m}_medal")]
        # Where two thresholds coincide (tiny fields), the better medal wins.
        best = "gold" if score == gold else "silver" if score == silver else "bronze"
        assert earned == [best], (score, medal, earned)
        assert result.any_medal


@pytest.mark.parametrize("lower_is_better", [False, True], ids=["higher-better", "lower-better"])
def test_just_short_of_a_threshold_earns_the_next_medal_down(lower_is_better):
    board = lower_better_board(100) if lower_is_better else higher_better_board(100)
    gold, silver, bronze, _ = THRESHOLDS[100][lower_is_better]
    worse = 0.01 if lower_is_better else -0.01
    assert rank_score(gold + worse, board, lower_is_better).silver_medal
    assert rank_score(silver + worse, board, lower_is_better).bronze_medal
    last = rank_score(bronze + worse, board, lower_is_better)
    assert not last.any_medal and last.above_median


@pytest.mark.parametrize("lower_is_better", [False, True], ids=["higher-better", "lower-better"])
def test_above_median_is_strict(lower_is_better):
    board = lower_better_board(100) if lower_is_better else higher_better_board(100)
    median = THRESHOLDS[100][lower_is_better][3]
    better = -0.001 if lower_is_better else 0.001
    assert not rank_score(median, board, lower_is_better).above_median
    assert rank_score(median + better, board, lower_is_better).above_median
    assert not rank_score(median - better, board, lower_is_better).above_median


def test_median_of_an_even_board_with_ties_by_hand():
    board = [0.9, 0.8, 0.8, 0.7, 0.5, 0.1]  # middle two values 0.8 and 0.7
    assert rank_score(None, board, False).median_threshold == pytest.approx(0.75)


def test_no_score_earns_nothing():
    medals = rank_score(None, higher_better_board(10), False)
    assert not (medals.gold_medal or medals.silver_medal or medals.bronze_medal or medals.above_median)


def test_a_board_without_teams_is_refused():
    with pytest.raises(ValueError):
        medal_positions(0)


@pytest.mark.parametrize(
    ("board", "lower_is_better"),
    [([0.9, 0.5, 0.1], True), ([0.1, 0.5, 0.9], False)],
    ids=["declared-lower-but-board-descends", "declared-higher-but-board-ascends"],
)
def test_direction_contradicting_the_leaderboard_is_a_config_error(board, lower_is_better):
    with pytest.raises(ConfigError, match=r"competitions/x/config\.yaml: metric\.higher_is_better"):
        check_direction(board, lower_is_better, "competitions/x/config.yaml")


def test_direction_agreeing_with_the_leaderboard_or_a_flat_board_passes():
    check_direction([0.1, 0.5, 0.9], True, "x")
    check_direction([0.9, 0.5, 0.1], False, "x")
    check_direction([0.5, 0.5], True, "x")
    check_direction([0.5], False, "x")
