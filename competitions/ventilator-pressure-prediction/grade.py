"""Mean absolute error of the pressure over inspiratory rows (u_out == 0) only; the schema matches rows by id.

Expiratory rows must be present but are not scored: whatever they hold (NaN, text) is ignored, as in MLE-bench.
"""

import pandas as pd

from pytest_mlebench.metrics import as_numbers, mae, require_finite


def grade(submission: pd.DataFrame, answers: pd.DataFrame) -> float:
    scored = (answers["u_out"] == 0).to_numpy()
    predictions = submission["pressure"][scored]
    # scikit-learn converts numeric text and refuses other text, NaN and infinity on the scored rows.
    what = "Column 'pressure' on inspiratory (u_out == 0) rows"
    require_finite(predictions, what)
    return mae(answers["pressure"][scored].to_numpy(dtype=float), as_numbers(predictions, what))
