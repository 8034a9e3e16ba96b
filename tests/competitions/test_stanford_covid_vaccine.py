"""stanford-covid-vaccine: MCRMSE by hand, the keep-mask row-order quirk, unscored columns and positions, the split."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "stanford-covid-vaccine"
TARGETS = ["reactivity", "deg_Mg_pH10", "deg_pH10", "deg_Mg_50C", "deg_50C"]


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("vaccine")
    module.make_raw(root / "raw", np.random.default_rng(2))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def small_answers() -> pd.DataFrame:
    """One sequence of 12 bases, the first 8 scored; ids sort as text (s_10 and s_11 before s_2)."""
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"id_seqpos": [f"s_{j}" for j in range(12)]})
    for target in TARGETS:
        frame[target] = np.where(np.arange(12) < 8, rng.normal(size=12).round(3), 0.0)
    return frame.assign(keep=np.arange(12) < 8)


def test_mcrmse_matches_hand_value(competition):
    answers = small_answers()
    sub = answers.drop(columns=["keep"])
    sub.loc[0, "reactivity"] += 2.0   # RMSE sqrt(4/8)
    sub.loc[3, "deg_Mg_50C"] -= 1.0   # RMSE sqrt(1/8)
    sub.loc[5, "deg_pH10"] += 9.0     # not scored
    sub.loc[10, "deg_Mg_pH10"] += 9.0  # unscored position
    expected = (np.sqrt(4 / 8) + 0 + np.sqrt(1 / 8)) / 3
    assert score_frames(competition, sub, answers) == pytest.approx(expected, abs=1e-5)


def test_row_order_quirk_scores_the_wrong_rows(competition):
    """The keep mask selects submission rows by file position: a reversed perfect submission is not perfect."""
    answers = small_answers()
    reversed_sub = answers.drop(columns=["keep"]).iloc[::-1].reset_index(drop=True)
    # File positions 0..7 are kept: after reversal they hold answer rows 11..4. Sorted by id (text order), those
    # ids are paired positionally with the scored answer ids sorted the same way.
    kept_sub = reversed_sub.iloc[:8].sort_values("id_seqpos")
    kept_ans = answers[answers["keep"]].sort_values("id_seqpos")
    scored = ["reactivity", "deg_Mg_pH10", "deg_Mg_50C"]
    expected = np.mean([np.sqrt(np.mean((kept_ans[t].to_numpy() - kept_sub[t].to_numpy()) ** 2)) for t in scored])
    assert expected > 0.1
    assert score_frames(competition, reversed_sub, answers) == pytest.approx(expected, abs=1e-5)


def test_unscored_values_may_be_anything(competition):
    answers = small_answers()
    sub = answers.drop(columns=["keep"]).astype({"deg_pH10": object, "reactivity": object})
    sub["deg_pH10"] = "n/a"
    sub["deg_50C"] = np.nan
    sub.loc[9, "reactivity"] = "unknown"
    assert score_frames(competition, sub.assign(extra=1), answers) == 0.0


@pytest.mark.parametrize("column", ["reactivity", "deg_Mg_50C"])
@pytest.mark.parametrize("value", [np.nan, np.inf, "x"])
def test_bad_value_on_a_scored_position_is_invalid(competition, column, value):
    answers = small_answers()
    sub = answers.drop(columns=["keep"]).astype({column: object})
    sub.loc[2, column] = value
    with pytest.raises(InvalidSubmissionError, match="scored positions"):
        score_frames(competition, sub, answers)


def test_split_answers_and_public_files(prepared):
    lines = (prepared / "raw" / "train.json").read_text().splitlines()
    train = pd.DataFrame([json.loads(line) for line in lines])
    n_test = int(len(train) * 0.1)
    chosen = set(train[train["SN_filter"] > 0].sample(n=n_test, random_state=0)["id"])
    test_rows = train[train["id"].isin(chosen)]
    assert len(chosen) == n_test and (test_rows["SN_filter"] == 1).all()

    public_test = [json.loads(line) for line in (prepared / "public" / "test.json").read_text().splitlines()]
    assert [r["id"] for r in public_test] == test_rows["id"].tolist()  # raw order
    assert [r["index"] for r in public_test] == list(range(n_test))
    assert list(public_test[0]) == ["index", "id", "sequence", "structure", "predicted_loop_type", "seq_length", "seq_scored"]
    public_train = [json.loads(line) for line in (prepared / "public" / "train.json").read_text().splitlines()]
    assert [r["id"] for r in public_train] == train[~train["id"].isin(chosen)]["id"].tolist()
    assert [r["index"] for r in public_train] == list(range(len(train) - n_test))

    answer_lines = (prepared / "private" / "test.csv").read_text().splitlines()
    assert answer_lines[0] == "id_seqpos," + ",".join(TARGETS) + ",keep"
    expected = []
    for row in test_rows.itertuples():
        for j in range(row.seq_length):
            scored = j < row.seq_scored
            values = [f"{getattr(row, t)[j]:.10f}" if scored else "0.0000000000" for t in TARGETS]
            expected.append(",".join([f"{row.id}_{j}", *values, str(scored)]))
    assert answer_lines[1:] == expected
    sample_lines = (prepared / "public" / "sample_submission.csv").read_text().splitlines()
    assert sample_lines[1:] == [line.split(",")[0] + ",0.0000000000" * 5 for line in expected]


def test_sample_submission_scores_the_rms_of_the_targets(competition, prepared):
    answers = read_csv(prepared / "private" / "test.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    kept = answers[answers["keep"]]
    expected = np.mean([np.sqrt(np.mean(kept[t] ** 2)) for t in ["reactivity", "deg_Mg_pH10", "deg_Mg_50C"]])
    assert score_frames(competition, sample, answers) == pytest.approx(expected, abs=1e-5)
