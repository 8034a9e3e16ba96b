"""Answers to the conformance suite: a tiny mlsp_contest_dataset.zip in Kaggle's layout, perfect and broken submissions."""

import io
import wave
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from pytest_mlebench.testing.reasons import ROW_COUNT, id_mismatch

BEST_SCORE = 1.0
ROW_ORDER_FREE = True
ID_COLUMN = "Id"
PUBLIC_TEST = "essential_data/CVfolds_2.txt"
PUBLIC_TRAIN = None  # train and test recordings share CVfolds_2.txt; test_mlsp_2013_birds checks the split
LABELLED, KAGGLE_TEST = 20, 6
PREPARE_CONSTANTS = {"TEST_RECORDINGS": 4}  # round(0.2 * 20)
SPECIES = ["BRCR", "PAWR", "PSFL", "RBNU", "DEJU", "OSFL", "HETH", "CBCH", "VATH", "HEWA",
           "SWTH", "HAFL", "WETA", "BHGB", "GCKI", "WAVI", "MGWA", "STJA", "CONI"]


def make_raw(raw: Path, rng: np.random.Generator) -> None:
    """raw/mlsp_contest_dataset.zip (essential_data/, supplemental_data/) and Kaggle's unused sample submission."""
    total = LABELLED + KAGGLE_TEST
    folds = rng.permutation([0] * LABELLED + [1] * KAGGLE_TEST)
    names = [f"PC{1 + n % 13}_2009{6 + n % 3:02d}{10 + n:02d}_0{50000 + 17 * n}_00{n % 7}0" for n in range(total)]
    labels = ["rec_id,[labels]"]
    for rec_id, fold in enumerate(folds):
        if fold == 1:
            labels.append(f"{rec_id},?")
        elif rec_id % 5 == 3:
            labels.append(f"{rec_id}")  # a labelled recording with no bird
        else:
            species = sorted(rng.choice(len(SPECIES), size=int(rng.integers(1, 4)), replace=False))
            labels.append(",".join(str(v) for v in [rec_id, *species]))
    texts = {
        "essential_data/CVfolds_2.txt": _lines(["rec_id,fold"] + [f"{i},{f}" for i, f in enumerate(folds)]),
        "essential_data/rec_id2filename.txt": _lines(["rec_id,filename"] + [f"{i},{n}" for i, n in enumerate(names)]),
        "essential_data/rec_labels_test_hidden.txt": _lines(labels),
        "essential_data/species_list.txt": _lines(
            ["class_id,code,species"] + [f"{i},{c},Bird {c.title()}" for i, c in enumerate(SPECIES)]
        ),
        "supplemental_data/histogram_of_segments.txt": _lines(
            ["rec_id,[histogram of segment features]"]
            + [",".join([str(i)] + [f"{v:.6f}" for v in rng.random(5)]) for i in range(total)]
        ),
        "supplemental_data/segment_features.txt": _lines(
            ["rec_id,segment_id,[feature vector]"]
            + [f"{i},{s},{rng.random():.6f},{rng.random():.6f}" for i in range(0, total, 2) for s in range(2)]
        ),
        "supplemental_data/segment_rectangles.txt": _lines(
            ["rec_id,[segment_id],[min_x],[max_x],[min_y],[max_y],"]
            + [f"{i},0,{i},{i + 9},3,40," for i in range(1, total, 3)]
        ),
    }
    files: dict[str, bytes] = {path: text.encode() for path, text in texts.items()}
    for n, name in enumerate(names):
        files[f"essential_data/src_wavs/{name}.wav"] = _wav(rng)
        for folder in ("filtered_spectrograms", "spectrograms", "supervised_segmentation"):
            files[f"supplemental_data/{folder}/{name}.bmp"] = _bmp(rng)
        if n % 4 == 0:
            files[f"supplemental_data/segmentation_examples/{name}.bmp"] = _bmp(rng)
    files["supplemental_data/segment_clusters.bmp"] = _bmp(rng)
    files["supplemental_data/segment_mosaic.bmp"] = _bmp(rng)
    raw.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(raw / "mlsp_contest_dataset.zip", "w") as archive:
        for path, data in files.items():
            archive.writestr(f"mlsp_contest_dataset/{path}", data)
    (raw / "sample_submission.csv").write_text("Id,Probability\n100,0\n")


def _lines(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _wav(rng: np.random.Generator) -> bytes:
    """A tiny 16 kHz mono 16-bit PCM recording, the format of Kaggle's src_wavs."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(rng.integers(-2000, 2000, size=160, dtype=np.int16).tobytes())
    return buffer.getvalue()


def _bmp(rng: np.random.Generator) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, size=(6, 8), dtype=np.uint8), mode="L").save(buffer, format="BMP")
    return buffer.getvalue()


def perfect_submission(answers: pd.DataFrame) -> pd.DataFrame:
    return answers.astype({"Probability": float})


def invalid_submissions(sample: pd.DataFrame, answers: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One broken submission per invalid-submission rule of the spec."""
    unknown_id = sample.copy()
    unknown_id.loc[0, "Id"] = 99999999
    duplicated_id = sample.copy()
    duplicated_id.loc[1, "Id"] = duplicated_id.loc[0, "Id"]
    string_ids = sample.assign(Id="rec" + sample["Id"].astype(str))
    return {
        "missing Id": sample.drop(columns=["Id"]),
        "missing Probability": sample.drop(columns=["Probability"]),
        "too few rows": sample.iloc[1:],
        "non-numeric Probability": sample.assign(Probability="likely"),
        "Probability above 1": sample.assign(Probability=1.5),
        "negative Probability": sample.assign(Probability=-0.1),
        "unknown Id": unknown_id,
        "duplicated Id": duplicated_id,
        "Id of another type": string_ids,
        "nan Probability": sample.assign(Probability=np.nan),
    }


# The reason each invalid case must be refused with (a regex searched in the message).
INVALID_REASONS = {
    "missing Id": r"Submission is missing column\(s\) \['Id'\]\.",
    "missing Probability": r"Submission is missing column\(s\) \['Probability'\]\.",
    "too few rows": ROW_COUNT,
    "non-numeric Probability": r"Column 'Probability' must be numeric\.",
    "Probability above 1": r"Column 'Probability' must be within \[0, 1\]\.",
    "negative Probability": r"Column 'Probability' must be within \[0, 1\]\.",
    "unknown Id": id_mismatch("Id"),
    "duplicated Id": id_mismatch("Id"),
    "Id of another type": id_mismatch("Id"),
    "nan Probability": r"Column 'Probability' must not contain NaN\.",
}
