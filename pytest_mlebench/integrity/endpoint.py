"""A chat-completions client for any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, a local stand-in),
over plain `requests`, so the review needs no vendor SDK.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Sequence

import requests

from pytest_mlebench.errors import InfraError, PrerequisiteError

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"
RETRY_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})


@dataclasses.dataclass(frozen=True)
class ChatEndpoint:
    """Where review questions go; the key is read from the environment and never written anywhere."""

    base_url: str
    model: str
    api_key: str = dataclasses.field(default="", repr=False)
    timeout: float = 120.0
    retries: int = 3

    @classmethod
    def from_env(cls, model: str | None = None, base_url: str | None = None) -> ChatEndpoint:
        """`$OPENAI_BASE_URL` (default OpenAI's) and `$OPENAI_API_KEY`; a key is required only for OpenAI itself.

        Raises:
            PrerequisiteError: OpenAI's endpoint without a key.
        """
        url = (base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        key = os.environ.get("OPENAI_API_KEY", "")
        if not key and url == DEFAULT_BASE_URL:
            raise PrerequisiteError(
                "The rule-violation review needs an LLM: set OPENAI_API_KEY, or OPENAI_BASE_URL to another "
                "OpenAI-compatible endpoint (a local server needs no key)."
            )
        return cls(base_url=url, model=model or DEFAULT_MODEL, api_key=key)

    def complete(self, messages: Sequence[dict[str, str]]) -> str:
        """The reply's text to `messages`, at temperature 0; retried on rate limits and server errors.

        Raises:
            InfraError: the endpoint cannot be reached or keeps failing (retryable later).
            PrerequisiteError: the endpoint refuses the key or does not know the model.
        """
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        body = {"model": self.model, "messages": list(messages), "temperature": 0}
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(min(2.0**attempt, 30.0))
            try:
                response = requests.post(f"{self.base_url}/chat/completions", json=body, headers=headers,
                                         timeout=self.timeout)
            except requests.RequestException as exc:
                last = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code in RETRY_STATUS:
                last = f"HTTP {response.status_code}"
                continue
            if response.status_code in (401, 403, 404):
                raise PrerequisiteError(
                    f"{self.base_url} refused the review (HTTP {response.status_code}): check OPENAI_API_KEY "
                    f"and that the endpoint serves the model {self.model!r}."
                )
            if not response.ok:
                raise InfraError(f"{self.base_url} answered HTTP {response.status_code}: {response.text[:200]}")
            try:
                return str(response.json()["choices"][0]["message"]["content"] or "")
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                raise InfraError(f"{self.base_url} sent a reply that is not a chat completion: {exc}") from exc
        raise InfraError(f"{self.base_url} failed {self.retries + 1} times ({last}); try again later.")
