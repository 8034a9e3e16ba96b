"""The submission-format checker across machines, through the shared runs folder.

A node cannot check a submission itself: that needs the private answers, which stay on the coordinator. So the
node's checker forwards each upload as a file into `runs/<group>/checks/`, and the coordinator's relay thread
answers it with the same check the inline executor serves. Only "valid" or the reason travels back, never a score.
"""

from __future__ import annotations

import shutil
import threading
import time
import uuid
import weakref
from collections.abc import Callable
from pathlib import Path

from pytest_mlebench.results import read_json, write_json_atomic

CHECKS_DIR = "checks"
POLL_S = 0.2
ANSWER_TIMEOUT_S = 100.0
"""Less than the in-sandbox client's 120 s, so the agent hears why rather than a timeout."""
UNANSWERED = ("The format check was not answered: the pytest session that coordinates this run is not running, "
              "so the submission was not checked.")


class RelayedCheck:
    """The node side: a `Check` that asks the coordinator through `<group_dir>/checks/`."""

    def __init__(self, group_dir: Path, key: str, timeout: float = ANSWER_TIMEOUT_S) -> None:
        self.folder = Path(group_dir) / CHECKS_DIR
        self.key = key
        self.timeout = timeout

    def __call__(self, path: Path) -> str | None:
        self.folder.mkdir(parents=True, exist_ok=True)
        ask = uuid.uuid4().hex
        upload = self.folder / f"{ask}{Path(path).suffix}"
        answer = self.folder / f"{ask}.answer"
        shutil.copyfile(path, upload)
        write_json_atomic(self.folder / f"{ask}.request", {"key": self.key, "file": upload.name})
        deadline = time.monotonic() + self.timeout
        try:
            while time.monotonic() < deadline:
                if answer.is_file():
                    try:
                        return read_json(answer)["reason"]
                    except (OSError, ValueError, KeyError):
                        pass
                time.sleep(POLL_S)
            return UNANSWERED
        finally:
            for leftover in (upload, answer, self.folder / f"{ask}.request"):
                leftover.unlink(missing_ok=True)


class CheckRelay:
    """The coordinator side: a thread that answers the requests of the runs it knows, until stopped."""

    def __init__(self, group_dir: Path, poll_s: float = POLL_S) -> None:
        self.folder = Path(group_dir) / CHECKS_DIR
        self.poll_s = poll_s
        self.checks: dict[str, Callable[[Path], str | None]] = {}
        self.errors: list[BaseException] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def serve(self, key: str, check: Callable[[Path], str | None] | None) -> None:
        if check is not None:
            self.checks[key] = check
        if self._thread is None:
            # The thread holds the relay weakly: a relay dropped without stop() (its executor gone) ends it too.
            self._thread = threading.Thread(target=_answer_until_stopped, args=(weakref.ref(self), self._stop,
                                            self.poll_s), name="mlebench-check-relay", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def answer_pending(self) -> int:
        """Answer every request now waiting; returns how many."""
        answered = 0
        for request in sorted(self.folder.glob("*.request")) if self.folder.is_dir() else []:
            try:
                asked = read_json(request)
            except (OSError, ValueError):
                continue  # being written, or just answered and removed
            check = self.checks.get(str(asked.get("key")))
            if check is None:
                continue  # another session's run: its own coordinator answers it
            try:
                reason = check(self.folder / str(asked["file"]))
            except Exception as exc:  # noqa: BLE001 - the agent must get an answer, the harness the error
                self.errors.append(exc)
                reason = f"The checker failed on the harness side ({type(exc).__name__})."
            write_json_atomic(request.with_suffix(".answer"), {"valid": reason is None, "reason": reason})
            request.unlink(missing_ok=True)
            answered += 1
        return answered


def _answer_until_stopped(relay: weakref.ref[CheckRelay], stop: threading.Event, poll_s: float) -> None:
    while not stop.wait(poll_s):
        alive = relay()
        if alive is None:
            return
        alive.answer_pending()
        del alive  # no strong reference while waiting


__all__ = ["CheckRelay", "RelayedCheck"]
