"""Whether one public column of the test rows predicts an answer nearly perfectly: equal values, a
single-feature model, or a field filled in only when the answer is one class. Values are normalised text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import binom, spearmanr

MIN_ROWS = 10  # fewer matched rows than this prove nothing either way
AGREEMENT = 0.95  # share of matched rows whose public value is the answer
EXACT_AGREEMENT = 0.99  # for a column other than the answer's own (text normalisation keeps most tokens)
KAPPA = 0.9  # ... and that far above what chance agreement gives (Cohen's kappa)
MODEL_ACCURACY = 0.99
MAX_CLASSES = 20  # answers with more distinct values are treated as numbers or free text
MONOTONE_RHO = 0.999
PURITY = 0.98
P_VALUE = 1e-4  # for "filled in only for one class", after a Bonferroni correction over columns
MISSING_LIKE = frozenset({"", "nan", "none", "null", "n/a", "na", "[deleted]", "unknown", "-", "?"})
NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def normalize_value(text: Any) -> str:
    """One spelling per value: 'True'/'1'/'1.0' -> '1', '2.50' -> '2.5', text stripped."""
    text = str(text).strip()
    low = text.lower()
    if low in ("true", "false"):
        return "1" if low == "true" else "0"
    if NUMBER.match(text):
        value = float(text)
        if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return text


def normalize(series: pd.Series) -> pd.Series:
    mapping = {value: normalize_value(value) for value in series.unique()}
    return series.map(mapping).astype(object)


def agreement(public: pd.Series, truth: pd.Series) -> tuple[float, float]:
    """Share of equal values and Cohen's kappa (agreement above what the two value mixes give by chance)."""
    if len(truth) == 0:
        return 0.0, 0.0
    acc = float(np.mean(public.to_numpy() == truth.to_numpy()))
    p_public = public.value_counts(normalize=True)
    p_truth = truth.value_counts(normalize=True).reindex(p_public.index, fill_value=0.0)
    chance = float((p_public * p_truth).sum())
    return acc, (acc - chance) / (1.0 - chance) if chance < 1.0 else 0.0


def labelled_rows(tables: Sequence[Any], column: str, target: str, test_ids: pd.Index, id_column: str) -> pd.DataFrame:
    """(value, answer) pairs of public training rows that carry both the column and the answer column;
    more evidence for "filled in only for one class" than the test rows alone."""
    frames = []
    for table in tables:
        frame = table.frame
        if column in frame.columns and target in frame.columns:
            keep = ~normalize(frame[id_column]).isin(test_ids) if id_column in frame.columns else slice(None)
            frames.append(pd.DataFrame({"x": normalize(frame.loc[keep, column]), "y": normalize(frame.loc[keep, target])}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"x": [], "y": []})


def predicts(values: pd.Series, truth: pd.Series, train: Callable[[], pd.DataFrame], tests: int = 1) -> str | None:
    """Why `values` (a public column, row-aligned with the answers `truth`) gives the answers away; None if not.

    `train()` gives labelled training rows of the same column (read only when needed); `tests` is how many
    columns are tested, for the multiple-testing correction.
    """
    n = len(truth)
    if n < MIN_ROWS:
        return None
    acc, kappa = agreement(values, truth)
    if acc >= EXACT_AGREEMENT and kappa >= KAPPA:
        return f"equals the answer for {acc:.0%} of {n} test rows"
    classes = truth.nunique()
    if 2 <= classes <= MAX_CLASSES:
        return _classifier_detail(values, truth) or _filled_for_one_class(values, truth, train, tests)
    numbers = _as_numbers(truth)
    features = _as_numbers(values)
    if numbers is not None and features is not None and np.nanstd(features) > 0:
        rho = spearmanr(features, numbers, nan_policy="omit").statistic
        if abs(rho) >= MONOTONE_RHO:
            return f"ranks the answers in the same order (Spearman {rho:+.4f}) over {n} test rows"
    return None


def _classifier_detail(values: pd.Series, truth: pd.Series) -> str | None:
    numbers = _as_numbers(values)
    if numbers is not None and values.nunique() > MAX_CLASSES:
        predicted = _tree_predictions(numbers, truth.to_numpy())
        how = "a depth-3 decision tree on it (5-fold cross-validation)"
    else:
        if values.nunique() > len(values) / 2:
            return None  # mostly unique values: no group to learn from
        predicted = _group_majority(values.to_numpy(), truth.to_numpy())
        how = "its value's majority answer among the other rows"
    correct = predicted == truth.to_numpy()
    accuracy = float(np.mean(correct))
    majority = float(truth.value_counts(normalize=True).iloc[0])
    _, kappa = agreement(pd.Series(predicted), truth.reset_index(drop=True))
    if accuracy >= MODEL_ACCURACY and kappa >= KAPPA:
        return f"{how} predicts {accuracy:.0%} of {len(truth)} test answers (majority answer alone: {majority:.0%})"
    return None


def _group_majority(values: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """Leave-one-out: each row gets the most common answer of the other rows with its value ('' if none)."""
    counts: dict[Any, dict[Any, int]] = {}
    for v, t in zip(values, truth, strict=True):
        counts.setdefault(v, {}).setdefault(t, 0)
        counts[v][t] += 1
    out = []
    for v, t in zip(values, truth, strict=True):
        others = dict(counts[v])
        others[t] -= 1
        best = max(others.values())
        winners = [k for k, c in others.items() if c == best]
        out.append(winners[0] if best > 0 and len(winners) == 1 else "")
    return np.array(out, dtype=object)


def _tree_predictions(features: np.ndarray, truth: np.ndarray) -> np.ndarray:
    from sklearn.model_selection import KFold, cross_val_predict
    from sklearn.tree import DecisionTreeClassifier

    x = np.nan_to_num(features, nan=-1e18).reshape(-1, 1)
    folds = KFold(n_splits=min(5, len(truth)), shuffle=True, random_state=0)
    return cross_val_predict(DecisionTreeClassifier(max_depth=3, random_state=0), x, truth, cv=folds)


def _filled_for_one_class(values: pd.Series, truth: pd.Series, train: Callable[[], pd.DataFrame],
                          tests: int) -> str | None:
    """A field left empty ('N/A', '', 'none') except for one class, as random-acts-of-pizza's
    giver_username_if_known: whenever it is filled in, the answer is that class."""
    shown = ~values.str.lower().isin(MISSING_LIKE)
    if not shown.any() or shown.all() or truth[shown].value_counts(normalize=True).iloc[0] < PURITY:
        return None
    rows = train()
    x = pd.concat([values, rows["x"]], ignore_index=True)
    y = pd.concat([truth, rows["y"]], ignore_index=True)
    filled = ~x.str.lower().isin(MISSING_LIKE)
    if filled.all():
        return None
    shown = y[filled].value_counts()
    top, hits = shown.index[0], int(shown.iloc[0])
    m = int(filled.sum())
    base = float((y == top).mean())
    if m < MIN_ROWS or hits / m < PURITY or base > 0.9:
        return None
    p_value = float(binom.sf(hits - 1, m, base)) * max(tests, 1)
    if p_value >= P_VALUE:
        return None
    return (f"is filled in only when the answer is {top!r} ({hits} of {m} filled rows, train and test; "
            f"{base:.0%} of all rows have that answer; chance p={p_value:.1e})")


def _as_numbers(values: pd.Series) -> np.ndarray | None:
    """The values as floats (missing-like ones as NaN), or None when some are not numbers."""
    text = values.astype(str)
    missing = text.str.lower().isin(MISSING_LIKE)
    if not text[~missing].str.match(NUMBER).all() or missing.all():
        return None
    out = np.full(len(text), np.nan)
    out[~missing.to_numpy()] = text[~missing].astype(float).to_numpy()
    return out
