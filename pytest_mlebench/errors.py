"""The exception tree. Each error says whose fault it is, so callers can decide what to do with it."""


class MlebenchError(Exception):
    """Base of every error this package raises on purpose."""


class ConfigError(MlebenchError):
    """A competition config or an option is inconsistent; the message names the file and field."""


class PrerequisiteError(MlebenchError):
    """Something the user must provide is missing (credentials, rules, engine, data); one sentence and the fix."""


class LeaderboardMissingError(PrerequisiteError):
    """A leaderboard is neither beside the data nor cached, and cannot be downloaded now; grading goes on
    without medals."""


class InvalidSubmissionError(MlebenchError):
    """The agent's submission cannot be scored; the message is safe to show to the agent."""


class GraderError(MlebenchError):
    """Our grader is broken (a bug in this package, not the agent's fault): raised in strict grading."""


class GraderCrashError(InvalidSubmissionError):
    """A grader bug outside strict grading: counted as MLE-bench counts it (invalid, score None), the bug kept apart.

    `grader_error` is the exception's type and the first line of its message, for reports (never the agent's fault).
    """

    def __init__(self, reason: str, grader_error: str) -> None:
        super().__init__(reason)
        self.grader_error = grader_error


class PreparationError(MlebenchError):
    """A competition's preparer is broken (its bug, not the infrastructure's); names the competition and the step.

    Never retried: preparing again runs the same code on the same files.
    """


class InfraError(MlebenchError):
    """The harness's infrastructure failed (sandbox, container, data preparation); retryable."""


class ChecksumError(MlebenchError):
    """A downloaded or cached file does not have the pinned checksum; names both values."""
