"""Assistants runs: streamed event parsing and a tool-call round trip, openai-kit vs the official package.

    .venv/bin/python benchmarks/assistants_bench.py                  default sizes (~1 min)
    .venv/bin/python benchmarks/assistants_bench.py --tiny           harness check, numbers meaningless
    .venv/bin/python benchmarks/assistants_bench.py --write benchmarks/README.md

- ``stream``: a streamed run recorded from the mock (``thread.run.created`` ...
  many ``thread.message.delta`` ... ``thread.run.completed``, then ``done``) is
  answered by an ``httpx.MockTransport``; each client iterates
  ``beta.threads.runs.create(..., stream=True)`` to the end. Events per second,
  sync and async; ``handler`` does the same through ``runs.stream`` with a bare
  ``AssistantEventHandler`` (snapshots kept, callbacks made).
- ``round trip``: in-process against the mock server, ``runs.create_and_poll``
  (to ``requires_action``) then ``runs.submit_tool_outputs_and_poll`` (to
  ``completed``); the polls' waits advance the mock's clock. Round trips per second.

Nothing here asserts a time; ``--write`` replaces only the block between
``<!-- assistants-bench:begin -->`` and ``<!-- assistants-bench:end -->``.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import openai

import openai_kit
from benchmarks._report import machine
from benchmarks._timing import Timing, run_async_cases, run_sync_cases
from benchmarks.plugin_overhead import write_section as _write_marked
from openai_kit.lib.streaming.assistants import AssistantEventHandler as KitHandler
from openai_kit.mockserver import MockServer

__all__ = ["BEGIN", "END", "Sizes", "main", "measure", "record_stream", "render"]

BEGIN = "<!-- assistants-bench:begin (written by benchmarks/assistants_bench.py --write) -->"
END = "<!-- assistants-bench:end -->"
KEY = "sk-bench-0123456789"
GOAL = 4.0
TOOL: Any = {
    "type": "function",
    "function": {
        "name": "lookup",
        "parameters": {
            "type": "object",
            "properties": {"query": {"type": "string"}},
            "required": ["query"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}


@dataclass(frozen=True)
class Sizes:
    words: int = 2000  # message length; the mock sends four words per delta event
    streams: int = 5
    round_trips: int = 20
    repeats: int = 7

    @classmethod
    def tiny(cls) -> Sizes:
        return cls(words=40, streams=1, round_trips=1, repeats=1)


def record_stream(words: int) -> tuple[bytes, int]:
    """A streamed run of ``words`` words as the mock sends it, and its number of events."""
    mock = MockServer(seed=1)
    auth = {"Authorization": f"Bearer {KEY}"}
    with httpx.Client(transport=mock.transport(), base_url="http://m/v1", headers=auth) as http:
        helper = http.post("/assistants", json={"model": "gpt-4o"}).json()
        thread = http.post("/threads", json={}).json()
        mock.script("beta.threads.runs.create", content=" ".join(["word"] * words))
        body = {"assistant_id": helper["id"], "stream": True}
        raw = http.post(f"/threads/{thread['id']}/runs", json=body).content
    return raw, raw.count(b"event: thread.")


def _transport(body: bytes) -> httpx.MockTransport:
    headers = {"content-type": "text/event-stream"}
    return httpx.MockTransport(lambda request: httpx.Response(200, headers=headers, content=body))


def _clients(body: bytes) -> dict[str, Any]:
    common: dict[str, Any] = {"api_key": KEY, "base_url": "http://m/v1", "max_retries": 0}
    return {
        "openai-kit": openai_kit.OpenAI(
            **common, http_client=httpx.Client(transport=_transport(body))
        ),
        "openai": openai.OpenAI(**common, http_client=httpx.Client(transport=_transport(body))),
    }


def _async_clients(body: bytes) -> dict[str, Any]:
    common: dict[str, Any] = {"api_key": KEY, "base_url": "http://m/v1", "max_retries": 0}
    transport = _transport(body)
    return {
        "openai-kit": openai_kit.AsyncOpenAI(
            **common, http_client=httpx.AsyncClient(transport=transport)
        ),
        "openai": openai.AsyncOpenAI(**common, http_client=httpx.AsyncClient(transport=transport)),
    }


def _count(events: int, expected: int) -> int:
    if events != expected:
        raise RuntimeError(f"a client parsed {events} of {expected} events")
    return events


def stream_cases(body: bytes, expected: int, streams: int) -> dict[str, Any]:
    cases: dict[str, Any] = {}
    for name, client in _clients(body).items():
        handler_cls = openai.AssistantEventHandler if name == "openai" else KitHandler

        def events(client: Any = client) -> int:
            total = 0
            for _ in range(streams):
                run = client.beta.threads.runs.create(
                    "thread_1", assistant_id="asst_1", stream=True
                )
                total += _count(sum(1 for _ in run), expected)
            return total

        def handled(client: Any = client, handler_cls: Any = handler_cls) -> int:
            total = 0
            for _ in range(streams):
                with client.beta.threads.runs.stream(
                    thread_id="thread_1", assistant_id="asst_1", event_handler=handler_cls()
                ) as stream:
                    total += _count(sum(1 for _ in stream), expected)
            return total

        cases[f"{name} events"] = events
        cases[f"{name} handler"] = handled
    return cases


def async_stream_cases(body: bytes, expected: int, streams: int) -> dict[str, Any]:
    cases: dict[str, Any] = {}
    for name, client in _async_clients(body).items():

        async def events(client: Any = client) -> int:
            total = 0
            for _ in range(streams):
                run = await client.beta.threads.runs.create(
                    "thread_1", assistant_id="asst_1", stream=True
                )
                total += _count(len([e async for e in run]), expected)
            return total

        cases[f"{name} events"] = events
    return cases


@contextmanager
def _official_waits_on(mock: MockServer) -> Iterator[None]:
    import openai._resource as resource

    class Clocked:
        sleep = staticmethod(mock.sleep)

    saved = resource.time
    resource.time = Clocked  # type: ignore[assignment]
    try:
        yield
    finally:
        resource.time = saved


def round_trip_cases(count: int) -> tuple[dict[str, Any], MockServer]:
    mock = MockServer(seed=2)
    mock.clock.freeze()
    openai_kit._base_client.SyncAPIClient._sleep = staticmethod(mock.sleep)  # type: ignore[method-assign]
    common: dict[str, Any] = {"api_key": KEY, "base_url": "http://m/v1", "max_retries": 0}
    clients = {
        "openai-kit": openai_kit.OpenAI(
            **common, http_client=httpx.Client(transport=mock.transport())
        ),
        "openai": openai.OpenAI(**common, http_client=httpx.Client(transport=mock.transport())),
    }
    cases: dict[str, Any] = {}
    for name, client in clients.items():
        helper = client.beta.assistants.create(model="gpt-4o", tools=[TOOL])

        def trip(client: Any = client, helper: Any = helper) -> int:
            for _ in range(count):
                thread = client.beta.threads.create(
                    messages=[{"role": "user", "content": "Look it up."}]
                )
                run = client.beta.threads.runs.create_and_poll(
                    thread_id=thread.id, assistant_id=helper.id
                )
                calls = run.required_action.submit_tool_outputs.tool_calls
                outputs = [{"tool_call_id": c.id, "output": "found"} for c in calls]
                done = client.beta.threads.runs.submit_tool_outputs_and_poll(
                    run_id=run.id, thread_id=thread.id, tool_outputs=outputs
                )
                if done.status != "completed":
                    raise RuntimeError(f"a round trip ended {done.status}")
            return count

        cases[name] = trip
    return cases, mock


def measure(sizes: Sizes) -> dict[str, dict[str, Timing]]:
    body, expected = record_stream(sizes.words)
    results = {
        "sync": run_sync_cases(stream_cases(body, expected, sizes.streams), repeats=sizes.repeats)
    }
    results["async"] = asyncio.run(
        run_async_cases(async_stream_cases(body, expected, sizes.streams), repeats=sizes.repeats)
    )
    cases, mock = round_trip_cases(sizes.round_trips)
    with _official_waits_on(mock):
        results["round trip"] = run_sync_cases(cases, repeats=sizes.repeats)
    results["_events"] = {"events": Timing(per_op=[1.0], ops_per_batch=expected)}
    return results


def _ratio(timings: dict[str, Timing], kit: str, official: str) -> float:
    return timings[kit].rate / timings[official].rate


def render(results: dict[str, dict[str, Timing]], where: Any, seconds: float, sizes: Sizes) -> str:
    events = results["_events"]["events"].ops_per_batch
    lines = [
        f"Run of {where.date}: {where.python}; {where.versions}.",
        f"CPU: {where.cpu}, {where.cores} cores. Load average (1/5/15 min) before the run "
        f"{where.load_before}; the whole run took {seconds:.0f} s.",
        "",
        f"Stream: {events} events per run ({sizes.words} words), {sizes.streams} runs per batch, "
        f"median of {sizes.repeats} batches. Round trip: {sizes.round_trips} per batch.",
        "",
        f"| case | openai-kit | openai | ratio | goal ≥ {GOAL:g}x |",
        "|---|---|---|---|---|",
    ]
    rows = [
        ("sync events (`runs.create(stream=True)`)", "sync", "events", "events/s"),
        ("sync `runs.stream` + `AssistantEventHandler`", "sync", "handler", "events/s"),
        ("async events (`runs.create(stream=True)`)", "async", "events", "events/s"),
    ]
    for label, group, kind, unit in rows:
        timings = results[group]
        ratio = _ratio(timings, f"openai-kit {kind}", f"openai {kind}")
        kit, official = timings[f"openai-kit {kind}"].rate, timings[f"openai {kind}"].rate
        met = "yes" if ratio >= GOAL else "**no**"
        lines.append(
            f"| {label} | {kit:,.0f} {unit} | {official:,.0f} {unit} | {ratio:.1f}x | {met} |"
        )
    trip = results["round trip"]
    ratio = _ratio(trip, "openai-kit", "openai")
    lines.append(
        f"| tool-call round trip (`create_and_poll` → `submit_tool_outputs_and_poll`), in-process mock "
        f"| {trip['openai-kit'].rate:,.1f}/s | {trip['openai'].rate:,.1f}/s | {ratio:.1f}x |  |"
    )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true", help="tiny sizes: checks the harness only")
    parser.add_argument("--write", type=Path, help="write the table into this markdown file")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", DeprecationWarning)  # the official Assistants API calls
    sizes = Sizes.tiny() if args.tiny else Sizes()
    where = machine()
    started = time.perf_counter()
    results = measure(sizes)
    section = render(results, where, time.perf_counter() - started, sizes)
    print(section)
    if args.write is not None:
        intro = (
            "## Assistants runs (issue 16)\n\nStreamed run events parsed, and tool-call round trips,"
            " written by `benchmarks/assistants_bench.py --write`.\n\n"
        )
        _write_marked(args.write, section, markers=(BEGIN, END), intro=intro)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
