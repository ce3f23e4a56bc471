"""What the run recorded, told at the end: ``recorded N interactions to cassettes/x.yaml``.

A test's cassette is written when its fixtures are torn down; the count and
file ride on the teardown report as a plain attribute (JSON-safe, so
pytest-xdist carries them from the workers to the controller), where
:class:`RecordedSummary` collects them for the terminal summary.

pytest and the standard library only: loaded with the plugin.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

__all__ = ["RECORDED", "RecordedSummary", "attach_recorded"]

#: ``(interactions written, cassette path)`` for a test whose cassette recorded.
RECORDED = pytest.StashKey[tuple[int, str]]()
_ATTRIBUTE = "openai_kit_recorded"


def attach_recorded(item: pytest.Item, report: pytest.TestReport) -> None:
    """Put what ``item``'s cassette recorded on its teardown report."""
    recorded = item.stash.get(RECORDED, None)
    if report.when == "teardown" and recorded is not None:
        setattr(report, _ATTRIBUTE, [recorded[0], recorded[1]])


def _shown(path: str, root: Path) -> str:
    try:
        return os.path.relpath(path, root)
    except ValueError:  # another drive
        return path


class RecordedSummary:
    """A plugin object, one per run: gathers the recordings and reports them at the end."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._recorded: list[tuple[str, int, str]] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        recorded = getattr(report, _ATTRIBUTE, None)
        if recorded:
            count, path = recorded
            self._recorded.append((report.nodeid, int(count), str(path)))

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self._recorded:
            return
        terminalreporter.section("openai-kit cassettes")
        for nodeid, count, path in sorted(self._recorded):
            noun = "interaction" if count == 1 else "interactions"
            shown = _shown(path, self._root)
            terminalreporter.write_line(f"recorded {count} {noun} to {shown} ({nodeid})")
