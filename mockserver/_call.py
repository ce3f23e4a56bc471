"""What a handler gets (:class:`Call`) and what it gives back (a reply).

Handlers are plain functions ``(core, call) -> Reply``: they parse, call the
backend or the content generator, and return data. The pipeline turns a
reply into an HTTP response with the service's headers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from openai_kit.mockserver._journal import RecordedRequest, Style
from openai_kit.mockserver._multipart import FormFile
from openai_kit.mockserver._scripts import Script

__all__ = ["NAMED_EVENT_OPERATIONS", "BytesReply", "Call", "JSONReply", "Reply", "StreamReply"]

#: Operations whose streams name every event (``event: <type>``) and end without ``[DONE]``.
NAMED_EVENT_OPERATIONS = frozenset({"responses.create", "responses.retrieve"})


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
    """Server-sent events: each object as ``data: {json}``, then ``data: [DONE]``.

    With ``named`` (the Responses API's framing) each object goes out as
    ``event: <its type>`` + ``data: {json}`` and the stream ends without
    ``[DONE]``. With ``encoded`` the events are those SSE events already, as bytes.
    """

    events: Iterable[Any]
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    encoded: bool = False
    named: bool = False


@dataclass
class BytesReply:
    content: bytes
    media_type: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


Reply = JSONReply | StreamReply | BytesReply
