"""pytest-mlebench: MLE-bench's Kaggle competitions as pytest items, graded and ranked on real leaderboards."""

from pytest_mlebench.errors import (
    ConfigError,
    GraderError,
    InfraError,
    InvalidSubmissionError,
    MlebenchError,
    PrerequisiteError,
)

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "GraderError",
    "InfraError",
    "InvalidSubmissionError",
    "MlebenchError",
    "PrerequisiteError",
    "__version__",
]
