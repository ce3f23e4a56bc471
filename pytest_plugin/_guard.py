"""The network guard: while openai-kit's fixtures are active no request leaves the machine.

httpx's default transports (``httpx.HTTPTransport`` and
``httpx.AsyncHTTPTransport``, which every ``httpx.Client`` uses unless told
otherwise, the official ``openai`` package's clients included) are patched
for one test. Before any name lookup or connection, each request's host is
checked:

- the in-process mock's host is answered by the test's mock server, in process;
- loopback hosts (``127.0.0.0/8``, ``::1``, ``localhost``) pass through;
- hosts allowed for recording a cassette pass through;
- anything else fails the test, naming the request (without its query string,
  which may carry a key).

Imported lazily by the plugin's fixtures (it imports httpx).
"""

from __future__ import annotations

import ipaddress
import sys
from collections.abc import Callable
from types import FrameType

import httpx
import pytest

__all__ = ["NetworkGuard", "is_loopback"]

_HELP = (
    "openai-kit's fixtures allow only loopback hosts and the in-process mock. Use the "
    "openai_client fixtures (or openai_mock.client()), point the client at openai_mock_url, "
    "or record the traffic once with @pytest.mark.openai_cassette and --openai-record-mode=once."
)


def is_loopback(host: str) -> bool:
    """True for hosts that cannot leave the machine: loopback addresses and ``localhost``."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


# Modules between the code that made a request and the transport.
_PLUMBING = frozenset(
    {
        "httpx",
        "httpcore",
        "openai",
        "openai_kit",
        "anyio",
        "sniffio",
        "asyncio",
        "concurrent",
        "threading",
        "contextlib",
        "functools",
    }
)


def _caller() -> str | None:
    """``file:line in function`` of the innermost frame outside the HTTP plumbing."""
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        module = str(frame.f_globals.get("__name__", ""))
        if module.split(".")[0] not in _PLUMBING:
            code = frame.f_code
            return f"{code.co_filename}:{frame.f_lineno} in {code.co_name}"
        frame = frame.f_back
    return None


def _describe(request: httpx.Request) -> str:
    url = request.url
    return f"{request.method} {url.copy_with(query=None, fragment=None)}"


class NetworkGuard:
    """Checks every request of httpx's default transports during one test."""

    def __init__(self) -> None:
        self._allowed: set[str] = set()
        self._routes: dict[str, tuple[httpx.BaseTransport, httpx.AsyncBaseTransport]] = {}
        #: The requests refused so far (``METHOD url`` without the query string).
        self.blocked: list[str] = []

    def allow(self, host: str) -> None:
        """Let requests to ``host`` through (the target a cassette records)."""
        self._allowed.add(host.lower())

    def route(
        self, host: str, transport: httpx.BaseTransport, async_transport: httpx.AsyncBaseTransport
    ) -> None:
        """Answer requests to ``host`` with these transports instead of the network."""
        self._routes[host.lower()] = (transport, async_transport)

    def close(self) -> None:
        """Close the routed sync transports (the async ones hold nothing)."""
        routes, self._routes = self._routes, {}
        for transport, _ in routes.values():
            transport.close()

    def _check(
        self, request: httpx.Request
    ) -> tuple[httpx.BaseTransport, httpx.AsyncBaseTransport] | None:
        """The route for ``request``; None to let it through; fails the test otherwise."""
        host = request.url.host.lower()
        route = self._routes.get(host)
        if route is not None:
            return route
        if is_loopback(host) or host in self._allowed:
            return None
        described = _describe(request)
        self.blocked.append(described)
        caller = _caller()
        where = f"\nsent from {caller}" if caller else ""
        # No traceback: its frames would show the request, query string (keys) included.
        pytest.fail(
            f"openai-kit blocked a request that would leave the machine: {described}{where}\n{_HELP}",
            pytrace=False,
        )

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Patch httpx's default transports until ``monkeypatch`` is undone."""
        send = httpx.HTTPTransport.handle_request
        asend = httpx.AsyncHTTPTransport.handle_async_request
        check: Callable[
            [httpx.Request], tuple[httpx.BaseTransport, httpx.AsyncBaseTransport] | None
        ] = self._check

        def handle_request(
            transport: httpx.HTTPTransport, request: httpx.Request
        ) -> httpx.Response:
            route = check(request)
            if route is not None:
                return route[0].handle_request(request)
            return send(transport, request)

        async def handle_async_request(
            transport: httpx.AsyncHTTPTransport, request: httpx.Request
        ) -> httpx.Response:
            route = check(request)
            if route is not None:
                return await route[1].handle_async_request(request)
            return await asend(transport, request)

        monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle_request)
        monkeypatch.setattr(httpx.AsyncHTTPTransport, "handle_async_request", handle_async_request)
