"""Realtime sessions the ``websockets`` package opens, in cassettes: the official package's.

The official ``openai`` package opens its Realtime sockets itself, with the
``websockets`` package: 2.x calls ``websockets.sync.client.connect`` and
``websockets.asyncio.client.connect``, 3.x ``_connect_sync`` and
``_WebSocketConnect`` of ``openai.lib._websocket`` (and Azure's
``_AzureWebSocketConnect``), each looked up when a connection opens. While a
cassette is active, :func:`intercept` puts functions in those names' place
that take a connection whose URL path is a Realtime path (``/v1/realtime``,
``/openai/realtime``, ``/openai/v1/realtime``) and hand any other to the
original untouched.

A taken session goes to the core openai-kit's own sessions use
(``_realtime_cassette``): replayed with no socket when the cassette holds it,
else, when the record mode records, opened by the original connect with the
caller's own arguments and recorded frame by frame. The caller gets the
surface of a ``websockets`` client connection (``send``, ``recv(timeout,
decode)``, ``close``, iteration, ``with``); the end of a replayed session
raises ``websockets``' ``ConnectionClosedOK`` / ``ConnectionClosedError``
and a replayed refusal ``InvalidStatus``, as a real connection would.

The official package's 3.x module subclasses or keeps the originals when it
is imported, so it is imported (when installed) before anything is replaced.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import AsyncIterator, Callable, Generator, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest

from openai_kit.mockserver._wsclient import WebSocketClosed as ReplayClosed
from openai_kit.mockserver._wsclient import WebSocketRefused as RecordedRefusal
from openai_kit.pytest_plugin._realtime_cassette import (
    ORIGINAL,
    AsyncRecordingSocket,
    AsyncReplaySocket,
    SyncRecordingSocket,
    SyncReplaySocket,
    connect_async,
    connect_sync,
)

if TYPE_CHECKING:
    from websockets.exceptions import ConnectionClosed, InvalidStatus

    from openai_kit.pytest_plugin._cassette import Cassette

__all__ = ["REALTIME_PATHS", "AsyncConnection", "SyncConnection", "intercept", "is_realtime"]

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


def _closed(exc: ReplayClosed) -> ConnectionClosed:
    from websockets.exceptions import ConnectionClosedError, ConnectionClosedOK
    from websockets.frames import Close

    if exc.code == _DROPPED:  # no close frame either way
        return ConnectionClosedError(None, None)
    frame = Close(exc.code, exc.reason)
    kind = ConnectionClosedOK if exc.code in _NORMAL_CLOSE else ConnectionClosedError
    return kind(frame, frame)


def _refused(exc: RecordedRefusal) -> InvalidStatus:
    from websockets.datastructures import Headers
    from websockets.exceptions import InvalidStatus
    from websockets.http11 import Response

    reason = httpx.codes.get_reason_phrase(exc.status)
    return InvalidStatus(Response(exc.status, reason, Headers(exc.headers), exc.body))


@contextmanager
def _as_websockets() -> Iterator[None]:
    """The replay's end of a session, or its refusal, raised as ``websockets`` raises them."""
    try:
        yield
    except ReplayClosed as exc:
        raise _closed(exc) from None
    except RecordedRefusal as exc:
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

    def __init__(self, socket: SyncReplaySocket | SyncRecordingSocket) -> None:
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

    def __init__(self, socket: AsyncReplaySocket | AsyncRecordingSocket) -> None:
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
# The replacements
# --------------------------------------------------------------------------------------------


class _Original:
    """The real connect with the caller's own arguments: what a recording opens its socket with."""

    def __init__(self, connect: Callable[..., Any], args: tuple[Any, ...], options: dict[str, Any]):
        self._connect = connect
        self._args = args
        self._options = options

    def connect_websocket(self, url: str, headers: Mapping[str, str], timeout: float | None) -> Any:
        return self._connect(url, *self._args, **self._options)


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
    """What the async connect returns for a Realtime URL: awaited, or entered with ``async with``."""

    def __init__(
        self, cassette: Cassette, real: _Original, url: str, headers: Mapping[str, str]
    ) -> None:
        self._session = (cassette, real, url, headers)
        self._connection: AsyncConnection | None = None

    async def _open(self) -> AsyncConnection:
        with _as_websockets():
            socket = await connect_async(*self._session, None)
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
    cassette: Cassette, original: Callable[..., Any], *, is_async: bool
) -> Callable[..., Any]:
    """A connect that takes Realtime URLs into ``cassette`` and hands the rest to ``original``."""

    def connect(uri: str, *args: Any, **options: Any) -> Any:
        if not is_realtime(uri):
            return original(uri, *args, **options)
        real = _Original(original, args, options)
        headers = _handshake_headers(options)
        if is_async:
            return _Opening(cassette, real, str(uri), headers)
        with _as_websockets():
            return SyncConnection(connect_sync(cassette, real, str(uri), headers, None))

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


def intercept(cassette: Cassette) -> Callable[[], None]:
    """Take the Realtime sessions the ``websockets`` package opens into ``cassette``.

    Returns the function that puts every replaced name back; nothing is replaced
    when ``websockets`` is not installed.
    """
    patch = pytest.MonkeyPatch()
    modules = _modules()
    for name, attribute, is_async in _SEAMS:
        module = modules.get(name)
        original = getattr(module, attribute, None)
        if module is None or original is None:
            continue
        patch.setattr(module, attribute, _replacement(cassette, original, is_async=is_async))
    return patch.undo
