"""vesuvius-challenge-ink-detection: F0.5 by hand, row-major RLE, truncation, fragment 3 as test fragment 'a'."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv
from pytest_mlebench.scoring.grade import score_frames

CID = "vesuvius-challenge-ink-detection"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("vesuvius")
    module.make_raw(root / "raw", np.random.default_rng(8))
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def answers_of(rle: str, width: int = 4, height: int = 3) -> pd.DataFrame:
    return pd.DataFrame({"Id": ["a"], "Predicted": [rle], "width": [width], "height": [height]})


def sub(rle: str) -> pd.DataFrame:
    return pd.DataFrame({"Id": ["a"], "Predicted": [rle]})


def test_f05_matches_hand_value(competition):
    answers = answers_of("1 4")  # the whole first row of a 4 x 3 fragment
    # Predicted pixels 3..6: tp 2 (3, 4), fp 2 (5, 6), fn 2 (1, 2). P = R = 0.5, F0.5 = 1.25PR/(0.25P + R) = 0.5.
    assert score_frames(competition, sub("3 4"), answers) == pytest.approx(0.5, abs=1e-5)
    # Predicted pixels 1..2: tp 2, fp 0, fn 2: P = 1, R = 0.5, F0.5 = 1.25 * 0.5 / (0.25 + 0.5) = 5/6.
    assert score_frames(competition, sub("1 2"), answers) == pytest.approx(5 / 6, abs=1e-5)


def test_only_the_pixel_numbers_count(competition):
    """F0.5 of flattened masks compares pixel numbers: how numbers map to rows and columns cannot change a score."""
    answers = answers_of("5 1 9 1")
    assert score_frames(competition, sub("5 1 9 1"), answers) == 1.0
    assert score_frames(competition, sub("2 2"), answers) == 0.0
    # 12 pixels in all: a run ending at 12 keeps every pixel, one starting at 13 is cut away entirely.
    assert score_frames(competition, sub("5 1 9 1 13 5"), answers) == 1.0


def test_runs_past_the_end_are_truncated(competition):
    answers = answers_of("9 4")
    assert score_frames(competition, sub("9 400"), answers) == 1.0


def test_blank_prediction_is_invalid_not_empty_mask(competition, tmp_path):
    answers = answers_of("1 4")
    path = tmp_path / "sub.csv"
    path.write_text("Id,Predicted\na,\n")
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, read_csv(path), answers)


def test_extra_column_is_invalid(competition):
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub("1 4").assign(width=4), answers_of("1 4"))


def test_fragment_three_becomes_test_fragment_a(prepared):
    raw3 = prepared / "raw" / "train" / "3"
    answers = (prepared / "private" / "inklabels_rle.csv").read_text().splitlines()
    rle = read_csv(raw3 / "inklabels_rle.csv")["Predicted"][0]
    with Image.open(raw3 / "ir.png") as image:
        width, height = image.size
    assert answers == ["Id,Predicted,width,height", f"a,{rle},{width},{height}"]
    assert (prepared / "private" / "gold_submission.csv").read_text().splitlines() == ["Id,Predicted", f"a,{rle}"]
    assert (prepared / "public" / "sample_submission.csv").read_text() == "Id,Predicted\na,1 1 5 1\n"
    public_a = prepared / "public" / "test" / "a"
    placed = sorted(str(p.relative_to(public_a)) for p in public_a.rglob("*") if p.is_file())
    expected = sorted(str(p.relative_to(raw3)) for p in raw3.rglob("*")
                      if p.is_file() and p.name not in {"inklabels.png", "inklabels_rle.csv", "ir.png"})
    assert placed == expected and "mask.png" in placed
    for rel in placed:
        assert (public_a / rel).read_bytes() == (raw3 / rel).read_bytes()
    assert sorted(p.name for p in (prepared / "public" / "train").iterdir()) == ["1", "2"]
    for fragment in ("1", "2"):
        raw_files = sorted(str(p.relative_to(prepared / "raw" / "train" / fragment))
                           for p in (prepared / "raw" / "train" / fragment).rglob("*") if p.is_file())
        public_files = sorted(str(p.relative_to(prepared / "public" / "train" / fragment))
                              for p in (prepared / "public" / "train" / fragment).rglob("*") if p.is_file())
        assert raw_files == public_files


def test_perfect_decoding_of_prepared_answers(competition, prepared):
    """The answers' RLE is the raw ink mask encoded row by row: decoding it as the grader does recovers the mask."""
    with Image.open(prepared / "raw" / "train" / "3" / "inklabels.png") as image:
        ink = np.array(image) > 0
    flat = ink.flatten()  # row-major
    starts = np.flatnonzero(np.diff(np.concatenate([[0], flat.astype(int), [0]])) == 1) + 1
    ends = np.flatnonzero(np.diff(np.concatenate([[0], flat.astype(int), [0]])) == -1) + 1
    rle = " ".join(f"{s} {e - s}" for s, e in zip(starts, ends, strict=True))
    answers = read_csv(prepared / "private" / "inklabels_rle.csv")
    assert answers["Predicted"][0] == rle
    assert score_frames(competition, sub(rle), answers) == 1.0
    assert score_frames(competition, sub("1 1 5 1"), answers) == 0.0


def test_three_tokens_reuse_the_single_length(competition):
    """MLE-bench adds starts [1, 5] and lengths [1] with numpy broadcasting: '1 1 5' reads as '1 1 5 1'."""
    answers = answers_of("1 1 5 1")
    assert score_frames(competition, sub("1 1 5"), answers) == 1.0
    with pytest.raises(InvalidSubmissionError):
        score_frames(competition, sub("1 1 5 1 9"), answers)
