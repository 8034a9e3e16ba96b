"""The refusal reasons shared validity checks give, as regexes for conformance files' `INVALID_REASONS`.

One place for the messages of `pytest_mlebench.metrics`' generic checks, so a wording change is made once.
"""

ROW_COUNT = r"Submission has \d+ rows; the test set has \d+\."
ID_MISMATCH = r"Submission's '{id}' values do not match the test set's ids \(missing, unknown or duplicated ids\)\."


def id_mismatch(id_column: str = "id") -> str:
    """The reason a submission's ids are missing, unknown or duplicated."""
    return ID_MISMATCH.format(id=id_column)
