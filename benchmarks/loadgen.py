"""A small HTTP/1.1 keep-alive load generator over raw asyncio sockets.

    .venv/bin/python benchmarks/loadgen.py --port 8000 --path /v1/chat/completions \\
        --body '{"model": "gpt-4o-mini", ...}' --header 'authorization: Bearer sk-...' \\
        [--stream] [--connections 64] [--warmup 3] [--duration 5] [--cpu 1]

Each of ``--connections`` connections sends one fixed POST (with
Content-Length), reads the whole answer, framed by Content-Length or by
chunked transfer encoding up to the last chunk, then sends the same request
again on the same connection. With ``--stream`` the body is read as
server-sent events: every ``data:`` event before ``data: [DONE]`` counts as
one event. After ``--warmup`` seconds the counters start; after
``--duration`` more seconds (or ``--max-requests`` answers in all) every
connection is closed and one JSON object is printed: answers and events in
the window, their rates, latency percentiles of whole answers (a stream's
from its request to its last chunk), statuses, errors, and the CPU time the
generator itself used in the window (near 100% of a core would mean the
generator, not the server, set the pace).

It uses only the standard library, plus uvloop when installed (``--loop
auto``), so it stays far cheaper per answer than the servers it drives;
``httpx.AsyncClient`` is not used because it saturates at a few concurrent
requests. It is also importable: :func:`run_load` with a :class:`LoadSpec`.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import importlib.util
import json
import math
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, cast

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._http_parse import ProtocolError, ResponseParser

__all__ = [
    "LoadResult",
    "LoadSpec",
    "ProtocolError",
    "ResponseParser",
    "build_request",
    "loop_factory",
    "main",
    "percentile",
    "process_cpu_seconds",
    "run_load",
]


def build_request(
    host: str, port: int, path: str, body: bytes, headers: Sequence[tuple[str, str]] = ()
) -> bytes:
    """One keep-alive ``POST`` with a JSON body and its Content-Length."""
    lines = [
        f"POST {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        *(f"{name}: {value}" for name, value in headers),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (0.0 for none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), math.ceil(fraction * len(sorted_values) - 1e-9)))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class LoadSpec:
    """What to send, where, how often and for how long."""

    host: str
    port: int
    request: bytes
    connections: int = 64
    warmup: float = 3.0
    duration: float = 5.0
    stream: bool = False
    max_requests: int | None = None  # stop after this many answers in all (warm-up included)
    watch_pid: int | None = None  # also report this process's CPU use over the window


@dataclass
class LoadResult:
    """What one run measured, in its measurement window."""

    connections: int
    loop: str
    seconds: float = 0.0
    requests: int = 0  # whole answers completed in the window
    events: int = 0  # SSE data events received in the window
    total_requests: int = 0  # answers completed since the start (warm-up included)
    errors: int = 0  # protocol errors, connections lost, streams without [DONE]
    statuses: dict[str, int] = field(default_factory=dict)
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    mean_ms: float = 0.0
    max_ms: float = 0.0
    cpu: float = 0.0  # the generator's own CPU time / window wall time
    server_cpu: float | None = None  # the watched process's CPU time / window wall time

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def eps(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> LoadResult:
        data: dict[str, Any] = json.loads(text)
        return cls(**data)


class _Run:
    """Counters shared by the connections of one run."""

    def __init__(self, spec: LoadSpec, loop: asyncio.AbstractEventLoop) -> None:
        self.spec = spec
        self.running = True
        self.measuring = False
        self.requests = 0
        self.events = 0
        self.total = 0
        self.errors = 0
        self.in_flight = 0
        self.statuses: Counter[int] = Counter()
        self.latencies: list[float] = []
        self.done: asyncio.Future[None] = loop.create_future()  # stopped sending
        self.idle: asyncio.Future[None] = loop.create_future()  # stopped, nothing in flight

    def sent(self) -> None:
        self.in_flight += 1

    def answered(self, status: int, latency: float, complete: bool) -> None:
        self.total += 1
        self.in_flight -= 1
        if self.spec.stream and not complete:
            self.errors += 1
        if self.measuring:
            self.requests += 1
            self.latencies.append(latency)
            self.statuses[status] += 1
        limit = self.spec.max_requests
        if limit is not None and self.total >= limit:
            self.stop()
        self._check_idle()

    def failed(self, *, in_flight: bool) -> None:
        if in_flight:
            self.in_flight -= 1
        if self.running:
            self.errors += 1
        self._check_idle()

    def stop(self) -> None:
        self.running = False
        if not self.done.done():
            self.done.set_result(None)
        self._check_idle()

    def _check_idle(self) -> None:
        if not self.running and self.in_flight <= 0 and not self.idle.done():
            self.idle.set_result(None)


class _Connection(asyncio.Protocol):
    """One keep-alive connection: send, read the whole answer, send again."""

    def __init__(self, run: _Run) -> None:
        self._run = run
        self._request = run.spec.request
        self._parser = ResponseParser(count_events=run.spec.stream)
        self._sent_at = 0.0
        self._waiting = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports do not subclass asyncio.Transport: cast, not isinstance
        self.transport = cast(asyncio.Transport, transport)

    def send(self) -> None:
        assert self.transport is not None
        self._run.sent()
        self._waiting = True
        self._sent_at = time.perf_counter()
        self.transport.write(self._request)

    def data_received(self, data: bytes) -> None:
        run = self._run
        try:
            responses, events = self._parser.feed(data)
        except ProtocolError:
            assert self.transport is not None
            self.transport.abort()  # connection_lost counts the error
            return
        if events and run.measuring:
            run.events += events
        if responses:
            now = time.perf_counter()
            parser = self._parser
            self._waiting = False
            run.answered(parser.status, now - self._sent_at, parser.stream_complete)
            if run.running:
                self.send()

    def connection_lost(self, exc: Exception | None) -> None:
        waiting, self._waiting = self._waiting, False
        self._run.failed(in_flight=waiting)


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process, all threads (Linux ``/proc``; None elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _wait(future: asyncio.Future[None], seconds: float) -> None:
    if seconds > 0 and not future.done():
        await asyncio.wait({future}, timeout=seconds)


# After the window, answers still in flight get this long to arrive before
# the connections close (closing under a server mid-write makes it log).
_DRAIN_SECONDS = 2.0


async def run_load(spec: LoadSpec) -> LoadResult:
    """Drive the server for ``spec.warmup + spec.duration`` seconds at most."""
    loop = asyncio.get_running_loop()
    run = _Run(spec, loop)
    connections: list[_Connection] = []
    try:
        for _ in range(spec.connections):
            _, protocol = await loop.create_connection(
                lambda: _Connection(run), spec.host, spec.port
            )
            connections.append(protocol)
        for connection in connections:
            connection.send()
        await _wait(run.done, spec.warmup)
        watched = spec.watch_pid
        run.measuring = True
        started, cpu_started = time.perf_counter(), time.process_time()
        server_started = process_cpu_seconds(watched) if watched else None
        await _wait(run.done, spec.duration)
        run.measuring = False
        seconds = time.perf_counter() - started
        cpu = (time.process_time() - cpu_started) / seconds if seconds else 0.0
        server_cpu = None
        if watched and server_started is not None and seconds:
            server_now = process_cpu_seconds(watched)
            if server_now is not None:
                server_cpu = (server_now - server_started) / seconds
        run.stop()
        await _wait(run.idle, _DRAIN_SECONDS)
    finally:
        run.stop()
        for connection in connections:
            if connection.transport is not None:
                connection.transport.close()
    await asyncio.sleep(0)  # let the transports finish closing
    latencies = sorted(run.latencies)
    return LoadResult(
        connections=spec.connections,
        loop=type(loop).__module__.split(".")[0],
        seconds=seconds,
        requests=run.requests,
        events=run.events,
        total_requests=run.total,
        errors=run.errors,
        statuses={str(code): count for code, count in sorted(run.statuses.items())},
        p50_ms=percentile(latencies, 0.50) * 1000,
        p99_ms=percentile(latencies, 0.99) * 1000,
        mean_ms=sum(latencies) / len(latencies) * 1000 if latencies else 0.0,
        max_ms=latencies[-1] * 1000 if latencies else 0.0,
        cpu=cpu,
        server_cpu=server_cpu,
    )


def loop_factory(name: str = "auto") -> Callable[[], asyncio.AbstractEventLoop]:
    """``uvloop``'s loop when asked for (or, with ``auto``, when installed), else asyncio's."""
    if name == "uvloop" or (name == "auto" and importlib.util.find_spec("uvloop") is not None):
        uvloop = importlib.import_module("uvloop")  # optional: not a dependency
        factory: Callable[[], asyncio.AbstractEventLoop] = uvloop.new_event_loop
        return factory
    if name not in ("auto", "asyncio"):
        raise ValueError(f"unknown event loop {name!r}")
    return asyncio.new_event_loop


def _header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"a header is 'name: value', not {text!r}")
    return name.strip(), value.strip()


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="loadgen.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/v1/chat/completions")
    parser.add_argument("--body", required=True, help="the request body (JSON text)")
    parser.add_argument("--header", type=_header, action="append", default=[])
    parser.add_argument("--stream", action="store_true", help="count SSE data events")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds before counting")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds counted")
    parser.add_argument("--max-requests", type=int, help="stop after this many answers in all")
    parser.add_argument("--cpu", type=int, help="pin this process to one core")
    parser.add_argument("--watch-pid", type=int, help="report this process's CPU use too")
    parser.add_argument("--loop", choices=("auto", "asyncio", "uvloop"), default="auto")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    spec = LoadSpec(
        host=args.host,
        port=args.port,
        request=build_request(args.host, args.port, args.path, args.body.encode(), args.header),
        connections=args.connections,
        warmup=args.warmup,
        duration=args.duration,
        stream=args.stream,
        max_requests=args.max_requests,
        watch_pid=args.watch_pid,
    )
    with asyncio.Runner(loop_factory=loop_factory(args.loop)) as runner:
        result = runner.run(run_load(spec))
    print(result.to_json(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
