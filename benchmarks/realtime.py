"""Realtime speed: server events per second over live WebSocket sessions, mock against a ceiling.

    .venv/bin/python benchmarks/realtime.py                      # text and audio turns, 1 and 64 sessions
    .venv/bin/python benchmarks/realtime.py --turns 5 --sessions 1 8 --modality text --repeat 5

Each server runs in a process of its own, under uvicorn with the mock's settings
and its WebSocket implementation (``_live.serve_in_thread``):

- ``mock``: ``MockServer(seed=0).live()``, the public way;
- ``ceiling``: a minimal WebSocket echo app on the same stack. It answers the
  handshake with the ``session.created`` frame and a session's n-th client
  message with the frames the mock sent for the n-th turn of a session of the
  same kind (recorded once, in process, before the run): the least a server can
  do to send the same bytes. (Replaying one turn over and over would not do:
  the connection's compression finds repeated frames about twice as cheap to
  compress as the mock's fresh ones.)

A client (the ``websockets`` package, asyncio, in this process) opens N
sessions at once; each sends ``response.create`` and reads up to the turn's
``rate_limits.updated``, ``--turns`` times. Rows with few events run their N
sessions again, wave after wave, until a measurement holds about
``--min-events`` events (a single text session's 311 events last some 20 ms,
too short to time on a shared machine). Reported per server: server events
per second of wall time and per server CPU-second (read from ``/proc``), and
the mock's share of the ceiling's rate. Each row is measured ``--repeat``
times, the mock and the ceiling one right after the other (which goes first
alternates), so both see the same machine; a row gives the medians and the
lowest and highest of the ratios. Measures only; never asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import json
import multiprocessing
import os
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import AbstractContextManager
from typing import Any

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._live import serve_in_thread

MODEL = "gpt-realtime"
AUTH = {"Authorization": "Bearer sk-bench"}
LAST = "rate_limits.updated"  # a turn's final server event
Message = MutableMapping[str, Any]


def turn_request(modality: str) -> str:
    return json.dumps({"type": "response.create", "response": {"output_modalities": [modality]}})


def record_turns(modality: str, turns: int = 1) -> tuple[str, list[list[str]]]:
    """The ``session.created`` frame and the server frames of each of a session's first
    ``turns`` turns, from the mock in process."""
    mock = MockServer(seed=0)
    ws = mock.transport().connect_websocket(f"ws://bench/v1/realtime?model={MODEL}", AUTH, 30)
    created = str(ws.recv(30))
    recorded: list[list[str]] = []
    for _ in range(turns):
        ws.send(turn_request(modality))
        frames: list[str] = []
        while not frames or json.loads(frames[-1])["type"] != LAST:
            frames.append(str(ws.recv(30)))
        recorded.append(frames)
    ws.close()
    return created, recorded


def echo_app(created: str, turns: list[list[str]]) -> Callable[..., Awaitable[None]]:
    """The ceiling: accept, send ``created``, answer a session's n-th message with the
    n-th recorded turn's frames (the last again beyond them)."""

    async def app(scope: Message, receive: Any, send: Any) -> None:
        if scope["type"] != "websocket":
            return
        await receive()  # websocket.connect
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": created})
        answered = 0
        while (await receive())["type"] == "websocket.receive":
            for frame in turns[min(answered, len(turns) - 1)]:
                await send({"type": "websocket.send", "text": frame})
            answered += 1

    return app


def _serve(kind: str, modality: str, turns: int, pipe: Any) -> None:
    """A server process: serve until told to stop, reporting its URL."""
    server: AbstractContextManager[str]
    if kind == "mock":
        server = MockServer(seed=0).live()
    else:
        server = serve_in_thread(echo_app(*record_turns(modality, turns)))
    with server as url:
        pipe.send(url)
        pipe.recv()


def _cpu_seconds(pid: int) -> float:
    """CPU time of every thread of the process: nanoseconds from ``schedstat`` where the
    kernel keeps it (clock ticks of 10 ms are too coarse for a short row), else ticks."""
    stats = glob.glob(f"/proc/{pid}/task/*/schedstat")
    if stats:
        total = 0
        for path in stats:
            try:
                with open(path) as stat:
                    total += int(stat.read().split()[0])
            except (OSError, ValueError, IndexError):
                continue  # a thread that ended meanwhile
        return total / 1e9
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """A server process (``mock`` or ``ceiling``) while the block runs."""

    def __init__(self, kind: str, modality: str, turns: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._pipe, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(kind, modality, turns, child), daemon=True
        )

    def __enter__(self) -> Server:
        self._process.start()
        self.url = "ws" + str(self._pipe.recv())[len("http") :] + f"/v1/realtime?model={MODEL}"
        return self

    def cpu_seconds(self) -> float:
        assert self._process.pid is not None
        return _cpu_seconds(self._process.pid)

    def __exit__(self, *exc: object) -> None:
        self._pipe.send("stop")
        self._process.join(10)


async def _session(url: str, turns: int, request: str) -> int:
    from websockets.asyncio.client import connect

    events = 0
    async with connect(url, additional_headers=AUTH, max_size=None, ping_interval=None) as ws:
        await ws.recv()  # session.created
        events += 1
        for _ in range(turns):
            await ws.send(request)
            while True:
                events += 1
                if json.loads(await ws.recv())["type"] == LAST:
                    break
    return events


def measure(
    server: Server, sessions: int, turns: int, modality: str, min_events: int = 0
) -> dict[str, float]:
    """Run ``sessions`` sessions at once against ``server``, again and again one wave after
    the other until about ``min_events`` events: events, wall and CPU seconds."""

    async def run() -> int:
        total = 0
        for _ in range(waves):
            counts = await asyncio.gather(
                *(_session(server.url, turns, turn_request(modality)) for _ in range(sessions))
            )
            total += sum(counts)
        return total

    per_session = asyncio.run(_session(server.url, turns, turn_request(modality)))  # warm up
    waves = max(1, -(-min_events // (per_session * sessions)))
    cpu, started = server.cpu_seconds(), time.perf_counter()
    events = asyncio.run(run())
    wall, cpu = time.perf_counter() - started, server.cpu_seconds() - cpu
    return {
        "events": events,
        "per_s": events / wall,
        "per_cpu_s": events / cpu if cpu > 0 else float("nan"),
    }


def _row(
    modality: str, sessions: int, pairs: list[tuple[dict[str, float], dict[str, float]]]
) -> dict[str, Any]:
    """Medians over the repeats; the ratios' medians, lowest and highest."""
    ratios = [ours["per_s"] / best["per_s"] for ours, best in pairs]
    cpu_ratios = [ours["per_cpu_s"] / best["per_cpu_s"] for ours, best in pairs]
    return {
        "modality": modality,
        "sessions": sessions,
        "events": pairs[0][0]["events"],
        "mock_per_s": statistics.median(ours["per_s"] for ours, _ in pairs),
        "ceiling_per_s": statistics.median(best["per_s"] for _, best in pairs),
        "ratio": statistics.median(ratios),
        "ratio_low": min(ratios),
        "ratio_high": max(ratios),
        "mock_per_cpu_s": statistics.median(ours["per_cpu_s"] for ours, _ in pairs),
        "ceiling_per_cpu_s": statistics.median(best["per_cpu_s"] for _, best in pairs),
        "cpu_ratio": statistics.median(cpu_ratios),
        "cpu_ratio_low": min(cpu_ratios),
        "cpu_ratio_high": max(cpu_ratios),
    }


def run(
    sessions: tuple[int, ...] = (1, 64),
    turns: int = 20,
    modalities: tuple[str, ...] = ("text",),
    repeat: int = 3,
    min_events: int = 4000,
) -> list[dict[str, Any]]:
    """One row per (modality, sessions): the mock's and the ceiling's rates and their ratio."""
    rows = []
    for modality in modalities:
        with (
            Server("mock", modality, turns) as mock,
            Server("ceiling", modality, turns) as ceiling,
        ):
            for count in sessions:
                pairs = []
                for round_ in range(repeat):
                    first, second = (mock, ceiling) if round_ % 2 == 0 else (ceiling, mock)
                    a = measure(first, count, turns, modality, min_events)
                    b = measure(second, count, turns, modality, min_events)
                    pairs.append((a, b) if first is mock else (b, a))
                rows.append(_row(modality, count, pairs))
    return rows


def table(rows: list[dict[str, Any]]) -> Iterator[str]:
    yield (
        "| turns | sessions | server events | mock events/s | ceiling events/s | ratio (low-high)"
        " | mock events/CPU-s | ceiling events/CPU-s | ratio per CPU-s (low-high) |"
    )
    yield "|---|---|---|---|---|---|---|---|---|"
    for r in rows:
        yield (
            f"| {r['modality']} | {r['sessions']} | {r['events']:,} | {r['mock_per_s']:,.0f}"
            f" | {r['ceiling_per_s']:,.0f} | {r['ratio']:.0%} ({r['ratio_low']:.0%}-"
            f"{r['ratio_high']:.0%}) | {r['mock_per_cpu_s']:,.0f} | {r['ceiling_per_cpu_s']:,.0f}"
            f" | {r['cpu_ratio']:.0%} ({r['cpu_ratio_low']:.0%}-{r['cpu_ratio_high']:.0%}) |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 64])
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument(
        "--modality", choices=["text", "audio"], nargs="+", default=["text", "audio"]
    )
    parser.add_argument("--repeat", type=int, default=3, help="measurements of each row")
    parser.add_argument(
        "--min-events",
        type=int,
        default=4000,
        help="run a row's sessions again, one wave after another, until a measurement has"
        " about this many events (a single 20-turn text session has 311: too short to time)",
    )
    args = parser.parse_args()
    rows = run(tuple(args.sessions), args.turns, tuple(args.modality), args.repeat, args.min_events)
    for line in table(rows):
        print(line)


if __name__ == "__main__":
    main()
