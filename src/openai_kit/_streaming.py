"""Server-sent events: an incremental decoder and the typed ``Stream`` / ``AsyncStream``.

The decoder is fed bytes exactly as the network delivers them and returns
each event once its terminating blank line has arrived, so it survives any
split: mid-line, mid-CRLF, mid-codepoint. Sync and async streams share the
decoder and the per-event logic (:meth:`_StreamCore._handle`); only the loop
that pulls bytes differs.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ._exceptions import APIError

if TYPE_CHECKING:
    from typing import Self

__all__ = ["AsyncStream", "SSEDecoder", "ServerSentEvent", "Stream"]

_T = TypeVar("_T")

_BOM = b"\xef\xbb\xbf"


class ServerSentEvent:
    """One event: its ``event`` name, ``data`` (lines joined by newlines), ``id`` and ``retry``."""

    __slots__ = ("data", "event", "id", "retry")

    def __init__(
        self,
        *,
        event: str | None = None,
        data: str = "",
        id: str | None = None,
        retry: int | None = None,
    ) -> None:
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry

    def json(self) -> Any:
        return json.loads(self.data)

    def __repr__(self) -> str:
        return f"ServerSentEvent(event={self.event!r}, data={self.data!r}, id={self.id!r}, retry={self.retry!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        return (self.event, self.data, self.id, self.retry) == (
            other.event,
            other.data,
            other.id,
            other.retry,
        )

    __hash__ = None  # type: ignore[assignment]


class SSEDecoder:
    """Incremental ``text/event-stream`` decoder (the WHATWG rules, leniently).

    ``decode(chunk)`` returns the events completed by ``chunk``; ``flush()``
    ends the input and returns an event left without its blank line.
    """

    __slots__ = (
        "_buffer",
        "_data",
        "_event",
        "_has_fields",
        "_id",
        "_retry",
        "_skip_lf",
        "_started",
    )

    def __init__(self) -> None:
        self._buffer = b""
        self._started = False
        self._event: str | None = None
        self._data: list[bytes] = []
        self._id: str | None = None
        self._retry: int | None = None
        self._has_fields = False
        self._skip_lf = False

    def decode(self, chunk: bytes) -> list[ServerSentEvent]:
        if not chunk:
            return []
        if self._skip_lf:
            self._skip_lf = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
        buffer = self._buffer + chunk if self._buffer else chunk
        if not self._started:
            if len(buffer) < len(_BOM) and _BOM.startswith(buffer):
                self._buffer = buffer
                return []
            self._started = True
            if buffer.startswith(_BOM):
                buffer = buffer[len(_BOM) :]
        if b"\r" in buffer:
            # a CR at the very end ends a line; an LF opening the next chunk is its twin
            self._skip_lf = buffer.endswith(b"\r")
            buffer = buffer.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = buffer.split(b"\n")
        self._buffer = lines.pop()
        return self._lines(lines) if lines else []

    def flush(self) -> list[ServerSentEvent]:
        """End of input: an event whose lines all arrived is dispatched; a partial line is dropped."""
        self._buffer = b""
        self._skip_lf = False
        event = self._dispatch()
        return [event] if event is not None else []

    def _lines(self, lines: list[bytes]) -> list[ServerSentEvent]:
        events: list[ServerSentEvent] = []
        for line in lines:
            if not line:
                event = self._dispatch()
                if event is not None:
                    events.append(event)
                continue
            if line[0] == 0x3A:  # ":" starts a comment
                continue
            if line.startswith(b"data:"):
                value = line[5:]
                self._data.append(value[1:] if value[:1] == b" " else value)
                self._has_fields = True
                continue
            name, colon, value = line.partition(b":")
            if colon and value[:1] == b" ":
                value = value[1:]
            if name == b"event":
                self._event = value.decode("utf-8", "replace") or None
            elif name == b"data":  # "data" without a colon: an empty data line
                self._data.append(value)
            elif name == b"id":
                if b"\0" not in value:
                    self._id = value.decode("utf-8", "replace")
            elif name == b"retry":
                if value.isdigit():
                    self._retry = int(value)
            else:
                continue
            self._has_fields = True
        return events

    def _dispatch(self) -> ServerSentEvent | None:
        if not self._has_fields:
            return None
        data = self._data
        event = ServerSentEvent(
            event=self._event,
            data=(data[0] if len(data) == 1 else b"\n".join(data)).decode("utf-8", "replace"),
            id=self._id,
            retry=self._retry,
        )
        self._event = None
        self._data = []
        self._retry = None
        self._has_fields = False
        # the last event id persists across events, as the spec says
        return event


_DONE = object()
_SKIP = object()


class _StreamCore(Generic[_T]):
    """What sync and async streams share: the decoder and the per-event rules."""

    response: httpx.Response

    def __init__(self, *, cast_to: type[_T], response: httpx.Response, strict: bool) -> None:
        self.response = response
        self._cast_to = cast_to
        self._strict = strict
        self._decoder = SSEDecoder()

    def _handle(self, sse: ServerSentEvent) -> Any:
        """The item for ``sse``, ``_DONE`` at ``[DONE]``, ``_SKIP`` for no data; raises on an error event."""
        data = sse.data
        if data.startswith("[DONE]"):
            return _DONE
        if not data and sse.event != "error":
            return _SKIP  # a keep-alive or an event with nothing to parse
        if sse.event == "error" or '"error"' in data:
            decoded = sse.json() if data else None
            error = decoded.get("error") if isinstance(decoded, dict) else None
            # A typed event ({"type": "error", ...}, as Responses streams send) is
            # yielded like any other; an error envelope or an untyped error event raises.
            typed = isinstance(decoded, dict) and "type" in decoded and not error
            assistants = isinstance(decoded, dict) and decoded.get("type") != "error"
            if typed and sse.event == "error" and assistants:
                # an Assistants stream's error event: its data is the error object itself
                return self._parse('{"event":"error","data":' + data + "}")
            if error or (sse.event == "error" and not typed):
                body = error if error else decoded
                message = body.get("message") if isinstance(body, dict) else None
                raise APIError(
                    message
                    if isinstance(message, str) and message
                    else "An error occurred during streaming",
                    self.response.request,
                    body=body,
                )
        if sse.event is not None and sse.event.startswith("thread."):
            # Assistants events: the event name goes beside the data, no decoding on the way
            return self._parse('{"event":' + json.dumps(sse.event) + ',"data":' + data + "}")
        return self._parse(data)

    def _parse(self, data: str) -> Any:
        from ._models import validate_json

        return validate_json(self._cast_to, data, strict=self._strict)


class Stream(_StreamCore[_T]):
    """Iterate to get each parsed event; the response closes at the end or on ``close()``."""

    def __init__(
        self, *, cast_to: type[_T], response: httpx.Response, strict: bool = False
    ) -> None:
        super().__init__(cast_to=cast_to, response=response, strict=strict)
        self._iterator = self._stream()

    def __iter__(self) -> Iterator[_T]:
        return self._iterator

    def __next__(self) -> _T:
        return next(self._iterator)

    def _events(self) -> Iterator[ServerSentEvent]:
        decoder = self._decoder
        for chunk in self.response.iter_bytes():
            yield from decoder.decode(chunk)
        yield from decoder.flush()

    def _stream(self) -> Iterator[_T]:
        try:
            for sse in self._events():
                item = self._handle(sse)
                if item is _DONE:
                    break
                if item is not _SKIP:
                    yield item
        finally:
            self.response.close()

    def close(self) -> None:
        """Close the response (and the connection) without reading the rest."""
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStream(_StreamCore[_T]):
    """``async for`` to get each parsed event; the response closes at the end or on ``close()``."""

    def __init__(
        self, *, cast_to: type[_T], response: httpx.Response, strict: bool = False
    ) -> None:
        super().__init__(cast_to=cast_to, response=response, strict=strict)
        self._iterator = self._stream()

    def __aiter__(self) -> AsyncIterator[_T]:
        return self._iterator

    async def __anext__(self) -> _T:
        return await self._iterator.__anext__()

    async def _events(self) -> AsyncIterator[ServerSentEvent]:
        decoder = self._decoder
        async for chunk in self.response.aiter_bytes():
            for sse in decoder.decode(chunk):
                yield sse
        for sse in decoder.flush():
            yield sse

    async def _stream(self) -> AsyncIterator[_T]:
        try:
            async for sse in self._events():
                item = self._handle(sse)
                if item is _DONE:
                    break
                if item is not _SKIP:
                    yield item
        finally:
            await self.response.aclose()

    async def close(self) -> None:
        """Close the response (and the connection) without reading the rest."""
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
