"""Helpers for SDK tests that talk to ``httpx.MockTransport``.

- ``sse_event`` / ``sse_body`` build Server-Sent-Event bodies byte by byte,
  with a chosen line ending.
- ``ChunkedByteStream`` hands a body to httpx in chosen pieces (sync and
  async), counts how many pieces were read and remembers being closed, so a
  test can tell whether the SDK streamed, buffered or closed the response.
- ``sse_response`` / ``bytes_response`` wrap such a stream in an
  ``httpx.Response``.
- ``MockAPI`` records every request and builds sync and async clients wired
  to one handler.
- ``chat_chunk`` / ``chat_completion`` build realistic payloads.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import httpx

from openai_kit import AsyncOpenAI, OpenAI

__all__ = [
    "BASE_URL",
    "ChunkedByteStream",
    "MockAPI",
    "bytes_response",
    "chat_chunk",
    "chat_completion",
    "json_response",
    "split_every",
    "sse_body",
    "sse_event",
    "sse_response",
]

BASE_URL = "http://127.0.0.1:4010/v1"

Handler = Callable[[httpx.Request], httpx.Response]


def _data_text(data: object) -> str:
    if isinstance(data, str):
        return data
    return json.dumps(data, separators=(",", ":"))


def sse_event(
    data: object = None,
    *,
    event: str | None = None,
    id: str | None = None,
    retry: int | None = None,
    comment: str | None = None,
    eol: str = "\n",
) -> bytes:
    """One SSE event, ended by a blank line.

    ``data`` may be a string (split into one ``data:`` line per line) or
    anything JSON-serialisable (sent compactly on one line).
    """
    lines: list[str] = []
    if comment is not None:
        lines.append(f": {comment}")
    if event is not None:
        lines.append(f"event: {event}")
    if id is not None:
        lines.append(f"id: {id}")
    if retry is not None:
        lines.append(f"retry: {retry}")
    if data is not None:
        lines.extend(f"data: {line}" for line in _data_text(data).split("\n"))
    return (eol.join(lines) + eol + eol).encode("utf-8")


def sse_body(*events: object, done: bool = True, eol: str = "\n") -> bytes:
    """Concatenate events; bytes are taken as they are, anything else becomes ``data:``."""
    parts = [e if isinstance(e, bytes) else sse_event(e, eol=eol) for e in events]
    if done:
        parts.append(sse_event("[DONE]", eol=eol))
    return b"".join(parts)


def split_every(body: bytes, size: int) -> list[bytes]:
    """``body`` in pieces of ``size`` bytes (the last one may be shorter)."""
    if size <= 0:
        return [body]
    return [body[i : i + size] for i in range(0, len(body), size)]


class ChunkedByteStream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A response body delivered in chosen pieces, to sync and async clients alike."""

    def __init__(self, pieces: Sequence[bytes]) -> None:
        self.pieces = list(pieces)
        self.pieces_read = 0
        self.closed = False

    @classmethod
    def of(cls, body: bytes, piece_size: int = 0) -> ChunkedByteStream:
        return cls(split_every(body, piece_size))

    @property
    def body(self) -> bytes:
        return b"".join(self.pieces)

    def __iter__(self) -> Iterator[bytes]:
        for piece in self.pieces:
            self.pieces_read += 1
            yield piece

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for piece in self.pieces:
            self.pieces_read += 1
            yield piece

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


def bytes_response(
    stream: ChunkedByteStream,
    *,
    status_code: int = 200,
    content_type: str = "application/octet-stream",
    headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    """A response whose body is read from ``stream`` piece by piece."""
    all_headers = {"content-type": content_type, **(headers or {})}
    return httpx.Response(status_code, headers=all_headers, stream=stream)


def sse_response(
    stream: ChunkedByteStream,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> httpx.Response:
    return bytes_response(
        stream, status_code=status_code, content_type="text/event-stream", headers=headers
    )


def json_response(
    body: object, *, status_code: int = 200, headers: Mapping[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(status_code, json=body, headers=dict(headers or {}))


class MockAPI:
    """A recording ``MockTransport`` handler plus client factories.

    ``handler`` answers each request; it may be replaced later through
    ``.handler``. ``requests`` keeps every request in order (bodies read).
    """

    def __init__(self, handler: Handler | None = None) -> None:
        self.handler: Handler = handler or (lambda _request: json_response({}))
        self.requests: list[httpx.Request] = []
        self.streams: list[ChunkedByteStream] = []

    @classmethod
    def streaming(
        cls,
        body: bytes,
        piece_size: int = 0,
        *,
        status_code: int = 200,
        content_type: str = "text/event-stream",
        headers: Mapping[str, str] | None = None,
    ) -> MockAPI:
        """Answer every request with ``body`` in ``piece_size`` pieces; keep each stream in ``streams``."""
        api = cls()

        def handler(_request: httpx.Request) -> httpx.Response:
            stream = ChunkedByteStream.of(body, piece_size)
            api.streams.append(stream)
            return bytes_response(
                stream, status_code=status_code, content_type=content_type, headers=headers
            )

        api.handler = handler
        return api

    @classmethod
    def returning(
        cls, body: object, *, status_code: int = 200, headers: Mapping[str, str] | None = None
    ) -> MockAPI:
        """Answer every request with the JSON ``body``."""
        return cls(lambda _request: json_response(body, status_code=status_code, headers=headers))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def json_bodies(self) -> list[Any]:
        return [json.loads(r.content) for r in self.requests]

    def client(self, **kwargs: Any) -> OpenAI:
        options: dict[str, Any] = {"api_key": "sk-test", "base_url": BASE_URL, "max_retries": 0}
        options.update(kwargs)
        return OpenAI(http_client=httpx.Client(transport=httpx.MockTransport(self)), **options)

    def async_client(self, **kwargs: Any) -> AsyncOpenAI:
        options: dict[str, Any] = {"api_key": "sk-test", "base_url": BASE_URL, "max_retries": 0}
        options.update(kwargs)
        transport = httpx.MockTransport(self)
        return AsyncOpenAI(http_client=httpx.AsyncClient(transport=transport), **options)


def chat_chunk(
    content: str | None = None,
    *,
    index: int = 0,
    role: str | None = None,
    finish_reason: str | None = None,
    tool_calls: Iterable[Mapping[str, Any]] | None = None,
    usage: Mapping[str, int] | None = None,
    choices: bool = True,
    id: str = "chatcmpl-abc123",
    **extra: Any,
) -> dict[str, Any]:
    """One ``chat.completion.chunk`` as the real API streams it."""
    delta: dict[str, Any] = {}
    if role is not None:
        delta["role"] = role
    if content is not None:
        delta["content"] = content
    if tool_calls is not None:
        delta["tool_calls"] = [dict(t) for t in tool_calls]
    chunk: dict[str, Any] = {
        "id": id,
        "object": "chat.completion.chunk",
        "created": 1731000000,
        "model": "gpt-4o-mini-2024-07-18",
        "system_fingerprint": "fp_0ba0d124f1",
        "choices": (
            [{"index": index, "delta": delta, "logprobs": None, "finish_reason": finish_reason}]
            if choices
            else []
        ),
    }
    if usage is not None:
        chunk["usage"] = dict(usage)
    chunk.update(extra)
    return chunk


def chat_completion(
    content: str | None = "Hello there!",
    *,
    tool_calls: Iterable[Mapping[str, Any]] | None = None,
    finish_reason: str = "stop",
    id: str = "chatcmpl-abc123",
    **extra: Any,
) -> dict[str, Any]:
    """A ``chat.completion`` response body."""
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
    if tool_calls is not None:
        message["tool_calls"] = [dict(t) for t in tool_calls]
    body: dict[str, Any] = {
        "id": id,
        "object": "chat.completion",
        "created": 1731000000,
        "model": "gpt-4o-mini-2024-07-18",
        "choices": [
            {"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason}
        ],
        "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17},
        "system_fingerprint": "fp_0ba0d124f1",
    }
    body.update(extra)
    return body
