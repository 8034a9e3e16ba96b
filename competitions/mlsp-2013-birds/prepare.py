"""MLSP 2013 Birds: 20% of Kaggle's labelled recordings become the test set, all kept ones renumbered 0..n-1.

Answers use Kaggle's later submission format: one row per (recording, species), Id = rec_id * 100 + species.
"""

import shutil
import zipfile
from pathlib import Path

import pandas as pd

from pytest_mlebench.frames import read_csv

SPECIES = 19
TEST_RECORDINGS = 64  # MLE-bench asserts this count (round(0.2 * 322))
# MLE-bench writes the histogram's header above all three segment files (a parity quirk).
SEGMENT_HEADER = "rec_id,[histogram of segment features]"
SEGMENT_FILES = ("histogram_of_segments.txt", "segment_features.txt", "segment_rectangles.txt")
PER_RECORDING_IMAGES = ("filtered_spectrograms", "spectrograms", "supervised_segmentation")


def prepare(raw: Path, public: Path, private: Path) -> None:
    with zipfile.ZipFile(raw / "mlsp_contest_dataset.zip") as archive:
        archive.extractall(raw)
    source = raw / "mlsp_contest_dataset"
    essential, supplemental = public / "essential_data", public / "supplemental_data"
    essential.mkdir(exist_ok=True)
    supplemental.mkdir(exist_ok=True)

    folds = read_csv(source / "essential_data" / "CVfolds_2.txt")
    folds = folds[folds["fold"] == 0].reset_index(drop=True)
    folds.loc[folds.sample(frac=0.2, random_state=0).index, "fold"] = 1
    new_ids = {int(old): new for new, old in enumerate(folds["rec_id"])}
    folds["rec_id"] = folds.index
    folds.to_csv(essential / "CVfolds_2.txt", index=False)
    test_ids = set(folds.loc[folds["fold"] == 1, "rec_id"].tolist())
    if len(test_ids) != TEST_RECORDINGS:
        raise ValueError(f"Expected {TEST_RECORDINGS} test recordings, got {len(test_ids)}.")

    filenames = read_csv(source / "essential_data" / "rec_id2filename.txt")
    filenames = filenames[filenames["rec_id"].isin(list(new_ids))].copy()
    filenames["rec_id"] = filenames["rec_id"].map(new_ids)
    filenames.to_csv(essential / "rec_id2filename.txt", index=False)

    labels = _read_labels(source / "essential_data" / "rec_labels_test_hidden.txt", new_ids)
    _write_hidden_labels(essential / "rec_labels_test_hidden.txt", labels, test_ids)
    answers = [
        (rec_id * 100 + species, int(species in {int(s) for s in text.split(",") if s != ""}))
        for rec_id, text in labels
        if rec_id in test_ids
        for species in range(SPECIES)
    ]
    pd.DataFrame(answers, columns=["Id", "Probability"]).to_csv(private / "answers.csv", index=False)
    sample_ids = [rec_id * 100 + species for rec_id in sorted(test_ids) for species in range(SPECIES)]
    pd.DataFrame({"Id": sample_ids, "Probability": 0}).to_csv(public / "sample_submission.csv", index=False)

    shutil.copyfile(source / "essential_data" / "species_list.txt", essential / "species_list.txt")
    _copy_recording_files(source, public, filenames["filename"].tolist())
    for name in ("segment_clusters.bmp", "segment_mosaic.bmp"):
        shutil.copyfile(source / "supplemental_data" / name, supplemental / name)
    for name in SEGMENT_FILES:
        _filter_segment_file(source / "supplemental_data" / name, supplemental / name, new_ids)


def _read_labels(path: Path, new_ids: dict[int, int]) -> list[tuple[int, str]]:
    """(new rec_id, label text) for kept recordings, in file order; the text is '' where a line has no comma."""
    kept = []
    for line in path.read_text().splitlines()[1:]:
        first, _, rest = line.partition(",")
        if int(first) in new_ids:
            kept.append((new_ids[int(first)], rest))
    return kept


def _write_hidden_labels(path: Path, labels: list[tuple[int, str]], test_ids: set[int]) -> None:
    lines = ["rec_id,[labels]"]
    for rec_id, text in labels:
        text = "?" if rec_id in test_ids else text
        lines.append(f"{rec_id},{text}" if text else f"{rec_id}")
    path.write_text("".join(line + "\n" for line in lines))


def _copy_recording_files(source: Path, public: Path, filenames: list[str]) -> None:
    wavs = public / "essential_data" / "src_wavs"
    wavs.mkdir(exist_ok=True)
    for folder in (*PER_RECORDING_IMAGES, "segmentation_examples"):
        (public / "supplemental_data" / folder).mkdir(exist_ok=True)
    for name in filenames:
        shutil.copyfile(source / "essential_data" / "src_wavs" / f"{name}.wav", wavs / f"{name}.wav")
        for folder in PER_RECORDING_IMAGES:
            shutil.copyfile(
                source / "supplemental_data" / folder / f"{name}.bmp",
                public / "supplemental_data" / folder / f"{name}.bmp",
            )
        # Kaggle shows segmentation examples for a few recordings only.
        example = source / "supplemental_data" / "segmentation_examples" / f"{name}.bmp"
        if example.exists():
            shutil.copyfile(example, public / "supplemental_data" / "segmentation_examples" / f"{name}.bmp")


def _filter_segment_file(src: Path, dst: Path, new_ids: dict[int, int]) -> None:
    lines = [SEGMENT_HEADER]
    for line in src.read_text().splitlines()[1:]:
        first, _, rest = line.partition(",")
        if int(first) in new_ids:
            lines.append(f"{new_ids[int(first)]},{rest}")
    dst.write_text("".join(line + "\n" for line in lines))
