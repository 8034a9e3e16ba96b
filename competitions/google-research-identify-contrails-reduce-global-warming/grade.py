"""Global Dice over every test pixel; config.yaml's schema pairs the rows by record_id first."""

import pandas as pd

from pytest_mlebench.metrics import global_dice, rle_decode


def masks(frame: pd.DataFrame, answers: pd.DataFrame) -> list:
    """Each row's mask, decoded at the answers' size; '-' stands for an empty mask."""
    encodings = frame["encoded_pixels"].replace("-", "")
    return [rle_decode(rle, int(h), int(w))
            for rle, h, w in zip(encodings, answers["height"], answers["width"], strict=True)]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return global_dice(masks(submission, answers), masks(answers, answers))
