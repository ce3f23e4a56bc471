"""``faults.rate_limit``: token buckets the SDKs run into, in every cell, both SDKs.

The fault book's clock is frozen and the wait recorder advances it by every
wait a client asks for, so the bucket refills exactly as much as the client
"slept": a retry after the server's ``retry-after`` finds room, without any
real sleeping.
"""

from __future__ import annotations

from typing import Any

import pytest

from openai_kit.mockserver import MockServer, faults
from tests.faults._harness import (
    CELLS,
    OPERATION,
    Cell,
    Harness,
    cell_id,
    error_class,
    server_wait,
)

pytestmark = pytest.mark.asyncio


def clock_follows_the_client(harness: Harness, mock: MockServer) -> None:
    clock = mock.faults.clock
    clock.freeze()
    harness.waits.on_wait.append(clock.advance)


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_rpm_third_call_waits_for_the_bucket(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    clock_follows_the_client(harness, mock)
    mock.faults.add(faults.rate_limit(rpm=2), operation=OPERATION)
    client = harness.client(cell, max_retries=1)
    for _ in range(3):
        chat = await harness.chat(client, cell)
        assert chat.error is None
        assert chat.finish_reason == "stop"
    assert [e.status for e in harness.attempts(cell)] == [200, 200, 429, 200]
    assert harness.retry_counts(cell) == ["0", "0", "0", "1"]
    first, second, limited, retried = harness.responses
    assert first.headers["x-ratelimit-limit-requests"] == "2"
    assert first.headers["x-ratelimit-remaining-requests"] == "1"
    assert second.headers["x-ratelimit-remaining-requests"] == "0"
    assert limited.headers["x-ratelimit-remaining-requests"] == "0"
    # One request refills every 30 s at 2 RPM: that is the wait asked for and obeyed.
    asked = server_wait(limited.headers)
    assert asked == pytest.approx(30.0, abs=1.0)
    assert harness.waits.waits == [pytest.approx(asked)]
    if cell.route == "azure":
        assert "retry-after-ms" in limited.headers
    assert "retry-after" in limited.headers
    assert retried.headers["x-ratelimit-remaining-requests"] == "0"


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_rpm_without_retries_raises_the_429(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    clock_follows_the_client(harness, mock)
    mock.faults.add(faults.rate_limit(rpm=2), operation=OPERATION)
    client = harness.client(cell, max_retries=0)
    await harness.chat(client, cell)
    await harness.chat(client, cell)
    with pytest.raises(error_class(cell.sdk, "RateLimitError")) as info:
        await harness.chat(client, cell)
    exc: Any = info.value
    assert exc.status_code == 429
    assert exc.request_id == harness.attempts(cell)[-1].request_id
    if cell.route == "openai":
        assert exc.code == "rate_limit_exceeded"
        assert exc.type == "requests"
        assert "Limit 2" in exc.message
    else:
        assert exc.code == "429"
        assert "call rate limit" in exc.message
    assert float(exc.response.headers["retry-after"]) == pytest.approx(30.0, abs=1.0)
    assert harness.waits.waits == []
    # Once the bucket has refilled (the clock moved 30 s), the next call goes through.
    mock.faults.clock.advance(30.0)
    assert (await harness.chat(client, cell)).text


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_tpm_counts_down_and_limits(harness: Harness, mock: MockServer, cell: Cell) -> None:
    clock_follows_the_client(harness, mock)
    mock.faults.add(faults.rate_limit(tpm=250), operation=OPERATION)
    client = harness.client(cell, max_retries=1)
    for _ in range(3):
        chat = await harness.chat(client, cell, max_completion_tokens=100)
        assert chat.error is None
    statuses = [e.status for e in harness.attempts(cell)]
    assert statuses == [200, 200, 429, 200]
    remaining = [int(r.headers["x-ratelimit-remaining-tokens"]) for r in harness.responses[:2]]
    assert all(r.headers["x-ratelimit-limit-tokens"] == "250" for r in harness.responses)
    assert 250 > remaining[0] > remaining[1] >= 0
    limited = harness.responses[2]
    asked = server_wait(limited.headers)
    assert asked is not None
    assert 0 < asked <= 60
    assert harness.waits.waits == [pytest.approx(asked)]


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_request_larger_than_the_bucket(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    """A request that can never fit is a 429 with no wait: both SDKs still retry
    it (the status decides) with the normal back-off, and then raise it."""
    clock_follows_the_client(harness, mock)
    mock.faults.add(faults.rate_limit(tpm=50), operation=OPERATION)
    client = harness.client(cell, max_retries=1)
    with pytest.raises(error_class(cell.sdk, "RateLimitError")):
        await harness.chat(client, cell, max_completion_tokens=100)
    assert [e.status for e in harness.attempts(cell)] == [429, 429]
    assert len(harness.waits.waits) == 1
