"""The server side of the mock server benchmarks: one process serving one app.

    python -m benchmarks._mock_serve --app mock|mock-live|mock-live-httptools|ceiling|ceiling-headers|raw \\
        --fixtures DIR \\
        [--loop asyncio|uvloop] [--http h11|httptools] [--cpu N] [--lifetime 120]

Binds 127.0.0.1 on a free port and prints ``READY <port>`` once it accepts
connections; stops on SIGTERM or SIGINT, or by itself after ``--lifetime``
seconds. The apps:

- ``mock``: ``MockServer(seed=0).app`` under uvicorn with the settings
  ``mock.live()`` and the CLI use, on a socket bound here (``--loop``,
  ``--http`` choose uvicorn's event loop and HTTP parser).
- ``mock-standalone``: the same with the CLI's outer layer (``StandaloneApp``:
  request log, observations kept for the dashboard), its log to the null device.
- ``mock-live``: ``with MockServer(seed=0).live() as url``, the public way,
  socket and settings included (its h11 protocol with the connection-drop
  hook, uvicorn's ``auto`` loop); it shows what a user of ``mock.live()``
  gets. ``mock-live-httptools``: the same with ``live(http="httptools")``.
- ``ceiling``: the least a Starlette app can do for the same request under
  the same uvicorn settings: read the body, answer the fixed bytes the mock
  answered (``--fixtures``, see ``_mock_payloads``), as one ``Response`` or
  as a ``StreamingResponse`` yielding one event at a time, as the mock does.
- ``ceiling-headers``: the same, its JSON answer carrying the mock's own
  headers too (fixed values), non-streaming only: what the mock's dozen
  headers cost the stack, apart from what the mock does.
- ``raw``: no framework and no uvicorn, a bare asyncio protocol that frames
  requests by Content-Length and writes prebuilt answers. It checks the
  load generator: whatever rate it reaches, the generator can drive.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any, cast

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._mock_payloads import Answers, split_events
from benchmarks.loadgen import loop_factory

__all__ = ["APPS", "ceiling_app", "main", "raw_replies", "uvicorn_config"]

_STREAM_MARK = b'"stream":true'
_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)
_START_TIMEOUT = 20.0

APPS = (
    "mock",
    "mock-standalone",
    "mock-live",
    "mock-live-httptools",
    "ceiling",
    "ceiling-headers",
    "raw",
)


def uvicorn_config(app: Any, *, loop: str, http: str) -> Any:
    """The settings ``mock.live()`` uses (no lifespan, websockets or access log), for any app."""
    import uvicorn

    return uvicorn.Config(
        app,
        loop=loop,
        http=http,
        lifespan="off",
        interface="asgi3",
        ws="none",
        access_log=False,
        log_level="warning",
        timeout_graceful_shutdown=1,
    )


def ceiling_app(answers: Answers, *, headers: bool = False) -> Any:
    """A minimal Starlette app answering the fixed JSON body, or the fixed stream.

    ``headers``: the JSON answer also carries the mock's own headers (fixed
    values: request id, rate limits ...), so both servers put the same
    response on the wire, header for header.
    """
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response, StreamingResponse
    from starlette.routing import Route

    body = answers.json_body
    events = split_events(answers.sse_body)
    extra = dict(answers.json_headers) if headers else None

    async def replay() -> AsyncIterator[bytes]:
        for event in events:
            yield event

    async def chat(request: Request) -> Response:
        if _STREAM_MARK in await request.body():
            return StreamingResponse(replay(), media_type="text/event-stream")
        return Response(body, headers=extra, media_type="application/json")

    return Starlette(routes=[Route("/v1/chat/completions", chat, methods=["POST"])])


def raw_replies(answers: Answers) -> tuple[bytes, bytes]:
    """Whole HTTP/1.1 answers: the JSON by Content-Length, the stream chunked per event."""
    body = answers.json_body
    head = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n"
    plain = head % len(body) + body
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(e), e) for e in split_events(answers.sse_body))
    streamed = (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n"
        b"transfer-encoding: chunked\r\n\r\n" + chunks + b"0\r\n\r\n"
    )
    return plain, streamed


class _RawHTTP(asyncio.Protocol):
    def __init__(self, plain: bytes, streamed: bytes) -> None:
        self._plain = plain
        self._streamed = streamed
        self._buf = bytearray()
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports do not subclass asyncio.Transport: cast, not isinstance
        self._transport = cast(asyncio.Transport, transport)

    def data_received(self, data: bytes) -> None:
        buf = self._buf
        buf += data
        pos = 0
        while True:
            end = buf.find(b"\r\n\r\n", pos)
            if end < 0:
                break
            match = _CONTENT_LENGTH.search(buf, pos, end + 2)
            stop = end + 4 + (int(match.group(1)) if match else 0)
            if len(buf) < stop:
                break
            streamed = buf.find(_STREAM_MARK, end + 4, stop) >= 0
            assert self._transport is not None
            self._transport.write(self._streamed if streamed else self._plain)
            pos = stop
        del buf[:pos]


async def _serve_raw(sock: socket.socket, answers: Answers, lifetime: float) -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    plain, streamed = raw_replies(answers)
    server = await loop.create_server(lambda: _RawHTTP(plain, streamed), sock=sock)
    print(f"READY {sock.getsockname()[1]}", flush=True)
    try:
        await asyncio.wait_for(stop.wait(), lifetime)
    except TimeoutError:
        pass
    server.close()


def _serve_uvicorn(app: Any, sock: socket.socket, loop: str, http: str, lifetime: float) -> None:
    import uvicorn

    server = uvicorn.Server(uvicorn_config(app, loop=loop, http=http))

    def announce() -> None:
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started and time.monotonic() < deadline and not server.should_exit:
            time.sleep(0.005)
        if server.started:
            print(f"READY {sock.getsockname()[1]}", flush=True)

    def expire() -> None:
        server.should_exit = True

    threading.Thread(target=announce, daemon=True).start()
    timer = threading.Timer(lifetime, expire)
    timer.daemon = True
    timer.start()
    server.run(sockets=[sock])
    timer.cancel()


def _serve_live(lifetime: float, http: str) -> None:
    from openai_kit.mockserver import MockServer

    stop = threading.Event()

    def on_signal(signum: int, frame: object) -> None:
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    with MockServer(seed=0).live(http=http) as url:
        print(f"READY {url.rsplit(':', 1)[1]}", flush=True)
        stop.wait(lifetime)


def _bind() -> socket.socket:
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on accepted connections only
    # when the listening socket says TCP; without it Nagle's algorithm holds the
    # body behind the headers until the client's delayed ACK, about 40 ms.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="_mock_serve.py", description="serve one benchmark app")
    parser.add_argument("--app", choices=APPS, required=True)
    parser.add_argument("--fixtures", type=Path, required=True, help="folder of the fixed answers")
    parser.add_argument("--loop", choices=("asyncio", "uvloop"), default="asyncio")
    parser.add_argument("--http", choices=("h11", "httptools"), default="h11")
    parser.add_argument("--cpu", type=int, help="pin this process to one core")
    parser.add_argument("--lifetime", type=float, default=120.0, help="stop after this long")
    return parser.parse_args(argv)


def _standalone_app() -> Any:
    """The mock as the CLI serves it: observations for the dashboard and the text request log
    (written to the null device, so the measure is the log's own cost, not a terminal's)."""
    from openai_kit.mockserver import MockServer
    from openai_kit.mockserver._request_log import RequestLogger
    from openai_kit.mockserver._standalone import StandaloneApp

    log = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    # what the CLI's uvicorn runs: the entry point (the mock's app told of its observer)
    return StandaloneApp(MockServer(seed=0), sinks=[RequestLogger(log).sink]).entry_point


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    answers = Answers.read(args.fixtures)
    if args.app.startswith("mock-live"):
        _serve_live(args.lifetime, "httptools" if args.app.endswith("httptools") else "h11")
        return 0
    sock = _bind()
    try:
        if args.app == "raw":
            with asyncio.Runner(loop_factory=loop_factory(args.loop)) as runner:
                runner.run(_serve_raw(sock, answers, args.lifetime))
        else:
            if args.app == "mock":
                from openai_kit.mockserver import MockServer

                app: Any = MockServer(seed=0).app
            elif args.app == "mock-standalone":
                app = _standalone_app()
            else:
                app = ceiling_app(answers, headers=args.app == "ceiling-headers")
            _serve_uvicorn(app, sock, args.loop, args.http, args.lifetime)
    finally:
        sock.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
