"""In-process httpx transports that run an ASGI app and stream its answer.

``httpx.ASGITransport`` is async only and joins the whole body before it
returns, which hides streaming. These transports hand the response back as
soon as the app has sent ``http.response.start`` and then pass each body
chunk on as the app sends it, so an SSE consumer reads the first event while
the app is still producing the rest.

- :class:`MockTransport` (sync) runs the app on an event loop in a dedicated
  thread and reads the app's messages from a thread-safe queue.
- :class:`AsyncMockTransport` runs the app as a task on the caller's
  (asyncio) loop, feeding an ``asyncio.Queue``.

A transport may be given a ``shortcut``: a plain function of the scope and
body that answers a whole request at once, or returns None. The mock server
passes its express lane (``MockApp.answer_now``), so a repeated request needs no
loop, thread or queue; any other request runs the app as above.

Both honour the request's read timeout (``httpx.ReadTimeout``), report an app
that ends without answering, or stops mid-body, the way httpx reports a
dropped connection (``httpx.RemoteProtocolError``), and tell the app the
client is gone when the response is closed early (its next ``send`` raises
``OSError``, as ASGI spec 2.4 describes; a task still running is cancelled).

Both also open WebSockets to the app in process (``connect_websocket``, see
``_wsclient``): clients that find that method on their transport use it for
Realtime sessions instead of a socket.

The app may drop the connection itself: ``scope["extensions"][DROP_EXTENSION]``
is a callable that ends the exchange right there, as a server closing the
socket would (the live server offers the same hook, see ``_live``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
import weakref
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Coroutine,
    Iterator,
    Mapping,
    MutableMapping,
)
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import unquote

import httpx

if TYPE_CHECKING:
    from openai_kit.mockserver._express import Express
    from openai_kit.mockserver._wsclient import AsyncInProcessWebSocket, InProcessWebSocket

__all__ = ["DROP_EXTENSION", "ASGIApp", "AsyncMockTransport", "MockTransport", "Shortcut"]

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[MutableMapping[str, Any], Receive, Send], Awaitable[None]]

# What the app side reports to the reading side: ("message", asgi_message),
# ("error", exception) or ("done", None).
Event = tuple[str, Any]
_Queue = TypeVar("_Queue")

#: A whole answer given without running the app (the express lane's), or None.
Shortcut = Callable[[MutableMapping[str, Any], bytes], "Express | None"]

# The scope extension under which servers offer the app a way to close the connection.
DROP_EXTENSION = "openai_kit.drop_connection"

_DROPPED = "Server disconnected without sending a response."
_CUT = "peer closed connection without sending complete message body"


def _scope(request: httpx.Request) -> dict[str, Any]:
    url = request.url
    port = url.port or (443 if url.scheme == "https" else 80)
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": url.scheme,
        "path": unquote(url.path),
        "raw_path": url.raw_path.split(b"?", 1)[0],
        "root_path": "",
        "query_string": url.query,
        "headers": [(key.lower(), value) for key, value in request.headers.raw],
        "client": ("127.0.0.1", 50000),
        "server": (url.host, port),
        "extensions": {},
        "state": {},
    }


def _quick_response(
    shortcut: Shortcut | None, request: httpx.Request, scope: dict[str, Any], body: bytes
) -> httpx.Response | None:
    """The shortcut's answer as an httpx response (headers exactly as given), or None."""
    if shortcut is None:
        return None
    quick = shortcut(scope, body)
    if quick is None:
        return None
    headers, content = quick[0], quick[1]
    return httpx.Response(200, headers=headers, stream=httpx.ByteStream(content), request=request)


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout", {})
    value = timeout.get("read") if isinstance(timeout, dict) else None
    return float(value) if value is not None else None


class _AppRun:
    """One call of the ASGI app, reporting its messages through ``put``.

    Lives on the loop that runs the app; ``disconnect`` must be called there.
    """

    def __init__(
        self, app: ASGIApp, scope: dict[str, Any], body: bytes, put: Callable[[Event], None]
    ) -> None:
        self._app = app
        self._scope = scope
        self._body: bytes | None = body
        self._put = put
        self._gone = asyncio.Event()
        self.client_gone = False
        scope.setdefault("extensions", {})[DROP_EXTENSION] = self.drop_connection

    def disconnect(self) -> None:
        self.client_gone = True
        self._gone.set()

    def drop_connection(self) -> None:
        """The app closes the connection: the reader sees the exchange end here."""
        if not self.client_gone:
            self._put(("done", None))
        self.disconnect()

    async def _receive(self) -> Message:
        if self._body is not None:
            body, self._body = self._body, None
            return {"type": "http.request", "body": body, "more_body": False}
        await self._gone.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message: Message) -> None:
        if self.client_gone:
            raise OSError("the client closed the response")
        self._put(("message", message))

    async def run(self) -> None:
        await run_reporting(self._app, self._scope, self._receive, self._send, self._put)


async def run_reporting(
    app: Any, scope: dict[str, Any], receive: Any, send: Any, put: Callable[[Event], None]
) -> None:
    """Call the ASGI app and ``put`` how it ended: ``("done", None)`` (cancelled too) or
    ``("error", exc)``; what the in-process HTTP and WebSocket clients read as the end."""
    try:
        await app(scope, receive, send)
    except asyncio.CancelledError:
        put(("done", None))
        raise
    except Exception as exc:
        put(("error", exc))
    else:
        put(("done", None))


class _Reader:
    """Turns the app's events into an httpx response start and body chunks."""

    def __init__(self, request: httpx.Request) -> None:
        self.request = request
        self.finished = False

    def start(self, event: Event) -> tuple[int, list[tuple[bytes, bytes]]]:
        kind, value = event
        if kind == "message" and value["type"] == "http.response.start":
            return int(value["status"]), [(bytes(k), bytes(v)) for k, v in value.get("headers", [])]
        self.finished = True
        if kind == "error":
            raise value
        raise httpx.RemoteProtocolError(_DROPPED, request=self.request)

    def chunk(self, event: Event) -> bytes | None:
        """The next body chunk, or None at the end of the body."""
        kind, value = event
        if kind == "message" and value["type"] == "http.response.body":
            if not value.get("more_body", False):
                self.finished = True
            return bytes(value.get("body", b""))
        self.finished = True
        if kind == "error":
            raise httpx.RemoteProtocolError(_CUT, request=self.request) from value
        raise httpx.RemoteProtocolError(_CUT, request=self.request)


class _LoopThread:
    """An asyncio loop running forever in a daemon thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._run, name="openai-kit-mock-transport", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
            pending = asyncio.all_tasks(self.loop)
            for task in pending:
                task.cancel()
            if pending:
                self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
        finally:
            self.loop.close()

    def submit(self, coro: Coroutine[Any, Any, None]) -> concurrent.futures.Future[None]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    def call(self, func: Callable[[], None]) -> None:
        if not self.loop.is_closed():
            self.loop.call_soon_threadsafe(func)

    def stop(self) -> None:
        if self.loop.is_closed():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        if threading.current_thread() is not self._thread:
            self._thread.join()


class _Body(Generic[_Queue]):
    """What both body streams read: the app's events, turned into chunks by ``reader``,
    each waited for at most ``timeout`` seconds (the client's read timeout)."""

    def __init__(self, reader: _Reader, events: _Queue, timeout: float | None) -> None:
        self._reader = reader
        self._events = events
        self._timeout = timeout


class _SyncBody(_Body["queue.Queue[Event]"], httpx.SyncByteStream):
    def __init__(
        self,
        reader: _Reader,
        events: queue.Queue[Event],
        timeout: float | None,
        abort: Callable[[], None],
    ) -> None:
        super().__init__(reader, events, timeout)
        self._abort = abort

    def __iter__(self) -> Iterator[bytes]:
        while not self._reader.finished:
            try:
                event = self._events.get(timeout=self._timeout)
            except queue.Empty:
                self.close()
                raise httpx.ReadTimeout("timed out", request=self._reader.request) from None
            chunk = self._reader.chunk(event)
            if chunk:
                yield chunk

    def close(self) -> None:
        if not self._reader.finished:
            self._reader.finished = True
            self._abort()


class MockTransport(httpx.BaseTransport):
    """A sync httpx transport that streams from an ASGI app, in process."""

    def __init__(self, app: ASGIApp, shortcut: Shortcut | None = None) -> None:
        self.app = app
        self._shortcut = shortcut
        self._loop: _LoopThread | None = None
        self._lock = threading.Lock()

    def _loop_thread(self) -> _LoopThread:
        with self._lock:
            if self._loop is None:
                self._loop = _LoopThread()
                weakref.finalize(self, self._loop.stop)
            return self._loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        scope = _scope(request)
        quick = _quick_response(self._shortcut, request, scope, body)
        if quick is not None:
            return quick
        loop = self._loop_thread()
        events: queue.Queue[Event] = queue.Queue()
        run = _AppRun(self.app, scope, body, events.put_nowait)
        future = loop.submit(run.run())

        def abort() -> None:
            loop.call(run.disconnect)
            future.cancel()

        reader = _Reader(request)
        timeout = _read_timeout(request)
        try:
            status, headers = reader.start(events.get(timeout=timeout))
        except queue.Empty:
            abort()
            raise httpx.ReadTimeout("timed out", request=request) from None
        stream = _SyncBody(reader, events, timeout, abort)
        return httpx.Response(status, headers=headers, stream=stream, request=request)

    def connect_websocket(
        self, url: str, headers: Mapping[str, str], timeout: float | None = None
    ) -> InProcessWebSocket:
        """Open a WebSocket to the app in process (``_wsclient``): the handshake, then frames."""
        from openai_kit.mockserver._wsclient import InProcessWebSocket, websocket_scope

        return InProcessWebSocket(
            self.app, websocket_scope(url, headers), self._loop_thread().loop, timeout, owner=self
        )

    def close(self) -> None:
        with self._lock:
            loop, self._loop = self._loop, None
        if loop is not None:
            loop.stop()


async def _next_event(events: asyncio.Queue[Event], timeout: float | None) -> Event:
    """The app's next event; ``TimeoutError`` after ``timeout`` seconds without one."""
    try:
        return events.get_nowait()  # usually there already: no timer, no task
    except asyncio.QueueEmpty:
        pass
    async with asyncio.timeout(timeout):
        return await events.get()


class _AsyncBody(_Body["asyncio.Queue[Event]"], httpx.AsyncByteStream):
    def __init__(
        self,
        reader: _Reader,
        events: asyncio.Queue[Event],
        timeout: float | None,
        task: asyncio.Task[None],
        run: _AppRun,
    ) -> None:
        super().__init__(reader, events, timeout)
        self._task = task
        self._run = run

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while not self._reader.finished:
            try:
                event = await _next_event(self._events, self._timeout)
            except TimeoutError:
                await self.aclose()
                raise httpx.ReadTimeout("timed out", request=self._reader.request) from None
            chunk = self._reader.chunk(event)
            if chunk:
                yield chunk

    async def aclose(self) -> None:
        self._reader.finished = True
        if not self._task.done():
            self._run.disconnect()
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)


class AsyncMockTransport(httpx.AsyncBaseTransport):
    """An async httpx transport that streams from an ASGI app, in process (asyncio)."""

    def __init__(self, app: ASGIApp, shortcut: Shortcut | None = None) -> None:
        self.app = app
        self._shortcut = shortcut

    async def connect_websocket(
        self, url: str, headers: Mapping[str, str], timeout: float | None = None
    ) -> AsyncInProcessWebSocket:
        """Open a WebSocket to the app in process, on the running loop (``_wsclient``)."""
        from openai_kit.mockserver._wsclient import AsyncInProcessWebSocket, websocket_scope

        return await AsyncInProcessWebSocket(self.app, websocket_scope(url, headers)).start(timeout)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        scope = _scope(request)
        quick = _quick_response(self._shortcut, request, scope, body)
        if quick is not None:
            return quick
        events: asyncio.Queue[Event] = asyncio.Queue()
        run = _AppRun(self.app, scope, body, events.put_nowait)
        task = asyncio.get_running_loop().create_task(run.run())
        reader = _Reader(request)
        timeout = _read_timeout(request)
        try:
            first = await _next_event(events, timeout)
        except TimeoutError:
            run.disconnect()
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            raise httpx.ReadTimeout("timed out", request=request) from None
        status, headers = reader.start(first)
        stream = _AsyncBody(reader, events, timeout, task, run)
        return httpx.Response(status, headers=headers, stream=stream, request=request)
