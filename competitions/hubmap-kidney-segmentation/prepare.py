"""HuBMAP kidney: 3 of Kaggle's 15 train images become the test set (random_state 0); each image's TIFF and its
two JSON annotation files follow it, and the answers carry the image sizes."""

from pathlib import Path

from sklearn.model_selection import train_test_split

from pytest_mlebench.data.files import link_or_copy, link_or_copy_many
from pytest_mlebench.frames import read_csv

TRAIN_SIZE, TEST_SIZE = 12, 3  # MLE-bench splits by counts: Kaggle's train has exactly 15 images


def prepare(raw: Path, public: Path, private: Path) -> None:
    old_train = read_csv(raw / "train.csv")
    old_info = read_csv(raw / "HuBMAP-20-dataset_information.csv")
    new_train, new_test = train_test_split(old_train, train_size=TRAIN_SIZE, test_size=TEST_SIZE, random_state=0)

    # The information file describes Kaggle's test images too; only the 15 train images are kept.
    image_ids = old_info["image_file"].str.replace(".tiff", "", regex=False)
    info = old_info[image_ids.isin(old_train["id"])]
    sizes = info.assign(id=image_ids)[["id", "width_pixels", "height_pixels"]]
    new_test = new_test.merge(sizes, on="id")

    info.to_csv(public / "HuBMAP-20-dataset_information.csv", index=False)
    new_train.to_csv(public / "train.csv", index=False)
    new_test.to_csv(private / "test.csv", index=False)
    sample = new_test[["id"]].assign(predicted="")
    sample.to_csv(public / "sample_submission.csv", index=False)
    sample.assign(predicted=new_test["encoding"]).to_csv(private / "gold_submission.csv", index=False)

    link_or_copy_many(
        (raw / "train" / name, public / side / name)
        for side, frame in (("train", new_train), ("test", new_test))
        for image_id in frame["id"]
        for name in (f"{image_id}.tiff", f"{image_id}.json", f"{image_id}-anatomical-structure.json")
    )
    # MLE-bench also leaves a copy of the sample submission in public/test/.
    link_or_copy(public / "sample_submission.csv", public / "test" / "sample_submission.csv")
