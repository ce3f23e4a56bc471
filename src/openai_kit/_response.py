"""Turning an httpx response into what the caller asked for.

- :func:`parse_response` - the normal result (a model, a page, a stream, bytes ...).
- :class:`APIResponse` - ``with_raw_response``: the body is read; ``.parsed``
  and ``.parse()`` give the normal result, the rest describes the HTTP exchange.
- :class:`StreamedAPIResponse` / :class:`AsyncStreamedAPIResponse` -
  ``with_streaming_response``: the body is not read until you ask; usable
  with or without ``with`` / ``async with``, and the async one can be awaited.
- :class:`BinaryResponseContent` - what ``files.content()`` returns.
"""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import AsyncIterator, Awaitable, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, get_args, get_origin

import httpx
import pydantic

from ._exceptions import APIResponseValidationError
from ._options import FinalRequestOptions
from ._types import NoneType

if TYPE_CHECKING:
    from typing import Self

    from ._base_client import BaseClient

__all__ = [
    "APIResponse",
    "AsyncResponseContextManager",
    "AsyncStreamedAPIResponse",
    "BinaryResponseContent",
    "HttpxBinaryResponseContent",
    "StreamedAPIResponse",
    "parse_response",
]

_R = TypeVar("_R")


def _write_chunks(file: str | os.PathLike[str], chunks: Iterator[bytes]) -> None:
    with open(file, mode="wb") as f:
        for data in chunks:
            f.write(data)


class BinaryResponseContent:
    """A non-JSON body (file content, audio): bytes, text, or streamed to a file."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def content(self) -> bytes:
        return self.response.content

    @property
    def text(self) -> str:
        return self.response.text

    @property
    def encoding(self) -> str | None:
        return self.response.encoding

    def json(self) -> Any:
        return json.loads(self.response.content)

    def read(self) -> bytes:
        return self.response.read()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.response.iter_lines()

    def write_to_file(self, file: str | os.PathLike[str]) -> None:
        """Write the whole body to ``file``."""
        with open(file, mode="wb") as f:
            for data in self.response.iter_bytes():
                f.write(data)

    def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to ``file`` as it arrives (the official package's name)."""
        with open(file, mode="wb") as f:
            for data in self.response.iter_bytes(chunk_size):
                f.write(data)

    def close(self) -> None:
        self.response.close()

    async def aread(self) -> bytes:
        return await self.response.aread()

    async def aiter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        async for chunk in self.response.aiter_bytes(chunk_size):
            yield chunk

    async def aiter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        async for chunk in self.response.aiter_text(chunk_size):
            yield chunk

    async def aiter_lines(self) -> AsyncIterator[str]:
        async for line in self.response.aiter_lines():
            yield line

    async def awrite_to_file(self, file: str | os.PathLike[str]) -> None:
        """Write the whole body to ``file``."""
        with open(file, mode="wb") as f:
            async for data in self.response.aiter_bytes():
                f.write(data)

    async def aclose(self) -> None:
        await self.response.aclose()


#: The official package's name for the same thing.
HttpxBinaryResponseContent = BinaryResponseContent


def _json_or_text(content: bytes) -> object:
    try:
        return json.loads(content)
    except ValueError:
        return content.decode("utf-8", "replace")


def parse_response(
    client: BaseClient,
    response: httpx.Response,
    *,
    cast_to: Any,
    options: FinalRequestOptions,
    stream: bool,
    stream_cls: Any,
) -> Any:
    """The normal result of a call whose body has been read (or is a stream)."""
    strict = client._strict_response_validation
    if stream:
        origin = get_origin(stream_cls) or stream_cls
        args = get_args(stream_cls)
        return origin(cast_to=args[0] if args else cast_to, response=response, strict=strict)
    if cast_to is httpx.Response:
        return response
    if cast_to is NoneType:
        return None
    if isinstance(cast_to, type) and issubclass(cast_to, BinaryResponseContent):
        return cast_to(response)
    content = response.content
    if cast_to is bytes:
        return content
    if cast_to is str:
        return response.text
    content_type = response.headers.get("content-type", "")
    if strict and "json" not in content_type:
        raise APIResponseValidationError(
            response,
            _json_or_text(content),
            message=f"Expected Content-Type response header to be `application/json` "
            f"but received `{content_type}` instead.",
        )
    from ._models import validate_json

    try:
        if options.parser is not None:
            result = options.parser(content, strict)
        else:
            result = validate_json(cast_to, content, strict=strict)
    except pydantic.ValidationError as exc:
        raise APIResponseValidationError(
            response, _json_or_text(content), message=str(exc)
        ) from exc
    except ValueError as exc:
        raise APIResponseValidationError(
            response,
            content.decode("utf-8", "replace"),
            message=f"The response body is not valid JSON: {exc}",
        ) from exc
    set_context = getattr(result, "_set_page_context", None)
    if set_context is not None:
        set_context(client, options, cast_to)
    return result


class _HTTPFacts:
    """The parts of a response that describe the HTTP exchange."""

    http_response: httpx.Response
    retries_taken: int

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def http_request(self) -> httpx.Request:
        return self.http_response.request

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_request.method

    @property
    def http_version(self) -> str:
        return self.http_response.http_version

    @property
    def elapsed(self) -> datetime.timedelta:
        return self.http_response.elapsed

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    @property
    def request_id(self) -> str | None:
        value: str | None = self.http_response.headers.get("x-request-id")
        return value

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code} {self.http_response.reason_phrase}] type={self._cast_to}>"

    _cast_to: Any


class _ParseCore(_HTTPFacts, Generic[_R]):
    def __init__(
        self,
        *,
        client: BaseClient,
        http_response: httpx.Response,
        cast_to: Any,
        options: FinalRequestOptions,
        stream: bool,
        stream_cls: Any,
        retries_taken: int,
    ) -> None:
        self.http_response = http_response
        self.retries_taken = retries_taken
        self._client = client
        self._cast_to = cast_to
        self._options = options
        self._stream = stream
        self._stream_cls = stream_cls
        self._parsed: dict[Any, Any] = {}

    def _parse(self, to: Any) -> Any:
        key = to if to is not None else self._cast_to
        if key not in self._parsed:
            self._parsed[key] = parse_response(
                self._client,
                self.http_response,
                cast_to=key,
                options=self._options,
                stream=self._stream and to is None,
                stream_cls=self._stream_cls,
            )
        return self._parsed[key]


class APIResponse(_ParseCore[_R]):
    """The raw response of a call (``with_raw_response``); its body has been read.

    ``parsed`` (or ``parse()``) is what the call normally returns; ``parse(to=X)``
    parses the body as another type. A status error was raised as usual.
    """

    @property
    def parsed(self) -> _R:
        return cast(_R, self._parse(None))

    def parse(self, *, to: type[Any] | None = None) -> Any:
        return self._parse(to)

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def json(self) -> Any:
        return json.loads(self.http_response.content)

    def read(self) -> bytes:
        return self.http_response.read()

    def close(self) -> None:
        self.http_response.close()


class StreamedAPIResponse(_ParseCore[_R]):
    """A response whose body is read only as you ask (``with_streaming_response``).

    Use it directly or as a context manager (which closes it on exit).
    """

    def parse(self, *, to: type[Any] | None = None) -> Any:
        if not self._stream or to is not None:
            self.http_response.read()
        return self._parse(to)

    def read(self) -> bytes:
        return self.http_response.read()

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        return json.loads(self.read())

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to ``file`` as it arrives, never holding all of it."""
        with open(file, mode="wb") as f:
            for data in self.http_response.iter_bytes(chunk_size):
                f.write(data)

    def close(self) -> None:
        self.http_response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStreamedAPIResponse(_ParseCore[_R]):
    """The async twin of :class:`StreamedAPIResponse`; reading methods are awaited."""

    async def parse(self, *, to: type[Any] | None = None) -> Any:
        if not self._stream or to is not None:
            await self.http_response.aread()
        return self._parse(to)

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> Any:
        return json.loads(await self.read())

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        async for chunk in self.http_response.aiter_bytes(chunk_size):
            yield chunk

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        async for chunk in self.http_response.aiter_text(chunk_size):
            yield chunk

    async def iter_lines(self) -> AsyncIterator[str]:
        async for line in self.http_response.aiter_lines():
            yield line

    async def stream_to_file(
        self, file: str | os.PathLike[str], *, chunk_size: int | None = None
    ) -> None:
        """Write the body to ``file`` as it arrives, never holding all of it."""
        with open(file, mode="wb") as f:
            async for data in self.http_response.aiter_bytes(chunk_size):
                f.write(data)

    async def close(self) -> None:
        await self.http_response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


class AsyncResponseContextManager(Generic[_R]):
    """What an async ``with_streaming_response`` call returns: await it or ``async with`` it."""

    def __init__(self, call: Awaitable[AsyncStreamedAPIResponse[_R]]) -> None:
        self._call = call
        self._response: AsyncStreamedAPIResponse[_R] | None = None

    def __await__(self) -> Generator[Any, None, AsyncStreamedAPIResponse[_R]]:
        return self._call.__await__()

    async def __aenter__(self) -> AsyncStreamedAPIResponse[_R]:
        self._response = await self._call
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()
