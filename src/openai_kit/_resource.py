"""Resource bases and the raw / streaming response views.

A resource holds its client and a *response mode*. ``with_raw_response``
and ``with_streaming_response`` are views: attribute access through a view
returns the same resource in another mode (sub-resources included), so one
method body serves all three modes and no resource needs wrapper classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ._options import FinalRequestOptions
from ._types import NOT_GIVEN, Body, Headers, NotGiven, Omit, Query, strip_not_given

if TYPE_CHECKING:
    from typing import Self

    import httpx

    from ._base_client import AsyncAPIClient, ResponseMode, SyncAPIClient

__all__ = ["AsyncAPIResource", "ClientModeView", "SyncAPIResource", "make_options"]

_T = TypeVar("_T")


def make_options(
    method: str,
    path: str,
    *,
    body: Mapping[str, object] | None = None,
    query: Mapping[str, object] | None = None,
    extra_headers: Headers | None = None,
    extra_query: Query | None = None,
    extra_body: Body | None = None,
    timeout: float | httpx.Timeout | NotGiven | None = NOT_GIVEN,
    files: list[tuple[str, Any]] | None = None,
    headers: Headers | None = None,
) -> FinalRequestOptions:
    """Options for one call: NOT_GIVEN/omit arguments dropped, per-call extras applied."""
    # None leaves a query parameter out, like NOT_GIVEN (`files.list(limit=None)`)
    params = {k: v for k, v in strip_not_given(query).items() if v is not None} if query else {}
    if extra_query:
        params.update(extra_query)
    json_data: object | None = None
    data: Mapping[str, object] | None = None
    if body is not None:
        payload = strip_not_given(body)
        if files is not None:
            data = payload
        else:
            json_data = payload
    merged_headers: dict[str, str | Omit] = dict(headers or {})
    if extra_headers:
        merged_headers.update(extra_headers)
    return FinalRequestOptions(
        method=method,
        url=path,
        params=params,
        headers=merged_headers,
        json_data=json_data,
        files=files,
        data=data,
        extra_json=cast("Mapping[str, object] | None", extra_body),
        timeout=timeout,
    )


class _ModeView:
    """Every resource reached through this view answers in ``mode``."""

    __slots__ = ("_mode", "_target")

    def __init__(self, target: _APIResource, mode: ResponseMode) -> None:
        self._target = target._in_mode(mode)
        self._mode = mode

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if isinstance(attr, _APIResource):
            return _ModeView(attr, self._mode)
        if self._mode == "streaming" and callable(attr) and self._target._client._is_async:
            from ._response import AsyncResponseContextManager

            def call(*args: Any, **kwargs: Any) -> Any:
                return AsyncResponseContextManager(attr(*args, **kwargs))

            return call
        return attr

    def __repr__(self) -> str:
        return f"<{self._mode} view of {type(self._target).__name__}>"


class _APIResource:
    _client: Any

    def __init__(self, client: Any, mode: ResponseMode = "parsed") -> None:
        self._client = client
        self._mode: ResponseMode = mode

    def _in_mode(self, mode: ResponseMode) -> Self:
        return self if mode == self._mode else type(self)(self._client, mode)

    @property
    def with_raw_response(self) -> Any:
        """This resource's methods, returning the raw response (``.parsed``, ``.headers`` ...)."""
        return _ModeView(self, "raw")

    @property
    def with_streaming_response(self) -> Any:
        """This resource's methods, returning a response whose body is read only as you ask."""
        return _ModeView(self, "streaming")


class SyncAPIResource(_APIResource):
    _client: SyncAPIClient

    def _call(
        self,
        cast_to: type[_T],
        options: FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: type[Any] | None = None,
    ) -> _T:
        return cast(
            _T,
            self._client.request(
                cast_to, options, stream=stream, stream_cls=stream_cls, mode=self._mode
            ),
        )


class AsyncAPIResource(_APIResource):
    _client: AsyncAPIClient

    async def _call(
        self,
        cast_to: type[_T],
        options: FinalRequestOptions,
        *,
        stream: bool = False,
        stream_cls: type[Any] | None = None,
    ) -> _T:
        result = await self._client.request(
            cast_to, options, stream=stream, stream_cls=stream_cls, mode=self._mode
        )
        return cast(_T, result)

    def _list(self, page_type: type[_T], options: FinalRequestOptions) -> Any:
        """An AsyncPaginator in the normal mode; in the raw/streaming views, the awaitable response."""
        if self._mode == "parsed":
            from ._pagination import AsyncPaginator

            return AsyncPaginator(self._client, options, page_type)  # type: ignore[type-var,unused-ignore]
        return self._call(page_type, options)


class ClientModeView:
    """``client.with_raw_response`` / ``client.with_streaming_response``: every resource in ``mode``."""

    __slots__ = ("_client", "_mode")

    def __init__(self, client: object, mode: ResponseMode) -> None:
        self._client = client
        self._mode = mode

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._client, name)
        if isinstance(attr, _APIResource):
            return _ModeView(attr, self._mode)
        raise AttributeError(f"{name!r} is not a resource of {type(self._client).__name__}")
