"""Replies as ASGI responses: the status, headers and body the real service sends.

:func:`render_raw` serves a reply that adds no headers of its own from
header bytes built once; :func:`render` takes the headers as a dict.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from functools import partial
from typing import Any, Final, cast

from starlette.responses import Response, StreamingResponse
from starlette.types import Send

from openai_kit.mockserver._call import JSONReply, Reply, StreamReply
from openai_kit.mockserver._observe import Watcher
from openai_kit.mockserver._sse import Framing, encode_json

__all__ = ["ERROR_TYPE", "JSON_HEADER", "NotedStream", "RawHeaders", "render", "render_raw"]

RawHeaders = list[tuple[bytes, bytes]]

_JSON_TYPE = "application/json"
ERROR_TYPE: Final = "application/json; charset=utf-8"


async def _stream_body(reply: StreamReply) -> AsyncIterator[bytes]:
    """The bytes of a stream, as its framing puts them."""
    framing = reply.framing
    assert framing is not None, "the pipeline sets every stream's framing"
    for chunk in framing.frame(reply.events, encoded=reply.encoded):
        yield chunk


def _framed_again(
    again: Callable[[], Iterable[Any]], framing: Framing, encoded: bool
) -> Iterator[bytes]:
    """The chunks of a stream made again: the events ``again`` makes, as ``framing`` puts them."""
    return framing.frame(again(), encoded=encoded)


class _RawResponse(Response):
    """A whole answer whose ASGI headers were built as bytes already."""

    def __init__(self, content: bytes, status: int, raw_headers: RawHeaders) -> None:
        self.status_code = status
        self.background = None
        self.body = content
        self.raw_headers = raw_headers


class NotedStream(StreamingResponse):
    """A stream of the mock's own (``reply``): under an observing layer its messages are
    noted by ``watcher`` (no wrapped ``send``, one coroutine less per chunk; the chunks in
    one call when the stream ends). A reply that can make its events again is noted as
    that and the number of chunks sent: the chunks go as they are sent."""

    watcher: Watcher | None = None
    reply: StreamReply | None = None

    async def stream_response(self, send: Send) -> None:
        watcher = self.watcher
        if watcher is None:
            await super().stream_response(send)
            return
        start = {"type": "http.response.start", "status": self.status_code}
        start["headers"] = self.raw_headers
        watcher.note(start)
        await send(start)
        body = cast(AsyncIterator[bytes], self.body_iterator)  # what _stream_body gives
        reply = self.reply
        if reply is not None and reply.again is not None and reply.framing is not None:
            sent = 0
            try:
                async for chunk in body:
                    sent += 1
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            finally:
                again = partial(_framed_again, reply.again, reply.framing, reply.encoded)
                watcher.note_made(again, sent)
        else:
            await self._keeping(body, watcher, send)
        # the empty end of the body: a watcher neither keeps nor counts it
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    @staticmethod
    async def _keeping(body: AsyncIterator[bytes], watcher: Watcher, send: Send) -> None:
        """Send the chunks of ``body``. The framings send an event a chunk: count them, keep
        the chunks that the capture may hold, and note them all when the stream ends
        (however it ends)."""
        room, size, past, events = watcher.room, 0, 0, 0
        kept: list[bytes] = []
        try:
            async for chunk in body:
                message = {"type": "http.response.body", "body": chunk, "more_body": True}
                events += 1
                if size < room:
                    kept.append(chunk)
                    size += len(chunk)
                else:
                    past += len(chunk)
                await send(message)
        finally:
            watcher.note_events(kept, past, events)


class _RawStreamingResponse(NotedStream):
    """A streamed answer whose ASGI headers were built as bytes already."""

    def __init__(self, reply: StreamReply, raw_headers: RawHeaders) -> None:
        self.body_iterator = _stream_body(reply)
        self.status_code = reply.status
        self.background = None
        self.raw_headers = raw_headers
        self.reply = reply


def _content_type(media_type: str) -> tuple[bytes, bytes]:
    """The ``content-type`` header Starlette's ``Response`` adds for ``media_type``."""
    if media_type.startswith("text/") and "charset=" not in media_type.lower():
        media_type += "; charset=utf-8"
    return b"content-type", media_type.encode("latin-1")


JSON_HEADER: Final = _content_type(_JSON_TYPE)
_ERROR_HEADER = _content_type(ERROR_TYPE)
_SSE_HEADER = _content_type("text/event-stream")


def _sized(raw: RawHeaders, content: bytes, status: int, content_type: tuple[bytes, bytes]) -> None:
    """Add what Starlette's ``Response`` adds: ``content-length`` (when a body is allowed), the type."""
    if not (status < 200 or status in (204, 304)):
        raw.append((b"content-length", str(len(content)).encode("latin-1")))
    raw.append(content_type)


def render_raw(reply: Reply, raw: RawHeaders) -> Response:
    """:func:`_render` for a reply that adds no headers of its own: ``raw`` are all of them.

    Gives the very status, headers (names, values, order) and body that
    ``render`` gives with the same headers as a dict, without encoding them again.
    """
    if isinstance(reply, JSONReply):
        content = encode_json(reply.body)
        _sized(raw, content, reply.status, _ERROR_HEADER if reply.status >= 400 else JSON_HEADER)
        return _RawResponse(content, reply.status, raw)
    if isinstance(reply, StreamReply):
        raw.append(_SSE_HEADER)
        return _RawStreamingResponse(reply, raw)
    _sized(raw, reply.content, reply.status, _content_type(reply.media_type))
    return _RawResponse(reply.content, reply.status, raw)


def render(reply: Reply, headers: dict[str, str]) -> Response:
    if isinstance(reply, JSONReply):
        content = encode_json(reply.body)
        media_type = ERROR_TYPE if reply.status >= 400 else _JSON_TYPE
        return Response(content, reply.status, headers, media_type)
    if isinstance(reply, StreamReply):
        response = NotedStream(_stream_body(reply), reply.status, headers, "text/event-stream")
        response.reply = reply
        return response
    return Response(reply.content, reply.status, headers, reply.media_type)
