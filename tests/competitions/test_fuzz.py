"""Malformed submissions thrown at every competition's grader: none may raise anything but InvalidSubmissionError.

Grading is strict here: any other exception from a grader is a `GraderError` and fails the test (a grader bug is
never mistaken for a bad submission).

Each competition is prepared once from its conformance `make_raw`; hypothesis then mutates its sample (or
perfect) submission: columns dropped, added, renamed, reordered; rows duplicated, dropped, shuffled; cells set
to NaN, infinities, text, huge or empty values; header only, empty files, random bytes, non-UTF-8 text,
other separators, other suffixes, a missing file. `HYPOTHESIS_PROFILE=ci` runs 1,000 examples a competition.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_conformance import conformance_module, scaled_preparer

from pytest_mlebench.data.prepare import prepare_competition
from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_answers, read_csv
from pytest_mlebench.layout import DataLayout
from pytest_mlebench.registry import Registry
from pytest_mlebench.scoring.grade import STRICT_GRADING_ENV, score_submission

REPO = Path(__file__).resolve().parents[2]
IDS = Registry(REPO / "competitions").ids()

CELLS = st.one_of(
    st.sampled_from([np.nan, np.inf, -np.inf, "", " ", "abc", "nan", "NULL", "1e400", "1,5", '"', "é", "\t",
                     1e308, -1e308, 10**30, -(10**30), -1, 0, 1, 2, 0.5, -0.0, True, None]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.text(max_size=6),
)
SUFFIXES = st.sampled_from([".csv"] * 12 + [".CSV", ".txt", ".tsv", "", ".csv.gz", ".json", ".csv.bak"])


@st.composite
def mutated(draw, base: pd.DataFrame) -> pd.DataFrame:
    """The base frame after one to four structural or cell mutations (all cells as objects)."""
    frame = base.astype(object).copy()
    for _ in range(draw(st.integers(1, 4))):
        n_rows, n_cols = frame.shape
        op = draw(st.sampled_from([
            "drop_column", "add_column", "rename_column", "reorder_columns", "duplicate_rows", "drop_rows",
            "shuffle_rows", "set_cell", "set_cell", "set_cell", "set_column", "header_only", "head",
        ]))
        if op == "drop_column" and n_cols:
            frame = frame.drop(columns=frame.columns[draw(st.integers(0, n_cols - 1))])
        elif op == "add_column":
            name = draw(st.one_of(st.text(max_size=8), st.sampled_from(list(base.columns) or ["x"])))
            frame = pd.concat([frame, pd.Series([draw(CELLS)] * n_rows, index=frame.index, name=name, dtype=object)],
                              axis=1)
        elif op == "rename_column" and n_cols:
            columns = list(frame.columns)
            columns[draw(st.integers(0, n_cols - 1))] = draw(st.one_of(st.text(max_size=8), st.sampled_from(columns)))
            frame.columns = columns
        elif op == "reorder_columns" and n_cols:
            frame = frame.iloc[:, draw(st.permutations(range(n_cols)))]
        elif op == "duplicate_rows" and n_rows:
            rows = draw(st.lists(st.integers(0, n_rows - 1), min_size=1, max_size=5))
            frame = pd.concat([frame, frame.iloc[rows]])
        elif op == "drop_rows" and n_rows:
            rows = draw(st.lists(st.integers(0, n_rows - 1), min_size=1, max_size=n_rows, unique=True))
            frame = frame.drop(index=frame.index[rows])
        elif op == "shuffle_rows" and n_rows:
            seed = draw(st.integers(0, 2**32 - 1))
            frame = frame.iloc[np.random.default_rng(seed).permutation(n_rows)]
        elif op == "set_cell" and n_rows and n_cols:
            frame.iat[draw(st.integers(0, n_rows - 1)), draw(st.integers(0, n_cols - 1))] = draw(CELLS)
        elif op == "set_column" and n_cols:
            frame.iloc[:, draw(st.integers(0, n_cols - 1))] = draw(CELLS)
        elif op == "header_only":
            frame = frame.iloc[:0]
        elif op == "head":
            frame = frame.head(draw(st.integers(0, 3)))
    return frame


@st.composite
def submissions(draw, bases: list[pd.DataFrame]) -> tuple[str, bytes | None, str]:
    """(kind, file bytes or None for a missing file, suffix)."""
    kind = draw(st.sampled_from(["frame"] * 8 + ["empty", "random_bytes", "non_utf8", "missing", "separator"]))
    suffix = draw(SUFFIXES)
    if kind == "missing":
        return kind, None, suffix
    if kind == "empty":
        return kind, b"", suffix
    if kind == "random_bytes":
        return kind, draw(st.binary(max_size=400)), suffix
    frame = draw(mutated(draw(st.sampled_from(bases))))
    if kind == "separator":
        text = frame.to_csv(index=False, sep=draw(st.sampled_from([";", "\t", "|", " "])))
    else:
        text = frame.to_csv(index=draw(st.booleans()) and draw(st.booleans()))
    if kind == "non_utf8":
        encoded = text.encode("utf-8", "surrogatepass") if text else b""
        cut = draw(st.integers(0, len(encoded)))
        return kind, encoded[:cut] + draw(st.sampled_from([b"\xff", b"\xfe\xfa", b"\xc3(", b"\x80abc"])) + encoded[cut:], suffix
    return kind, text.encode("utf-8", "surrogatepass"), suffix


@pytest.fixture(scope="module", params=IDS)
def prepared(request, registry, tmp_path_factory):
    """A competition prepared from its synthetic raw files, its answers, and the frames to mutate."""
    competition = registry.get(request.param)
    module = conformance_module(competition)
    data_dir = tmp_path_factory.mktemp(f"fuzz-{competition.id[:20]}")
    layout = DataLayout(data_dir, competition.id)
    module.make_raw(layout.raw, np.random.default_rng(0))
    with scaled_preparer(competition, module):
        prepare_competition(competition, data_dir, download=None)
    answers = read_answers(layout.prepared / competition.answers)
    bases = [read_csv(layout.prepared / competition.sample_submission), module.perfect_submission(answers.copy())]
    return competition, answers, bases, tmp_path_factory.mktemp(f"fuzz-subs-{competition.id[:20]}")


def test_malformed_submissions_are_invalid_never_a_crash(prepared, monkeypatch):
    competition, answers, bases, folder = prepared
    monkeypatch.setenv(STRICT_GRADING_ENV, "1")
    seen: dict[str, int] = {}

    @settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(case=submissions(bases))
    def grade_one(case):
        kind, content, suffix = case
        seen[kind] = seen.get(kind, 0) + 1
        path = folder / f"submission{suffix}"
        for stale in folder.iterdir():
            stale.unlink()
        if content is not None:
            path.write_bytes(content)
        try:
            score = score_submission(competition, path, answers)
        except InvalidSubmissionError as exc:
            assert str(exc), "an invalid submission needs a reason"
        else:
            assert isinstance(score, float)

    grade_one()
    assert sum(seen.values()) >= settings().max_examples, seen
