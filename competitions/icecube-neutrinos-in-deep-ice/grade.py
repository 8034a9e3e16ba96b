"""Mean angular error of (azimuth, zenith) in radians; the schema checks columns, numbers, finiteness and ids."""

import pandas as pd

from pytest_mlebench.metrics import mean_angular_error


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    return mean_angular_error(answers["azimuth"], answers["zenith"], submission["azimuth"], submission["zenith"])
