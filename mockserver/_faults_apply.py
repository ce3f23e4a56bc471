"""Turning a fault into what goes on the wire.

Faults that end a connection need the server's help: the in-process
transports and the live server (uvicorn, see ``_live``) put a callable under
``scope["extensions"][DROP_EXTENSION]`` that closes the connection the way a
dropped TCP connection looks to the client (``httpx.RemoteProtocolError``:
no response at all, or a body that stops short). Under another ASGI server
the fault raises instead, which that server reports in its own way.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any, Final, Literal

from starlette.responses import Response

from openai_kit.mockserver import faults as F
from openai_kit.mockserver._call import BytesReply, JSONReply, Reply, StreamReply
from openai_kit.mockserver._sse import ASSISTANTS, Framing, encode_json, encode_named
from openai_kit.mockserver._transport import DROP_EXTENSION, Receive, Send

__all__ = [
    "ERROR_TYPE",
    "JSON_TYPE",
    "FaultResponse",
    "disconnect_response",
    "hang_response",
    "pause",
    "shape_reply",
    "stream_events",
]

JSON_TYPE = "application/json"
ERROR_TYPE = "application/json; charset=utf-8"
SSE_TYPE = "text/event-stream; charset=utf-8"

Ending = Literal["complete", "drop", "hang"]
Piece = tuple[float, bytes]


def _drop(scope: MutableMapping[str, Any]) -> None:
    extensions = scope.get("extensions") or {}
    hook = extensions.get(DROP_EXTENSION)
    if hook is None:
        raise ConnectionAbortedError("the mock drops this connection (fault injection)")
    hook()


async def _until_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass


async def pause(seconds: float, receive: Receive) -> bool:
    """Wait ``seconds``, or less if the client goes away (then True).

    A fault that waits must not outlive its client: a live server waits for
    running requests when it stops.
    """
    watcher = asyncio.ensure_future(_until_disconnect(receive))
    try:
        done, _ = await asyncio.wait({watcher}, timeout=seconds)
    finally:
        watcher.cancel()
    return bool(done)


class FaultResponse(Response):
    """An answer sent piece by piece, with pauses, that may never start or never end.

    ``status`` None sends nothing at all. ``pieces`` are ``(pause, bytes)``;
    ``ending`` says whether the body is completed, the connection dropped,
    or the request left hanging until the client goes away.
    """

    def __init__(
        self,
        status: int | None,
        headers: Mapping[str, str],
        pieces: Iterable[Piece],
        ending: Ending,
        *,
        length: int | None = None,
    ) -> None:
        super().__init__(status_code=status or 200)
        self._status = status
        self._pieces = pieces
        self._ending: Ending = ending
        self._length = length
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        raw = [(k, v) for k, v in raw if k != b"content-length"]
        if length is not None:
            raw.append((b"content-length", str(length).encode()))
        self.raw_headers = raw

    async def __call__(self, scope: MutableMapping[str, Any], receive: Receive, send: Send) -> None:
        try:
            if self._status is not None:
                await send(
                    {
                        "type": "http.response.start",
                        "status": self._status,
                        "headers": self.raw_headers,
                    }
                )
                for wait, chunk in self._pieces:
                    if wait and await pause(wait, receive):
                        return
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                if self._ending == "complete":
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                    return
        except OSError:
            return  # the client went away first
        if self._ending == "drop":
            _drop(scope)
        await _until_disconnect(receive)


def hang_response() -> FaultResponse:
    return FaultResponse(None, {}, (), "hang")


def disconnect_response() -> FaultResponse:
    return FaultResponse(None, {}, (), "drop")


# -- shaping an answer -------------------------------------------------------------------


def _body_of(reply: JSONReply | BytesReply) -> tuple[bytes, str]:
    if isinstance(reply, JSONReply):
        return encode_json(reply.body), ERROR_TYPE if reply.status >= 400 else JSON_TYPE
    return reply.content, reply.media_type


def _broken(text: bytes) -> bytes:
    """``text`` cut in half so that it no longer parses as JSON."""
    cut = text[: max(1, len(text) // 2)]
    try:
        json.loads(cut)
    except ValueError:
        return cut
    return cut + b"{"


def _framing(reply: StreamReply) -> Framing:
    assert reply.framing is not None, "the pipeline sets every stream's framing"
    return reply.framing


def stream_events(reply: StreamReply) -> list[bytes]:
    """A stream's events as SSE bytes (its framing's end not included)."""
    if reply.encoded:
        return list(reply.events)
    encode = _framing(reply).encode
    return [encode(event) for event in reply.events]


def _payload(event: bytes) -> Any:
    """The JSON of an encoded SSE event's ``data:``, None when it has none that parses."""
    _, found, data = event.partition(b"data: ")
    if not found:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


# The codes a failed response's ``error`` may carry (the spec's ResponseErrorCode).
_RESPONSE_ERROR_CODES: Final = frozenset(
    {
        "server_error",
        "rate_limit_exceeded",
        "invalid_prompt",
        "data_residency_mismatch",
        "bio_policy",
        "vector_store_timeout",
        "invalid_image",
        "invalid_image_format",
        "invalid_base64_image",
        "invalid_image_url",
        "image_too_large",
        "image_too_small",
        "image_parse_error",
        "image_content_policy_violation",
        "invalid_image_mode",
        "image_file_too_large",
        "unsupported_image_media_type",
        "empty_image_file",
        "failed_to_download_image",
        "image_file_not_found",
    }
)


def _snapshot(sent: list[Any], everything: list[bytes]) -> dict[str, Any] | None:
    """The latest whole response the client has seen (else the stream's first one)."""
    for payload in [*reversed(sent), *(_payload(e) for e in everything)]:
        if isinstance(payload, dict) and isinstance(payload.get("response"), dict):
            response: dict[str, Any] = payload["response"]
            return response
    return None


def _error_tail(reply: StreamReply, encoded: list[bytes], fault: F.StreamErrorFault) -> list[bytes]:
    """What a stream sends when it fails after ``fault.after_events`` events.

    Responses: an ``error`` event, then ``response.failed`` carrying the
    response as it stood, ``status: "failed"`` and its ``error``. Chat and
    completions: one ``data: {"error": {...}}`` event. Assistants: an
    ``event: error`` whose data is the error object.
    """
    framing = _framing(reply)
    error = {
        "message": fault.message,
        "type": "server_error",
        "param": fault.param,
        "code": fault.code,
    }
    if framing is ASSISTANTS:
        return [b"event: error\ndata: " + encode_json(error) + b"\n\n"]
    if not framing.named:
        return [b"data: " + encode_json({"error": error}) + b"\n\n"]
    sent = [_payload(e) for e in encoded[: fault.after_events]]
    numbers = [
        p["sequence_number"]
        for p in sent
        if isinstance(p, dict) and isinstance(p.get("sequence_number"), int)
    ]
    if numbers:
        number = numbers[-1] + 1
    else:  # nothing sent yet: the number the stream's first event would have had
        first = _payload(encoded[0]) if encoded else None
        start = first.get("sequence_number") if isinstance(first, dict) else None
        number = start if isinstance(start, int) else 0
    tail = [
        encode_named(
            {
                "type": "error",
                "code": fault.code,
                "message": fault.message,
                "param": fault.param,
                "sequence_number": number,
            }
        )
    ]
    snapshot = _snapshot(sent, encoded)
    if snapshot is not None:
        code = fault.code if fault.code in _RESPONSE_ERROR_CODES else "server_error"
        failed = {
            **snapshot,
            "status": "failed",
            "completed_at": None,
            "error": {"code": code, "message": fault.message},
        }
        event = {"type": "response.failed", "response": failed, "sequence_number": number + 1}
        tail.append(encode_named(event))
    return tail


def _stream_pieces(reply: StreamReply, fault: F.Fault) -> tuple[list[Piece], Ending]:
    encoded = stream_events(reply)
    end = _framing(reply).end
    done = [end] if end else []
    if isinstance(fault, F.StreamCutFault):
        return [(0.0, e) for e in encoded[: fault.after_events]], "drop"
    if isinstance(fault, F.StreamErrorFault):
        kept = encoded[: fault.after_events]
        return [(0.0, e) for e in [*kept, *_error_tail(reply, encoded, fault)]], "complete"
    if isinstance(fault, F.SlowStreamFault):
        pause = fault.seconds_per_event
        return [(pause, e) for e in [*encoded, *done]], "complete"
    # malformed: the first event intact, the next one's data broken, then the end
    if len(encoded) >= 2:
        kept, broken = encoded[:1], encoded[1]
    else:
        kept, broken = [], encoded[0] if encoded else b'data: {"id":"\n\n'
    head, _, data = broken.partition(b"data: ")
    line = head + b"data: " + _broken(data.rstrip(b"\n")) + b"\n\n"
    pieces = [(0.0, e) for e in [*kept, line, *done]]
    return pieces, "complete"


def shape_reply(reply: Reply, headers: Mapping[str, str], fault: F.Fault) -> Response:
    """The answer ``reply`` as the body-shaping ``fault`` (cut, malformed, slow, stream error)
    sends it. A stream error leaves a JSON answer as it is."""
    if isinstance(reply, StreamReply):
        pieces, ending = _stream_pieces(reply, fault)
        stream_headers = {**headers, "content-type": SSE_TYPE}
        return FaultResponse(reply.status, stream_headers, pieces, ending)
    content, media_type = _body_of(reply)
    out = {**headers, "content-type": media_type}
    if isinstance(fault, F.StreamCutFault):
        half = content[: len(content) // 2]
        return FaultResponse(reply.status, out, [(0.0, half)], "drop", length=len(content))
    if isinstance(fault, F.SlowStreamFault):
        piece = (fault.seconds_per_event, content)
        return FaultResponse(reply.status, out, [piece], "complete", length=len(content))
    broken = _broken(content)
    return FaultResponse(reply.status, out, [(0.0, broken)], "complete", length=len(broken))
