"""Realtime sessions the ``websockets`` package opens: the official package's, taken in process.

The official ``openai`` package opens its Realtime sockets itself, with the
``websockets`` package: 2.x calls ``websockets.sync.client.connect`` and
``websockets.asyncio.client.connect``, 3.x ``_connect_sync`` and
``_WebSocketConnect`` of ``openai.lib._websocket`` (and Azure's
``_AzureWebSocketConnect``), each looked up when a connection opens. Two
layers put functions in those names' place; each takes the connections whose
URL path is a Realtime path (``/v1/realtime``, ``/openai/realtime``,
``/openai/v1/realtime``) and hands any other to the function it replaced:

- :func:`intercept_in_process`, while a test's mock is active: a Realtime URL
  whose host is the in-process mock's (``IN_PROCESS_URL``) is served by that
  mock in process, no socket (its transports' ``connect_websocket``);
- :func:`intercept`, while a cassette is active, on top: every Realtime URL
  goes to the core openai-kit's own sessions use (``_realtime_cassette``),
  replayed with no socket when the cassette holds it, else, when the record
  mode records, opened by the function it replaced with the caller's own
  arguments (so the in-process mock, below it, serves its host) and recorded
  frame by frame.

The caller gets the surface of a ``websockets`` client connection (``send``,
``recv(timeout, decode)``, ``close``, iteration, ``with``); the end of a
session raises ``websockets``' ``ConnectionClosedOK`` / ``ConnectionClosedError``
and a refused handshake ``InvalidStatus``, as a real connection would.

The official package's 3.x module subclasses or keeps the originals when it
is imported, so it is imported (when installed) before anything is replaced.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

import httpx
import pytest

from openai_kit.mockserver._server import IN_PROCESS_URL
from openai_kit.mockserver._wsclient import WebSocketClosed, WebSocketRefused

if TYPE_CHECKING:
    from websockets.exceptions import ConnectionClosed, InvalidStatus

    from openai_kit.mockserver import MockServer
    from openai_kit.pytest_plugin._cassette import Cassette

__all__ = [
    "ORIGINAL",
    "REALTIME_PATHS",
    "AsyncConnection",
    "SyncConnection",
    "intercept",
    "intercept_in_process",
    "is_realtime",
]

REALTIME_PATHS = ("/v1/realtime", "/openai/realtime", "/openai/v1/realtime")

# (module, name, async): where the official package finds its connect functions.
_SEAMS = (
    ("websockets.sync.client", "connect", False),
    ("websockets.asyncio.client", "connect", True),
    ("openai.lib._websocket", "_connect_sync", False),
    ("openai.lib._websocket", "_WebSocketConnect", True),
    ("openai.lib._azure_websocket", "_AzureWebSocketConnect", True),
)
_NORMAL_CLOSE = (1000, 1001)
_DROPPED = 1006
_OPEN_TIMEOUT = 10.0  # seconds, websockets' own default for the handshake
_IN_PROCESS_HOST = str(urlsplit(IN_PROCESS_URL).hostname)
# Set on each replacement: the function it replaced, with which a cassette's recording opens
# its real connection (``_realtime_cassette``).
ORIGINAL = "__openai_kit_original__"


def is_realtime(uri: object) -> bool:
    """Whether ``uri``'s path is a Realtime session's (any prefix before it, a trailing ``/``)."""
    try:
        path = urlsplit(str(uri)).path
    except ValueError:
        return False
    return path.rstrip("/").endswith(REALTIME_PATHS)


# --------------------------------------------------------------------------------------------
# What the caller holds: a websockets client connection's surface
# --------------------------------------------------------------------------------------------


class _SyncSocket(Protocol):
    """A taken session's carrier: the cassette's replay or recording, or the in-process mock."""

    def send(self, data: str | bytes) -> None: ...

    def recv(self, timeout: float | None = None) -> str | bytes: ...

    def close(self, code: int = 1000, reason: str = "") -> None: ...


class _AsyncSocket(Protocol):
    async def send(self, data: str | bytes) -> None: ...

    async def recv(self, timeout: float | None = None) -> str | bytes: ...

    async def close(self, code: int = 1000, reason: str = "") -> None: ...


def _closed(exc: WebSocketClosed) -> ConnectionClosed:
    from websockets.exceptions import ConnectionClosedError, ConnectionClosedOK
    from websockets.frames import Close

    if exc.code == _DROPPED:  # no close frame either way
        return ConnectionClosedError(None, None)
    frame = Close(exc.code, exc.reason)
    kind = ConnectionClosedOK if exc.code in _NORMAL_CLOSE else ConnectionClosedError
    return kind(frame, frame)


def _refused(exc: WebSocketRefused) -> InvalidStatus:
    from websockets.datastructures import Headers
    from websockets.exceptions import InvalidStatus
    from websockets.http11 import Response

    reason = httpx.codes.get_reason_phrase(exc.status)
    return InvalidStatus(Response(exc.status, reason, Headers(exc.headers), exc.body))


@contextmanager
def _as_websockets() -> Iterator[None]:
    """A session's end, or its refusal, raised as ``websockets`` raises them."""
    try:
        yield
    except WebSocketClosed as exc:
        raise _closed(exc) from None
    except WebSocketRefused as exc:
        raise _refused(exc) from None


def _as_text(data: str | bytes, text: bool | None) -> str | bytes:
    """``data`` as str (``text`` True), as bytes (False) or as it is (None): what
    ``recv(decode=...)`` returns, and the frame ``send(text=...)`` makes (str: a text frame)."""
    if text is True and isinstance(data, bytes):
        return data.decode()
    if text is False and isinstance(data, str):
        return data.encode()
    return data


class SyncConnection:
    """A session as ``websockets.sync.client.connect`` returns one."""

    def __init__(self, socket: _SyncSocket) -> None:
        self._socket = socket

    def send(self, message: str | bytes, text: bool | None = None) -> None:
        with _as_websockets():
            self._socket.send(_as_text(message, text))

    def recv(self, timeout: float | None = None, decode: bool | None = None) -> str | bytes:
        with _as_websockets():
            return _as_text(self._socket.recv(timeout), decode)

    def close(self, code: int = 1000, reason: str = "") -> None:
        self._socket.close(code, reason)

    def __iter__(self) -> Iterator[str | bytes]:
        from websockets.exceptions import ConnectionClosedOK

        try:
            while True:
                yield self.recv()
        except ConnectionClosedOK:
            return

    def __enter__(self) -> SyncConnection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncConnection:
    """A session as ``await websockets.asyncio.client.connect(...)`` returns one."""

    def __init__(self, socket: _AsyncSocket) -> None:
        self._socket = socket

    async def send(self, message: str | bytes, text: bool | None = None) -> None:
        with _as_websockets():
            await self._socket.send(_as_text(message, text))

    async def recv(self, decode: bool | None = None) -> str | bytes:
        with _as_websockets():
            return _as_text(await self._socket.recv(), decode)

    async def close(self, code: int = 1000, reason: str = "") -> None:
        await self._socket.close(code, reason)

    async def __aiter__(self) -> AsyncIterator[str | bytes]:
        from websockets.exceptions import ConnectionClosedOK

        try:
            while True:
                yield await self.recv()
        except ConnectionClosedOK:
            return

    async def __aenter__(self) -> AsyncConnection:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


# --------------------------------------------------------------------------------------------
# Who takes a session: the cassette, or the in-process mock
# --------------------------------------------------------------------------------------------


class _Original:
    """The real connect with the caller's own arguments: what a recording opens its socket with."""

    def __init__(self, connect: Callable[..., Any], args: tuple[Any, ...], options: dict[str, Any]):
        self._connect = connect
        self._args = args
        self._options = options

    def connect_websocket(self, url: str, headers: Mapping[str, str], timeout: float | None) -> Any:
        return self._connect(url, *self._args, **self._options)


class _Taker(Protocol):
    def takes(self, uri: str) -> bool: ...

    def open_sync(self, real: _Original, uri: str, headers: Mapping[str, str]) -> _SyncSocket: ...

    async def open_async(
        self, real: _Original, uri: str, headers: Mapping[str, str]
    ) -> _AsyncSocket: ...


class _IntoCassette:
    """Every Realtime session into a cassette: replayed, or recorded through ``real``."""

    def __init__(self, cassette: Cassette) -> None:
        self._cassette = cassette

    def takes(self, uri: str) -> bool:
        return is_realtime(uri)

    def open_sync(self, real: _Original, uri: str, headers: Mapping[str, str]) -> _SyncSocket:
        from openai_kit.pytest_plugin._realtime_cassette import connect_sync

        return connect_sync(self._cassette, real, uri, headers, None)

    async def open_async(
        self, real: _Original, uri: str, headers: Mapping[str, str]
    ) -> _AsyncSocket:
        from openai_kit.pytest_plugin._realtime_cassette import connect_async

        return await connect_async(self._cassette, real, uri, headers, None)


class _OwnLoopSession:
    """A sync in-process session on a loop thread of its own, which ends when the session does
    (nothing has to outlive the test: a session the client closes leaves no thread behind)."""

    def __init__(self, mock: MockServer, uri: str, headers: Mapping[str, str]) -> None:
        self._transport = mock.transport()
        try:
            self._socket = self._transport.connect_websocket(uri, headers, _OPEN_TIMEOUT)
        except BaseException:
            self._transport.close()
            raise

    def send(self, data: str | bytes) -> None:
        self._socket.send(data)

    def recv(self, timeout: float | None = None) -> str | bytes:
        return self._socket.recv(timeout)

    def close(self, code: int = 1000, reason: str = "") -> None:
        try:
            self._socket.close(code, reason)
        finally:
            self._transport.close()


class _IntoMock:
    """The Realtime sessions addressed to the in-process host, served by ``mock`` in process."""

    def __init__(self, mock: MockServer) -> None:
        self._mock = mock

    def takes(self, uri: str) -> bool:
        try:
            host = urlsplit(uri).hostname
        except ValueError:
            return False
        return host == _IN_PROCESS_HOST and is_realtime(uri)

    def open_sync(self, real: _Original, uri: str, headers: Mapping[str, str]) -> _SyncSocket:
        return _OwnLoopSession(self._mock, uri, headers)

    async def open_async(
        self, real: _Original, uri: str, headers: Mapping[str, str]
    ) -> _AsyncSocket:
        transport = self._mock.async_transport()  # the app runs on the caller's loop
        return await transport.connect_websocket(uri, headers, _OPEN_TIMEOUT)


# --------------------------------------------------------------------------------------------
# The replacements
# --------------------------------------------------------------------------------------------


def _handshake_headers(options: Mapping[str, Any]) -> dict[str, str]:
    """The headers the caller's arguments put on the handshake (its user agent, its extras)."""
    headers: dict[str, str] = {}
    agent = options.get("user_agent_header")
    if agent:
        headers["User-Agent"] = str(agent)
    extra: Any = options.get("additional_headers") or ()
    if hasattr(extra, "raw_items"):  # websockets' Headers
        extra = extra.raw_items()
    elif isinstance(extra, Mapping):
        extra = extra.items()
    for name, value in extra:
        headers[str(name)] = str(value)
    return headers


class _Opening:
    """What the async connect returns for a taken URL: awaited, or entered with ``async with``."""

    def __init__(self, open_socket: Callable[[], Awaitable[_AsyncSocket]]) -> None:
        self._open_socket = open_socket
        self._connection: AsyncConnection | None = None

    async def _open(self) -> AsyncConnection:
        with _as_websockets():
            socket = await self._open_socket()
        return AsyncConnection(socket)

    def __await__(self) -> Generator[Any, None, AsyncConnection]:
        return self._open().__await__()

    async def __aenter__(self) -> AsyncConnection:
        self._connection = await self
        return self._connection

    async def __aexit__(self, *exc_info: object) -> None:
        if self._connection is not None:
            await self._connection.close()


def _replacement(
    taker: _Taker, original: Callable[..., Any], *, is_async: bool
) -> Callable[..., Any]:
    """A connect that gives ``taker`` the URLs it takes and hands the rest to ``original``."""

    def connect(uri: str, *args: Any, **options: Any) -> Any:
        if not taker.takes(str(uri)):
            return original(uri, *args, **options)
        real = _Original(original, args, options)
        headers = _handshake_headers(options)
        if is_async:
            return _Opening(functools.partial(taker.open_async, real, str(uri), headers))
        with _as_websockets():
            return SyncConnection(taker.open_sync(real, str(uri), headers))

    setattr(connect, ORIGINAL, original)
    return connect


def _official_module_exists(name: str) -> bool:
    """Whether the installed official package has module ``name``, found without importing it."""
    spec = importlib.util.find_spec("openai")
    if spec is None or not spec.submodule_search_locations:
        return False
    relative = Path(*name.split(".")[1:]).with_suffix(".py")
    return any((Path(root) / relative).is_file() for root in spec.submodule_search_locations)


@functools.cache
def _modules() -> dict[str, ModuleType]:
    """The modules holding a connect to replace, all imported before any is replaced
    (looked for once per process: what is installed does not change under a test run)."""
    found: dict[str, ModuleType] = {}
    for name in dict.fromkeys(module for module, _name, _async in _SEAMS):
        if name.startswith("openai.") and not _official_module_exists(name):
            continue  # openai 2.x, or no official package: nothing of it to import
        try:
            found[name] = importlib.import_module(name)
        except ImportError:  # no websockets package: nothing opens a socket with it
            continue
    return found


def _install(taker: _Taker, patch: pytest.MonkeyPatch) -> None:
    """``taker``'s connects in every seam's place until ``patch`` is undone (none when
    ``websockets`` is not installed)."""
    modules = _modules()
    for name, attribute, is_async in _SEAMS:
        module = modules.get(name)
        original = getattr(module, attribute, None)
        if module is None or original is None:
            continue
        patch.setattr(module, attribute, _replacement(taker, original, is_async=is_async))


def intercept(cassette: Cassette) -> Callable[[], None]:
    """Take the Realtime sessions the ``websockets`` package opens into ``cassette``.

    Returns the function that puts every replaced name back.
    """
    patch = pytest.MonkeyPatch()
    _install(_IntoCassette(cassette), patch)
    return patch.undo


def intercept_in_process(mock: MockServer, patch: pytest.MonkeyPatch) -> None:
    """Serve the Realtime sessions the ``websockets`` package opens to the in-process host
    (``IN_PROCESS_URL``) by ``mock``, with no socket, until ``patch`` is undone; any other
    URL is left alone. A cassette's :func:`intercept` goes on top, and is undone first.
    """
    _install(_IntoMock(mock), patch)
