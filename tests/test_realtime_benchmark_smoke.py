"""The Realtime benchmark runs end to end at a tiny size (results come out; no timing)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from benchmarks.realtime import LAST, echo_app, record_turns, run, table


def test_the_ceiling_sends_what_the_mock_sent_turn_by_turn() -> None:
    created, turns = record_turns("text", 2)
    assert json.loads(created)["type"] == "session.created"
    assert len(turns) == 2 and turns[0] != turns[1]  # fresh frames, as the mock sends them
    for frames in turns:
        assert json.loads(frames[-1])["type"] == LAST
        assert any(json.loads(f)["type"] == "response.output_text.delta" for f in frames)

    incoming = [{"type": "websocket.connect"}]
    incoming += [{"type": "websocket.receive", "text": "{}"}] * 3
    incoming += [{"type": "websocket.disconnect", "code": 1000}]
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message.get("text"))

    asyncio.run(echo_app(created, turns)({"type": "websocket"}, receive, send))
    assert sent == [None, created, *turns[0], *turns[1], *turns[1]]


def test_the_realtime_benchmark_reports() -> None:
    rows = run(sessions=(2,), turns=1, modalities=("text",), min_events=0)
    (row,) = rows
    assert row["sessions"] == 2 and 2 * 5 < row["events"] < 100
    assert row["mock_per_s"] > 0 and row["ceiling_per_s"] > 0 and row["ratio"] > 0
    assert len(list(table(rows))) == 3


def test_short_rows_run_their_sessions_again_until_they_hold_enough_events() -> None:
    (row,) = run(sessions=(1,), turns=1, modalities=("text",), repeat=1, min_events=100)
    assert 100 <= row["events"] < 100 + 2 * 20


def test_the_counted_program_drives_realtime_sessions_through_the_app() -> None:
    """What ``benchmarks/instructions.py realtime`` counts under valgrind (not run here)."""
    from benchmarks.instructions import realtime_events

    assert realtime_events(0) == 0
    two = realtime_events(2, turns=2)
    assert two == 2 * realtime_events(1, turns=2) > 2 * 2 * 10  # opening + two text turns
