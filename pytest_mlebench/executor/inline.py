"""The inline executor: the runtime is called in this process (the xdist worker), one run per wait."""

from __future__ import annotations

from collections.abc import Sequence

from pytest_mlebench.executor import RunRequest, run_with_checker
from pytest_mlebench.results import RunResult
from pytest_mlebench.runs import RunFolder
from pytest_mlebench.runtime import Runtime


class InlineExecutor:
    """Runs each request when its item waits for it; nothing outlives the session, so nothing re-attaches."""

    name = "inline"
    batches = False

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.pending: dict[str, RunRequest] = {}

    def submit(self, requests: Sequence[RunRequest]) -> None:
        for request in requests:
            self.pending.setdefault(request.key, request)

    def attach(self, key: str) -> bool:
        return False

    def wait(self, key: str) -> RunResult:
        request = self.pending.pop(key)
        RunFolder(request.spec.run_dir).create()
        return run_with_checker(self.runtime, request.spec, request.check, request.check_max_bytes)

    def cancel(self) -> None:
        self.pending.clear()

    def outstanding(self) -> list[str]:
        return sorted(self.pending)

    def close(self) -> None:
        self.pending.clear()
