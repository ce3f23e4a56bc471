"""The media benchmark runs end to end at its tiny size, so it cannot rot (no time is judged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.media_bench import ALONE, BEGIN, END, KIT, OFFICIAL, main


def test_media_benchmark_prints_and_writes_its_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "README.md"
    target.write_text("# Benchmarks\n")
    assert main(["--tiny", "--write", str(target)]) == 0
    table = capsys.readouterr().out
    for label in ("speech, 200 chars, mp3", "image generation 1024x1024 png", "10 s wav"):
        assert label in table
    assert KIT in table and OFFICIAL in table and ALONE in table
    written = target.read_text()
    assert written.startswith("# Benchmarks\n") and BEGIN in written and END in written
    assert main(["--tiny", "--write", str(target)]) == 0
    assert target.read_text().count(BEGIN) == 1
