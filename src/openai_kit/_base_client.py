"""The request engine's shells: the core's steps performed blocking or awaiting.

:class:`BaseClient` (:mod:`._request_core`) holds every decision of a call and
yields the I/O it needs; :class:`SyncAPIClient` and :class:`AsyncAPIClient`
only perform those steps over an ``httpx.Client`` or ``httpx.AsyncClient``,
so the two cannot drift apart.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Awaitable, Callable, Generator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

import httpx

from ._options import FinalRequestOptions
from ._request_core import (
    CLOSE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    READ,
    SEND,
    SLEEP,
    BaseClient,
    ResponseMode,
    Step,
)
from ._types import NOT_GIVEN, Headers, Query

if TYPE_CHECKING:
    from typing import Self

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "BaseClient",
    "ResponseMode",
    "SyncAPIClient",
]

_T = TypeVar("_T")


class SyncAPIClient(BaseClient):
    """Performs the core's steps with blocking I/O over an ``httpx.Client``."""

    _is_async: ClassVar[bool] = False
    _httpx_type: ClassVar[type[Any]] = httpx.Client
    #: How the client waits between attempts; tests may replace it.
    _sleep: Callable[[float], None] = staticmethod(time.sleep)

    def _drive(
        self, steps: Generator[Step, Any, tuple[httpx.Response, int]]
    ) -> tuple[httpx.Response, int]:
        value: Any = None
        while True:
            try:
                kind, arg = steps.send(value)
            except StopIteration as stop:
                return cast("tuple[httpx.Response, int]", stop.value)
            value = None
            if kind == SEND:
                try:
                    value = self._client.send(arg, stream=True)
                except Exception as exc:
                    value = exc
            elif kind == READ:
                try:
                    arg.read()
                except Exception as exc:
                    arg.close()
                    value = exc
            elif kind == CLOSE:
                arg.close()
            elif kind == SLEEP:
                type(self)._sleep(arg)
            else:
                value = arg()

    def request(
        self,
        cast_to: type[Any],
        options: FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: type[Any] | None = None,
        mode: ResponseMode = "parsed",
    ) -> Any:
        read_body = not stream and mode != "streaming"
        response, retries_taken = self._drive(self._steps(options, read_body=read_body))
        return self._result(
            response,
            retries_taken,
            cast_to=cast_to,
            options=options,
            stream=stream,
            stream_cls=stream_cls,
            mode=mode,
        )

    def _generic(self, method: str, path: str, cast_to: type[_T], **kwargs: Any) -> _T:
        stream = kwargs.pop("stream", False)
        stream_cls = kwargs.pop("stream_cls", None)
        return cast(
            _T,
            self.request(
                cast_to,
                _generic_options(method, path, **kwargs),
                stream=stream,
                stream_cls=stream_cls,
            ),
        )

    def get(self, path: str, *, cast_to: type[_T], **kwargs: Any) -> _T:
        """GET ``path`` (relative to base_url) and parse the answer as ``cast_to``."""
        return self._generic("get", path, cast_to, **kwargs)

    def post(self, path: str, *, cast_to: type[_T], **kwargs: Any) -> _T:
        """POST to ``path``; ``body=`` is sent as JSON, ``files=`` as multipart."""
        return self._generic("post", path, cast_to, **kwargs)

    def patch(self, path: str, *, cast_to: type[_T], **kwargs: Any) -> _T:
        return self._generic("patch", path, cast_to, **kwargs)

    def put(self, path: str, *, cast_to: type[_T], **kwargs: Any) -> _T:
        return self._generic("put", path, cast_to, **kwargs)

    def delete(self, path: str, *, cast_to: type[_T], **kwargs: Any) -> _T:
        return self._generic("delete", path, cast_to, **kwargs)

    def is_closed(self) -> bool:
        return self._http_slot.created and bool(self._client.is_closed)

    def close(self) -> None:
        """Close the underlying httpx client (also one passed in as ``http_client``)."""
        if self._http_slot.created:
            self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(BaseClient):
    """Performs the core's steps with awaits over an ``httpx.AsyncClient``."""

    _is_async: ClassVar[bool] = True
    _httpx_type: ClassVar[type[Any]] = httpx.AsyncClient

    @staticmethod
    async def _sleep(seconds: float) -> None:
        """How the client waits between attempts; tests may replace it."""
        import anyio

        await anyio.sleep(seconds)

    async def _drive(
        self, steps: Generator[Step, Any, tuple[httpx.Response, int]]
    ) -> tuple[httpx.Response, int]:
        value: Any = None
        while True:
            try:
                kind, arg = steps.send(value)
            except StopIteration as stop:
                return cast("tuple[httpx.Response, int]", stop.value)
            value = None
            if kind == SEND:
                try:
                    value = await self._client.send(arg, stream=True)
                except Exception as exc:
                    value = exc
            elif kind == READ:
                try:
                    await arg.aread()
                except Exception as exc:
                    await arg.aclose()
                    value = exc
            elif kind == CLOSE:
                await arg.aclose()
            elif kind == SLEEP:
                await type(self)._sleep(arg)
            else:
                value = arg()
                if inspect.isawaitable(value):
                    value = await value

    async def request(
        self,
        cast_to: type[Any],
        options: FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: type[Any] | None = None,
        mode: ResponseMode = "parsed",
    ) -> Any:
        read_body = not stream and mode != "streaming"
        response, retries_taken = await self._drive(self._steps(options, read_body=read_body))
        return self._result(
            response,
            retries_taken,
            cast_to=cast_to,
            options=options,
            stream=stream,
            stream_cls=stream_cls,
            mode=mode,
        )

    async def _generic(self, method: str, path: str, cast_to: type[_T], **kwargs: Any) -> _T:
        stream = kwargs.pop("stream", False)
        stream_cls = kwargs.pop("stream_cls", None)
        result = await self.request(
            cast_to, _generic_options(method, path, **kwargs), stream=stream, stream_cls=stream_cls
        )
        return cast(_T, result)

    def get(self, path: str, *, cast_to: type[_T], **kwargs: Any) -> Awaitable[_T]:
        """GET ``path`` (relative to base_url) and parse the answer as ``cast_to``."""
        return self._generic("get", path, cast_to, **kwargs)

    def post(self, path: str, *, cast_to: type[_T], **kwargs: Any) -> Awaitable[_T]:
        """POST to ``path``; ``body=`` is sent as JSON, ``files=`` as multipart."""
        return self._generic("post", path, cast_to, **kwargs)

    def patch(self, path: str, *, cast_to: type[_T], **kwargs: Any) -> Awaitable[_T]:
        return self._generic("patch", path, cast_to, **kwargs)

    def put(self, path: str, *, cast_to: type[_T], **kwargs: Any) -> Awaitable[_T]:
        return self._generic("put", path, cast_to, **kwargs)

    def delete(self, path: str, *, cast_to: type[_T], **kwargs: Any) -> Awaitable[_T]:
        return self._generic("delete", path, cast_to, **kwargs)

    def is_closed(self) -> bool:
        return self._http_slot.created and bool(self._client.is_closed)

    async def close(self) -> None:
        """Close the underlying httpx client (also one passed in as ``http_client``)."""
        if self._http_slot.created:
            await self._client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


def _generic_options(
    method: str,
    path: str,
    *,
    body: object | None = None,
    files: list[tuple[str, Any]] | None = None,
    options: Mapping[str, Any] | None = None,
) -> FinalRequestOptions:
    opts = dict(options or {})
    headers: Headers = opts.pop("extra_headers", None) or {}
    query: Query = opts.pop("extra_query", None) or {}
    return FinalRequestOptions(
        method=method,
        url=path,
        params=query,
        headers=headers,
        json_data=body,
        files=files,
        extra_json=opts.pop("extra_body", None),
        timeout=opts.pop("timeout", NOT_GIVEN),
    )
