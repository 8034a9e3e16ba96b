"""mlsp-2013-birds: pooled AUC against scikit-learn, the DataFrame.sample split, renumbering and file quirks."""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score
from test_conformance import conformance_module

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.frames import read_csv

CID = "mlsp-2013-birds"


@pytest.fixture(scope="module")
def competition(registry):
    return registry.get(CID)


@pytest.fixture(scope="module")
def conformance(competition):
    module = conformance_module(competition)
    return module


@pytest.fixture(scope="module")
def prepared(competition, conformance, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mlsp")
    conformance.make_raw(root / "raw", np.random.default_rng(3))
    (root / "public").mkdir()
    (root / "private").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(competition.prepare_fn.__globals__, "TEST_RECORDINGS", 4)
        competition.prepare_fn(root / "raw", root / "public", root / "private")
    return root


def raw_lines(root: Path, name: str) -> list[str]:
    return (root / "raw" / "mlsp_contest_dataset" / name).read_text().splitlines()


def test_pooled_auc_matches_sklearn_and_hand_value(competition):
    answers = pd.DataFrame({"Id": [100, 101, 102, 200, 201, 202], "Probability": [1, 0, 0, 0, 1, 1]})
    scores = [0.9, 0.4, 0.1, 0.4, 0.3, 0.8]
    sub = pd.DataFrame({"Id": answers["Id"], "Probability": scores})
    # positives 0.9, 0.3, 0.8 vs negatives 0.4, 0.1, 0.4: 3 + (0 + 1 + 0) + 3 = 7 of 9 pairs.
    assert competition.grade_fn(sub, answers) == pytest.approx(7 / 9)
    assert competition.grade_fn(sub, answers) == pytest.approx(roc_auc_score(answers["Probability"], scores))
    assert competition.grade_fn(sub.iloc[::-1], answers) == pytest.approx(7 / 9)


def test_auc_is_pooled_not_a_mean_over_species(competition):
    # Each recording's pair is ranked right (a per-group mean would be 1.0), but pooled the
    # positive 0.9 loses to the negative 0.95: 3 of 4 pairs.
    answers = pd.DataFrame({"Id": [100, 101, 200, 201], "Probability": [1, 0, 0, 1]})
    sub = answers.assign(Probability=[0.9, 0.5, 0.95, 0.99])
    assert roc_auc_score(answers["Probability"], sub["Probability"]) == pytest.approx(0.75)
    assert competition.grade_fn(sub, answers) == pytest.approx(0.75)


def test_nan_probability_is_invalid(competition):
    answers = pd.DataFrame({"Id": [100, 101], "Probability": [1, 0]})
    with pytest.raises(InvalidSubmissionError):
        competition.grade_fn(answers.assign(Probability=[np.nan, 0.2]), answers)


def test_sample_submission_scores_one_half(competition, prepared):
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    answers = read_csv(prepared / "private" / "answers.csv")
    assert competition.grade_fn(sample, answers) == pytest.approx(0.5)
    assert (prepared / "public" / "sample_submission.csv").read_text().splitlines()[1].endswith(",0")


def test_test_recordings_follow_dataframe_sample_with_seed_zero(prepared, conformance):
    raw_folds = read_csv(prepared / "raw" / "mlsp_contest_dataset" / "essential_data" / "CVfolds_2.txt")
    labelled = raw_folds.loc[raw_folds["fold"] == 0, "rec_id"].tolist()
    n_test = round(0.2 * len(labelled))
    chosen = set(np.random.RandomState(0).permutation(len(labelled))[:n_test].tolist())
    folds = read_csv(prepared / "public" / "essential_data" / "CVfolds_2.txt")
    assert folds["rec_id"].tolist() == list(range(len(labelled)))
    assert set(folds.loc[folds["fold"] == 1, "rec_id"]) == chosen
    answers = read_csv(prepared / "private" / "answers.csv")
    assert len(answers) == 19 * n_test
    assert sorted(set(answers["Id"] // 100)) == sorted(chosen)
    sample = read_csv(prepared / "public" / "sample_submission.csv")
    assert sample["Id"].tolist() == [r * 100 + s for r in sorted(chosen) for s in range(19)]


def test_answers_carry_the_raw_labels_of_the_renumbered_recordings(prepared):
    raw_folds = read_csv(prepared / "raw" / "mlsp_contest_dataset" / "essential_data" / "CVfolds_2.txt")
    old_of_new = raw_folds.loc[raw_folds["fold"] == 0, "rec_id"].tolist()
    raw_labels = {int(line.split(",")[0]): line.split(",")[1:] for line in raw_lines(prepared, "essential_data/rec_labels_test_hidden.txt")[1:]}
    answers = read_csv(prepared / "private" / "answers.csv")
    for new_id, group in answers.groupby(answers["Id"] // 100):
        species = {int(s) for s in raw_labels[old_of_new[new_id]]}
        assert group["Probability"].tolist() == [int(s in species) for s in range(19)]


def test_public_labels_hide_test_recordings_and_keep_empty_lines_bare(prepared):
    folds = read_csv(prepared / "public" / "essential_data" / "CVfolds_2.txt")
    test_ids = set(folds.loc[folds["fold"] == 1, "rec_id"])
    lines = (prepared / "public" / "essential_data" / "rec_labels_test_hidden.txt").read_text().splitlines()
    assert lines[0] == "rec_id,[labels]"
    assert len(lines) == 1 + len(folds)
    for line in lines[1:]:
        rec_id, _, labels = line.partition(",")
        assert (labels == "?") == (int(rec_id) in test_ids)
    assert any("," not in line for line in lines[1:])  # a train recording without birds: id only


def test_filenames_renumbered_and_kaggle_test_fold_dropped(prepared):
    raw_folds = read_csv(prepared / "raw" / "mlsp_contest_dataset" / "essential_data" / "CVfolds_2.txt")
    raw_names = read_csv(prepared / "raw" / "mlsp_contest_dataset" / "essential_data" / "rec_id2filename.txt")
    kept = raw_folds.loc[raw_folds["fold"] == 0, "rec_id"].tolist()
    names = read_csv(prepared / "public" / "essential_data" / "rec_id2filename.txt")
    assert names["filename"].tolist() == raw_names.set_index("rec_id").loc[kept, "filename"].tolist()
    assert names["rec_id"].tolist() == list(range(len(kept)))
    wavs = {p.stem for p in (prepared / "public" / "essential_data" / "src_wavs").iterdir()}
    assert wavs == set(names["filename"])
    dropped = set(raw_names["filename"]) - wavs
    assert len(dropped) == (raw_folds["fold"] == 1).sum()
    with zipfile.ZipFile(prepared / "raw" / "mlsp_contest_dataset.zip") as archive:
        examples = {Path(n).stem for n in archive.namelist() if "/segmentation_examples/" in n}
    copied = {p.stem for p in (prepared / "public" / "supplemental_data" / "segmentation_examples").iterdir()}
    assert copied == examples & wavs


def test_segment_files_share_the_histogram_header(prepared):
    # Parity quirk: all three files get the histogram's header line.
    folds = read_csv(prepared / "raw" / "mlsp_contest_dataset" / "essential_data" / "CVfolds_2.txt")
    new_of_old = {old: new for new, old in enumerate(folds.loc[folds["fold"] == 0, "rec_id"])}
    for name in ("histogram_of_segments.txt", "segment_features.txt", "segment_rectangles.txt"):
        out = (prepared / "public" / "supplemental_data" / name).read_text().splitlines()
        assert out[0] == "rec_id,[histogram of segment features]"
        expected = [
            f"{new_of_old[int(line.split(',')[0])]},{line.split(',', 1)[1]}"
            for line in raw_lines(prepared, f"supplemental_data/{name}")[1:]
            if int(line.split(",")[0]) in new_of_old
        ]
        assert out[1:] == expected


def test_summary_images_are_copied_unfiltered(prepared):
    for name in ("segment_clusters.bmp", "segment_mosaic.bmp"):
        raw = prepared / "raw" / "mlsp_contest_dataset" / "supplemental_data" / name
        assert (prepared / "public" / "supplemental_data" / name).read_bytes() == raw.read_bytes()
        assert raw.read_bytes()[:2] == b"BM"
