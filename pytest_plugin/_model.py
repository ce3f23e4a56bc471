"""What a cassette holds: interactions of one request and one response, typed.

Bodies are bytes as the client sends and reads them (decoded: never gzip,
deflate or brotli). Headers are ``(name, value)`` pairs in their recorded
order, so a header sent twice (``set-cookie``) stays twice. A WebSocket
session (Realtime) is an interaction too: its handshake is the request and
the response (101), and ``websocket`` holds the frames both ends sent, in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "Headers",
    "Interaction",
    "RecordedRequest",
    "RecordedResponse",
    "RecordedSession",
    "WebSocketFrame",
    "header_value",
    "split_events",
]

Headers = tuple[tuple[str, str], ...]

_EVENT_END: Final = re.compile(rb"\r\n\r\n|\n\n|\r\r")


def split_events(body: bytes) -> list[bytes]:
    """An SSE body cut after each blank line: one piece per event, nothing lost."""
    pieces: list[bytes] = []
    start = 0
    for end in _EVENT_END.finditer(body):
        pieces.append(body[start : end.end()])
        start = end.end()
    if start < len(body):
        pieces.append(body[start:])
    return pieces


def header_value(headers: Headers, name: str) -> str | None:
    """The first value of header ``name`` (any case), or None."""
    wanted = name.lower()
    for key, value in headers:
        if key.lower() == wanted:
            return value
    return None


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    method: str
    uri: str
    headers: Headers
    body: bytes

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)


@dataclass(frozen=True, slots=True)
class RecordedResponse:
    status: int
    reason: str
    headers: Headers
    body: bytes

    def header(self, name: str) -> str | None:
        return header_value(self.headers, name)

    @property
    def is_sse(self) -> bool:
        return (self.header("content-type") or "").lower().startswith("text/event-stream")


@dataclass(frozen=True, slots=True)
class WebSocketFrame:
    """One message of a session: who sent it and its data (text, or bytes for binary frames)."""

    sender: Literal["client", "server"]
    data: str | bytes


@dataclass(frozen=True, slots=True)
class RecordedSession:
    """The frames of one WebSocket session in the order they went by.

    ``close`` is the server's close (code, reason) when the server ended the
    session; None when the client closed it.
    """

    frames: tuple[WebSocketFrame, ...]
    close: tuple[int, str] | None = None


@dataclass(frozen=True, slots=True)
class Interaction:
    request: RecordedRequest
    response: RecordedResponse
    websocket: RecordedSession | None = None
