"""frames.read_answers: CSV answers as read_csv reads them, JSON-lines answers as one record a line."""

import json
from pathlib import Path

import pandas as pd
import pytest

from pytest_mlebench.frames import read_answers, read_csv


def test_jsonl_records_keep_strings_and_nested_values(tmp_path):
    records = [{"example_id": "-12", "annotations": [{"long_answer": {"start_token": -1}}]},
               {"example_id": "7", "annotations": []}]
    path = tmp_path / "test.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    frame = read_answers(path)
    assert frame["example_id"].tolist() == ["-12", "7"]
    assert frame["annotations"].tolist() == [r["annotations"] for r in records]


def test_csv_is_read_as_read_csv_reads_it(tmp_path):
    path = tmp_path / "answers.csv"
    pd.DataFrame({"id": [1, 2], "y": [0.1, 0.30000000000000004]}).to_csv(path, index=False)
    pd.testing.assert_frame_equal(read_answers(path), read_csv(path))


def test_an_open_file_is_read_as_opened_even_if_its_name_is_swapped(tmp_path):
    submission, other = tmp_path / "submission.csv", tmp_path / "other.csv"
    submission.write_text("id,y\n1,0.5\n2,0.25\n")
    other.write_text("id,y\n9,9.0\n")
    with open(submission, "rb") as handle:
        other.replace(submission)  # the name now points at another file; the descriptor does not
        frame = read_csv(handle)
    assert frame["id"].tolist() == [1, 2] and frame["y"].tolist() == [0.5, 0.25]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc/self/fd on this system")
def test_an_open_file_goes_to_pandas_as_its_descriptor_path(tmp_path, monkeypatch):
    path = tmp_path / "submission.csv"
    path.write_text("id,y\n1,0.5\n")
    seen = []
    real = pd.read_csv
    monkeypatch.setattr(pd, "read_csv", lambda source, **kwargs: seen.append(source) or real(source, **kwargs))
    with open(path, "rb") as handle:
        read_csv(handle)
        handle.read(3)
        read_csv(handle)  # not at its start: pandas reads on from the handle, as before
        descriptor = handle.fileno()
    assert seen[0] == f"/proc/self/fd/{descriptor}", "pandas reads a path in parallel, a handle serially"
    assert seen[1] is handle
