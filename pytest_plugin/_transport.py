"""The httpx transports a cassette hands out: replay, or record through the real one.

Realtime WebSocket sessions go through ``connect_websocket`` (see
``_realtime_cassette``). A request the cassette can answer gets the recorded response, SSE bodies
split back into one chunk per event. Otherwise, when the record mode allows,
the request goes to the real transport and the response comes back to the
client as it arrives (streaming stays streaming) while a tee keeps a copy.
The interaction is recorded once its body is complete. A client that closes
a response early (``break`` out of a stream) makes the tee read the rest, so
a cassette always holds whole responses; a body that fails mid-way (a cut
connection, a read timeout) is not recorded.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import httpx

from openai_kit.pytest_plugin._matchers import RequestView
from openai_kit.pytest_plugin._model import (
    Interaction,
    RecordedRequest,
    RecordedResponse,
    split_events,
)
from openai_kit.pytest_plugin._scrub import scrub_interaction
from openai_kit.pytest_plugin._serialize import (
    decode_content,
    stable_multipart,
    strip_encoding_headers,
)

if TYPE_CHECKING:
    from openai_kit.pytest_plugin._cassette import Cassette

__all__ = [
    "AsyncCassetteTransport",
    "CassetteTransport",
    "recorded_interaction",
    "replay_response",
]


class _Chunks(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A replayed body, handed out chunk by chunk to sync or async readers."""

    def __init__(self, chunks: tuple[bytes, ...]) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        yield from self._chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks:
            yield chunk


def replay_response(interaction: Interaction, request: httpx.Request) -> httpx.Response:
    """The recorded response of ``interaction`` as a fresh httpx response to ``request``."""
    recorded = interaction.response
    if recorded.is_sse:
        chunks = tuple(split_events(recorded.body))
    else:
        chunks = (recorded.body,) if recorded.body else ()
    extensions = (
        {"reason_phrase": recorded.reason.encode("ascii", "replace")} if recorded.reason else {}
    )
    return httpx.Response(
        recorded.status,
        headers=recorded.headers,
        stream=_Chunks(chunks),
        request=request,
        extensions=extensions,
    )


def recorded_interaction(
    request: httpx.Request, request_body: bytes, response: httpx.Response, raw_body: bytes
) -> Interaction:
    """What to store for an exchange: the body decoded, secrets scrubbed."""
    headers = tuple(response.headers.multi_items())
    decoded = decode_content(raw_body, response.headers.get("content-encoding"))
    if decoded is None:  # no decoder for this coding: keep it as the server sent it
        body, stored_headers = raw_body, strip_encoding_headers(headers, keep_encoding=True)
    else:
        body, stored_headers = decoded, strip_encoding_headers(headers)
    request_headers, request_body = stable_multipart(
        tuple(request.headers.multi_items()), request_body
    )
    return scrub_interaction(
        Interaction(
            RecordedRequest(request.method, str(request.url), request_headers, request_body),
            RecordedResponse(response.status_code, response.reason_phrase, stored_headers, body),
        )
    )


class _Recording:
    """The body of one real response as it goes by; reported once, and only whole."""

    def __init__(self, on_complete: Callable[[bytes], None]) -> None:
        self._parts: list[bytes] = []
        self._on_complete = on_complete
        self.open = True

    def add(self, chunk: bytes) -> None:
        self._parts.append(chunk)

    def complete(self) -> None:
        if self.open:
            self.open = False
            self._on_complete(b"".join(self._parts))

    def fail(self) -> None:
        self.open = False


class _SyncTee(httpx.SyncByteStream):
    def __init__(self, stream: httpx.SyncByteStream, recording: _Recording) -> None:
        self._stream = stream
        self._recording = recording
        self._iterator: Iterator[bytes] | None = None

    def _chunks(self) -> Iterator[bytes]:
        if self._iterator is None:
            self._iterator = iter(self._stream)
        return self._iterator

    def __iter__(self) -> Iterator[bytes]:
        try:
            for chunk in self._chunks():
                self._recording.add(chunk)
                yield chunk
        except Exception:
            self._recording.fail()
            raise
        self._recording.complete()

    def close(self) -> None:
        try:
            if self._recording.open:
                try:
                    for chunk in self._chunks():
                        self._recording.add(chunk)
                except Exception:
                    self._recording.fail()
                else:
                    self._recording.complete()
        finally:
            self._stream.close()


class _AsyncTee(httpx.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream, recording: _Recording) -> None:
        self._stream = stream
        self._recording = recording
        self._iterator: AsyncIterator[bytes] | None = None

    def _chunks(self) -> AsyncIterator[bytes]:
        if self._iterator is None:
            self._iterator = aiter(self._stream)
        return self._iterator

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._chunks():
                self._recording.add(chunk)
                yield chunk
        except Exception:
            self._recording.fail()
            raise
        self._recording.complete()

    async def aclose(self) -> None:
        try:
            if self._recording.open:
                try:
                    async for chunk in self._chunks():
                        self._recording.add(chunk)
                except Exception:
                    self._recording.fail()
                else:
                    self._recording.complete()
        finally:
            await self._stream.aclose()


def _recording_for(
    cassette: Cassette, slot: int, request: httpx.Request, body: bytes, response: httpx.Response
) -> _Recording:
    """Where a response's body goes once whole: into ``slot``, reserved when the request left."""

    def store(raw: bytes) -> None:
        cassette._fill_slot(slot, recorded_interaction(request, body, response, raw))

    return _Recording(store)


def _teed(
    response: httpx.Response, stream: httpx.SyncByteStream | httpx.AsyncByteStream
) -> httpx.Response:
    """The real response with its body read through ``stream`` (the tee)."""
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        stream=stream,
        extensions=response.extensions,
    )


class CassetteTransport(httpx.BaseTransport):
    """Answers from ``cassette``; sends to ``real`` (and records) what it cannot answer."""

    def __init__(self, cassette: Cassette, real: httpx.BaseTransport) -> None:
        self.cassette = cassette
        self.real = real

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        view = RequestView.build(
            request.method, str(request.url), tuple(request.headers.multi_items()), body
        )
        interaction = self.cassette._play(view, request)
        if interaction is not None:
            return replay_response(interaction, request)
        slot = self.cassette._reserve_slot()  # new interactions keep the order requests left in
        try:
            response = self.real.handle_request(request)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            self.cassette._fail_unreachable(request, exc)
        if not isinstance(response.stream, httpx.SyncByteStream):
            raise TypeError("the real transport returned a response without a sync stream")
        recording = _recording_for(self.cassette, slot, request, body, response)
        return _teed(response, _SyncTee(response.stream, recording))

    def connect_websocket(self, url: str, headers: Mapping[str, str], timeout: float | None) -> Any:
        """A Realtime session: replayed from the cassette, or recorded through ``real``."""
        from openai_kit.pytest_plugin._realtime_cassette import connect_sync

        return connect_sync(self.cassette, self.real, url, headers, timeout)

    def close(self) -> None:
        self.real.close()


class AsyncCassetteTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`CassetteTransport`."""

    def __init__(self, cassette: Cassette, real: httpx.AsyncBaseTransport) -> None:
        self.cassette = cassette
        self.real = real

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        view = RequestView.build(
            request.method, str(request.url), tuple(request.headers.multi_items()), body
        )
        interaction = self.cassette._play(view, request)
        if interaction is not None:
            return replay_response(interaction, request)
        slot = self.cassette._reserve_slot()
        try:
            response = await self.real.handle_async_request(request)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            self.cassette._fail_unreachable(request, exc)
        if not isinstance(response.stream, httpx.AsyncByteStream):
            raise TypeError("the real transport returned a response without an async stream")
        recording = _recording_for(self.cassette, slot, request, body, response)
        return _teed(response, _AsyncTee(response.stream, recording))

    async def connect_websocket(
        self, url: str, headers: Mapping[str, str], timeout: float | None
    ) -> Any:
        """The async twin of :meth:`CassetteTransport.connect_websocket`."""
        from openai_kit.pytest_plugin._realtime_cassette import connect_async

        return await connect_async(self.cassette, self.real, url, headers, timeout)

    async def aclose(self) -> None:
        await self.real.aclose()


class LazyTransport(httpx.BaseTransport):
    """A transport built on first use: replay-only runs never pay for a TLS context."""

    def __init__(self, factory: Callable[[], httpx.BaseTransport]) -> None:
        self._factory = factory
        self._transport: httpx.BaseTransport | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._transport is None:
            self._transport = self._factory()
        return self._transport.handle_request(request)

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()


class AsyncLazyTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`LazyTransport`."""

    def __init__(self, factory: Callable[[], httpx.AsyncBaseTransport]) -> None:
        self._factory = factory
        self._transport: httpx.AsyncBaseTransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._transport is None:
            self._transport = self._factory()
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()
