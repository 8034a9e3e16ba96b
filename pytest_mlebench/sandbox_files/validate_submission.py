"""Check a submission's format with the harness (never its score). Standard library only.

Usage: python /home/validate_submission.py [path]   (default /home/submission/submission.csv)
Prints "valid" and exits 0, or "invalid: <reason>" and exits 1; exits 2 when the checker cannot be reached.
"""

import json
import os
import socket
import sys

DEFAULT_SUBMISSION = os.path.join(os.environ.get("MLEBENCH_SUBMISSION", "/home/submission"), "submission.csv")
SOCKET = os.environ.get("MLEBENCH_CHECKER_SOCKET", "/home/.mlebench/check.sock")
TIMEOUT_S = 600.0


def ask(path: str) -> dict:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(TIMEOUT_S)
        conn.connect(SOCKET)
        conn.sendall((json.dumps({"name": os.path.basename(path)}) + "\n").encode())
        try:
            with open(path, "rb") as handle:
                while block := handle.read(1 << 20):
                    conn.sendall(block)
            conn.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker stopped reading (file over its limit); its answer says so
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = conn.recv(65536)
            if not chunk:
                break
            reply += chunk
    return json.loads(reply.decode())


def main(argv: list) -> int:
    path = argv[1] if len(argv) > 1 else DEFAULT_SUBMISSION
    if not os.path.isfile(path):
        print(f"invalid: no file at {path}")
        return 1
    try:
        answer = ask(path)
    except (OSError, ValueError) as exc:
        print(f"error: the submission checker at {SOCKET} is not reachable ({exc})")
        return 2
    if answer.get("valid"):
        print("valid")
        return 0
    print(f"invalid: {answer.get('reason')}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
