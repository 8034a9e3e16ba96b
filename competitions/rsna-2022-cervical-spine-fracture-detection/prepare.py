"""RSNA 2022 cervical spine: only 10% of Kaggle's train studies stay in train (bbox and segmentation shares kept);
the rest, melted to 8 rows per study, become the test set."""

import random
from pathlib import Path

from pytest_mlebench.data.files import link_or_copy_many
from pytest_mlebench.errors import PrerequisiteError
from pytest_mlebench.frames import read_csv

# MLE-bench's name for it, and its size: the NEW TRAIN set is this share of the studies (a known issue).
TRAIN_RATIO = 0.1
UID = "StudyInstanceUID"


def _train_studies(uids: list[str], bbox_ids: list[str], seg_ids: list[str]) -> tuple[list, list, list]:
    """(train, bbox, segmentation) study lists, drawn in MLE-bench's order from one random.Random(0)."""
    rng = random.Random(0)
    overlap_ids = [uid for uid in bbox_ids if uid in seg_ids]
    new_overlap = rng.sample(overlap_ids, round(len(overlap_ids) * TRAIN_RATIO))
    bbox_list, seg_list, train_list = list(new_overlap), list(new_overlap), list(new_overlap)
    additional_seg = rng.sample([uid for uid in seg_ids if uid not in overlap_ids],
                                round(len(seg_ids) * TRAIN_RATIO) - len(new_overlap))
    seg_list += additional_seg
    train_list += additional_seg
    additional_bbox = rng.sample([uid for uid in bbox_ids if uid not in overlap_ids],
                                 round(len(bbox_ids) * TRAIN_RATIO) - len(new_overlap))
    bbox_list += additional_bbox
    train_list += additional_bbox
    rest = [uid for uid in uids if uid not in train_list]
    train_list += rng.sample(rest, round(len(uids) * TRAIN_RATIO) - len(train_list))
    return train_list, bbox_list, seg_list


def prepare(raw: Path, public: Path, private: Path) -> None:
    for folder in ("segmentations", "train_images"):
        if not (raw / folder).is_dir():
            raise PrerequisiteError(f"{raw / folder} is missing: extract Kaggle's download into {raw}.")
    old_train = read_csv(raw / "train.csv")
    boxes = read_csv(raw / "train_bounding_boxes.csv")
    bbox_ids = sorted(boxes[UID].unique())
    seg_ids = sorted(path.stem for path in (raw / "segmentations").glob("*.nii"))
    train_list, bbox_list, seg_list = _train_studies(old_train[UID].tolist(), bbox_ids, seg_ids)

    in_train = old_train[UID].isin(train_list)
    old_train[in_train].to_csv(public / "train.csv", index=False)
    boxes[boxes[UID].isin(bbox_list)].to_csv(public / "train_bounding_boxes.csv", index=False)

    answers = old_train[~in_train].melt(id_vars=UID, var_name="prediction_type", value_name="fractured")
    answers["row_id"] = answers[UID] + "_" + answers["prediction_type"]
    answers.to_csv(private / "answers.csv", index=False)
    answers[["row_id", "fractured"]].assign(fractured=0.5).to_csv(public / "sample_submission.csv", index=False)
    answers.drop(columns=["fractured"]).to_csv(public / "test.csv", index=False)

    for folder in ("segmentations", "train_images", "test_images"):
        (public / folder).mkdir(exist_ok=True)
    pairs = [(raw / "segmentations" / f"{uid}.nii", public / "segmentations" / f"{uid}.nii") for uid in seg_list]
    for side, frame in (("train_images", old_train[in_train]), ("test_images", old_train[~in_train])):
        for uid in frame[UID]:
            study = raw / "train_images" / uid
            pairs += [(path, public / side / uid / path.relative_to(study)) for path in study.rglob("*")
                      if path.is_file()]
    link_or_copy_many(pairs)
