"""The matrix without faults: every cell answers whole, and the harness itself is sound.

These pin what the fault tests take for granted: each cell's client reaches the
mock on the intended route, the journal sees one attempt numbered 0, and the
wait recorder catches the retry waits of both SDKs (checked here with a
scripted 500, which needs no fault API).
"""

from __future__ import annotations

import pytest

from openai_kit.mockserver import MockServer
from tests.faults._harness import (
    CELLS,
    OPERATION,
    Cell,
    Harness,
    WaitRecorder,
    backoff_bounds,
    cell_id,
)

pytestmark = pytest.mark.asyncio


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_every_cell_answers_whole(harness: Harness, cell: Cell) -> None:
    client = harness.client(cell, max_retries=0)
    chat = await harness.chat(client, cell)
    assert chat.error is None
    assert chat.text
    assert chat.finish_reason == "stop"
    if cell.stream:
        assert len(chat.chunks) > 2
    assert harness.retry_counts(cell) == ["0"]
    entry = harness.attempts(cell)[0]
    assert entry.status == 200
    assert bool(entry.json.get("stream")) is cell.stream
    if cell.route == "azure":
        # Key auth on Azure: both SDKs send ``api-key`` only (the official 2.54 no
        # longer adds ``Authorization: Bearer <key>``, whatever the README's table says).
        assert entry.headers["api-key"] == "<redacted>"
        assert "authorization" not in entry.headers
    else:
        assert entry.headers["authorization"] == "Bearer <redacted>"
    assert harness.waits.waits == []


@pytest.mark.parametrize("cell", CELLS, ids=cell_id)
async def test_recorder_catches_both_sdks_waits(
    harness: Harness, mock: MockServer, cell: Cell
) -> None:
    mock.script(OPERATION, error=500, times=2)
    client = harness.client(cell, max_retries=2)
    chat = await harness.chat(client, cell)
    assert chat.text
    assert harness.retry_counts(cell) == ["0", "1", "2"]
    assert [e.status for e in harness.attempts(cell)] == [500, 500, 200]
    assert len(harness.waits.waits) == 2
    for taken, wait in enumerate(harness.waits.waits):
        low, high = backoff_bounds(taken)
        assert low <= wait <= high


@pytest.mark.parametrize(
    "cell",
    [c for c in CELLS if c.route == "openai" and c.mode == "stream"],
    ids=cell_id,
)
async def test_live_cells_answer_whole(mock: MockServer, waits: WaitRecorder, cell: Cell) -> None:
    with mock.live() as url:
        harness = Harness(mock, waits, live_url=url)
        try:
            chat = await harness.chat(harness.client(cell, max_retries=0), cell)
        finally:
            await harness.aclose()
    assert chat.error is None
    assert chat.finish_reason == "stop"
    assert harness.retry_counts(cell) == ["0"]
