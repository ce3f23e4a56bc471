"""The request every mock server benchmark sends, and the mock's own answers to it.

One typical chat request (a system prompt, a user turn, a temperature),
sent as is or with ``"stream": true`` and ``stream_options.include_usage``.
The minimal apps that stand for the ceiling serve exactly the bytes the mock
answers to it (:func:`capture_answers`), so both sides put the same answer
on the wire: the same JSON document, the same number and sizes of events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "API_KEY",
    "AUTH_HEADER",
    "CHAT_PATH",
    "CHAT_REQUEST",
    "HEADERS_FIXTURE",
    "JSON_FIXTURE",
    "SSE_FIXTURE",
    "Answers",
    "capture_answers",
    "request_body",
    "split_events",
]

API_KEY = "sk-bench-not-a-real-key"
AUTH_HEADER = ("Authorization", f"Bearer {API_KEY}")
CHAT_PATH = "/v1/chat/completions"

# The mock's generated reply depends on the request; this one gives a
# 0.8 KB completion and a 43-event stream (about 14 KB), a typical short answer.
CHAT_REQUEST: dict[str, Any] = {
    "model": "gpt-4o-mini",
    "messages": [
        {"role": "system", "content": "You are a concise assistant for a travel agency."},
        {"role": "user", "content": "Recommend a museum in Lisbon."},
    ],
    "temperature": 0.2,
}

JSON_FIXTURE = "chat.json"
SSE_FIXTURE = "chat.sse"
HEADERS_FIXTURE = "chat.headers.json"


def request_body(*, stream: bool, varied: bool = False) -> bytes:
    """The request body, compact JSON (``"stream":true`` marks the streaming one).

    ``varied``: a template for ``benchmarks._mock_varied``, the user message
    ending in ``(request {n})``, ``{n}`` a counter the load generator fills in.
    """
    body = dict(CHAT_REQUEST)
    if varied:
        system, user = CHAT_REQUEST["messages"]
        body["messages"] = [system, {**user, "content": user["content"] + " (request {n})"}]
    if stream:
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
    return json.dumps(body, separators=(",", ":")).encode()


def split_events(sse_body: bytes) -> list[bytes]:
    """The events of an SSE body, each with its closing blank line."""
    return [event + b"\n\n" for event in sse_body.split(b"\n\n") if event.strip()]


@dataclass(frozen=True)
class Answers:
    """The mock's answers to the benchmark request: a JSON body and an SSE body.

    ``json_headers``: the headers the mock sent with the JSON body, in order,
    but for ``content-length`` and ``content-type`` (which any ``Response`` adds).
    """

    json_body: bytes
    sse_body: bytes
    json_headers: tuple[tuple[str, str], ...] = ()

    @property
    def data_events(self) -> int:
        """``data:`` events of the stream before ``[DONE]``."""
        return sum(1 for e in split_events(self.sse_body) if e.strip() != b"data: [DONE]")

    def write(self, folder: Path) -> None:
        (folder / JSON_FIXTURE).write_bytes(self.json_body)
        (folder / SSE_FIXTURE).write_bytes(self.sse_body)
        (folder / HEADERS_FIXTURE).write_text(json.dumps(self.json_headers))

    @classmethod
    def read(cls, folder: Path) -> Answers:
        headers = json.loads((folder / HEADERS_FIXTURE).read_text())
        return cls(
            (folder / JSON_FIXTURE).read_bytes(),
            (folder / SSE_FIXTURE).read_bytes(),
            tuple((name, value) for name, value in headers),
        )


def capture_answers() -> Answers:
    """Ask a fresh ``MockServer(seed=0)`` in process, through its own transport."""
    import httpx

    from openai_kit.mockserver import MockServer

    mock = MockServer(seed=0)
    headers = {AUTH_HEADER[0]: AUTH_HEADER[1], "Content-Type": "application/json"}
    with httpx.Client(transport=mock.transport(), base_url="http://mock.invalid") as client:
        answer = client.post(CHAT_PATH, content=request_body(stream=False), headers=headers)
        stream = client.post(CHAT_PATH, content=request_body(stream=True), headers=headers)
    for response in (answer, stream):
        if response.status_code != 200:
            raise RuntimeError(f"the mock answered {response.status_code}: {response.text[:300]}")
    if not stream.content.rstrip().endswith(b"data: [DONE]"):
        raise RuntimeError("the mock's stream does not end with [DONE]")
    added = {"content-length", "content-type"}
    headers = tuple((k, v) for k, v in answer.headers.multi_items() if k not in added)
    return Answers(answer.content, stream.content, headers)
