"""What a handler gets (:class:`Call`) and what it gives back (a reply).

Handlers are plain functions ``(core, call) -> Reply``: they parse, call the
backend or the content generator, and return data. The pipeline turns a
reply into an HTTP response with the service's headers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from openai_kit.mockserver._journal import RecordedRequest, Style
from openai_kit.mockserver._multipart import FormFile
from openai_kit.mockserver._scripts import Script
from openai_kit.mockserver._sse import Framing

__all__ = ["BytesReply", "Call", "JSONReply", "Reply", "StreamReply"]


@dataclass
class Call:
    """One API call on its way through the mock.

    ``json`` is the body the handler works on: for Azure it carries the
    deployment's model as ``model`` (the journal keeps the body as sent).
    """

    operation: str
    style: Style
    method: str
    path_params: dict[str, str]
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: bytes
    entry: RecordedRequest
    index: int
    json: Any = None
    form: dict[str, str | FormFile] | None = None
    script: Script | None = None

    @property
    def azure(self) -> bool:
        return self.style != "openai"

    @property
    def streaming(self) -> bool:
        return isinstance(self.json, dict) and self.json.get("stream") is True


@dataclass
class JSONReply:
    body: Any
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class StreamReply:
    """Server-sent events, framed as ``framing`` says (None: as the operation declares).

    With ``encoded`` the events are SSE events already, as bytes (the framing
    still adds its end). ``again``, when a handler can give it, makes the same
    ``events`` again each time it is called: the live server's observer keeps it
    instead of the bytes that went out, and makes them again for whoever reads them.
    """

    events: Iterable[Any]
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    encoded: bool = False
    framing: Framing | None = None
    again: Callable[[], Iterable[Any]] | None = None


@dataclass
class BytesReply:
    content: bytes
    media_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


Reply = JSONReply | StreamReply | BytesReply
