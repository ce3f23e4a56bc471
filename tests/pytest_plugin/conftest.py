"""Run inner pytest sessions that use openai-kit's plugin, with ``pytester``.

The plugin reaches an inner run the way it reaches a downstream project:
through the ``pytest11`` entry point once the installed distribution declares
it, else through ``-p openai_kit.pytest_plugin`` (never both: pytest refuses
to register one module under two names).
"""

from __future__ import annotations

import importlib.metadata
import os
from typing import Protocol

import numpy  # noqa: F401  (the SDKs decode embeddings with it; a C extension loads once)
import pytest

# Loaded here, outside the inner runs, so each inline run reuses them instead
# of importing them again (pytester drops the modules an inline run imported,
# and extension modules such as numpy's or PyYAML's do not survive a second import).
import openai_kit
import openai_kit.mockserver
import openai_kit.mockserver.faults
import openai_kit.pytest_plugin._cassette
import openai_kit.pytest_plugin._env
import openai_kit.pytest_plugin._guard
import openai_kit.pytest_plugin._wiring

# openai_kit's public names load lazily: load them all now for the same reason
# (an inner run that first touched NOT_GIVEN would leave a second NotGiven class behind).
for _name in openai_kit.__all__:
    getattr(openai_kit, _name)

PLUGIN = "openai_kit.pytest_plugin"


def pytest_configure(config: pytest.Config) -> None:
    # pytester, loaded here rather than by ``pytest_plugins``, which pytest
    # refuses in a conftest below the root of a run (a run from the project
    # root reaches this folder only while collecting). pytest_configure is a
    # historic hook, so this runs even for a conftest registered that late.
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")


def entry_point_registered() -> bool:
    return any(ep.value == PLUGIN for ep in importlib.metadata.entry_points(group="pytest11"))


PLUGIN_ARGS: tuple[str, ...] = () if entry_point_registered() else ("-p", PLUGIN)

# The outer session has imported the plugin already, so an inline inner run
# cannot rewrite its asserts; that warning is expected here and nowhere else.
# openai-responses (a dev dependency) defines its own openai_mock fixture: off in
# inner runs as in the project's own (test_coexistence.py runs it on purpose).
INNER_INI = """
[pytest]
addopts = --strict-markers --strict-config -p no:cacheprovider -p no:openai_responses
filterwarnings =
    error
    ignore:Module already imported so cannot be rewritten:pytest.PytestAssertRewriteWarning
asyncio_mode = {asyncio_mode}
asyncio_default_fixture_loop_scope = function
{extra}
"""


class RunInner(Protocol):
    """Run the inner session: inline by default, in a subprocess with ``subprocess=True``."""

    def __call__(self, *args: str, subprocess: bool = False) -> pytest.RunResult: ...


class Inner(Protocol):
    """Write the inner ``pytest.ini`` (asyncio mode, extra ini lines)."""

    def __call__(self, *, asyncio_mode: str = "strict", ini: str = "") -> RunInner: ...


@pytest.fixture(autouse=True)
def _no_outer_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inner runs decide the default record mode from ``CI``: start from "not CI"."""
    monkeypatch.delenv("CI", raising=False)


@pytest.fixture
def inner(pytester: pytest.Pytester) -> Inner:
    def configure(*, asyncio_mode: str = "strict", ini: str = "") -> RunInner:
        pytester.makefile(".ini", pytest=INNER_INI.format(asyncio_mode=asyncio_mode, extra=ini))

        def run(*args: str, subprocess: bool = False) -> pytest.RunResult:
            if subprocess:
                return pytester.runpytest_subprocess(*PLUGIN_ARGS, *args)
            return pytester.runpytest(*PLUGIN_ARGS, *args)

        return run

    return configure


@pytest.fixture
def run(inner: Inner) -> RunInner:
    """An inner run in strict asyncio mode with no extra ini settings."""
    return inner()


def environ_snapshot() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith(("OPENAI_", "AZURE_OPENAI_"))}
