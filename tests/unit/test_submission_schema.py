"""The submission schema: config parsing refuses bad fields by name; checks align rows and convert targets."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_mlebench.errors import ConfigError, InvalidSubmissionError
from pytest_mlebench.submission_checks import check_submission, generic_invalid_cases
from pytest_mlebench.submission_schema import SubmissionSchema, parse_schema

ANSWERS = pd.DataFrame({"id": [3, 1, 2], "y": [30.0, 10.0, 20.0]})


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"targets": ["y"]}, "submission.id"),
        ({"id": "id", "rows": "sorted"}, "submission.rows"),
        ({"id": "id", "type": "float"}, "submission.type"),
        ({"id": "id", "type": "number", "range": [0]}, "submission.range"),
        ({"id": "id", "type": "label"}, "submission.labels"),
        ({"id": "id", "colour": "red"}, "unknown key"),
    ],
)
def test_bad_schema_fields_are_named(raw, field):
    with pytest.raises(ConfigError, match=field):
        parse_schema(raw, "config.yaml")


def test_parse_fills_defaults():
    schema = parse_schema({"id": ["a", "b"], "type": "probability"}, "config.yaml")
    assert schema == SubmissionSchema(id_columns=("a", "b"), type="probability")
    assert schema.target_columns(pd.DataFrame(columns=["a", "b", "p", "q"])) == ["p", "q"]


def test_by_id_pairs_rows_by_id_and_converts_text_numbers():
    schema = SubmissionSchema(("id",), ("y",), type="number")
    submission = pd.DataFrame({"id": [1, 2, 3], "y": ["10", "20", "31.5"]})
    sub, ans = check_submission(submission, ANSWERS, schema)
    assert sub["id"].tolist() == ans["id"].tolist()
    assert dict(zip(sub["id"], sub["y"], strict=True)) == {1: 10.0, 2: 20.0, 3: 31.5}
    assert dict(zip(ans["id"], ans["y"], strict=True)) == {3: 30.0, 1: 10.0, 2: 20.0}


def test_by_position_refuses_the_same_ids_in_another_order():
    schema = SubmissionSchema(("id",), ("y",), type="number", rows="by-position")
    check_submission(ANSWERS, ANSWERS, schema)
    with pytest.raises(InvalidSubmissionError, match="in the test set's order"):
        check_submission(ANSWERS.iloc[::-1], ANSWERS, schema)


@pytest.mark.parametrize("ids", [[1, 2, 3], ["k1", "k2", "k3"]])
def test_by_sorted_id_pairs_sorted_rows_without_comparing_ids(ids):
    schema = SubmissionSchema(("id",), ("y",), type="number", rows="by-sorted-id")
    answers = pd.DataFrame({"id": [ids[2], ids[0], ids[1]], "y": [30.0, 10.0, 20.0]})
    shuffled = pd.DataFrame({"id": [ids[1], ids[2], ids[0]], "y": [2.0, 3.0, 1.0]})
    sub, ans = check_submission(shuffled, answers, schema)  # the same ids: paired by id
    assert dict(zip(ans["y"], sub["y"], strict=True)) == {10.0: 1.0, 20.0: 2.0, 30.0: 3.0}
    wrong = pd.DataFrame({"id": ["c", "a", "a"], "y": [3.0, 1.0, 2.0]})  # not the test ids, one repeated
    sub, ans = check_submission(wrong, answers, schema)
    # MLE-bench sorts both and pairs by position: a, a, c against the sorted test ids
    assert ans["y"].tolist() == [10.0, 20.0, 30.0] and sorted(sub["y"].tolist()[:2]) == [1.0, 2.0]
    assert sub["y"].tolist()[2] == 3.0
    with pytest.raises(InvalidSubmissionError, match="rows"):
        check_submission(wrong.iloc[:2], answers, schema)
    assert not {"duplicated id", "unknown id"} & set(generic_invalid_cases(schema, answers, answers))


def test_no_id_pairs_rows_by_position_and_reads_no_id():
    schema = parse_schema({"id": [], "targets": ["y"], "type": "number", "rows": "by-position",
                           "extra_columns": "ignore"}, "config.yaml")
    assert schema.id_columns == ()
    sub, ans = check_submission(pd.DataFrame({"y": ["1", "2", "3"]}), ANSWERS, schema)
    assert sub["y"].tolist() == [1.0, 2.0, 3.0] and ans["id"].tolist() == [3, 1, 2]
    with pytest.raises(InvalidSubmissionError, match="rows"):
        check_submission(pd.DataFrame({"y": [1.0, 2.0]}), ANSWERS, schema)
    cases = generic_invalid_cases(schema, ANSWERS, ANSWERS)
    assert sorted(cases) == ["missing target column", "missing value", "text in a number column", "too few rows"]


def test_no_id_needs_rows_by_position():
    with pytest.raises(ConfigError, match="by-position"):
        parse_schema({"id": [], "targets": ["y"]}, "config.yaml")


def test_ignored_extra_columns_pass_and_nan_allowed_passes():
    schema = SubmissionSchema(("id",), ("y",), type="number", extra_columns="ignore", nan="allow")
    submission = ANSWERS.assign(y=[np.nan, 1.0, 2.0], note="x")
    sub, _ = check_submission(submission, ANSWERS, schema)
    assert np.isnan(sub["y"]).sum() == 1


def test_probability_defaults_to_the_unit_interval_and_open_ranges_hold():
    with pytest.raises(InvalidSubmissionError, match=r"within \[0, 1\]"):
        check_submission(ANSWERS.assign(y=[0.5, 1.01, 0.0]), ANSWERS, SubmissionSchema(("id",), ("y",), "probability"))
    open_high = SubmissionSchema(("id",), ("y",), "number", range=(0.0, None))
    check_submission(ANSWERS.assign(y=[0.0, 1e9, 5.0]), ANSWERS, open_high)
    with pytest.raises(InvalidSubmissionError, match=r"within \[0, \]"):
        check_submission(ANSWERS.assign(y=[-1.0, 1.0, 5.0]), ANSWERS, open_high)


def test_float_numbers_refuse_what_to_numeric_would_also_refuse():
    schema = SubmissionSchema(("id",), ("y",), "number", numbers="float")
    with pytest.raises(InvalidSubmissionError, match="must hold numbers"):
        check_submission(ANSWERS.assign(y=["1", "two", "3"]), ANSWERS, schema)


def test_grader_rows_checks_columns_only():
    schema = SubmissionSchema(("id",), ("y",), "number", rows="grader")
    sub, _ = check_submission(ANSWERS.iloc[:1], ANSWERS, schema)
    assert len(sub) == 1
    with pytest.raises(InvalidSubmissionError, match="missing column"):
        check_submission(ANSWERS[["id"]], ANSWERS, schema)


@settings(max_examples=300, deadline=None)
@given(
    answer_ids=st.lists(st.integers(0, 12), min_size=1, max_size=8, unique=True),
    submitted=st.lists(st.integers(0, 14), min_size=1, max_size=9),
    as_text=st.booleans(),
)
def test_hash_matching_gives_the_verdict_and_pairs_of_sorting(answer_ids, submitted, as_text):
    """The fast path (hash lookup) against the plain one (sort both, compare), on random id lists."""
    kind = str if as_text else int
    answers = pd.DataFrame({"id": [kind(i) for i in answer_ids], "y": [float(i) for i in answer_ids]})
    submission = pd.DataFrame({"id": [kind(i) for i in submitted], "y": [float(i) for i in submitted]})
    schema = SubmissionSchema(("id",), ("y",), "number")
    same = sorted(submission["id"]) == sorted(answers["id"])
    try:
        sub, ans = check_submission(submission, answers, schema)
    except InvalidSubmissionError:
        assert not same
    else:
        assert same
        assert sub["id"].tolist() == ans["id"].tolist()
        assert sub["y"].tolist() == ans["y"].tolist()  # each row's prediction stays with its id
