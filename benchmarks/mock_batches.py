"""The mock's batches and webhooks: a big batch against the same lines sent directly.

    .venv/bin/python benchmarks/mock_batches.py                  10,000 lines, 2,000 events
    .venv/bin/python benchmarks/mock_batches.py --lines 1000 --events 200
    .venv/bin/python benchmarks/mock_batches.py --tiny           harness check, numbers meaningless

**Batch.** N chat-completion lines (each question carries its number, so no two
bodies are the same), in process through the mock's own httpx transport: the
input file uploaded, ``POST /v1/batches``, the clock advanced past the batch's
run (every line executed by the chat handler then), the batch retrieved and its
output file downloaded. The same N bodies sent as N direct
``POST /v1/chat/completions`` calls through the same transport are the
comparison (each side on a fresh server with a seed of its own, so neither
meets answers the other left in a cache). Time and lines per second, and the
ratio batch / direct.

**Webhooks.** M events emitted at once, delivered in one tick to a Python
callable and to a loopback HTTP receiver (uvicorn, h11); deliveries per second.

Nothing here asserts a time: the script measures and prints a Markdown report.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._live import serve_in_thread

__all__ = ["BatchTiming", "bench_batch", "bench_direct", "bench_webhooks", "main"]

_AUTH = {"Authorization": "Bearer sk-bench"}
_BASE = "http://bench.invalid"


@dataclass(frozen=True)
class BatchTiming:
    lines: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.lines / self.seconds if self.seconds else float("inf")


def _bodies(count: int) -> list[dict[str, Any]]:
    return [
        {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": f"Question {i}?"}]}
        for i in range(count)
    ]


def _client(mock: MockServer) -> httpx.Client:
    return httpx.Client(transport=mock.transport(), base_url=_BASE, headers=_AUTH, timeout=None)


def bench_batch(count: int, seed: int = 1) -> BatchTiming:
    """From the input file's upload to the downloaded output of ``count`` lines."""
    mock = MockServer(seed=seed)
    lines = [
        json.dumps(
            {"custom_id": f"r{i}", "method": "POST", "url": "/v1/chat/completions", "body": b}
        )
        for i, b in enumerate(_bodies(count))
    ]
    data = ("\n".join(lines) + "\n").encode()
    with _client(mock) as http:
        started = time.perf_counter()
        uploaded = http.post(
            "/v1/files", files={"file": ("in.jsonl", data)}, data={"purpose": "batch"}
        )
        batch = http.post(
            "/v1/batches",
            json={
                "input_file_id": uploaded.json()["id"],
                "endpoint": "/v1/chat/completions",
                "completion_window": "24h",
            },
        ).json()
        mock.advance(3600)
        done = http.get(f"/v1/batches/{batch['id']}").json()
        output = http.get(f"/v1/files/{done['output_file_id']}/content").content
        seconds = time.perf_counter() - started
    assert done["request_counts"]["completed"] == count, done["request_counts"]
    assert output.count(b"\n") == count
    return BatchTiming(count, seconds)


def bench_direct(count: int, seed: int = 2) -> BatchTiming:
    """The same bodies as ``count`` direct chat completion calls."""
    mock = MockServer(seed=seed)
    bodies = [json.dumps(b).encode() for b in _bodies(count)]
    headers = {"content-type": "application/json"}
    with _client(mock) as http:
        started = time.perf_counter()
        for body in bodies:
            http.post("/v1/chat/completions", content=body, headers=headers).raise_for_status()
        seconds = time.perf_counter() - started
    return BatchTiming(count, seconds)


def _emit_and_deliver(mock: MockServer, events: int) -> float:
    for i in range(events):
        mock.state.emit("batch.completed", {"id": f"batch_{i}"})
    started = time.perf_counter()
    mock.advance(0)
    seconds = time.perf_counter() - started
    delivered = [d for d in mock.webhooks.deliveries() if d["status"] == "delivered"]
    assert len(delivered) == events, len(delivered)
    return seconds


def bench_webhooks(events: int) -> dict[str, BatchTiming]:
    """Deliveries per second to a Python callable and to a loopback HTTP receiver."""
    secret = "whsec_YmVuY2gtc2VjcmV0"
    results: dict[str, BatchTiming] = {}

    def inbox(body: bytes, headers: Mapping[str, str]) -> int:
        return 200

    callable_mock = MockServer(seed=0)
    callable_mock.webhooks.add(inbox, secret=secret)
    results["Python callable"] = BatchTiming(events, _emit_and_deliver(callable_mock, events))

    async def receiver(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    http_mock = MockServer(seed=0)
    with serve_in_thread(receiver) as url:
        http_mock.webhooks.add(url + "/hook", secret=secret)
        results["HTTP, loopback uvicorn receiver"] = BatchTiming(
            events, _emit_and_deliver(http_mock, events)
        )
    return results


def report(lines: int, events: int) -> str:
    direct = bench_direct(lines)
    batch = bench_batch(lines)
    hooks = bench_webhooks(events)
    out = [
        f"### Batch of {lines:,} chat completion lines, in process",
        "",
        "| path | time | lines/s |",
        "|---|---:|---:|",
        f"| batch: upload, create, run, retrieve, download | {batch.seconds:.2f} s | {batch.per_second:,.0f} |",
        f"| the same lines as direct calls | {direct.seconds:.2f} s | {direct.per_second:,.0f} |",
        "",
        f"Batch / direct: {batch.seconds / direct.seconds:.2f}x (goal: at most 1.5x).",
        "",
        f"### Webhook deliveries ({events:,} events, one tick)",
        "",
        "| target | time | deliveries/s |",
        "|---|---:|---:|",
    ]
    out += [f"| {name} | {t.seconds:.2f} s | {t.per_second:,.0f} |" for name, t in hooks.items()]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--lines", type=int, default=10_000)
    p.add_argument("--events", type=int, default=2_000)
    p.add_argument("--tiny", action="store_true", help="10 lines, 10 events")
    args = p.parse_args(argv)
    if args.tiny:
        args.lines, args.events = 10, 10
    print(report(args.lines, args.events))
    return 0


if __name__ == "__main__":
    sys.exit(main())
