"""Every way the API frames a server-sent event stream, and the JSON its events carry.

An operation names its framing once (:attr:`Operation.stream
<openai_kit.mockserver._operation.Operation.stream>`); handlers return events
and the pipeline frames them:

- :data:`DATA` (chat completions, completions): each event as ``data: {json}``,
  then ``data: [DONE]``.
- :data:`NAMED` (Responses): each event as ``event: <type>`` + ``data: {json}``,
  no terminator.
- :data:`ASSISTANTS` (Assistants runs): named events, then ``event: done`` +
  ``data: [DONE]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Final

__all__ = [
    "ASSISTANTS",
    "DATA",
    "DONE",
    "NAMED",
    "Framing",
    "encode_event",
    "encode_json",
    "encode_named",
    "event_json",
]

# Encoders built once: ``json.dumps`` with options builds one per call (they keep no state).
_EVENT_JSON: Final = json.JSONEncoder(separators=(",", ":"))
_BODY_JSON: Final = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)
_event: Final = _EVENT_JSON.encode
_body: Final = _BODY_JSON.encode

DONE: Final = b"data: [DONE]\n\n"


def event_json(value: Any) -> str:
    """``value`` as JSON the way ``data:`` events carry it (compact, non-ASCII escaped)."""
    return _event(value)


def encode_json(body: Any) -> bytes:
    """A JSON body as the API sends it (compact, UTF-8)."""
    return _body(body).encode()


def encode_event(event: Any) -> bytes:
    """One ``data:`` event: ``data: `` + compact JSON + a blank line."""
    return b"data: " + _event(event).encode() + b"\n\n"


def encode_named(event: Any) -> bytes:
    """One named event: ``event: <type>``, ``data: `` + compact JSON, a blank line.

    An object without a usable ``type`` goes out as a bare ``data:`` line.
    """
    data = encode_json(event)
    kind = event.get("type") if isinstance(event, dict) else None
    if isinstance(kind, str) and kind and "\n" not in kind and "\r" not in kind:
        return b"event: " + kind.encode() + b"\ndata: " + data + b"\n\n"
    return b"data: " + data + b"\n\n"


@dataclass(frozen=True)
class Framing:
    """How one kind of stream goes on the wire: its events' encoding and its end."""

    name: str
    named: bool
    end: bytes

    def encode(self, event: Any) -> bytes:
        return encode_named(event) if self.named else encode_event(event)

    def frame(self, events: Iterable[Any], *, encoded: bool = False) -> Iterator[bytes]:
        """The stream's bytes: every event (``encoded``: bytes already), then the end."""
        if encoded:
            yield from events
        else:
            for event in events:
                yield self.encode(event)
        if self.end:
            yield self.end


DATA: Final = Framing("data", named=False, end=DONE)
NAMED: Final = Framing("named", named=True, end=b"")
ASSISTANTS: Final = Framing("assistants", named=True, end=b"event: done\ndata: [DONE]\n\n")
