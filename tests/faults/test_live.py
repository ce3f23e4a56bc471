"""Every fault kind over real loopback sockets (``mock.live()``, uvicorn), both SDKs.

A representative subset of the in-process matrix: the same assertions, but
the hang is a real stalled socket that only the client's timeout ends, the
disconnect and the stream cut are a real closed TCP connection, and the waits
are still recorded rather than slept. One live server serves the module; each
test starts from a reset mock.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from openai_kit.mockserver import MockServer, faults
from tests.faults._harness import (
    OPERATION,
    Cell,
    Harness,
    WaitRecorder,
    assert_waits,
    cell_id,
    error_class,
    iter_cells,
    server_wait,
)

pytestmark = pytest.mark.asyncio

ALL = list(iter_cells())
OPENAI = list(iter_cells(routes=("openai",)))
STREAMS = list(iter_cells(routes=("openai",), modes=("stream",)))
PLAINS = list(iter_cells(routes=("openai",), modes=("plain",)))
TIMEOUT = 0.15
SLACK = 2.0


@pytest.fixture(scope="module", params=["h11", "httptools"])
def server(request: pytest.FixtureRequest) -> Iterator[tuple[MockServer, str]]:
    """A live server per HTTP implementation: every fault must behave alike on both."""
    if request.param == "httptools":
        pytest.importorskip("httptools")
    mock = MockServer(seed=0)
    with mock.live(http=request.param) as url:
        yield mock, url


@pytest_asyncio.fixture
async def live(server: tuple[MockServer, str], waits: WaitRecorder) -> AsyncIterator[Harness]:
    mock, url = server
    mock.reset()
    mock.faults.clear()
    mock.faults.clock.reset()
    harness = Harness(mock, waits, live_url=url)
    try:
        yield harness
    finally:
        await harness.aclose()
        mock.faults.clear()
        mock.faults.clock.reset()


@pytest.mark.parametrize("cell", ALL, ids=cell_id)
async def test_live_transient_503(live: Harness, cell: Cell) -> None:
    live.mock.faults.add([faults.status(503), faults.status(503)], operation=OPERATION)
    chat = await live.chat(live.client(cell, max_retries=2), cell)
    assert chat.error is None
    assert chat.finish_reason == "stop"
    assert [e.status for e in live.attempts(cell)] == [503, 503, 200]
    assert live.retry_counts(cell) == ["0", "1", "2"]
    assert_waits(cell.sdk, live.waits.waits, list(live.responses[:2]))


@pytest.mark.parametrize("cell", ALL, ids=cell_id)
async def test_live_persistent_401(live: Harness, cell: Cell) -> None:
    live.mock.faults.add(faults.status(401), operation=OPERATION)
    with pytest.raises(error_class(cell.sdk, "AuthenticationError")) as info:
        await live.chat(live.client(cell, max_retries=2), cell)
    exc: Any = info.value
    assert exc.status_code == 401
    assert exc.request_id == live.attempts(cell)[-1].request_id
    assert exc.body == live.responses[-1].json()["error"]
    assert exc.code == ("invalid_api_key" if cell.route == "openai" else "401")
    assert len(live.attempts(cell)) == 1


@pytest.mark.parametrize("cell", OPENAI, ids=cell_id)
async def test_live_hang_is_a_stalled_socket(live: Harness, cell: Cell) -> None:
    live.mock.faults.add(faults.hang(), operation=OPERATION)
    client = live.client(cell, max_retries=1, timeout=TIMEOUT)
    started = time.perf_counter()
    with pytest.raises(error_class(cell.sdk, "APITimeoutError")):
        await live.chat(client, cell)
    elapsed = time.perf_counter() - started
    assert 2 * TIMEOUT * 0.9 <= elapsed < 2 * TIMEOUT + SLACK
    assert len(live.attempts(cell)) == 2
    assert_waits(cell.sdk, live.waits.waits, [None])


@pytest.mark.parametrize("cell", ALL, ids=cell_id)
async def test_live_disconnect_is_a_dropped_connection(live: Harness, cell: Cell) -> None:
    live.mock.faults.add(faults.disconnect(), operation=OPERATION)
    connection = error_class(cell.sdk, "APIConnectionError")
    with pytest.raises(connection) as info:
        await live.chat(live.client(cell, max_retries=2), cell)
    assert type(info.value) is connection
    assert len(live.attempts(cell)) == 3
    assert live.responses == []
    assert_waits(cell.sdk, live.waits.waits, [None, None])


@pytest.mark.parametrize("cell", OPENAI, ids=cell_id)
async def test_live_disconnect_once_recovers(live: Harness, cell: Cell) -> None:
    live.mock.faults.add(faults.disconnect(), operation=OPERATION, times=1)
    chat = await live.chat(live.client(cell, max_retries=1), cell)
    assert chat.finish_reason == "stop"
    assert live.retry_counts(cell) == ["0", "1"]


@pytest.mark.parametrize("cell", STREAMS, ids=cell_id)
async def test_live_stream_cut(live: Harness, cell: Cell) -> None:
    live.mock.faults.add(faults.stream_cut(2), operation=OPERATION)
    chat = await live.chat(live.client(cell, max_retries=2), cell)
    assert len(chat.chunks) == 2
    assert isinstance(chat.error, httpx.RemoteProtocolError)
    assert len(live.attempts(cell)) == 1


@pytest.mark.parametrize("cell", PLAINS, ids=cell_id)
async def test_live_cut_json_body(live: Harness, cell: Cell) -> None:
    live.mock.faults.add(faults.stream_cut(2), operation=OPERATION)
    connection = error_class(cell.sdk, "APIConnectionError")
    with pytest.raises(connection) as info:
        await live.chat(live.client(cell, max_retries=1), cell)
    assert type(info.value) is connection
    assert len(live.attempts(cell)) == 2


@pytest.mark.parametrize("cell", OPENAI, ids=cell_id)
async def test_live_malformed(live: Harness, cell: Cell) -> None:
    live.mock.faults.add(faults.malformed(), operation=OPERATION)
    client = live.client(cell, max_retries=2)
    if cell.stream:
        chat = await live.chat(client, cell)
        assert len(chat.chunks) == 1
        assert isinstance(chat.error, json.JSONDecodeError)
    else:
        # openai-kit wraps the undecodable body; the official 2.54 does not (see test_streams).
        expected = (
            error_class("kit", "APIResponseValidationError")
            if cell.sdk == "kit"
            else json.JSONDecodeError
        )
        with pytest.raises(expected):
            await live.chat(client, cell)
    assert len(live.attempts(cell)) == 1


@pytest.mark.parametrize("cell", OPENAI, ids=cell_id)
async def test_live_slow_stream_and_latency(live: Harness, cell: Cell) -> None:
    short: dict[str, Any] = {"max_completion_tokens": 5}
    expected = (await live.chat(live.client(cell, max_retries=0), cell, **short)).text
    live.mock.faults.add([faults.slow_stream(0.01), faults.latency(0.05)], operation=OPERATION)
    client = live.client(cell, max_retries=0, timeout=2.0)
    slow = await live.chat(client, cell, **short)
    started = time.perf_counter()
    late = await live.chat(client, cell, **short)
    assert time.perf_counter() - started >= 0.05
    assert slow.error is None
    assert late.error is None
    assert slow.text == late.text == expected
    assert [e.status for e in live.attempts(cell)] == [200, 200, 200]


@pytest.mark.parametrize("cell", ALL, ids=cell_id)
async def test_live_rate_limit(live: Harness, cell: Cell) -> None:
    clock = live.mock.faults.clock
    clock.freeze()
    live.waits.on_wait.append(clock.advance)
    live.mock.faults.add(faults.rate_limit(rpm=2), operation=OPERATION)
    client = live.client(cell, max_retries=1)
    for _ in range(3):
        assert (await live.chat(client, cell)).error is None
    assert [e.status for e in live.attempts(cell)] == [200, 200, 429, 200]
    remaining = [r.headers["x-ratelimit-remaining-requests"] for r in live.responses]
    assert remaining[:2] == ["1", "0"]
    asked = server_wait(live.responses[2].headers)
    assert asked == pytest.approx(30.0, abs=1.0)
    assert live.waits.waits == [pytest.approx(asked)]
