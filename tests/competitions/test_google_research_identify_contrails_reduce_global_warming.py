"""google-research-identify-contrails-reduce-global-warming: global Dice by hand, column-major RLE, '-' for empty
masks, the split sized by the validation set, the seeded sample."""

import json
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "google-research-identify-contrails-reduce-global-warming"
RECORDS, VALIDATION = 20, 4


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("contrails")
    module.make_raw(root / "raw", np.random.default_rng(23), records=RECORDS, validation=VALIDATION)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers() -> pd.DataFrame:
    # 3 x 2 frames, pixels numbered column by column: 1 2 3 down the first column, 4 5 6 down the second.
    return pd.DataFrame({"record_id": [1000000000000000001, 1000000000000000002],
                         "encoded_pixels": ["1 2 5 1", "-"], "height": 3, "width": 2})


def test_global_dice_by_hand(competition):
    sub = answers().assign(encoded_pixels=["2 4", "1 1"])
    # True pixels {1, 2, 5} in record 1 and none in record 2; predicted {2, 3, 4, 5} and {1}.
    # Pooled: intersection {2, 5} = 2; totals 3 + 5 = 8 -> Dice 4 / 8.
    assert score_frames(competition, sub.iloc[::-1], answers()) == 0.5


def test_runs_past_the_end_are_truncated_and_empty_is_dash_or_blank(competition):
    truth = answers().assign(encoded_pixels=["1 2 6 1", "-"])
    # '6 9' runs past pixel 6, the last of the 3 x 2 frame: numpy slicing keeps only pixel 6.
    sub = answers().assign(encoded_pixels=["1 2 6 9", ""])
    assert score_frames(competition, sub, truth) == 1.0


def test_every_mask_empty_scores_nan(competition):
    truth = answers().assign(encoded_pixels="-")
    assert np.isnan(score_frames(competition, truth, truth))


@pytest.mark.parametrize("rle", [np.nan, "3 1 1 1", "0 2", "1 -1", "1 3 2 1", "a b", "1 2 3 4 5"])
def test_bad_encodings_are_invalid(competition, rle):
    sub = answers().astype({"encoded_pixels": object})
    sub.loc[0, "encoded_pixels"] = rle
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub, answers())


def test_split_sized_by_validation_and_answers_encoded_column_major(prepared):
    metadata = json.loads((prepared / "raw" / "train_metadata.json").read_text())
    perm = np.random.RandomState(0).permutation(RECORDS)
    expected_test = [metadata[i] for i in perm[:VALIDATION]]
    expected_train = [metadata[i] for i in perm[VALIDATION:]]
    assert (prepared / "public" / "train_metadata.json").read_text() == json.dumps(expected_train)
    truth = read_csv(prepared / "private" / "answers.csv")
    assert list(truth.columns) == ["record_id", "encoded_pixels", "height", "width"]
    assert truth["record_id"].astype(str).tolist() == [r["record_id"] for r in expected_test]
    for record_id, rle, height, width in truth.itertuples(index=False):
        mask = np.load(prepared / "raw" / "train" / str(record_id) / "human_pixel_masks.npy")[:, :, 0]
        assert (height, width) == mask.shape == (6, 5)
        ones = np.flatnonzero(mask.T.flatten() == 1) + 1
        if len(ones) == 0:
            assert rle == "-"
            continue
        tokens = [int(t) for t in rle.split()]
        decoded = [s + k for s, n in zip(tokens[0::2], tokens[1::2], strict=True) for k in range(n)]
        assert decoded == ones.tolist()
        # Maximal runs: each next start lies beyond the end of the previous run plus one.
        assert all(b > a + n for a, n, b in zip(tokens[0::2], tokens[1::2], tokens[2::2], strict=False))


def test_sample_and_public_folders(prepared):
    truth = read_csv(prepared / "private" / "answers.csv")
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    rng = random.Random(0)  # MLE-bench's random.seed(0) then random.choice per row
    assert sample["encoded_pixels"].tolist() == [rng.choice(["1 3 10 5", "-"]) for _ in range(len(truth))]
    assert sample.drop(columns=["encoded_pixels"]).equals(truth.drop(columns=["encoded_pixels"]))
    bands = [f"band_{n:02d}.npy" for n in range(8, 17)]
    for record_id in truth["record_id"]:
        assert sorted(p.name for p in (prepared / "public" / "test" / str(record_id)).iterdir()) == bands
    train = json.loads((prepared / "public" / "train_metadata.json").read_text())
    masks = ["human_individual_masks.npy", "human_pixel_masks.npy"]
    for record in train:
        assert sorted(p.name for p in (prepared / "public" / "train" / record["record_id"]).iterdir()) == sorted(
            bands + masks)
    validation = sorted(p.relative_to(prepared / "raw").as_posix()
                        for p in (prepared / "raw" / "validation").rglob("*") if p.is_file())
    assert sorted(p.relative_to(prepared / "public").as_posix()
                  for p in (prepared / "public" / "validation").rglob("*") if p.is_file()) == validation
    assert (prepared / "public" / "validation_metadata.json").read_bytes() == (
        prepared / "raw" / "validation_metadata.json").read_bytes()
