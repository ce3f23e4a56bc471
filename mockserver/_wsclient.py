"""In-process WebSocket connections: a client end that runs an ASGI app's ``websocket`` scope.

The mock's httpx transports (``_transport``) offer ``connect_websocket``, which
answers a WebSocket handshake with one of these instead of a socket, so a
Realtime session runs without a port (the SDK looks for that method on its
HTTP client's transport). The app runs as it would under uvicorn: it gets
``websocket.connect``, may accept, refuse with a status (the
``websocket.http.response`` extension) or close, and then exchanges
``websocket.receive`` / ``websocket.send`` messages with the client.

The client end is duck-typed like the ``websockets`` package's connections:
``send(text | bytes)``, ``recv(timeout=None)``, ``close(code, reason)``
(awaitables on :class:`AsyncInProcessWebSocket`). A refused handshake raises
:class:`WebSocketRefused` (status, headers, body); a closed connection raises
:class:`WebSocketClosed` (``code`` 1006 when the app dropped it without a close
frame, as a dropped socket would). The app may drop the connection through
``scope["extensions"][DROP_EXTENSION]`` like on the live server.
"""

from __future__ import annotations

import asyncio
import queue
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = [
    "AsyncInProcessWebSocket",
    "InProcessWebSocket",
    "WebSocketClosed",
    "WebSocketRefused",
    "websocket_scope",
]

from openai_kit.mockserver._transport import DROP_EXTENSION, Event, run_reporting

# Events: ("message", asgi message) | ("dropped", None) | ("done", None) | ("error", exception)
_ABNORMAL = 1006


class WebSocketRefused(ConnectionError):
    """The server answered the handshake with an HTTP response instead of accepting."""

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        super().__init__(f"server rejected WebSocket connection: HTTP {status}")
        self.status = status
        self.headers = headers
        self.body = body


class WebSocketClosed(ConnectionError):
    """The connection is closed (``code`` 1006: dropped without a close frame)."""

    def __init__(self, code: int, reason: str = "") -> None:
        super().__init__(f"WebSocket closed: {code} {reason}".rstrip())
        self.code = code
        self.reason = reason


def websocket_scope(url: str, headers: Mapping[str, str]) -> dict[str, Any]:
    """The ASGI scope of a WebSocket handshake for ``url`` with ``headers``."""
    parts = urlsplit(url)
    secure = parts.scheme in ("wss", "https")
    return {
        "type": "websocket",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "scheme": "wss" if secure else "ws",
        "path": unquote(parts.path) or "/",
        "raw_path": (parts.path or "/").encode("latin-1"),
        "root_path": "",
        "query_string": parts.query.encode("latin-1"),
        "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": (parts.hostname or "localhost", parts.port or (443 if secure else 80)),
        "subprotocols": [],
        "extensions": {"websocket.http.response": {}},
        "state": {},
    }


class _AppSide:
    """The app's end of one connection; lives on the loop that runs the app."""

    def __init__(self, app: Any, scope: dict[str, Any], put: Callable[[Event], None]) -> None:
        self._app = app
        self._scope = scope
        self._put = put
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.inbox.put_nowait({"type": "websocket.connect"})
        scope["extensions"][DROP_EXTENSION] = self.drop
        self._dropped = False

    def drop(self) -> None:
        if not self._dropped:
            self._dropped = True
            self._put(("dropped", None))
            self.inbox.put_nowait({"type": "websocket.disconnect", "code": _ABNORMAL})

    async def _receive(self) -> dict[str, Any]:
        return await self.inbox.get()

    async def _send(self, message: dict[str, Any]) -> None:
        if self._dropped:
            raise OSError("the connection was dropped")
        self._put(("message", message))

    async def run(self) -> None:
        await run_reporting(self._app, self._scope, self._receive, self._send, self._put)


class _ClientState:
    """What the client end has seen: the handshake, then frames until a close."""

    def __init__(self) -> None:
        self.closed: WebSocketClosed | None = None
        self._refusal: tuple[int, list[tuple[str, str]]] | None = None
        self._refusal_body: list[bytes] = []

    def handshake(self, event: Event) -> bool:
        """True once accepted; False while a refusal body is still coming; raises on refusal."""
        kind, message = event
        if kind == "message" and message["type"] == "websocket.accept":
            return True
        if kind == "message" and message["type"] == "websocket.http.response.start":
            headers = [
                (bytes(k).decode("latin-1"), bytes(v).decode("latin-1"))
                for k, v in message.get("headers", [])
            ]
            self._refusal = (int(message["status"]), headers)
            return False
        if (
            kind == "message"
            and message["type"] == "websocket.http.response.body"
            and self._refusal
        ):
            self._refusal_body.append(bytes(message.get("body", b"")))
            if message.get("more_body", False):
                return False
            status, headers = self._refusal
            raise WebSocketRefused(status, headers, b"".join(self._refusal_body))
        if kind == "message" and message["type"] == "websocket.close":
            raise WebSocketRefused(403, [], b"")
        if kind == "error":
            raise WebSocketRefused(500, [], b"Internal Server Error")
        raise WebSocketRefused(500, [], b"")

    def frame(self, event: Event) -> str | bytes:
        """The data of the next frame; raises :class:`WebSocketClosed` at the end."""
        kind, message = event
        if kind == "message" and message["type"] == "websocket.send":
            text = message.get("text")
            return text if text is not None else bytes(message.get("bytes") or b"")
        if kind == "message" and message["type"] == "websocket.close":
            self.closed = WebSocketClosed(
                int(message.get("code", 1000)), message.get("reason") or ""
            )
        else:
            self.closed = WebSocketClosed(1011 if kind == "error" else _ABNORMAL)
        raise self.closed

    def check_open(self) -> None:
        if self.closed is not None:
            raise self.closed


def _data_message(data: str | bytes) -> dict[str, Any]:
    if isinstance(data, str):
        return {"type": "websocket.receive", "text": data}
    return {"type": "websocket.receive", "bytes": bytes(data)}


class InProcessWebSocket:
    """The client end of an in-process WebSocket, for threads (the app runs on ``loop``)."""

    def __init__(
        self,
        app: Any,
        scope: dict[str, Any],
        loop: asyncio.AbstractEventLoop,
        timeout: float | None,
        owner: object = None,
    ) -> None:
        self._owner = owner  # what runs ``loop`` stays alive while the connection is used
        self._events: queue.Queue[Event] = queue.Queue()
        self._loop = loop
        self._state = _ClientState()
        self._side: _AppSide | None = None

        async def start() -> None:
            self._side = _AppSide(app, scope, self._events.put)
            await self._side.run()

        self._future = asyncio.run_coroutine_threadsafe(start(), loop)
        while not self._state.handshake(self._next(timeout, handshake=True)):
            pass

    def _next(self, timeout: float | None, *, handshake: bool = False) -> Event:
        """The next event; a timeout gives up the handshake, but leaves an open connection
        open (as ``websockets`` does: ``recv(timeout)`` may be tried again)."""
        try:
            return self._events.get(timeout=timeout)
        except queue.Empty:
            if handshake:
                self.close(_ABNORMAL)
            raise TimeoutError("timed out waiting for the server") from None

    def _deliver(self, message: dict[str, Any]) -> None:
        def put() -> None:
            if self._side is not None:
                self._side.inbox.put_nowait(message)

        if not self._loop.is_closed():
            self._loop.call_soon_threadsafe(put)

    def send(self, data: str | bytes) -> None:
        self._state.check_open()
        self._deliver(_data_message(data))

    def recv(self, timeout: float | None = None) -> str | bytes:
        self._state.check_open()
        return self._state.frame(self._next(timeout))

    def close(self, code: int = 1000, reason: str = "") -> None:
        if self._state.closed is None:
            self._state.closed = WebSocketClosed(code, reason)
            self._deliver({"type": "websocket.disconnect", "code": code, "reason": reason})
        try:
            self._future.result(timeout=5)
        except Exception:  # the app's own failure was reported to the reader already
            self._future.cancel()


class AsyncInProcessWebSocket:
    """The client end of an in-process WebSocket; the app runs as a task on the caller's loop."""

    def __init__(self, app: Any, scope: dict[str, Any]) -> None:
        self._events: asyncio.Queue[Event] = asyncio.Queue()
        self._state = _ClientState()
        self._side = _AppSide(app, scope, self._events.put_nowait)
        self._task: asyncio.Task[None] | None = None

    async def start(self, timeout: float | None) -> AsyncInProcessWebSocket:
        self._task = asyncio.get_running_loop().create_task(self._side.run())
        while not self._state.handshake(await self._next(timeout, handshake=True)):
            pass
        return self

    async def _next(self, timeout: float | None, *, handshake: bool = False) -> Event:
        """As the sync end's: only a handshake that times out closes the connection."""
        try:
            return self._events.get_nowait()
        except asyncio.QueueEmpty:
            pass
        try:
            async with asyncio.timeout(timeout):
                return await self._events.get()
        except TimeoutError:
            if handshake:
                await self.close(_ABNORMAL)
            raise

    async def send(self, data: str | bytes) -> None:
        self._state.check_open()
        self._side.inbox.put_nowait(_data_message(data))

    async def recv(self, timeout: float | None = None) -> str | bytes:
        self._state.check_open()
        return self._state.frame(await self._next(timeout))

    async def close(self, code: int = 1000, reason: str = "") -> None:
        if self._state.closed is None:
            self._state.closed = WebSocketClosed(code, reason)
            self._side.inbox.put_nowait(
                {"type": "websocket.disconnect", "code": code, "reason": reason}
            )
        if self._task is not None and not self._task.done():
            try:
                async with asyncio.timeout(5):
                    await asyncio.shield(self._task)
            except TimeoutError:
                self._task.cancel()
            except Exception:  # reported to the reader already
                pass
