"""frames.pandas2_float and read_csv_pandas2_default against values pandas 2.2.3's read_csv gave (recorded)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pytest_mlebench.frames import pandas2_float, read_csv_pandas2_default

# (text, repr of the float pandas 2.2.3's default read_csv parsed it to), recorded with pandas 2.2.3.
RECORDED = [
    ("37.398696842768395", "37.3986968427684"),
    ("37.399707543249036", "37.39970754324904"),
    ("-122.09962718487813", "-122.09962718487812"),
    ("-122.10067330242839", "-122.1006733024284"),
    ("1.2345678901234567e-05", "1.2345678901234568e-05"),
    ("9007199254740993", "9007199254740992.0"),
    ("0.30000000000000004", "0.3"),
    ("12345678901234567890.5", "1.2345678901234567e+19"),
]


@pytest.mark.parametrize(("text", "parsed"), RECORDED)
def test_pandas2_float_matches_recorded_pandas2(text, parsed):
    assert pandas2_float(text) == float(parsed)


@pytest.mark.parametrize("text", ["0", "1.5", "-0.25", "+4.5", "3.", "1.5E+3", "2.5e-3", "37.4166"])
def test_short_decimals_parse_exactly(text):
    assert pandas2_float(text) == float(text)


def test_words_fall_back_to_float():
    assert math.isinf(pandas2_float("inf"))
    assert math.isnan(pandas2_float("nan"))


def test_read_csv_pandas2_default_reparses_float_columns_only(tmp_path):
    path = tmp_path / "gt.csv"
    path.write_text("name,t,lat\nx,1,37.398696842768395\ny,2,\nz,3,1.5\n")
    frame = read_csv_pandas2_default(path)
    assert frame["t"].tolist() == [1, 2, 3]
    assert frame["lat"][0] == 37.3986968427684 and math.isnan(frame["lat"][1]) and frame["lat"][2] == 1.5
    assert frame["name"].tolist() == ["x", "y", "z"]
    if int(pd.__version__.split(".")[0]) >= 3:
        assert pd.read_csv(path)["lat"][0] != 37.3986968427684  # pandas 3 parses exactly: hence the helper
