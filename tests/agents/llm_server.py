"""A stand-in LLM for offline agent tests: an OpenAI-compatible server on 127.0.0.1 that replays a script.

It speaks `/v1/chat/completions` (with tool calls) and `/v1/responses` (with function calls), as the
openai client sends them. Code requests (no tools) get the script's next plan and program; review requests
(AIDE's `submit_review` tool) get a review read from the execution output in the prompt: `METRIC=<value>`
printed by the program is the metric, a traceback or no metric makes it a bug. Every request is recorded
(endpoint, model, tools, message roles) so tests can pin the protocol; the API key is compared, never kept.
"""

from __future__ import annotations

import dataclasses
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

METRIC = re.compile(r"METRIC=([-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)")


@dataclasses.dataclass
class Reply:
    """One scripted code answer; `hang_review` makes the review of its run wait until the server stops."""

    plan: str
    code: str
    hang_review: bool = False
    lower_is_better: bool = False


@dataclasses.dataclass
class Call:
    endpoint: str
    model: str
    kind: str  # "code" or "review"
    stage: str  # AIDE's step kind, read from the prompt: "draft", "debug", "improve" or "review"
    roles: list[str]
    tools: list[dict[str, Any]] | None
    tool_choice: Any
    authorized: bool
    prompt_tokens: int
    completion_tokens: int


class ScriptedLLM:
    """`with ScriptedLLM(replies, api_key) as llm:` serves on `llm.base_url` until the block ends."""

    def __init__(self, replies: list[Reply], api_key: str, host: str = "127.0.0.1") -> None:
        self.replies = list(replies)
        self.api_key = api_key
        self.calls: list[Call] = []
        self.errors: list[str] = []
        self.served = 0
        self.current: Reply | None = None
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer((host, 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> ScriptedLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        llm = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                try:
                    status, payload = llm.answer(self.path, body, self.headers.get("Authorization", ""))
                except Exception as exc:  # noqa: BLE001 - reported to the test, answered as a server error
                    llm.errors.append(f"{type(exc).__name__}: {exc}")
                    status, payload = 500, {"error": {"message": str(exc), "type": "server_error"}}
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client was killed while we waited

        return Handler

    def answer(self, path: str, body: dict[str, Any], authorization: str) -> tuple[int, dict[str, Any]]:
        if path.rstrip("/").endswith("/chat/completions"):
            endpoint = "chat"
            messages = body.get("messages", [])
            roles = [m.get("role") for m in messages]
            prompt = "\n".join(str(m.get("content")) for m in messages)
        elif path.rstrip("/").endswith("/responses"):
            endpoint = "responses"
            messages = body.get("input", [])
            roles = [m.get("role") for m in messages]
            prompt = "\n".join(part.get("text", "") for m in messages for part in m.get("content", []))
        else:
            return 404, {"error": {"message": f"no route {path}"}}
        tools = body.get("tools")
        kind = "review" if tools else "code"
        with self.lock:
            if kind == "code":
                if not self.replies:
                    raise RuntimeError("the script has no reply left")
                self.current = self.replies.pop(0)
                self.served += 1
                reply = self.current
            else:
                reply = self.current
        if kind == "review" and reply is not None and reply.hang_review:
            self.stop.wait(600)
            return 503, {"error": {"message": "stopped"}}
        if kind == "code":
            text = f"{reply.plan}\n\n```python\n{reply.code}\n```"
            review = None
        else:
            review = self.review(prompt, reply)
            text = json.dumps(review)
        prompt_tokens, completion_tokens = max(1, len(prompt) // 4), max(1, len(text) // 4)
        self.calls.append(Call(endpoint, body.get("model", ""), kind, stage_of(prompt, kind), roles, tools, body.get("tool_choice"),
                               authorization == f"Bearer {self.api_key}", prompt_tokens, completion_tokens))
        if endpoint == "chat":
            return 200, chat_payload(body, text, review, prompt_tokens, completion_tokens)
        return 200, responses_payload(body, text, review, prompt_tokens, completion_tokens)

    @staticmethod
    def review(prompt: str, reply: Reply | None) -> dict[str, Any]:
        output = prompt.split("Execution output", 1)[-1]
        found = METRIC.findall(output)
        failed = "Traceback" in output or not found
        return {
            "is_bug": bool(failed),
            "summary": "The run failed; fix the error shown." if failed else "The run worked.",
            "metric": None if failed else float(found[-1]),
            "lower_is_better": bool(reply and reply.lower_is_better),
        }


def stage_of(prompt: str, kind: str) -> str:
    if kind == "review":
        return "review"
    if "previous solution had a bug" in prompt:
        return "debug"
    if "previously developed solution" in prompt:
        return "improve"
    return "draft"


def chat_payload(body: dict, text: str, review: dict | None, prompt_tokens: int, completion_tokens: int) -> dict:
    message: dict[str, Any] = {"role": "assistant", "content": None if review is not None else text}
    if review is not None:
        name = body["tools"][0]["function"]["name"]
        message["tool_calls"] = [{"id": "call_1", "type": "function",
                                  "function": {"name": name, "arguments": json.dumps(review)}}]
    return {
        "id": "chatcmpl-1", "object": "chat.completion", "created": int(time.time()), "model": body.get("model"),
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if review else "stop"}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def responses_payload(body: dict, text: str, review: dict | None, prompt_tokens: int, completion_tokens: int) -> dict:
    if review is not None:
        item: dict[str, Any] = {"type": "function_call", "id": "fc_1", "call_id": "call_1",
                                "name": body["tools"][0]["name"], "arguments": json.dumps(review), "status": "completed"}
    else:
        item = {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
                "content": [{"type": "output_text", "text": text, "annotations": []}]}
    return {
        "id": "resp_1", "object": "response", "created_at": int(time.time()), "model": body.get("model"),
        "status": "completed", "output": [item], "parallel_tool_calls": True, "tool_choice": "auto", "tools": [],
        "usage": {"input_tokens": prompt_tokens, "output_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens,
                  "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}},
    }
