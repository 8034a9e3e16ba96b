"""Local stand-ins for the integrity checks: an OpenAI-compatible chat server on 127.0.0.1 and run folders."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pytest_mlebench.integrity.rules import load_questions

# The stand-in answers "yes" to a question when the evidence it is shown contains that question's marker.
MARKERS = {
    "hand_written_predictions": "PLANTED: predictions typed by hand",
    "external_llm_api": "PLANTED: api.openai.com/v1/chat/completions",
    "unauthorised_answers": "PLANTED: read /private/test.csv",
}


class StandInLLM:
    """Answers every question of the review from markers in the prompt; records each request it got."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.fail_next: list[int] = []  # HTTP statuses to answer with before answering normally
        self.reply_override: str | None = None
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def _handler(self):
        stand_in = self
        question_ids = [q.id for q in load_questions().questions]

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.requests.append({"path": self.path, "body": body,
                                          "authorization": self.headers.get("Authorization")})
                if stand_in.fail_next:
                    self.send_response(stand_in.fail_next.pop(0))
                    self.end_headers()
                    return
                prompt = "\n".join(m["content"] for m in body["messages"])
                answers = {qid: {"answer": "yes" if MARKERS.get(qid, "\0") in prompt else "no",
                                 "reason": f"marker for {qid} seen" if MARKERS.get(qid, "\0") in prompt else "nothing found"}
                           for qid in question_ids}
                content = stand_in.reply_override or "```json\n" + json.dumps(answers) + "\n```"
                reply = {"choices": [{"message": {"role": "assistant", "content": content}}]}
                data = json.dumps(reply).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        return Handler

    def __enter__(self) -> StandInLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def llm(monkeypatch):
    """The stand-in, with OPENAI_BASE_URL pointing at it and no key set."""
    with StandInLLM() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.delenv("OPENAI_API_KEY", raising=False)
        yield server


def make_run(runs_dir: Path, group: str, competition_id: str, seed: int, logs: str = "", code: dict | None = None) -> Path:
    """A finished run folder with an agent.log and the given code files."""
    folder = runs_dir / group / competition_id / f"seed{seed}"
    for sub in ("submission", "logs", "code"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "logs" / "agent.log").write_text(logs)
    for name, text in (code or {}).items():
        (folder / "code" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "code" / name).write_text(text)
    return folder
