"""In-process cost of the mock, and where its time goes.

:func:`bench_inprocess` times the openai-kit SDK calling the mock through its
own transport (``mock.client()`` / ``mock.async_client()``) against the same
SDK calling an ``httpx.MockTransport`` that returns the mock's answer as a
fixed body: the difference is what the mock itself costs per call (its app
and its transport). One more row calls the mock's ASGI app and the live
benchmark's ceiling (the minimal Starlette app) directly, with the scope
uvicorn makes for the load generator's request: what each app costs, no
server and no SDK around it. Timing goes through ``benchmarks._timing`` (warm-up,
then alternating batches, medians).

:func:`profile_mock` runs N requests through ``AsyncMockTransport`` (the app
runs on the caller's loop, so cProfile sees it; the sync transport runs the
app on a thread of its own) and lists the hot spots as ``file:line``.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import sysconfig
from collections.abc import Iterator
from contextlib import AsyncExitStack, ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks._mock_payloads import (
    AUTH_HEADER,
    CHAT_PATH,
    CHAT_REQUEST,
    Answers,
    request_body,
    split_events,
)
from benchmarks._mock_serve import ceiling_app
from benchmarks._timing import AsyncCase, SyncCase, Timing, run_async_cases, run_sync_cases
from openai_kit import AsyncOpenAI, OpenAI
from openai_kit.mockserver import MockServer

__all__ = [
    "ASGI_ROW",
    "FIXED",
    "MOCK",
    "Hotspot",
    "InprocessConfig",
    "InprocessRow",
    "Profile",
    "asgi_case",
    "bench_inprocess",
    "profile_mock",
]

MOCK, FIXED = "mock", "fixed"
ASGI_ROW = "ASGI app alone, chat completion (mock app / minimal Starlette app)"
_BASE_URL = "http://fixed.invalid/v1"
_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class InprocessConfig:
    calls: int = 200  # chat calls per batch
    streams: int = 40  # streams per batch
    repeats: int = 7
    warmup: int = 1

    @classmethod
    def tiny(cls) -> InprocessConfig:
        return cls(calls=3, streams=2, repeats=2, warmup=1)


@dataclass(frozen=True)
class InprocessRow:
    label: str
    timings: dict[str, Timing]  # MOCK and FIXED, seconds per call


def _fixed_client(answers: Answers) -> OpenAI:
    events = split_events(answers.sse_body)

    def handler(request: httpx.Request) -> httpx.Response:
        if b'"stream":true' in request.content:
            # one event at a time, as a server flushing per event sends them
            return httpx.Response(
                200, headers={"content-type": "text/event-stream"}, content=iter(events)
            )
        return httpx.Response(
            200, headers={"content-type": "application/json"}, content=answers.json_body
        )

    return OpenAI(
        api_key="sk-fixed",
        base_url=_BASE_URL,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )


def _fixed_async_client(answers: Answers) -> AsyncOpenAI:
    async def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, headers={"content-type": "application/json"}, content=answers.json_body
        )

    transport = httpx.MockTransport(handler)
    return AsyncOpenAI(
        api_key="sk-fixed", base_url=_BASE_URL, http_client=httpx.AsyncClient(transport=transport)
    )


def _chat_case(client: OpenAI, calls: int, expected: str) -> SyncCase:
    def case() -> int:
        for _ in range(calls):
            completion = client.chat.completions.create(**CHAT_REQUEST)
        if completion.choices[0].message.content != expected:
            raise RuntimeError("an in-process client returned another completion")
        return calls

    return case


def _stream_case(client: OpenAI, streams: int, expected_chunks: int) -> SyncCase:
    def case() -> int:
        for _ in range(streams):
            chunks = 0
            stream = client.chat.completions.create(
                **CHAT_REQUEST, stream=True, stream_options={"include_usage": True}
            )
            for _chunk in stream:
                chunks += 1
            if chunks != expected_chunks:
                raise RuntimeError(f"a stream gave {chunks} chunks, not {expected_chunks}")
        return streams

    return case


def _async_chat_case(client: AsyncOpenAI, calls: int, expected: str) -> AsyncCase:
    async def case() -> int:
        for _ in range(calls):
            completion = await client.chat.completions.create(**CHAT_REQUEST)
        if completion.choices[0].message.content != expected:
            raise RuntimeError("an in-process client returned another completion")
        return calls

    return case


def _expected_content(answers: Answers) -> str:
    import json

    content: str = json.loads(answers.json_body)["choices"][0]["message"]["content"]
    return content


def _asgi_scope(body: bytes) -> dict[str, Any]:
    """The scope uvicorn gives an app for the load generator's request."""
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "scheme": "http",
        "method": "POST",
        "root_path": "",
        "path": CHAT_PATH,
        "raw_path": CHAT_PATH.encode(),
        "query_string": b"",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (AUTH_HEADER[0].lower().encode(), AUTH_HEADER[1].encode()),
        ],
        "state": {},
    }


def asgi_case(app: Any, calls: int, expected: bytes) -> AsyncCase:
    """``calls`` ASGI calls of ``app`` with the benchmark's request, as uvicorn would make them."""
    body = request_body(stream=False)
    message = {"type": "http.request", "body": body, "more_body": False}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return message

    async def send(reply: dict[str, Any]) -> None:
        sent.append(reply)

    async def case() -> int:
        for _ in range(calls):
            sent.clear()
            await app(_asgi_scope(body), receive, send)
        if sent[0]["status"] != 200 or len(sent[1]["body"]) != len(expected):
            raise RuntimeError("an app gave another answer")
        return calls

    return case


def bench_inprocess(answers: Answers, config: InprocessConfig) -> list[InprocessRow]:
    """Per call: the SDK through the mock's transport vs through a fixed-body MockTransport."""
    expected = _expected_content(answers)
    rows: list[InprocessRow] = []
    with ExitStack() as stack:
        mock_client = stack.enter_context(MockServer(seed=0).client())
        fixed_client = stack.enter_context(_fixed_client(answers))
        chat: dict[str, SyncCase] = {
            MOCK: _chat_case(mock_client, config.calls, expected),
            FIXED: _chat_case(fixed_client, config.calls, expected),
        }
        timings = run_sync_cases(chat, repeats=config.repeats, warmup=config.warmup)
        rows.append(InprocessRow("chat completion, sync", timings))

        async def run_async() -> dict[str, Timing]:
            async with AsyncExitStack() as astack:
                mock_async = await astack.enter_async_context(MockServer(seed=0).async_client())
                fixed_async = await astack.enter_async_context(_fixed_async_client(answers))
                cases: dict[str, AsyncCase] = {
                    MOCK: _async_chat_case(mock_async, config.calls, expected),
                    FIXED: _async_chat_case(fixed_async, config.calls, expected),
                }
                return await run_async_cases(cases, repeats=config.repeats, warmup=config.warmup)

        rows.append(InprocessRow("chat completion, async", asyncio.run(run_async())))

        async def run_asgi() -> dict[str, Timing]:
            cases: dict[str, AsyncCase] = {
                MOCK: asgi_case(MockServer(seed=0).app, config.calls, answers.json_body),
                FIXED: asgi_case(ceiling_app(answers), config.calls, answers.json_body),
            }
            return await run_async_cases(cases, repeats=config.repeats, warmup=config.warmup)

        rows.append(InprocessRow(ASGI_ROW, asyncio.run(run_asgi())))
        chunks = answers.data_events
        streams: dict[str, SyncCase] = {
            MOCK: _stream_case(mock_client, config.streams, chunks),
            FIXED: _stream_case(fixed_client, config.streams, chunks),
        }
        timings = run_sync_cases(streams, repeats=config.repeats, warmup=config.warmup)
        rows.append(InprocessRow(f"chat stream of {chunks} chunks, sync", timings))
    return rows


@dataclass(frozen=True)
class Hotspot:
    where: str  # file:line(function), paths relative to the repository or site-packages
    calls: int
    own_ms: float
    cumulative_ms: float


@dataclass(frozen=True)
class Profile:
    label: str
    requests: int
    seconds: float  # profiled wall time (cProfile's overhead included)
    app_ms: float  # cumulative time inside the app's run (``_AppRun.run``)
    by_own_time: list[Hotspot]
    mock_by_cumulative: list[Hotspot]


def _short(filename: str) -> str:
    prefixes = [
        str(_ROOT) + "/",
        sysconfig.get_paths()["purelib"] + "/",
        sysconfig.get_paths()["platlib"] + "/",
        sysconfig.get_paths()["stdlib"] + "/",
    ]
    for prefix in sorted(prefixes, key=len, reverse=True):
        if filename.startswith(prefix):
            return filename[len(prefix) :]
    return filename


def _hotspots(stats: pstats.Stats, *, key: int, keep: str | None, top: int) -> list[Hotspot]:
    entries: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]
    rows: Iterator[Hotspot] = (
        Hotspot(f"{_short(file)}:{line}({func})", int(value[1]), value[2] * 1e3, value[3] * 1e3)
        for (file, line, func), value in entries.items()
        if keep is None or keep in file
    )
    ordered = sorted(rows, key=lambda h: h.own_ms if key == 2 else h.cumulative_ms, reverse=True)
    return ordered[:top]


def profile_mock(*, stream: bool, requests: int = 500, top: int = 15) -> Profile:
    """cProfile ``requests`` ASGI calls of the mock's app through its async transport.

    The requests go straight to ``AsyncMockTransport.handle_async_request``
    (no ``httpx.AsyncClient`` around it), so what is listed is the mock's
    transport and app, plus the event loop they run on.
    """
    profiler = cProfile.Profile()
    body = request_body(stream=stream)
    headers = {AUTH_HEADER[0]: AUTH_HEADER[1], "Content-Type": "application/json"}
    # one request object, sent again and again: no URL parsing in the profile
    request = httpx.Request(
        "POST", f"http://mock.invalid{CHAT_PATH}", content=body, headers=headers
    )

    async def run() -> float:
        transport = MockServer(seed=0).async_transport()

        async def one() -> None:
            response = await transport.handle_async_request(request)
            await response.aread()
            if response.status_code != 200:
                raise RuntimeError(f"the mock answered {response.status_code}")

        for _ in range(min(50, requests)):
            await one()
        loop = asyncio.get_running_loop()
        started = loop.time()
        profiler.enable()
        for _ in range(requests):
            await one()
        profiler.disable()
        return loop.time() - started

    seconds = asyncio.run(run())
    stats = pstats.Stats(profiler)
    app = _hotspots(stats, key=3, keep="mockserver/_transport.py", top=50)
    app_ms = next((h.cumulative_ms for h in app if h.where.endswith("(run)")), 0.0)
    return Profile(
        label="chat stream" if stream else "chat completion",
        requests=requests,
        seconds=seconds,
        app_ms=app_ms,
        by_own_time=_hotspots(stats, key=2, keep=None, top=top),
        mock_by_cumulative=_hotspots(stats, key=3, keep="mockserver/", top=top),
    )
