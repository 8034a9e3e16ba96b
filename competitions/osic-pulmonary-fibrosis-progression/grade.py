"""OSIC's modified Laplace log likelihood over the last 3 measured weeks of each test patient.

As MLE-bench, only the graded rows present in the submission are averaged: a submission may leave rows out.
"""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import laplace_log_likelihood


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    known = set(answers["Patient_Week"])
    if not submission["Patient_Week"].map(lambda pw: isinstance(pw, str) and pw in known).all():
        raise InvalidSubmissionError("Submission's 'Patient_Week' values must all be weeks of the test patients "
                                     "listed in the sample submission.")
    for column in ("FVC", "Confidence"):
        if not pd.api.types.is_numeric_dtype(submission[column]):
            raise InvalidSubmissionError(f"Column '{column}' must hold numbers.")
    submission = submission.assign(Confidence=submission["Confidence"].fillna(0))

    measured = answers.dropna(subset=["FVC"])
    measured = measured.assign(Week_Number=[int(pw.split("_")[-1]) for pw in measured["Patient_Week"]])
    graded = measured.sort_values("Week_Number", kind="stable").groupby("Patient").tail(3)
    scored = submission[submission["Patient_Week"].isin(graded["Patient_Week"])].sort_values("Patient_Week")
    graded = graded[graded["Patient_Week"].isin(scored["Patient_Week"])].sort_values("Patient_Week")
    if len(scored) != len(graded):
        # MLE-bench pairs rows by position; a graded week given twice breaks numpy's broadcasting there.
        raise InvalidSubmissionError("Submission's 'Patient_Week' values must not repeat a week.")
    if not len(graded):
        return float("nan")  # MLE-bench's mean over no rows: a valid submission scoring NaN
    return laplace_log_likelihood(graded["FVC"].to_numpy(), scored["FVC"].to_numpy(),
                                  scored["Confidence"].to_numpy())
