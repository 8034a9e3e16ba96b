"""The submission-format checker an agent may call from inside its sandbox: a Unix-socket server in a thread.

It answers only "valid" or "invalid" with the grader's reason; it must never compute or reveal a score.
Protocol (one request per connection): a JSON header line `{"name": "<file name>"}`, the file's bytes, EOF;
the answer is one JSON line `{"valid": bool, "reason": str | null}`. One check runs at a time: a request that
comes while another is being received or checked is answered "busy" at once, unread, so at most one upload
(at most `max_bytes`) is ever on disk, in `upload_dir` (the run's own harness-side folder), never in host /tmp.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socketserver
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

Check = Callable[[Path], "str | None"]

MAX_CHECK_BYTES = int(os.environ.get("MLEBENCH_MAX_SUBMISSION_BYTES", 1 << 30))
"""The same cap the grader applies; a larger file is refused without being checked."""
READ_TIMEOUT_S = 120.0
POLL_S = 0.02
_MAX_HEADER = 4096
_CHUNK = 1 << 20
BUSY = "The checker is busy with another submission; one check at a time, try again when it has answered."


class CheckerServer:
    """Serve `check` on `socket_path` while the context is open.

    Args:
        check: returns None when the file at the given path is gradeable, else the reason (safe to show).
        socket_path: where to listen; keep it short, Unix socket paths are limited to about 100 bytes.
        max_bytes: larger submissions are answered invalid without calling `check` (and are not read past it).
        upload_dir: where the one upload in hand is kept (created, and removed on exit if it was created);
            None: a private folder beside the socket.
    """

    def __init__(self, check: Check, socket_path: Path, max_bytes: int = MAX_CHECK_BYTES,
                 upload_dir: Path | None = None) -> None:
        self.check = check
        self.socket_path = Path(socket_path)
        self.max_bytes = max_bytes
        self.upload_dir = Path(upload_dir) if upload_dir is not None else self.socket_path.parent / "uploads"
        self.errors: list[BaseException] = []  # harness-side failures of `check`, for the caller to surface
        # One request at a time, held from the first byte received to the answer: each check loads the answers
        # into memory and each upload takes disk, so parallel uploads must not multiply either.
        self._busy = threading.Lock()
        self._made_upload_dir = False
        self._server: socketserver.ThreadingUnixStreamServer | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> CheckerServer:
        self.socket_path.parent.mkdir(parents=True, exist_ok=True)
        self._made_upload_dir = not self.upload_dir.exists()
        self.upload_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.socket_path.unlink(missing_ok=True)
        server = socketserver.ThreadingUnixStreamServer(str(self.socket_path), _make_handler(self))
        server.daemon_threads = True
        self._server = server
        # serve_forever notices shutdown() only at its next poll; the default 0.5 s would be most of an item's overhead.
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": POLL_S},
                                        name="mlebench-checker", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.socket_path.unlink(missing_ok=True)
        if self._made_upload_dir:
            shutil.rmtree(self.upload_dir, ignore_errors=True)

    def answer(self, name: str, receive: Callable[[Path], int]) -> dict[str, object]:
        """Store the upload with `receive(path) -> bytes written` and check it, or answer busy unread; never raises."""
        if not self._busy.acquire(blocking=False):
            return {"valid": False, "reason": BUSY}
        try:
            with tempfile.TemporaryDirectory(prefix="check-", dir=self.upload_dir) as tmp:
                path = Path(tmp) / f"submission{_safe_suffix(name)}"
                size = receive(path)
                if size > self.max_bytes:
                    return {"valid": False,
                            "reason": f"Submission is over the checker's {self.max_bytes}-byte limit."}
                try:
                    reason = self.check(path)
                except Exception as exc:  # noqa: BLE001 - a harness failure must reach the agent as an answer
                    self.errors.append(exc)
                    return {"valid": False,
                            "reason": f"The checker failed on the harness side ({type(exc).__name__})."}
        finally:
            self._busy.release()
        return {"valid": reason is None, "reason": reason}


def _safe_suffix(name: str) -> str:
    """The upload's extension, so the grader's `.csv` rule applies to what the agent meant to submit."""
    suffix = Path(name).suffix
    return suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,10}", suffix) else ""


def _make_handler(owner: CheckerServer) -> type[socketserver.StreamRequestHandler]:
    class Handler(socketserver.StreamRequestHandler):
        timeout = READ_TIMEOUT_S

        def handle(self) -> None:
            try:
                header = json.loads(self.rfile.readline(_MAX_HEADER) or b"{}")
                name = str(header.get("name", "submission.csv")) if isinstance(header, dict) else "submission.csv"
                reply = owner.answer(name, self._receive)
            except (TimeoutError, ValueError, OSError):
                reply = {"valid": False, "reason": "The checker could not read the request."}
            try:
                self.wfile.write((json.dumps(reply) + "\n").encode())
            except OSError:
                pass  # the agent went away; nothing to tell it

        def _receive(self, path: Path) -> int:
            """Copy the upload to `path`; stop reading once it passes the cap (the client still reads the answer)."""
            size = 0
            with open(path, "wb") as handle:
                while chunk := self.rfile.read1(min(_CHUNK, owner.max_bytes + 1 - size)):
                    size += len(chunk)
                    if size > owner.max_bytes:
                        break
                    handle.write(chunk)
            return size

    return Handler


__all__ = ["BUSY", "CheckerServer", "MAX_CHECK_BYTES"]
