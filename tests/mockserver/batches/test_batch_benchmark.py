"""The batch and webhook benchmark runs end to end at tiny sizes (no time is looked at)."""

from __future__ import annotations

import pytest

from benchmarks.mock_batches import bench_batch, bench_direct, bench_webhooks, main


def test_each_measurement_produces_a_result() -> None:
    assert bench_batch(5).lines == 5
    assert bench_direct(5).seconds > 0
    hooks = bench_webhooks(3)
    assert set(hooks) == {"Python callable", "HTTP, loopback uvicorn receiver"}


def test_the_report_is_a_markdown_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--tiny"]) == 0
    out = capsys.readouterr().out
    assert "| the same lines as direct calls |" in out and "deliveries/s" in out
