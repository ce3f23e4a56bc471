"""``benchmarks/plugin_retry.py`` runs end to end at a tiny size, so it cannot rot (no time is checked)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks._report import machine
from benchmarks.plugin_overhead import BEGIN as OVERHEAD_BEGIN
from benchmarks.plugin_overhead import END as OVERHEAD_END
from benchmarks.plugin_overhead import bench
from benchmarks.plugin_retry import BEGIN, END, VARIANTS, render, write_section


@pytest.mark.slow
def test_both_variants_are_measured_in_one_run_and_rendered() -> None:
    results = bench(VARIANTS, 2, 1, lambda message: None)
    for result in results:
        assert result.ok, (result.variant.key, result.error)
    text = render(results, tests=2, rounds=1, seconds=1.0, info=machine())
    assert "| 500 then success, `--openai-real-sleep` (before: the client sleeps) |" in text
    assert "| 500 then success, default (after: the wait advances the mock's clock) |" in text
    assert "The simulated clock saves " in text
    assert "failed" not in text and "not measured" not in text


def test_write_keeps_the_other_benchmarks_block(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    other = f"{OVERHEAD_BEGIN}\ntheirs\n{OVERHEAD_END}\n"
    target.write_text(f"# Benchmarks\n\n{other}")
    write_section(target, "ours\n")
    text = target.read_text()
    assert text.startswith(f"# Benchmarks\n\n{other}\n## pytest plugin: a test with one retry")
    assert text.endswith(f"{BEGIN}\nours\n{END}\n")
    write_section(target, "again\n")
    assert target.read_text() == text.replace("ours\n", "again\n")
