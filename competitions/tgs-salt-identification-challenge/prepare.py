"""TGS Salt: 25% of Kaggle's train becomes the test set (random_state 0); CSVs sorted by id; depths of the new
train images only."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.data.formats.archives import extract
from pytest_mlebench.frames import read_csv


def prepare(raw: Path, public: Path, private: Path) -> None:
    extract(raw / "competition_data.zip", raw)
    data = raw / "competition_data"
    old_train = read_csv(data / "train.csv").fillna("")  # an image without salt has an empty mask
    new_train, new_test = train_test_split(old_train, test_size=0.25, random_state=0)
    new_train.sort_values(by="id").to_csv(public / "train.csv", index=False)
    new_test.sort_values(by="id").to_csv(private / "test.csv", index=False)

    link_or_copy_many(
        [(data / "train" / kind / f"{image}.png", public / "train" / kind / f"{image}.png")
         for image in new_train["id"] for kind in ("images", "masks")]
        + [(data / "train" / "images" / f"{image}.png", public / "test" / "images" / f"{image}.png")
           for image in new_test["id"]]
    )

    sample = new_test.drop(columns=["rle_mask"])
    sample["rle_mask"] = "1 1"
    sample.sort_values(by="id").to_csv(public / "sample_submission.csv", index=False)

    # Kaggle's depths cover train and test images; MLE-bench keeps those of the new train only.
    depths = read_csv(raw / "depths.csv")
    depths = depths[depths["id"].isin(new_train["id"])]
    depths.sort_values(by="id").to_csv(public / "depths.csv", index=False)
