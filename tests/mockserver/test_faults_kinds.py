"""Every fault kind on the wire: in process (sync and async transports) and live (uvicorn).

Each test runs in four ways: the sync and async in-process transports, and a
sync and an async httpx client against ``mock.live()``. A hang must end with
the client's own read timeout, a disconnect and a stream cut must look like a
dropped connection (``httpx.RemoteProtocolError``), in every one of them.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import pytest_asyncio

from openai_kit.mockserver import MockServer, faults
from tests.mockserver.conftest import AUTH, NOW

pytestmark = pytest.mark.asyncio

MODES = ["sync", "async", "live-sync", "live-async"]
CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hi"}]}
STREAM = {**CHAT, "stream": True}
PATH = "/v1/chat/completions"


@dataclass
class Outcome:
    """What a client saw: status and headers (if any), body chunks, and the error that ended it."""

    status: int | None = None
    headers: httpx.Headers | None = None
    chunks: list[bytes] = field(default_factory=list)
    error: Exception | None = None
    elapsed: float = 0.0

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)

    @property
    def events(self) -> list[str]:
        return [line for line in self.body.decode().split("\n") if line.startswith("data: ")]


def _read_timeout(seconds: float) -> httpx.Timeout:
    """A client timeout of ``seconds`` for reading only: a busy machine may take longer
    than that to connect, and the tests time the read."""
    return httpx.Timeout(5.0, read=seconds)


@dataclass
class Target:
    mode: str
    mock: MockServer
    base_url: str

    async def fetch(self, body: Any, *, timeout: float | httpx.Timeout = 5.0) -> Outcome:
        """POST ``body`` to chat completions and read the answer to its end (or error)."""
        live = self.mode.startswith("live")
        outcome = Outcome()
        started = time.monotonic()
        kwargs: dict[str, Any] = {"base_url": self.base_url, "timeout": timeout}
        try:
            if self.mode.endswith("async"):
                transport = None if live else self.mock.async_transport()
                async with (
                    httpx.AsyncClient(transport=transport, **kwargs) as client,
                    client.stream("POST", PATH, json=body, headers=AUTH) as response,
                ):
                    outcome.status, outcome.headers = response.status_code, response.headers
                    async for chunk in response.aiter_raw():
                        outcome.chunks.append(chunk)
            else:
                sync_transport = None if live else self.mock.transport()
                with (
                    httpx.Client(transport=sync_transport, **kwargs) as client,
                    client.stream("POST", PATH, json=body, headers=AUTH) as response,
                ):
                    outcome.status, outcome.headers = response.status_code, response.headers
                    for chunk in response.iter_raw():
                        outcome.chunks.append(chunk)
        except httpx.HTTPError as exc:
            outcome.error = exc
        outcome.elapsed = time.monotonic() - started
        return outcome


@pytest_asyncio.fixture(params=MODES)
async def target(request: pytest.FixtureRequest) -> AsyncIterator[Target]:
    mock = MockServer(seed=0, clock=lambda: NOW)
    mode: str = request.param
    if mode.startswith("live"):
        with mock.live() as url:
            yield Target(mode, mock, url)
    else:
        yield Target(mode, mock, "http://mock.test")


async def test_status(target: Target) -> None:
    target.mock.faults.add(faults.status(503))
    outcome = await target.fetch(CHAT)
    assert outcome.status == 503
    assert json.loads(outcome.body)["error"]["type"] == "server_error"


async def test_hang_ends_with_the_clients_read_timeout(target: Target) -> None:
    target.mock.faults.add(faults.hang())
    outcome = await target.fetch(CHAT, timeout=_read_timeout(0.1))
    assert isinstance(outcome.error, httpx.ReadTimeout)
    assert outcome.status is None
    assert 0.09 <= outcome.elapsed < 2.0
    entry = target.mock.requests.last
    assert entry.status is None
    assert entry.fault["kind"] == "hang"  # type: ignore[attr-defined]


async def test_a_hang_does_not_keep_the_server_busy(target: Target) -> None:
    target.mock.faults.add(faults.hang(), times=1)
    hung = await target.fetch(CHAT, timeout=_read_timeout(0.05))
    assert isinstance(hung.error, httpx.ReadTimeout)
    assert (await target.fetch(CHAT)).status == 200


async def test_disconnect_drops_the_connection_before_a_response(target: Target) -> None:
    target.mock.faults.add(faults.disconnect(), times=1)
    outcome = await target.fetch(CHAT)
    assert isinstance(outcome.error, httpx.RemoteProtocolError)
    assert "without sending a response" in str(outcome.error)
    assert outcome.status is None
    assert target.mock.requests.last.status is None
    assert (await target.fetch(CHAT)).status == 200


async def test_stream_cut_ends_without_done(target: Target) -> None:
    target.mock.faults.add(faults.stream_cut(2))
    outcome = await target.fetch(STREAM)
    assert outcome.status == 200
    assert outcome.headers is not None
    assert outcome.headers["content-type"].startswith("text/event-stream")
    assert isinstance(outcome.error, httpx.RemoteProtocolError)
    assert len(outcome.events) == 2
    assert "data: [DONE]" not in outcome.events
    for event in outcome.events:
        assert json.loads(event.removeprefix("data: "))["object"] == "chat.completion.chunk"


async def test_stream_cut_of_a_json_body_stops_half_way(target: Target) -> None:
    target.mock.faults.add(faults.stream_cut(0))
    outcome = await target.fetch(CHAT)
    assert outcome.status == 200
    assert outcome.headers is not None
    assert isinstance(outcome.error, httpx.RemoteProtocolError)
    assert 0 < len(outcome.body) < int(outcome.headers["content-length"])


async def test_malformed_json(target: Target) -> None:
    target.mock.faults.add(faults.malformed())
    outcome = await target.fetch(CHAT)
    assert outcome.error is None
    assert outcome.status == 200
    assert outcome.headers is not None
    assert outcome.headers["content-type"] == "application/json"
    assert outcome.body.startswith(b'{"id":"chatcmpl-')
    with pytest.raises(json.JSONDecodeError):
        json.loads(outcome.body)


async def test_malformed_stream(target: Target) -> None:
    target.mock.faults.add(faults.malformed())
    outcome = await target.fetch(STREAM)
    assert outcome.error is None
    first, broken, done = outcome.events
    assert json.loads(first.removeprefix("data: "))["object"] == "chat.completion.chunk"
    with pytest.raises(json.JSONDecodeError):
        json.loads(broken.removeprefix("data: "))
    assert done == "data: [DONE]"


async def test_slow_stream_waits_before_every_event(target: Target) -> None:
    target.mock.script("chat.completions.create", chunks=[{"n": 1}, {"n": 2}])
    target.mock.faults.add(faults.slow_stream(0.04))
    outcome = await target.fetch(STREAM)
    assert outcome.error is None
    assert outcome.events == ['data: {"n":1}', 'data: {"n":2}', "data: [DONE]"]
    assert outcome.elapsed >= 0.12


async def test_slow_stream_past_the_read_timeout(target: Target) -> None:
    target.mock.faults.add(faults.slow_stream(1.0))
    outcome = await target.fetch(STREAM, timeout=_read_timeout(0.1))
    assert outcome.status == 200
    assert isinstance(outcome.error, httpx.ReadTimeout)
    assert outcome.elapsed < 1.0


async def test_slow_json_body(target: Target) -> None:
    target.mock.faults.add(faults.slow_stream(0.05))
    outcome = await target.fetch(CHAT)
    assert outcome.error is None
    assert json.loads(outcome.body)["object"] == "chat.completion"
    assert outcome.elapsed >= 0.05


async def test_latency(target: Target) -> None:
    target.mock.faults.add(faults.latency(0.05), times=1)
    outcome = await target.fetch(CHAT)
    assert outcome.status == 200
    assert outcome.elapsed >= 0.05
    target.mock.faults.add(faults.latency(1.0), times=1)
    late = await target.fetch(CHAT, timeout=_read_timeout(0.1))
    assert isinstance(late.error, httpx.ReadTimeout)
    assert late.elapsed < 1.0
