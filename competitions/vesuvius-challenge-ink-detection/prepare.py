"""Vesuvius Ink Detection: training fragment 3 becomes the test fragment 'a'; fragments 1 and 2 stay for training.

Its ink mask is withheld: the answers are its run-length encoding with the fragment's size (from ir.png).
"""

from pathlib import Path

from PIL import Image

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.frames import read_csv

TEST_FRAGMENT = "3"
TEST_ID = "a"
WITHHELD = {"inklabels.png", "inklabels_rle.csv", "ir.png"}
ALLOWED_SUFFIXES = {".png", ".csv", ".tif"}


def prepare(raw: Path, public: Path, private: Path) -> None:
    for fragment in ("1", "2"):
        source = raw / "train" / fragment
        link_or_copy_many((p, public / "train" / fragment / p.relative_to(source))
                          for p in sorted(source.rglob("*")) if p.is_file())

    fragment = raw / "train" / TEST_FRAGMENT
    labels = read_csv(fragment / "inklabels_rle.csv")
    if len(labels) != 1:
        raise ValueError(f"raw/train/{TEST_FRAGMENT}/inklabels_rle.csv has {len(labels)} rows, not 1.")
    with Image.open(fragment / "ir.png") as image:
        width, height = image.size
    answers = labels.assign(width=width, height=height, Id=TEST_ID)
    answers.to_csv(private / "inklabels_rle.csv", index=False)
    answers[["Id", "Predicted"]].to_csv(private / "gold_submission.csv", index=False)

    files = sorted(p for p in fragment.rglob("*") if p.is_file() and p.name not in WITHHELD)
    odd = [str(p.relative_to(fragment)) for p in files if p.suffix not in ALLOWED_SUFFIXES]
    if odd:
        raise ValueError(f"raw/train/{TEST_FRAGMENT} holds unexpected files: {odd[:5]}.")
    link_or_copy_many((p, public / "test" / TEST_ID / p.relative_to(fragment)) for p in files)

    (public / "sample_submission.csv").write_text(f"Id,Predicted\n{TEST_ID},1 1 5 1\n")
