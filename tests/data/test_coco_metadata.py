"""data.coco_metadata: grouping by category in first-appearance order, the per-category split, the JSON bytes."""

import json

import pytest
from sklearn.model_selection import train_test_split

from pytest_mlebench.data.coco_metadata import (
    pairs_by_category,
    read_metadata,
    split_by_category,
    write_metadata,
)


def metadata(categories: list[int]) -> dict:
    return {
        "annotations": [{"image_id": i, "category_id": c} for i, c in enumerate(categories)],
        "images": [{"id": i} for i in range(len(categories))],
    }


def test_pairs_group_in_first_appearance_order():
    groups = pairs_by_category(metadata([7, 3, 7, 5, 3]))
    assert list(groups) == [7, 3, 5]
    assert [image["id"] for _, image in groups[7]] == [0, 2]


def test_mismatched_pair_is_refused():
    data = metadata([1, 2])
    data["images"].reverse()
    with pytest.raises(ValueError, match="paired with image"):
        pairs_by_category(data)


def test_split_with_and_without_the_small_category_rule():
    groups = {c: [(c, k) for k in range(n)] for c, n in {1: 1, 2: 2, 4: 4, 6: 6}.items()}
    train, test = split_by_category(groups, small_categories=True)
    assert (train[1], test[1]) == ([(1, 0)], [])
    assert (train[2], test[2]) == ([(2, 0)], [(2, 1)])  # the last one: max(1, int(0.4)) = 1
    assert (train[4], test[4]) == ([(4, 0), (4, 1), (4, 2)], [(4, 3)])
    assert (train[6], test[6]) == tuple(train_test_split(groups[6], test_size=0.2, random_state=0))
    train, test = split_by_category({4: groups[4]}, small_categories=False)
    assert (train[4], test[4]) == tuple(train_test_split(groups[4], test_size=0.2, random_state=0))


def test_written_as_indented_sorted_ascii_json(tmp_path):
    path = tmp_path / "a" / "metadata.json"
    write_metadata(path, {"b": [1], "a": "é"})
    assert path.read_bytes() == b'{\n    "a": "\\u00e9",\n    "b": [\n        1\n    ]\n}'
    assert read_metadata(path) == {"a": "é", "b": [1]}
    path.write_bytes(json.dumps({"n": "é"}, ensure_ascii=False).encode())
    assert read_metadata(path, encoding="latin-1") == {"n": "Ã©"}
