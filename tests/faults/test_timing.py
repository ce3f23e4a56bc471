"""``hang``, ``latency`` and ``disconnect`` in every cell, both SDKs, in process.

A hang outlasts the client's (tiny) timeout, so the client sees its own
timeout: ``APITimeoutError`` after ``max_retries + 1`` attempts, and the call
ends soon after ``timeout * attempts`` (measured). A dropped connection is an
``APIConnectionError`` (exactly that class, not the timeout subclass) after
the retries; latency below the timeout only delays an answer that arrives whole.
The live variants (a real stalled socket, a real dropped connection) are in
``test_live.py``.
"""

from __future__ import annotations

import time

import pytest

from openai_kit.mockserver import MockServer, faults
from tests.faults._harness import (
    CELLS,
    OPERATION,
    Cell,
    Harness,
    assert_waits,
    cell_id,
    error_class,
)

pytestmark = pytest.mark.asyncio

TIMEOUT = 0.15
# Slack over timeout * attempts: thread hand-offs, a slow CI box. A hang past
# the timeout would blow well beyond it.
SLACK = 2.0


@pytest.mark.parametrize("max_retries", [0, 1])
@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_hang_ends_in_the_clients_timeout(
    harness: Harness, mock: MockServer, cell: Cell, max_retries: int
) -> None:
    mock.faults.add(faults.hang(), operation=OPERATION)
    client = harness.client(cell, max_retries=max_retries, timeout=TIMEOUT)
    attempts = max_retries + 1
    started = time.perf_counter()
    with pytest.raises(error_class(cell.sdk, "APITimeoutError")):
        await harness.chat(client, cell)
    elapsed = time.perf_counter() - started
    assert TIMEOUT * attempts * 0.9 <= elapsed < TIMEOUT * attempts + SLACK
    assert len(harness.attempts(cell)) == attempts
    assert harness.retry_counts(cell) == [str(n) for n in range(attempts)]
    assert harness.responses == []
    assert_waits(cell.sdk, harness.waits.waits, [None] * max_retries)


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_hang_once_then_the_retry_answers(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    mock.faults.add(faults.hang(), operation=OPERATION, times=1)
    client = harness.client(cell, max_retries=1, timeout=TIMEOUT)
    started = time.perf_counter()
    chat = await harness.chat(client, cell)
    assert time.perf_counter() - started < 2 * TIMEOUT + SLACK
    assert chat.error is None
    assert chat.finish_reason == "stop"
    assert harness.retry_counts(cell) == ["0", "1"]
    assert_waits(cell.sdk, harness.waits.waits, [None])


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_latency_below_the_timeout_delays_a_whole_answer(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    expected = (await harness.chat(harness.client(cell, max_retries=0), cell)).text
    mock.faults.add(faults.latency(0.05), operation=OPERATION)
    client = harness.client(cell, max_retries=0, timeout=5.0)
    started = time.perf_counter()
    chat = await harness.chat(client, cell)
    assert time.perf_counter() - started >= 0.05
    assert chat.error is None
    assert chat.text == expected
    assert chat.finish_reason == "stop"
    assert [e.status for e in harness.attempts(cell)] == [200, 200]


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_latency_above_the_timeout_times_out(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    mock.faults.add(faults.latency(5.0), operation=OPERATION)
    client = harness.client(cell, max_retries=0, timeout=TIMEOUT)
    started = time.perf_counter()
    with pytest.raises(error_class(cell.sdk, "APITimeoutError")):
        await harness.chat(client, cell)
    assert time.perf_counter() - started < TIMEOUT + SLACK
    assert len(harness.attempts(cell)) == 1


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_disconnect_exhausts_the_retries(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    mock.faults.add(faults.disconnect(), operation=OPERATION)
    client = harness.client(cell, max_retries=2)
    connection = error_class(cell.sdk, "APIConnectionError")
    with pytest.raises(connection) as info:
        await harness.chat(client, cell)
    assert type(info.value) is connection
    assert len(harness.attempts(cell)) == 3
    assert harness.retry_counts(cell) == ["0", "1", "2"]
    assert harness.responses == []
    assert_waits(cell.sdk, harness.waits.waits, [None, None])


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_disconnect_once_then_the_retry_answers(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    mock.faults.add([faults.disconnect()], operation=OPERATION)
    client = harness.client(cell, max_retries=1)
    chat = await harness.chat(client, cell)
    assert chat.error is None
    assert chat.finish_reason == "stop"
    assert harness.retry_counts(cell) == ["0", "1"]
    assert_waits(cell.sdk, harness.waits.waits, [None])


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_disconnect_without_retries(harness: Harness, mock: MockServer, cell: Cell) -> None:
    mock.faults.add(faults.disconnect(), operation=OPERATION)
    client = harness.client(cell, max_retries=0)
    with pytest.raises(error_class(cell.sdk, "APIConnectionError")):
        await harness.chat(client, cell)
    assert len(harness.attempts(cell)) == 1
    assert harness.waits.waits == []
