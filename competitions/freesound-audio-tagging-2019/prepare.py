"""Freesound Audio Tagging 2019: Kaggle's files unchanged; answers from the post-competition test labels (Zenodo).

No new split: the public folder is Kaggle's download and the answers are the Private-usage rows of the labels that
Zenodo published after the competition. The labels zip is taken from raw/ where the user placed it, else
downloaded from its pinned address (and kept in raw/ for the next preparation).
"""

import hashlib
import io
import os
import zipfile
from pathlib import Path

import pandas as pd
import requests

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.errors import ChecksumError, PrerequisiteError
from pytest_mlebench.frames import read_csv

CLASSES = (Path(__file__).parent / "classes.txt").read_text().split()
META_NAME = "FSDKaggle2019.meta.zip"
META_URL = "https://zenodo.org/records/3612637/files/FSDKaggle2019.meta.zip?download=1"
META_MD5: str | None = None  # not known offline; the answers built from it are md5-pinned in config.yaml
META_LABELS = "FSDKaggle2019.meta/test_post_competition.csv"
DOWNLOAD_TIMEOUT_S = 60


def prepare(raw: Path, public: Path, private: Path) -> None:
    labels = _test_labels(raw)
    pairs = []
    for item in sorted(raw.iterdir()):
        if "FSDKaggle2019.meta" in item.name:
            continue
        files = sorted(p for p in item.rglob("*") if p.is_file()) if item.is_dir() else [item]
        pairs += [(path, public / path.relative_to(raw)) for path in files]
    link_or_copy_many(pairs)

    private_rows = labels[labels["usage"] == "Private"]
    label_sets = [set(text.split(",")) for text in private_rows["labels"]]
    answers = pd.DataFrame(
        {"fname": private_rows["fname"].tolist(), **{c: [int(c in s) for s in label_sets] for c in CLASSES}}
    )
    answers.to_csv(private / "test.csv", index=False)

    sample = read_csv(public / "sample_submission.csv")
    if (len(sample) != len(answers) or list(sample.columns) != list(answers.columns)
            or sorted(sample["fname"]) != sorted(answers["fname"])):
        raise ValueError("Kaggle's sample_submission.csv does not list the Private-usage test clips of the labels.")


def _test_labels(raw: Path) -> pd.DataFrame:
    """test_post_competition.csv from the labels zip in raw/, downloaded there first where it is missing."""
    path = raw / META_NAME
    if not path.is_file():
        _download(META_URL, path)
    if META_MD5 is not None:
        actual = hashlib.md5(path.read_bytes()).hexdigest()
        if actual != META_MD5:
            raise ChecksumError(f"{path}: md5 is {actual}, the pinned one is {META_MD5}; delete it to download again.")
    try:
        with zipfile.ZipFile(path) as archive:
            return pd.read_csv(io.BytesIO(archive.read(META_LABELS)))
    except (zipfile.BadZipFile, KeyError) as exc:
        raise PrerequisiteError(
            f"{path} is not Zenodo's {META_NAME} (no {META_LABELS} in it); replace it with the file from {META_URL}."
        ) from exc


def _download(url: str, target: Path) -> None:
    partial = target.with_name(f".{target.name}.part")
    try:
        with requests.get(url, stream=True, timeout=DOWNLOAD_TIMEOUT_S) as response:
            response.raise_for_status()
            with partial.open("wb") as out:
                for chunk in response.iter_content(1 << 20):
                    out.write(chunk)
    except requests.RequestException as exc:
        partial.unlink(missing_ok=True)
        raise PrerequisiteError(
            f"The test labels {META_NAME} are not in {target.parent} and could not be downloaded from {url} "
            f"({type(exc).__name__}); download the file by hand into {target.parent}."
        ) from exc
    os.replace(partial, target)
