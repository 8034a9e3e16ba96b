"""nfl-player-contact-detection: MCC against scikit-learn and by hand, whole-number labels accepted, the split by
game play across labels, tables and videos."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import matthews_corrcoef
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "nfl-player-contact-detection"
PLAYS = 12


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("nfl")
    module.make_raw(root / "raw", np.random.default_rng(19), plays=PLAYS)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers() -> pd.DataFrame:
    return pd.DataFrame({"contact_id": [f"1_000001_0_5_{p}" for p in "6789G"], "contact": [1, 1, 0, 0, 0]})


def test_mcc_by_hand(competition):
    sub = answers().assign(contact=[1, 0, 1, 0, 0])
    # TP 1, FN 1, FP 1, TN 2: (1*2 - 1*1) / sqrt(2 * 2 * 3 * 3) = 1/6.
    assert matthews_corrcoef(answers()["contact"], sub["contact"]) == pytest.approx(1 / 6)
    assert score_frames(competition, sub.iloc[::-1], answers()) == pytest.approx(1 / 6, abs=1e-5)


def test_constant_prediction_scores_zero(competition):
    assert score_frames(competition, answers().assign(contact=0), answers()) == 0.0


def test_whole_numbers_other_than_0_and_1_are_scored(competition):
    # Parity quirk: scikit-learn treats 2 as a third class instead of refusing it.
    sub = answers().assign(contact=[1, 2, 0, 0, 0])
    expected = matthews_corrcoef(answers()["contact"], sub["contact"])
    assert score_frames(competition, sub, answers()) == pytest.approx(expected, abs=1e-5)
    assert score_frames(competition, answers().assign(contact=[1.0, 1.0, 0.0, 0.0, 0.0]), answers()) == 1.0


@pytest.mark.parametrize("value", [0.7, np.nan, "yes"])
def test_fractional_missing_or_text_contacts_are_invalid(competition, value):
    sub = answers().astype({"contact": object})
    sub.loc[0, "contact"] = value
    with pytest.raises(InvalidSubmissionError, match="contact"):
        score_frames(competition, sub, answers())


def test_split_by_game_play(prepared):
    labels = pd.read_csv(prepared / "raw" / "train_labels.csv")
    plays = labels["game_play"].unique()
    n_test = math.ceil(0.1 * len(plays))  # 2 of 12
    test_plays = set(plays[np.random.RandomState(0).permutation(len(plays))[:n_test]])
    in_test = labels["game_play"].isin(test_plays)
    assert read_csv(prepared / "private" / "test.csv").equals(labels[in_test].reset_index(drop=True))
    assert read_csv(prepared / "public" / "train_labels.csv").equals(labels[~in_test].reset_index(drop=True))
    for name in ("baseline_helmets", "player_tracking", "video_metadata"):
        table = pd.read_csv(prepared / "raw" / f"train_{name}.csv")
        for side, mask in (("test", table["game_play"].isin(test_plays)),
                           ("train", ~table["game_play"].isin(test_plays))):
            written = (prepared / "public" / f"{side}_{name}.csv").read_text()
            assert written == table[mask].to_csv(index=False)
    for side, chosen in (("test", sorted(test_plays)), ("train", sorted(set(plays) - test_plays))):
        names = sorted(p.name for p in (prepared / "public" / side).iterdir())
        assert names == sorted(f"{p}_{v}.mp4" for p in chosen for v in ("All29", "Endzone", "Sideline"))
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert list(sample.columns) == ["contact_id", "contact"]
    assert sample["contact_id"].tolist() == labels.loc[in_test, "contact_id"].tolist()
    assert (sample["contact"] == 0).all()
