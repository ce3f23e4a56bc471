"""``benchmarks/plugin_replay.py`` runs end to end at tiny sizes, so it cannot rot.

Nothing here looks at a time: results must come out for every engine, the
extrapolation must be right on a known line, the report must render. (The
fixtures' per-test overhead has its own benchmark and smoke test:
``test_plugin_benchmark_smoke.py``.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.plugin_replay import (
    BEGIN,
    END,
    KIT_ENGINE,
    OFFICIAL_ENGINE,
    VCRPY,
    _extrapolate,
    build_cassette,
    main,
    replay_engine,
    replay_vcrpy,
)
from openai_kit.pytest_plugin._cassette import Cassette, RecordMode


def test_extrapolation_follows_the_fitted_line() -> None:
    durations = [1.0 + 2.0 * position for position in range(10)]
    assert _extrapolate(durations, 20) == pytest.approx(sum(1.0 + 2.0 * p for p in range(10, 20)))
    assert _extrapolate(durations, 10) == 0.0


def test_the_benchmark_cassette_replays_in_every_engine(tmp_path: Path) -> None:
    path = tmp_path / "chat.yaml"
    build_cassette(path, 12)
    assert len(Cassette.open(path, record_mode=RecordMode.NONE).interactions) == 12
    for engine in (KIT_ENGINE, OFFICIAL_ENGINE):
        run = replay_engine(path, 12, engine)
        assert run.measured == 12 and not run.extrapolated
        assert run.last_tenth is not None
    full = replay_vcrpy(path, 12, None)
    assert full.measured == 12 and full.extrapolated_rest == 0.0


def test_vcrpy_runs_past_the_budget_are_extrapolated(tmp_path: Path) -> None:
    path = tmp_path / "chat.yaml"
    build_cassette(path, 30)
    run = replay_vcrpy(path, 30, 0.0)
    assert run.extrapolated and run.measured == 21
    assert run.extrapolated_rest > 0
    assert run.last_tenth is None


def test_replay_report_renders(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_text(f"# Benchmarks\n\n{BEGIN}\nold\n{END}\n\nafter\n")
    assert main(["--tiny", "--write", str(target)]) == 0
    out = capsys.readouterr().out
    written = target.read_text()
    assert written == f"# Benchmarks\n\n{BEGIN}\n{out}{END}\n\nafter\n"
    assert "### Cassette replay" in out
    assert f"| interactions | {KIT_ENGINE} | {OFFICIAL_ENGINE} | {VCRPY} |" in out
    assert "**extrapolated**" in out  # the tiny run stops vcrpy at once
