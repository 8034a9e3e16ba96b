"""MCRMSE of reactivity, deg_Mg_pH10 and deg_Mg_50C on the scored bases, with MLE-bench's keep-mask alignment.

MLE-bench sorts both frames by id_seqpos and then selects rows with the answers' `keep` column as a pandas mask,
which aligns by index label, i.e. by each frame's original row position. The submission rows scored are those whose
position in the file is a scored position of the answers: right only when the submission keeps the answers' order.
"""

import numpy as np
import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import mean_columnwise_rmse

SCORED = ["reactivity", "deg_Mg_pH10", "deg_Mg_50C"]
REQUIRED = ["id_seqpos", "reactivity", "deg_Mg_pH10", "deg_Mg_50C", "deg_pH10", "deg_50C"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    if len(submission) != len(answers):
        raise InvalidSubmissionError(f"Submission has {len(submission)} rows; the test set has {len(answers)}.")
    # Labels 0..n-1 are the file positions, as pandas.read_csv gives them to MLE-bench.
    submission = submission[REQUIRED].reset_index(drop=True).sort_values("id_seqpos")
    answers = answers.reset_index(drop=True).sort_values("id_seqpos")
    if not (submission["id_seqpos"].to_numpy() == answers["id_seqpos"].to_numpy()).all():
        raise InvalidSubmissionError(
            "Submission's 'id_seqpos' values do not match the test set's ids (missing, unknown or duplicated ids)."
        )
    keep = answers["keep"].astype(bool)
    kept_submission = submission.loc[keep.reindex(submission.index).to_numpy()]
    kept_answers = answers.loc[keep.to_numpy()]
    try:
        predictions = kept_submission[SCORED].to_numpy(dtype=float)
    except (ValueError, TypeError) as exc:
        raise InvalidSubmissionError(f"Columns {SCORED} must hold numbers on the scored positions.") from exc
    # scikit-learn refuses NaN and infinity in MLE-bench; same verdict, a clearer reason.
    if not np.isfinite(predictions).all():
        raise InvalidSubmissionError(f"Columns {SCORED} must hold finite numbers (no NaN or infinity) on the scored positions.")
    return mean_columnwise_rmse(kept_answers[SCORED].to_numpy(dtype=float), predictions)
