"""The plugin's effective settings and cassette naming (standard library only).

Settings are read once per session from the command line, the ini file and
the environment, validated, and kept in ``config.stash``; fixtures read them
from there, so nothing lives in module globals (safe under pytest-xdist).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from openai_kit.pytest_plugin._record_mode import RecordMode

__all__ = [
    "SETTINGS_KEY",
    "Settings",
    "cassette_path",
    "default_cassette_name",
    "read_settings",
]

# Characters that cannot appear in a file name on some platform.
_UNSAFE_NAME_CHARS = "<>?%*:|\"'/\\"


@dataclass(frozen=True)
class Settings:
    """What the fixtures need from the configuration, validated."""

    record_mode: RecordMode
    record_mode_source: str
    cassette_dir: Path | None
    mock_seed: int
    real_sleep: bool = False
    block_network: bool = False
    allow_unused_scripts: bool = False

    def describe_cassette_dir(self) -> str:
        if self.cassette_dir is None:
            return "<test dir>/cassettes/<module>/ (pytest-recording layout)"
        return f"{self.cassette_dir}/<module>/"


SETTINGS_KEY = pytest.StashKey[Settings]()


def in_ci(environ: Mapping[str, str]) -> bool:
    """True when ``CI`` is set to a non-empty value (pytest's own test for CI)."""
    return bool(environ.get("CI"))


# pytest-recording's --record-mode names vcrpy's modes, plus "rewrite" (record everything anew).
_RECORDING_MODES = {"rewrite": "all"}


def _record_mode(config: pytest.Config) -> tuple[RecordMode, str]:
    option = config.getoption("openai_record_mode")
    ini_mode = str(config.getini("openai_record_mode")).strip()
    theirs = config.getoption("record_mode", default=None)  # pytest-recording's, when installed
    if option:
        value, source = str(option), "--openai-record-mode"
    elif ini_mode:
        value, source = ini_mode, "openai_record_mode ini"
    elif isinstance(theirs, str) and theirs:
        value = _RECORDING_MODES.get(theirs, theirs)
        source = f"following pytest-recording's --record-mode={theirs}"
    elif in_ci(os.environ):
        value, source = "none", "default: CI is set"
    else:
        value, source = "once", "default: CI not set"
    try:
        return RecordMode.parse(value), source
    except ValueError as exc:
        raise pytest.UsageError(f"{source}: {exc}") from None


def _flag(config: pytest.Config, name: str) -> bool:
    """A switch given as ``--openai-<name>`` or as its ini twin ``openai_<name>``."""
    return bool(config.getoption(f"openai_{name}")) or bool(config.getini(f"openai_{name}"))


def read_settings(config: pytest.Config) -> Settings:
    """Resolve and validate the settings; a bad value is a ``pytest.UsageError``."""
    mode, source = _record_mode(config)

    raw_dir = str(config.getini("openai_cassette_dir")).strip()
    cassette_dir: Path | None = None
    if raw_dir:
        base = config.inipath.parent if config.inipath is not None else config.rootpath
        cassette_dir = (base / raw_dir).resolve()

    raw_seed = str(config.getini("openai_mock_seed")).strip() or "0"
    try:
        seed = int(raw_seed)
    except ValueError:
        raise pytest.UsageError(
            f"openai_mock_seed ini: expected an integer, got {raw_seed!r}"
        ) from None
    return Settings(
        record_mode=mode,
        record_mode_source=source,
        cassette_dir=cassette_dir,
        mock_seed=seed,
        real_sleep=_flag(config, "real_sleep"),
        block_network=_flag(config, "block_network"),
        allow_unused_scripts=bool(config.getini("openai_allow_unused_scripts")),
    )


def default_cassette_name(node: pytest.Item) -> str:
    """``test_name`` or ``ClassName.test_name`` with unsafe characters replaced by ``-``.

    The same names pytest-recording gives, so the two plugins' cassettes sit
    side by side predictably.
    """
    cls = getattr(node, "cls", None)
    name = f"{cls.__name__}.{node.name}" if cls is not None else node.name
    for char in _UNSAFE_NAME_CHARS:
        name = name.replace(char, "-")
    return name


def cassette_path(settings: Settings, node: pytest.Item, name: str | None) -> Path:
    """Where a test's cassette lives.

    The folder is ``<test module dir>/cassettes/<module name>/`` (pytest-recording's
    layout) or ``<openai_cassette_dir>/<module name>/``; the file is
    ``<name>.yaml`` with ``name`` the marker's argument (a relative path, or
    an absolute one used as is) or the test's name.
    """
    module_file = node.path
    folder = (
        settings.cassette_dir
        if settings.cassette_dir is not None
        else module_file.parent / "cassettes"
    ) / module_file.stem
    path = folder / (name if name is not None else default_cassette_name(node))
    if path.suffix not in (".yaml", ".yml"):
        path = path.with_name(path.name + ".yaml")
    return path
