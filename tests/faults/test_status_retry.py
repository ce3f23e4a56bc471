"""``faults.status``, transient: 429/5xx then success, in every cell, both SDKs.

The journal shows each attempt (numbered by the SDK's retry header), the
waits are recorded instead of slept, and each equals what the failed response
asked for (``retry-after-ms`` / ``retry-after``) or else the normal back-off.
Where the official package legitimately differs (the longest Retry-After it
obeys) the test says so.
"""

from __future__ import annotations

import httpx
import pytest

from openai_kit.mockserver import MockServer, faults
from tests.faults._harness import (
    CELLS,
    OPERATION,
    Cell,
    Harness,
    assert_waits,
    backoff_bounds,
    cell_id,
    error_class,
)

pytestmark = pytest.mark.asyncio

TRANSIENT = [429, 500, 502, 503, 504]


@pytest.mark.parametrize("code", TRANSIENT)
@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_transient_status_then_success(
    harness: Harness, mock: MockServer, cell: Cell, code: int
) -> None:
    mock.faults.add([faults.status(code), faults.status(code)], operation=OPERATION)
    client = harness.client(cell, max_retries=2)
    chat = await harness.chat(client, cell)
    assert chat.error is None
    assert chat.text
    assert chat.finish_reason == "stop"
    assert [e.status for e in harness.attempts(cell)] == [code, code, 200]
    assert harness.retry_counts(cell) == ["0", "1", "2"]
    assert [r.status_code for r in harness.responses] == [code, code, 200]
    assert_waits(cell.sdk, harness.waits.waits, list(harness.responses[:2]))


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_none_in_a_sequence_answers_normally(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    """``[fault, None, fault]``: the second call is answered normally, the third fails again."""
    mock.faults.add([faults.status(503), None, faults.status(503)], operation=OPERATION)
    client = harness.client(cell, max_retries=0)
    internal = error_class(cell.sdk, "InternalServerError")
    with pytest.raises(internal):
        await harness.chat(client, cell)
    assert (await harness.chat(client, cell)).text
    with pytest.raises(internal):
        await harness.chat(client, cell)
    assert (await harness.chat(client, cell)).text
    assert [e.status for e in harness.attempts(cell)] == [503, 200, 503, 200]
    assert harness.waits.waits == []


@pytest.mark.parametrize("seconds", [1, 3, 7.5])
@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_retry_after_is_honoured(
    harness: Harness, mock: MockServer, cell: Cell, seconds: float
) -> None:
    mock.faults.add(faults.status(429, retry_after=seconds), operation=OPERATION, times=2)
    client = harness.client(cell, max_retries=2)
    chat = await harness.chat(client, cell)
    assert chat.text
    assert [e.status for e in harness.attempts(cell)] == [429, 429, 200]
    assert harness.waits.waits == [pytest.approx(seconds), pytest.approx(seconds)]
    for response in harness.responses[:2]:
        assert float(response.headers["retry-after"]) == pytest.approx(seconds)


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_retry_after_on_5xx_is_honoured(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    mock.faults.add(faults.status(503, retry_after=2), operation=OPERATION, times=1)
    client = harness.client(cell, max_retries=1)
    assert (await harness.chat(client, cell)).text
    assert harness.waits.waits == [pytest.approx(2.0)]


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_retry_after_between_the_two_caps(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    """Retry-After 90 s: openai-kit obeys up to 60 s and backs off normally above;
    the official 2.54 obeys up to 120 s (a documented difference)."""
    mock.faults.add(faults.status(429, retry_after=90), operation=OPERATION, times=1)
    client = harness.client(cell, max_retries=1)
    assert (await harness.chat(client, cell)).text
    assert harness.retry_counts(cell) == ["0", "1"]
    (wait,) = harness.waits.waits
    if cell.sdk == "openai":
        assert wait == pytest.approx(90.0)
    else:
        low, high = backoff_bounds(0)
        assert low <= wait <= high


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_retry_after_above_both_caps(harness: Harness, mock: MockServer, cell: Cell) -> None:
    """Retry-After 600 s: openai-kit retries after its normal back-off; the official
    2.54 refuses to retry at all (a documented difference) and raises the 429."""
    mock.faults.add(faults.status(429, retry_after=600), operation=OPERATION, times=1)
    client = harness.client(cell, max_retries=2)
    if cell.sdk == "kit":
        assert (await harness.chat(client, cell)).text
        assert [e.status for e in harness.attempts(cell)] == [429, 200]
        low, high = backoff_bounds(0)
        (wait,) = harness.waits.waits
        assert low <= wait <= high
    else:
        with pytest.raises(error_class(cell.sdk, "RateLimitError")):
            await harness.chat(client, cell)
        assert [e.status for e in harness.attempts(cell)] == [429]
        assert harness.waits.waits == []


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_fault_headers_reach_the_client(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    """``headers=`` are sent as given: ``x-should-retry: false`` stops both SDKs retrying a 503."""
    mock.faults.add(faults.status(503, headers={"x-should-retry": "false"}), operation=OPERATION)
    client = harness.client(cell, max_retries=2)
    with pytest.raises(error_class(cell.sdk, "InternalServerError")) as info:
        await harness.chat(client, cell)
    assert info.value.response.headers["x-should-retry"] == "false"  # type: ignore[attr-defined]
    assert len(harness.attempts(cell)) == 1
    assert harness.waits.waits == []


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_after_and_times(harness: Harness, mock: MockServer, cell: Cell) -> None:
    """``after=1, times=1``: the first call passes, the second fails once, retried to success."""
    mock.faults.add(faults.status(500), operation=OPERATION, after=1, times=1)
    client = harness.client(cell, max_retries=1)
    assert (await harness.chat(client, cell)).text
    assert (await harness.chat(client, cell)).text
    assert (await harness.chat(client, cell)).text
    assert [e.status for e in harness.attempts(cell)] == [200, 500, 200, 200]
    assert harness.retry_counts(cell) == ["0", "0", "1", "0"]
    assert len(harness.waits.waits) == 1


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_clear_removes_faults(harness: Harness, mock: MockServer, cell: Cell) -> None:
    mock.faults.add(faults.status(500), operation=OPERATION)
    mock.faults.clear()
    client = harness.client(cell, max_retries=0)
    assert (await harness.chat(client, cell)).text
    assert [e.status for e in harness.attempts(cell)] == [200]


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_probability_is_drawn_from_the_seed(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    """``probability=0.5``: which calls fail follows the server's seed, so every
    cell (either SDK, either route) sees the very same pattern as a fresh server."""
    expected = _pattern_of_a_fresh_server()
    assert True in expected and False in expected
    mock.faults.add(faults.status(500), operation=OPERATION, probability=0.5)
    client = harness.client(cell, max_retries=0)
    internal = error_class(cell.sdk, "InternalServerError")
    pattern: list[bool] = []
    for _ in range(len(expected)):
        try:
            await harness.chat(client, cell)
        except internal:
            pattern.append(True)
        else:
            pattern.append(False)
    assert pattern == expected


def _pattern_of_a_fresh_server(calls: int = 16) -> list[bool]:
    """Which of ``calls`` raw requests a seed-0 server fails at probability 0.5."""
    server = MockServer(seed=0)
    server.faults.add(faults.status(500), operation=OPERATION, probability=0.5)
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]}
    headers = {"Authorization": f"Bearer {server.api_key}"}
    with httpx.Client(transport=server.transport(), base_url="http://mock.test") as http:
        return [
            http.post("/v1/chat/completions", json=body, headers=headers).status_code == 500
            for _ in range(calls)
        ]
