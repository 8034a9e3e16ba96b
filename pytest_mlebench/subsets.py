"""Which competitions each headline subset holds: all, medal-granting, clean (no known issue), and those that
ended after a model's knowledge cutoff (end date = the latest `submissionDate` on the leaderboard)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

ALL, MEDALS, CLEAN, AFTER_CUTOFF = "all", "medal_granting", "clean", "after_cutoff"


def parse_cutoff(value: str) -> dt.date:
    """'2024-10' -> 2024-10-01 (the month the model's knowledge ends in); ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", str(value))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"a knowledge cutoff is a month like 2024-10, got {value!r}")
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def first_day_after(cutoff_month: dt.date) -> dt.date:
    """The first day after the cutoff month: a competition counts as unseen only if it ended on or after it."""
    if cutoff_month.month == 12:
        return dt.date(cutoff_month.year + 1, 1, 1)
    return dt.date(cutoff_month.year, cutoff_month.month + 1, 1)


def end_date(competition: Any) -> dt.date | None:
    """The day of the latest submission on the competition's leaderboard; None where it has no dates."""
    import pandas as pd

    from pytest_mlebench.scoring.leaderboard import leaderboard_path

    frame = pd.read_csv(leaderboard_path(competition), usecols=lambda c: c == "submissionDate")
    if "submissionDate" not in frame.columns:
        return None
    dates = pd.to_datetime(frame["submissionDate"], errors="coerce", format="mixed").dropna()
    return None if dates.empty else dates.max().date()


def headline_subsets(
    competitions: Sequence[Any],
    cutoff: dt.date | None = None,
    end_dates: Mapping[str, dt.date | None] | Callable[[Any], dt.date | None] | None = None,
) -> tuple[dict[str, list[str]], dict[str, str | None]]:
    """Subset name -> competition ids, and each competition's end date (ISO) where the cutoff needed it.

    `end_dates` maps ids to dates or is a function of the competition (default: read the leaderboard).
    A competition whose end date cannot be read is left out of the after-cutoff subset.
    """
    subsets = {
        ALL: sorted(c.id for c in competitions),
        MEDALS: sorted(c.id for c in competitions if c.awards_medals),
        CLEAN: sorted(c.id for c in competitions if not c.known_issues),
    }
    dates: dict[str, str | None] = {}
    if cutoff is not None:
        lookup = end_dates if end_dates is not None else end_date
        after = first_day_after(cutoff)
        chosen = []
        for c in competitions:
            day = lookup.get(c.id) if isinstance(lookup, Mapping) else _safe(lookup, c)
            dates[c.id] = day.isoformat() if day else None
            if day is not None and day >= after:
                chosen.append(c.id)
        subsets[AFTER_CUTOFF] = sorted(chosen)
    return subsets, dates


def _safe(lookup: Callable[[Any], dt.date | None], competition: Any) -> dt.date | None:
    from pytest_mlebench.errors import MlebenchError

    try:
        return lookup(competition)
    except (MlebenchError, OSError, ValueError):
        return None
