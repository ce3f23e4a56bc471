"""In-process transports for ``httpx2`` clients (the HTTP stack of openai 3.x).

``httpx2`` keeps httpx's transport API under its own classes: a transport
subclasses ``httpx2.BaseTransport`` (``handle_request``) or
``httpx2.AsyncBaseTransport`` (``handle_async_request``) and is plugged in
with ``httpx2.Client(transport=...)``. The transports here put an httpx
transport (the mock's own, or a cassette's) behind that API:

- the ``httpx2.Request`` is handed over as an ``httpx.Request`` (method, URL,
  raw headers, body and extensions such as the read timeout);
- the answer comes back as an ``httpx2.Response`` whose body is read chunk by
  chunk from the httpx one, so streaming stays streaming;
- an httpx error (a read timeout, a dropped connection) is raised as
  httpx2's class of the same name, so an httpx2 client retries and reports
  it as it would a real connection's.

Imported only where ``httpx2`` is installed; nothing else in openai-kit needs it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import NoReturn

import httpx
import httpx2

__all__ = ["AsyncHttpx2Transport", "Httpx2Transport", "httpx2_error"]


def _to_httpx(request: httpx2.Request, body: bytes) -> httpx.Request:
    return httpx.Request(
        request.method,
        str(request.url),
        headers=list(request.headers.raw),
        content=body,
        extensions=dict(request.extensions),
    )


def httpx2_error(exc: httpx.HTTPError, request: httpx2.Request) -> httpx2.HTTPError:
    """``exc`` as httpx2's exception of the same class name (its nearest base otherwise)."""
    for cls in type(exc).__mro__:
        twin = getattr(httpx2, cls.__name__, None)
        if isinstance(twin, type) and issubclass(twin, httpx2.RequestError):
            return twin(str(exc), request=request)
    return httpx2.TransportError(str(exc), request=request)


def _raise_as_httpx2(exc: httpx.HTTPError, request: httpx2.Request) -> NoReturn:
    raise httpx2_error(exc, request) from exc


def _to_httpx2(
    response: httpx.Response,
    request: httpx2.Request,
    stream: httpx2.SyncByteStream | httpx2.AsyncByteStream,
) -> httpx2.Response:
    return httpx2.Response(
        response.status_code,
        headers=list(response.headers.raw),
        stream=stream,
        request=request,
        extensions=dict(response.extensions),
    )


class _SyncBody(httpx2.SyncByteStream):
    def __init__(self, stream: httpx.SyncByteStream, request: httpx2.Request) -> None:
        self._stream = stream
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._stream
        except httpx.HTTPError as exc:
            _raise_as_httpx2(exc, self._request)

    def close(self) -> None:
        self._stream.close()


class _AsyncBody(httpx2.AsyncByteStream):
    def __init__(self, stream: httpx.AsyncByteStream, request: httpx2.Request) -> None:
        self._stream = stream
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._stream:
                yield chunk
        except httpx.HTTPError as exc:
            _raise_as_httpx2(exc, self._request)

    async def aclose(self) -> None:
        await self._stream.aclose()


class Httpx2Transport(httpx2.BaseTransport):
    """A sync ``httpx2`` transport answered by the httpx transport ``inner``."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        body = request.read()
        try:
            response = self.inner.handle_request(_to_httpx(request, body))
        except httpx.HTTPError as exc:
            _raise_as_httpx2(exc, request)
        if not isinstance(response.stream, httpx.SyncByteStream):
            raise TypeError("the inner transport returned a response without a sync stream")
        return _to_httpx2(response, request, _SyncBody(response.stream, request))

    def close(self) -> None:
        self.inner.close()


class AsyncHttpx2Transport(httpx2.AsyncBaseTransport):
    """An async ``httpx2`` transport answered by the async httpx transport ``inner``."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        body = await request.aread()
        try:
            response = await self.inner.handle_async_request(_to_httpx(request, body))
        except httpx.HTTPError as exc:
            _raise_as_httpx2(exc, request)
        if not isinstance(response.stream, httpx.AsyncByteStream):
            raise TypeError("the inner transport returned a response without an async stream")
        return _to_httpx2(response, request, _AsyncBody(response.stream, request))

    async def aclose(self) -> None:
        await self.inner.aclose()
