"""Where a webhook goes: an HTTP URL, a Python callable, or an ASGI app (no socket).

Every kind answers one delivery with a status code; an exception (a refused
connection, a callable that raised) is a failed attempt too.

- a URL gets a POST (httpx, loopback in tests);
- a callable is called as ``target(body: bytes, headers: dict[str, str])``;
  it returns a status code, or None for 200;
- an ASGI app (an ``async`` callable of ``(scope, receive, send)``) gets the
  POST in process, through the mock's own httpx transport.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from openai_kit.mockserver._transport import MockTransport

__all__ = ["Poster", "Target", "describe", "is_asgi"]

Target = str | Callable[..., Any]
_TIMEOUT = 10.0
_ASGI_URL = "http://webhook-receiver.invalid/"


def is_asgi(target: object) -> bool:
    if inspect.iscoroutinefunction(target):
        return True
    call = getattr(type(target), "__call__", None)  # noqa: B004 (an ASGI app is async)
    return call is not None and inspect.iscoroutinefunction(call)


def describe(target: Target) -> str:
    """What the deliveries list shows for ``target`` (a URL, or the callable's name)."""
    if isinstance(target, str):
        return target
    name = getattr(target, "__qualname__", None) or type(target).__qualname__
    return f"{'asgi' if is_asgi(target) else 'python'}:{name}"


class Poster:
    """Sends deliveries, keeping one httpx client per kind of target until closed."""

    def __init__(self) -> None:
        self._http: httpx.Client | None = None
        self._apps: dict[int, httpx.Client] = {}

    def post(self, target: Target, body: bytes, headers: Mapping[str, str]) -> int:
        """The status code ``target`` answered ``body`` with."""
        if isinstance(target, str):
            if self._http is None:
                self._http = httpx.Client(timeout=_TIMEOUT)
            return self._http.post(target, content=body, headers=dict(headers)).status_code
        if is_asgi(target):
            client = self._apps.get(id(target))
            if client is None:
                client = httpx.Client(transport=MockTransport(target), timeout=_TIMEOUT)
                self._apps[id(target)] = client
            return client.post(_ASGI_URL, content=body, headers=dict(headers)).status_code
        answer = target(body, dict(headers))
        return 200 if answer is None else int(answer)

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None
        for client in self._apps.values():
            client.close()
        self._apps.clear()
