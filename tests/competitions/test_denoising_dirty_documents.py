"""denoising-dirty-documents: pooled RMSE against hand values and scikit-learn, the image split, pixel answers."""

import io
import math
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from sklearn.metrics import mean_squared_error
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv

CID = "denoising-dirty-documents"
IMAGES = 14


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def prepared(competition, tmp_path_factory) -> Path:
    module = conformance_module(competition)
    root = tmp_path_factory.mktemp("denoising")
    module.make_raw(root / "raw", np.random.default_rng(6), images=IMAGES)
    (root / "public").mkdir()
    (root / "private").mkdir()
    competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def zipped_pngs(path: Path) -> dict[str, np.ndarray]:
    with zipfile.ZipFile(path) as archive:
        return {Path(n).name: np.array(Image.open(io.BytesIO(archive.read(n)))) for n in archive.namelist()}


def small_answers() -> pd.DataFrame:
    return pd.DataFrame({"id": ["1_1_1", "1_1_2", "1_2_1", "1_2_2"], "value": [1.0, 0.0, 0.5, 1.0]})


def test_rmse_matches_hand_value_and_sklearn(competition):
    answers = small_answers()
    sub = answers.assign(value=[0.0, 0.0, 0.5, 1.0])
    # One pixel off by 1 of four: sqrt(1 / 4) = 0.5.
    assert math.sqrt(mean_squared_error(answers["value"], sub["value"])) == pytest.approx(0.5)
    assert competition.grade_fn(sub, answers) == pytest.approx(0.5)
    assert competition.grade_fn(sub.iloc[[2, 0, 3, 1]], answers) == pytest.approx(0.5)


def test_predictions_outside_unit_interval_are_not_clipped(competition):
    answers = small_answers()
    sub = answers.assign(value=[3.0, 0.0, 0.5, 1.0])  # off by 2 once: sqrt(4 / 4)
    assert competition.grade_fn(sub, answers) == pytest.approx(1.0)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_missing_or_infinite_value_is_invalid(competition, bad):
    answers = small_answers()
    sub = answers.assign(value=[bad, 0.0, 0.5, 1.0])
    with pytest.raises(InvalidSubmissionError):
        competition.grade_fn(sub, answers)


def test_split_is_over_image_names_sorted_as_strings(prepared):
    names = sorted(zipped_pngs(prepared / "raw" / "train.zip"))
    n_test = math.ceil(0.2 * IMAGES)
    perm = np.random.RandomState(0).permutation(IMAGES)
    test_names = sorted(names[i] for i in perm[:n_test])
    train_names = sorted(names[i] for i in perm[n_test:])
    assert sorted(p.name for p in (prepared / "public" / "test").iterdir()) == test_names
    assert sorted(p.name for p in (prepared / "public" / "train").iterdir()) == train_names
    assert sorted(p.name for p in (prepared / "public" / "train_cleaned").iterdir()) == train_names
    assert sorted(p.name for p in (prepared / "private").iterdir()) == ["answers.csv"]


def test_answers_are_every_clean_pixel_row_by_row(prepared):
    clean = zipped_pngs(prepared / "raw" / "train_cleaned.zip")
    test_names = sorted(p.name for p in (prepared / "public" / "test").iterdir())
    expected_ids, expected_values = [], []
    for name in test_names:  # sorted as strings: '10.png' before '2.png'
        pixels = clean[name]
        for r in range(pixels.shape[0]):
            for c in range(pixels.shape[1]):
                expected_ids.append(f"{name[:-4]}_{r + 1}_{c + 1}")
                expected_values.append(pixels[r, c] / 255)
    answers = read_csv(prepared / "private" / "answers.csv")
    assert list(answers.columns) == ["id", "value"]
    assert answers["id"].tolist() == expected_ids
    assert answers["value"].tolist() == expected_values
    lines = (prepared / "private" / "answers.csv").read_text().splitlines()
    # Python's shortest float repr, as pandas writes float64.
    assert {line.split(",")[1] for line in lines[1:]} == {"0.0", repr(37 / 255), "1.0"}


def test_sample_submission_is_all_ones_and_scores_by_hand(competition, prepared):
    sample = read_csv(prepared / "public" / "sampleSubmission.csv")
    answers = read_csv(prepared / "private" / "answers.csv")
    assert sample["id"].tolist() == answers["id"].tolist()
    assert all(line.endswith(",1") for line in (prepared / "public" / "sampleSubmission.csv").read_text().splitlines()[1:])
    errors = [(1 - v) ** 2 for v in answers["value"]]
    assert competition.grade_fn(sample, answers) == pytest.approx(math.sqrt(sum(errors) / len(errors)))
