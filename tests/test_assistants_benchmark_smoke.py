"""The Assistants benchmark runs end to end at tiny sizes (numbers meaningless, never asserted)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from benchmarks.assistants_bench import BEGIN, END, main, record_stream


def test_the_recorded_stream_is_a_whole_run() -> None:
    body, events = record_stream(40)
    assert body.startswith(b"event: thread.run.created\n")
    assert body.endswith(b"event: done\ndata: [DONE]\n\n")
    assert events == body.count(b"event: thread.message.delta") + 10


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_tiny_run_writes_its_section(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Benchmarks\n\n{BEGIN}\nold\n{END}\n\nafter\n")
    with warnings.catch_warnings():
        assert main(["--tiny", "--write", str(readme)]) == 0
    text = readme.read_text()
    assert "old" not in text
    assert text.endswith("after\n")
    for row in ("sync events", "AssistantEventHandler", "async events", "round trip"):
        assert row in text
