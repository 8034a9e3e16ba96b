"""Local stand-ins for the two endpoints the data layer talks to, serving files the way the real ones do.

- `LfsMediaServer`: media.githubusercontent.com's `/media/<owner>/<repo>/<commit>/<path>` for Git-LFS objects
  (200 with the object's bytes, 404 for anything else).
- `KaggleServer`: Kaggle's API as the `kaggle` 2.x client calls it. The client only knows fixed hosts; its own
  switch `KAGGLE_API_ENVIRONMENT=LOCALHOST` points it at `http://localhost`, and requests' `HTTP_PROXY` routes
  that host here, so the client's code runs unchanged. `DownloadDataFiles` answers, as Kaggle does, with a 302
  to a signed storage URL that serves the zip (Content-Length, ETag, Last-Modified); errors are JSON bodies
  `{"code": ..., "message": ...}` with that HTTP status.
"""

from __future__ import annotations

import base64
import dataclasses
import http.server
import json
import socket
import threading
import urllib.parse
from email.utils import formatdate


def free_port() -> int:
    """A port nobody listens on (for connection-refused cases)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Server:
    """A threading HTTP server on 127.0.0.1 with a request log; use as a context manager."""

    def __init__(self, handler: type[http.server.BaseHTTPRequestHandler]) -> None:
        self.requests: list[tuple[str, str]] = []
        owner = self

        class Bound(handler):  # type: ignore[valid-type, misc]
            server_owner = owner

            def log_message(self, *args) -> None:  # keep pytest output clean
                pass

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Bound)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class _Handler(http.server.BaseHTTPRequestHandler):
    server_owner: _Server
    protocol_version = "HTTP/1.1"

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, payload: dict) -> None:
        self._send(status, json.dumps(payload).encode(), "application/json")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""


# --- Git-LFS media ------------------------------------------------------------------------------


class LfsMediaServer(_Server):
    """Serves `files` (URL path -> bytes) under /media/, as GitHub's LFS media host does."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = dict(files)
        super().__init__(_LfsHandler)

    @property
    def media_url(self) -> str:
        return f"{self.url}/media"


class _LfsHandler(_Handler):
    server_owner: LfsMediaServer

    def do_GET(self) -> None:
        self.server_owner.requests.append(("GET", self.path))
        body = self.server_owner.files.get(urllib.parse.urlsplit(self.path).path)
        if body is None:
            self._send(404, b"404: Not Found", "text/plain; charset=utf-8")
        else:
            self._send(200, body, "application/octet-stream", {"ETag": f'"{hash(body) & 0xFFFFFFFF:x}"'})


# --- Kaggle -------------------------------------------------------------------------------------

DOWNLOAD_CALL = "/api/v1/competitions.CompetitionApiService/DownloadDataFiles"
INTROSPECT_CALL = "/api/v1/security.OAuthService/IntrospectToken"
STORAGE_PREFIX = "/storage/kaggle-competitions-data/kaggle-v2/"


@dataclasses.dataclass
class KaggleAccount:
    username: str = "standin-user"
    key: str = "standin-key"
    token: str = "KGAT_standin_token"
    accepted_rules: set[str] = dataclasses.field(default_factory=set)


class KaggleServer(_Server):
    """Kaggle's download API for the `competitions` (id -> zip bytes) of one account.

    `large` (id -> size) are archives of that many zero bytes, streamed in 64 KiB chunks; `sent` counts, per id,
    the body bytes a storage GET managed to send before its client hung up (a check that downloads nothing
    leaves it near zero).
    """

    def __init__(self, competitions: dict[str, bytes], account: KaggleAccount | None = None,
                 large: dict[str, int] | None = None) -> None:
        self.competitions = dict(competitions)
        self.large = dict(large or {})
        self.account = account or KaggleAccount(accepted_rules=set(competitions) | set(self.large))
        self.bodies: list[dict] = []
        self.sent: dict[str, int] = {}
        super().__init__(_KaggleHandler)

    def client_env(self, base: dict[str, str], credentials: str = "key") -> dict[str, str]:
        """Environment for a process whose `kaggle` client talks to this server; `credentials`: key|token|none."""
        env = {k: v for k, v in base.items() if not k.upper().startswith("KAGGLE_") and "proxy" not in k.lower()}
        env.update(KAGGLE_API_ENVIRONMENT="LOCALHOST", HTTP_PROXY=self.url, http_proxy=self.url,
                   NO_PROXY="", no_proxy="")
        if credentials == "key":
            env.update(KAGGLE_USERNAME=self.account.username, KAGGLE_KEY=self.account.key)
        elif credentials == "token":
            env.update(KAGGLE_API_TOKEN=self.account.token)
        return env


class _KaggleHandler(_Handler):
    server_owner: KaggleServer

    def _route(self) -> tuple[str, str]:
        # Through the proxy the request line carries the absolute URL (http://localhost/api/v1/...).
        parts = urllib.parse.urlsplit(self.path)
        return parts.path, parts.query

    def _authenticated(self) -> bool:
        account = self.server_owner.account
        header = self.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            return header[len("Bearer "):] == account.token
        if header.startswith("Basic "):
            expected = base64.b64encode(f"{account.username}:{account.key}".encode()).decode()
            return header[len("Basic "):] == expected
        return False

    def do_POST(self) -> None:
        path, _ = self._route()
        self.server_owner.requests.append(("POST", path))
        try:
            body = json.loads(self._body() or b"{}")
        except json.JSONDecodeError:
            body = {}
        self.server_owner.bodies.append(body)
        if path == INTROSPECT_CALL:
            active = body.get("token") == self.server_owner.account.token
            self._json(200, {"active": active, "username": self.server_owner.account.username if active else ""})
            return
        if path != DOWNLOAD_CALL:
            self._json(404, {"code": 404, "message": "Not found"})
            return
        if not self._authenticated():
            self._json(401, {"code": 401, "message": "Unauthenticated"})
            return
        name = body.get("competitionName", "")
        if name not in self.server_owner.competitions and name not in self.server_owner.large:
            self._json(404, {"code": 404, "message": f"Competition '{name}' not found"})
            return
        if name not in self.server_owner.account.accepted_rules:
            self._json(403, {"code": 403, "message": "You must accept this competition's rules before you'll be "
                                                     "able to download files."})
            return
        signed = f"{STORAGE_PREFIX}1234/5678/bundle/archive.zip?GoogleAccessId=standin&Expires=9999999999" \
                 f"&Signature=c2lnbmF0dXJl&name={urllib.parse.quote(name)}"
        self._send(302, b"", "text/html", {"Location": f"http://localhost{signed}"})

    def do_GET(self) -> None:
        path, query = self._route()
        self.server_owner.requests.append(("GET", path))
        name = urllib.parse.parse_qs(query).get("name", [""])[0]
        if path.startswith(STORAGE_PREFIX) and name in self.server_owner.large:
            self._stream_zeros(name, self.server_owner.large[name])
            return
        body = self.server_owner.competitions.get(name)
        if not path.startswith(STORAGE_PREFIX) or body is None:
            self._send(404, b"<Error><Code>NoSuchKey</Code></Error>", "application/xml")
            return
        self._send(200, body, "application/zip", {
            "ETag": f'"{hash(body) & 0xFFFFFFFF:x}"',
            "Last-Modified": formatdate(usegmt=True),
            "Accept-Ranges": "bytes",
        })

    def _stream_zeros(self, name: str, size: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = bytes(65536)
        sent = 0
        self.server_owner.sent[name] = 0
        try:
            while sent < size:
                piece = chunk[: min(len(chunk), size - sent)]
                self.wfile.write(piece)
                sent += len(piece)
                self.server_owner.sent[name] = sent
        except OSError:  # the client closed the connection
            self.close_connection = True
