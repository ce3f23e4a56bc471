"""The Realtime benchmark runs end to end at a tiny size (results come out; no timing)."""

from __future__ import annotations

import json

from benchmarks.realtime import LAST, echo_app, record_turn, run, table


def test_the_ceiling_sends_what_the_mock_sent_for_a_turn() -> None:
    created, frames = record_turn("text")
    assert json.loads(created)["type"] == "session.created"
    assert json.loads(frames[-1])["type"] == LAST
    assert any(json.loads(f)["type"] == "response.output_text.delta" for f in frames)
    assert callable(echo_app(created, frames))


def test_the_realtime_benchmark_reports() -> None:
    rows = run(sessions=(2,), turns=1, modalities=("text",))
    (row,) = rows
    assert row["sessions"] == 2 and row["events"] > 2 * 5
    assert row["mock_per_s"] > 0 and row["ceiling_per_s"] > 0 and row["ratio"] > 0
    assert len(list(table(rows))) == 3
