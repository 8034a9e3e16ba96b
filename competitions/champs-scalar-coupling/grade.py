"""Mean over coupling types of log(MAE); submission rows are merged onto the answers by id, duplicates kept."""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import log_mae_by_group


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if set(submission["id"]) != set(answers["id"]):
        raise InvalidSubmissionError("Submission's 'id' values must be the test set's ids (missing or unknown ids).")
    merged = answers.merge(
        submission[["id", "scalar_coupling_constant"]], on="id", suffixes=("_true", "_pred")
    )
    try:
        predicted = np.asarray(merged["scalar_coupling_constant_pred"], dtype=float)
    except (TypeError, ValueError) as exc:
        raise InvalidSubmissionError("Column 'scalar_coupling_constant' must hold numbers.") from exc
    if not np.isfinite(predicted).all():
        # scikit-learn's MAE refuses NaN and infinity in MLE-bench's grader.
        raise InvalidSubmissionError("Column 'scalar_coupling_constant' must hold finite numbers (no NaN or infinity).")
    return log_mae_by_group(merged["scalar_coupling_constant_true"], predicted, merged["type"])
