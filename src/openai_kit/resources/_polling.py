"""Waiting for a long-running object (a batch, a fine-tuning job, an eval run) to settle.

``poll`` retrieves the object until its ``status`` is one of the given stop
states. Between two retrievals it waits for as long as the server asked in its
``openai-poll-after-ms`` header (read anew on every answer), else for the
caller's ``poll_interval_ms``, else one second. Waits go through the client's
sleep hook (``SyncAPIClient._sleep`` / ``AsyncAPIClient._sleep``), so tests can
make them instant.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from typing import Any, Protocol, TypeVar

import httpx

from .._types import Omit

__all__ = [
    "DEFAULT_POLL_INTERVAL_MS",
    "poll",
    "poll_async",
    "poll_resource",
    "poll_resource_async",
    "poll_wait_seconds",
]

#: How long to wait between retrievals when neither the server nor the caller says.
DEFAULT_POLL_INTERVAL_MS = 1000

_T = TypeVar("_T")
_T_co = TypeVar("_T_co", covariant=True)


class _Raw(Protocol[_T_co]):
    """A raw response (``with_raw_response``): its headers and the parsed object."""

    @property
    def headers(self) -> httpx.Headers: ...

    @property
    def parsed(self) -> _T_co: ...


def poll_wait_seconds(headers: httpx.Headers, poll_interval_ms: int | Omit) -> float:
    """Seconds to wait before the next retrieval: the caller's interval, else the server's."""
    if not isinstance(poll_interval_ms, Omit):
        return poll_interval_ms / 1000
    asked = headers.get("openai-poll-after-ms")
    if asked is not None:
        try:
            return max(0, int(asked)) / 1000
        except ValueError:
            pass
    return DEFAULT_POLL_INTERVAL_MS / 1000


def _settled(result: Any, stop: Collection[str]) -> bool:
    return getattr(result, "status", None) in stop


def poll(
    retrieve: Callable[[], _Raw[_T]],
    *,
    stop: Collection[str],
    poll_interval_ms: int | Omit,
    sleep: Callable[[float], object],
) -> _T:
    """Call ``retrieve`` (a raw-response call) until the object's status is in ``stop``."""
    while True:
        response = retrieve()
        result = response.parsed
        if _settled(result, stop):
            return result
        sleep(poll_wait_seconds(response.headers, poll_interval_ms))


async def poll_async(
    retrieve: Callable[[], Awaitable[_Raw[_T]]],
    *,
    stop: Collection[str],
    poll_interval_ms: int | Omit,
    sleep: Callable[[float], Awaitable[object]],
) -> _T:
    """As :func:`poll`, awaiting the retrieval and the waits."""
    while True:
        response = await retrieve()
        result = response.parsed
        if _settled(result, stop):
            return result
        await sleep(poll_wait_seconds(response.headers, poll_interval_ms))


def poll_resource(
    resource: Any,
    retrieve: Callable[[Any], _Raw[_T]],
    *,
    stop: Collection[str],
    poll_interval_ms: int | Omit,
) -> _T:
    """:func:`poll` with ``retrieve(raw_resource)``, sleeping through the resource's client."""
    raw = resource._in_mode("raw")
    sleep = type(resource._client)._sleep
    return poll(lambda: retrieve(raw), stop=stop, poll_interval_ms=poll_interval_ms, sleep=sleep)


async def poll_resource_async(
    resource: Any,
    retrieve: Callable[[Any], Awaitable[_Raw[_T]]],
    *,
    stop: Collection[str],
    poll_interval_ms: int | Omit,
) -> _T:
    """:func:`poll_async` with ``retrieve(raw_resource)`` (an async resource)."""
    raw = resource._in_mode("raw")
    sleep = type(resource._client)._sleep
    return await poll_async(
        lambda: retrieve(raw), stop=stop, poll_interval_ms=poll_interval_ms, sleep=sleep
    )
