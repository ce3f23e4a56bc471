"""CPU time the mock's ASGI app spends on one repeated chat completion, in process.

    .venv/bin/python benchmarks/mock_app_cpu.py [--calls N] [--rounds R]

No server, no client, no sockets: the app is called with a fixed ASGI scope
and body, the way uvicorn would call it, and the CPU time of the process
(``time.process_time``) is divided by the calls. CPU time rather than wall
time, so that other work on a shared machine moves the figure little; the
lowest round is reported with the median beside it. Run it at two commits
(``git worktree add``) to compare them; it measures, it judges nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openai_kit.mockserver import MockServer

__all__ = ["main", "measure"]

BODY = json.dumps(
    {
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "Say hello"},
        ],
    }
).encode()
HEADERS = [
    (b"host", b"127.0.0.1:8000"),
    (b"authorization", b"Bearer sk-test"),
    (b"content-type", b"application/json"),
    (b"content-length", str(len(BODY)).encode()),
]


def _scope() -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/chat/completions",
        "raw_path": b"/v1/chat/completions",
        "root_path": "",
        "query_string": b"",
        "headers": list(HEADERS),
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


async def _receive() -> dict[str, Any]:
    return {"type": "http.request", "body": BODY, "more_body": False}


async def _send(message: dict[str, Any]) -> None:
    return None


async def measure(calls: int, rounds: int) -> list[float]:
    """Microseconds of CPU per call, one figure per round (after a warm-up)."""
    app = MockServer(seed=0).app
    for _ in range(min(calls, 2000)):
        await app(_scope(), _receive, _send)
    figures = []
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(calls):
            await app(_scope(), _receive, _send)
        figures.append((time.process_time() - started) / calls * 1e6)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    figures = asyncio.run(measure(args.calls, args.rounds))
    print(
        f"mock app, repeated chat completion: {min(figures):.1f} µs CPU per call "
        f"(lowest of {args.rounds} rounds of {args.calls}; median {statistics.median(figures):.1f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
