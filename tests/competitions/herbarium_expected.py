"""The herbarium competitions' split as the spec states it, written out again for their tests (not the preparer's
code): group by category in first-appearance order, split each category, shuffle the test images."""

import random

from sklearn.model_selection import train_test_split


def expected_split(metadata: dict, image_key: str = "id", small_categories: bool = True) -> tuple[list, list, list]:
    """(train pairs, test pairs in test-id order, categories in order) of (annotation, image) pairs."""
    groups: dict = {}
    for annotation, image in zip(metadata["annotations"], metadata["images"], strict=True):
        assert annotation["image_id"] == image[image_key]
        groups.setdefault(annotation["category_id"], []).append((annotation, image))
    train, test = [], []
    for pairs in groups.values():
        if small_categories and len(pairs) == 1:
            train += pairs
        elif small_categories and len(pairs) <= 4:
            train, test = train + pairs[:-1], test + pairs[-1:]
        else:
            a, b = train_test_split(pairs, test_size=0.2, random_state=0)
            train, test = train + a, test + b
    random.Random(0).shuffle(test)
    return train, test, list(groups)
