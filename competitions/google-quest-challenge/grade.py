"""Mean column-wise Spearman's rho over the 30 targets; both frames are sorted by qa_id and paired by position."""

import pandas as pd

from pytest_mlebench.metrics import columnwise_spearman, require_row_count


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_row_count(submission, answers)
    # MLE-bench never compares the ids: unknown or duplicated qa_ids are scored against the sorted answers.
    targets = [c for c in answers.columns if c != "qa_id"]
    submission = submission.sort_values(by="qa_id")
    answers = answers.sort_values(by="qa_id")
    return columnwise_spearman(answers[targets], submission[targets])
