"""Run an ASGI app under uvicorn on a loopback socket, in a background thread.

The HTTP protocol is one of uvicorn's (``h11``, pure Python, the default; or
``httptools``, about three times the requests per second when installed)
with these additions: every request scope carries ``extensions[DROP_EXTENSION]``,
a callable that closes the connection (what is already written is flushed
first). Fault injection uses it for a real dropped connection or a body that
stops mid-way; raising from the app instead would make uvicorn answer a 500
before the response starts. Scopes also carry ``extensions[NETWORK_EXTENSION]``
(the request came over a socket: the admin API checks who sent it).

Connections are bounded in time: one idle after a response closes after
``KEEP_ALIVE_TIMEOUT`` seconds (uvicorn's ``timeout_keep_alive``), and one
whose request line and headers have not all arrived ``HEADER_TIMEOUT``
seconds after it opened (or after its last response) is closed, so a client
holding connections open without sending requests cannot pile them up. A
request uvicorn cannot parse gets a JSON 400 in the API's error shape.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Final

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from openai_kit.mockserver._admin_access import NETWORK_EXTENSION
from openai_kit.mockserver._observe import ObservedApp
from openai_kit.mockserver._transport import DROP_EXTENSION

__all__ = [
    "HEADER_TIMEOUT",
    "HTTP_PROTOCOLS",
    "KEEP_ALIVE_TIMEOUT",
    "DroppableH11Protocol",
    "base_url",
    "bind_socket",
    "protocol_class",
    "serve_in_thread",
    "ticking",
    "uvicorn_config",
]

_START_TIMEOUT = 10.0
#: How often a live server's lifecycles move on (batches, jobs, webhook deliveries).
TICK_SECONDS = 0.25
logger = logging.getLogger("openai_kit.mockserver")
#: Seconds an idle keep-alive connection stays open after a response.
KEEP_ALIVE_TIMEOUT: Final = 5
#: Seconds a connection has to send a whole request line and headers.
HEADER_TIMEOUT: Final = 10.0
#: Bytes of a request line and headers at most (h11's limit; httptools has its own).
MAX_HEADER_BYTES: Final = 64 * 1024


def bind_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A bound TCP socket (port 0: the OS picks a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only turns Nagle off for sockets whose proto says TCP,
    # and without TCP_NODELAY every answer waits ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


#: The HTTP implementations ``serve_in_thread`` and the CLI offer.
HTTP_PROTOCOLS: Final = ("h11", "httptools")


def _bad_request(message: str) -> bytes:
    """A whole 400 response in the API's error shape, closing the connection."""
    body = json.dumps(
        {
            "error": {
                "message": message,
                "type": "invalid_request_error",
                "param": None,
                "code": None,
            }
        }
    ).encode()
    head = (
        "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("latin-1") + body


class _Droppable:
    """Mixed into a uvicorn HTTP protocol: each request scope gets a way to close its
    connection, a connection must send its headers in time, and a request uvicorn
    cannot parse is answered in JSON."""

    app: Any
    transport: Any
    loop: asyncio.AbstractEventLoop

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        inner = self.app
        self._header_timer: asyncio.TimerHandle | None = None

        async def app(scope: Any, receive: Any, send: Any) -> None:
            self._stop_header_timer()
            extensions = scope.get("extensions")
            if extensions is None:
                extensions = scope["extensions"] = {}
            extensions[DROP_EXTENSION] = self._drop_connection
            extensions[NETWORK_EXTENSION] = True
            await inner(scope, receive, send)

        self.app = app

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._start_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        self._start_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_header_timer()
        super().connection_lost(exc)  # type: ignore[misc]

    def handle_websocket_upgrade(self, *args: Any) -> None:
        # The connection now belongs to a WebSocket session: the header deadline is met.
        self._stop_header_timer()
        super().handle_websocket_upgrade(*args)  # type: ignore[misc]

    def _start_header_timer(self) -> None:
        self._stop_header_timer()
        self._header_timer = self.loop.call_later(HEADER_TIMEOUT, self._drop_connection)

    def _stop_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def send_400_response(self, msg: str) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(_bad_request(msg))
            self.transport.close()

    def _drop_connection(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.close()


class DroppableH11Protocol(_Droppable, H11Protocol):
    """uvicorn's h11 protocol, offering each request a way to close its connection."""


@functools.cache
def protocol_class(http: str) -> type[Any]:
    """The droppable uvicorn protocol for ``http`` (``"h11"`` or ``"httptools"``)."""
    if http == "h11":
        return DroppableH11Protocol
    if http == "httptools":
        try:
            from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
        except ImportError:
            raise ValueError(
                "http='httptools' needs the httptools package: pip install httptools"
            ) from None
        return type("DroppableHttpToolsProtocol", (_Droppable, HttpToolsProtocol), {})
    raise ValueError(f"http must be one of {', '.join(HTTP_PROTOCOLS)}, not {http!r}")


@functools.cache
def websocket_protocol() -> Any:
    """uvicorn's WebSocket protocol for the mock, offering each connection a way to drop.

    The sans-I/O ``websockets`` implementation when the package is installed
    (the ``realtime`` extra), else none: WebSocket upgrades are then refused.
    """
    try:
        from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
    except ImportError:
        return "none"

    class DroppableWebSocketProtocol(WebSocketsSansIOProtocol):
        async def run_asgi(self) -> None:
            extensions: dict[str, Any] = self.scope["extensions"]
            extensions[DROP_EXTENSION] = self._drop_connection
            await super().run_asgi()

        def _drop_connection(self) -> None:
            if not self.transport.is_closing():
                self.transport.close()

    return DroppableWebSocketProtocol


def uvicorn_config(
    app: Any, *, log_level: str = "warning", http: str = "h11", **options: Any
) -> uvicorn.Config:
    """uvicorn settings for the mock: no lifespan, no access log, WebSockets when installed.

    An :class:`~openai_kit.mockserver._observe.ObservedApp` is run by its entry point."""
    return uvicorn.Config(
        app.entry_point if isinstance(app, ObservedApp) else app,
        lifespan="off",
        ws=websocket_protocol(),
        access_log=False,
        log_level=log_level,
        timeout_graceful_shutdown=1,
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        http=protocol_class(http),
        interface="asgi3",  # an observed app's entry point is no coroutine function
        **options,
    )


def base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@contextmanager
def serve_in_thread(
    app: Any, host: str = "127.0.0.1", port: int = 0, *, http: str = "h11"
) -> Iterator[str]:
    """Serve ``app`` while the block runs; yields the base URL (``http://127.0.0.1:PORT``)."""
    config = uvicorn_config(app, http=http)  # a bad ``http`` fails before the socket is bound
    sock = bind_socket(host, port)
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="openai-kit-mock-live", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the mock server did not start")
            time.sleep(0.005)
        yield base_url(sock)
    finally:
        server.should_exit = True
        thread.join(_START_TIMEOUT)
        sock.close()


@contextmanager
def ticking(tick: Callable[[], None], interval: float = TICK_SECONDS) -> Iterator[None]:
    """Call ``tick`` every ``interval`` seconds in a daemon thread while the block runs.

    A live server's lifecycles (batches, jobs, webhook deliveries) move on
    with real time this way, without anyone advancing the clock.
    """
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(interval):
            try:
                tick()
            except Exception:
                logger.exception("a tick of the mock's lifecycles failed")

    thread = threading.Thread(target=run, name="openai-kit-mock-ticker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(_START_TIMEOUT)
