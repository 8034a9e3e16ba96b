"""MLE-bench's validation endpoint inside an agent container, relayed to the harness's checker. Standard library.

`GET /health` -> {"status": "running"}; `POST /validate` (multipart field `file`) -> {"result": "..."}: valid, or
the reason, never a score. The private answers are not here: every check goes over the checker's Unix socket.
Also `--health` (exit 0 when the endpoint answers) and `--post FILE [URL]` (what validate_submission.sh uses
where curl is missing).
"""

import email.parser
import email.policy
import http.server
import json
import os
import sys
import tempfile
import urllib.error
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_submission  # noqa: E402  (the socket client, copied beside this file)

PORT = int(os.environ.get("MLEBENCH_VALIDATION_PORT", "5000"))
URL = f"http://localhost:{PORT}"
MAX_BYTES = int(os.environ.get("MLEBENCH_MAX_SUBMISSION_BYTES", 1 << 30))
VALID = "Submission is valid."


def answer(path: str) -> str:
    reply = validate_submission.ask(path)
    if reply.get("valid"):
        return VALID
    return f"Submission invalid! {reply.get('reason')}"


def uploaded_file(content_type: str, body: bytes) -> "bytes | None":
    """The bytes of the multipart field `file`, or None."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    if not message.is_multipart():
        return None
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "file":
            return part.get_payload(decode=True) or b""
    return None


class Handler(http.server.BaseHTTPRequestHandler):
    def _send(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 - the handler's protocol
        if self.path == "/health":
            self._send(200, {"status": "running"})
        else:
            self._send(404, {"error": f"No route {self.path}; use GET /health or POST /validate."})

    def do_POST(self) -> None:  # noqa: N802
        if self.path != "/validate":
            self._send(404, {"error": f"No route {self.path}; use POST /validate."})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BYTES + 65536:
            self._send(413, {"error": "Submission too large.", "details": f"The limit is {MAX_BYTES} bytes."})
            return
        content = uploaded_file(self.headers.get("Content-Type", ""), self.rfile.read(length))
        if content is None:
            self._send(400, {"error": "No file provided.", "details": "POST the submission as multipart field 'file'."})
            return
        with tempfile.NamedTemporaryFile(suffix=".csv") as handle:
            handle.write(content)
            handle.flush()
            try:
                result = answer(handle.name)
            except (OSError, ValueError) as exc:
                self._send(500, {"error": "An unexpected error occurred.", "details": str(exc)})
                return
        self._send(200, {"result": result})

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's signature
        sys.stderr.write(f"validation endpoint: {format % args}\n")


def post(path: str, url: str) -> int:
    boundary = uuid.uuid4().hex
    with open(path, "rb") as handle:
        content = handle.read()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{os.path.basename(path)}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            sys.stdout.write(response.read().decode())
    except urllib.error.HTTPError as error:
        sys.stdout.write(error.read().decode())
    except OSError as error:
        print(f"curl-like failure: the validation endpoint at {url} is not reachable ({error})", file=sys.stderr)
        return 7
    return 0


def main(argv: list) -> int:
    if argv[1:2] == ["--health"]:
        try:
            with urllib.request.urlopen(f"{URL}/health", timeout=2) as response:
                return 0 if json.loads(response.read()).get("status") == "running" else 1
        except (OSError, ValueError):
            return 1
    if argv[1:2] == ["--post"]:
        return post(argv[2], argv[3] if len(argv) > 3 else f"{URL}/validate")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
