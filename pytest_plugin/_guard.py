"""The network guard: while openai-kit's fixtures are active no request leaves the machine.

The default transports of both HTTP stacks (``httpx.HTTPTransport`` /
``httpx.AsyncHTTPTransport``, used by openai 2.x and every ``httpx.Client``
unless told otherwise, and ``httpx2``'s classes of the same names, used by
openai 3.x, when httpx2 is installed) are patched for one test. Before any
name lookup or connection, each request's host is checked:

- the in-process mock's host is answered by the test's mock server, in process;
- loopback hosts (``127.0.0.0/8``, ``::1``, ``localhost``) pass through;
- hosts allowed for recording a cassette pass through;
- anything else fails the test, naming the request (without its query string,
  which may carry a key).

:func:`block_session` (``--openai-block-network``) keeps the same patches for
the whole session: outside the fixtures only loopback hosts pass.

Imported lazily by the plugin's fixtures (it imports httpx, and httpx2 where installed).
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import ipaddress
import sys
from collections.abc import Callable
from types import FrameType, ModuleType
from typing import Any, NoReturn

import httpx
import pytest

__all__ = ["NetworkGuard", "Transports", "block_session", "is_loopback", "stack_modules"]

_SESSION_HELP = (
    "--openai-block-network (or the openai_block_network ini) allows only loopback hosts in this "
    "session. Use openai-kit's fixtures (openai_client, openai_mock, ...), record the traffic once "
    "with @pytest.mark.openai_cassette, or run without the option to reach the network."
)
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
        "httpx2",
        "httpcore2",
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


def _describe(request: Any) -> str:
    url = request.url
    return f"{request.method} {url.copy_with(query=None, fragment=None)}"


@functools.cache
def stack_modules() -> tuple[ModuleType, ...]:
    """The HTTP stacks to guard: httpx, and httpx2 when it is installed (imported here)."""
    modules = [httpx]
    if importlib.util.find_spec("httpx2") is not None:
        modules.append(importlib.import_module("httpx2"))
    return tuple(modules)


#: A stack's ``(sync transport, async transport)`` answering a routed host.
Transports = tuple[Any, Any]


class _Route:
    """The transports answering one host, made per stack on first use."""

    def __init__(self, factory: Callable[[str], Transports]) -> None:
        self._factory = factory
        self._made: dict[str, Transports] = {}

    def transports(self, stack: str) -> Transports:
        made = self._made.get(stack)
        if made is None:
            made = self._made[stack] = self._factory(stack)
        return made

    def close(self) -> None:
        for transport, _ in self._made.values():
            transport.close()


def _fail_blocked(described: str, help_text: str) -> NoReturn:
    caller = _caller()
    where = f"\nsent from {caller}" if caller else ""
    # No traceback: its frames would show the request, query string (keys) included.
    pytest.fail(
        f"openai-kit blocked a request that would leave the machine: {described}{where}\n{help_text}",
        pytrace=False,
    )


class NetworkGuard:
    """Checks every request of the default transports during one test."""

    def __init__(self) -> None:
        self._allowed: set[str] = set()
        self._routes: dict[str, _Route] = {}
        #: The requests refused so far (``METHOD url`` without the query string).
        self.blocked: list[str] = []

    def allow(self, host: str) -> None:
        """Let requests to ``host`` through (the target a cassette records)."""
        self._allowed.add(host.lower())

    def route(self, host: str, factory: Callable[[str], Transports]) -> None:
        """Answer requests to ``host`` in process: ``factory(stack)`` gives the transports of
        the stack (``"httpx"`` or ``"httpx2"``), asked once per stack on its first request."""
        self._routes[host.lower()] = _Route(factory)

    def close(self) -> None:
        """Close the routed sync transports (the async ones hold nothing)."""
        routes, self._routes = self._routes, {}
        for route in routes.values():
            route.close()

    def check(self, stack: str, request: Any) -> Transports | None:
        """The route for ``request``; None to let it through; fails the test otherwise."""
        host = request.url.host.lower()
        route = self._routes.get(host)
        if route is not None:
            return route.transports(stack)
        if is_loopback(host) or host in self._allowed:
            return None
        described = _describe(request)
        self.blocked.append(described)
        _fail_blocked(described, _HELP)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Guard the default transports with this guard until ``monkeypatch`` is undone."""
        monkeypatch.setattr(_STATE, "current", self)
        _patch(monkeypatch)


class _State:
    """Who decides about a request: the active test's guard, else the session's block."""

    current: NetworkGuard | None = None
    session_block = False
    patched = False


_STATE = _State()


def _dispatch(stack: str, request: Any) -> Transports | None:
    guard = _STATE.current
    if guard is not None:
        return guard.check(stack, request)
    if _STATE.session_block and not is_loopback(request.url.host):
        _fail_blocked(_describe(request), _SESSION_HELP)
    return None


def _patch_stack(module: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    stack = module.__name__
    send = module.HTTPTransport.handle_request
    asend = module.AsyncHTTPTransport.handle_async_request

    def handle_request(transport: Any, request: Any) -> Any:
        route = _dispatch(stack, request)
        if route is not None:
            return route[0].handle_request(request)
        return send(transport, request)

    async def handle_async_request(transport: Any, request: Any) -> Any:
        route = _dispatch(stack, request)
        if route is not None:
            return await route[1].handle_async_request(request)
        return await asend(transport, request)

    monkeypatch.setattr(module.HTTPTransport, "handle_request", handle_request)
    monkeypatch.setattr(module.AsyncHTTPTransport, "handle_async_request", handle_async_request)


def _patch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Patch the default transports of every stack, unless that is done already."""
    if _STATE.patched:
        return
    for module in stack_modules():
        _patch_stack(module, monkeypatch)
    monkeypatch.setattr(_STATE, "patched", True)


def block_session() -> Callable[[], None]:
    """Block non-loopback requests of both stacks outside the fixtures; returns the undo."""
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(_STATE, "session_block", True)
    _patch(monkeypatch)
    return monkeypatch.undo
