"""Mean column-wise ROC AUC over the six toxicity labels, unscored (-1) test rows dropped."""

import pandas as pd

from pytest_mlebench.errors import InvalidSubmissionError
from pytest_mlebench.metrics import require_columns, require_finite, require_row_count, roc_auc

ID = "id"
LABELS = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    require_columns(submission, [ID])
    require_columns(submission, LABELS)
    require_row_count(submission, answers)
    extra = [str(c) for c in submission.columns if c != ID and c not in LABELS]
    if extra:
        # MLE-bench scores every non-id column, so sklearn fails on the shape; same outcome, clearer reason.
        raise InvalidSubmissionError(f"Submission has unexpected column(s) {extra[:10]}; only id and the 6 labels.")
    sub = submission.set_index(ID).sort_index()
    ans = answers.set_index(ID).sort_index()
    if not sub.index.isin(ans.index).all():
        raise InvalidSubmissionError(f"Submission's '{ID}' values include ids that are not test ids.")
    scored = ans[LABELS].sum(axis=1) >= 0
    # The mask follows the submission's ids, so a duplicated id is kept as often as it appears (parity).
    sub = sub[scored.reindex(sub.index).to_numpy()]
    ans = ans[scored]
    # MLE-bench takes the submission's columns in its own order, not by name (parity).
    y_true, y_score = ans.to_numpy(), sub.to_numpy()
    if y_score.shape != y_true.shape:
        raise InvalidSubmissionError("Submission's ids do not cover the scored test rows once each.")
    if pd.isna(y_score).any():
        raise InvalidSubmissionError("Submission has NaN predictions in scored rows.")
    # MLE-bench leaves text and infinities to scikit-learn, which raises; same outcome, clearer reason.
    require_finite(y_score, "Label predictions")
    return roc_auc(y_true, y_score, average="macro")
