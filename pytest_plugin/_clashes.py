"""A warning when another installed plugin defines a fixture under one of our names.

pytest and the standard library only: loaded with the plugin.
"""

from __future__ import annotations

import pytest

from openai_kit.pytest_plugin._markers import CLIENT_FIXTURES

__all__ = ["warn_about_fixture_clashes"]

_OUR_PACKAGE = "openai_kit.pytest_plugin"
# Our public fixtures: another plugin defining one of these names takes it from us
# (or loses it to us), whichever pytest registered last.
_PUBLIC_FIXTURES = ("openai_mock", "openai_mock_url", *CLIENT_FIXTURES)


def _is_fixture(value: object) -> bool:
    # pytest >= 8.4 wraps fixture functions in an object carrying
    # ``_fixture_function_marker``; earlier 8.x marks the function with ``_pytestfixturefunction``.
    return hasattr(value, "_fixture_function_marker") or hasattr(value, "_pytestfixturefunction")


def warn_about_fixture_clashes(config: pytest.Config) -> None:
    """Warn when another installed plugin defines a fixture under one of our names.

    openai-responses, for one, registers ``openai_mock`` through its own
    ``pytest11`` entry point. pytest then gives the name to whichever plugin it
    registered last (the order of the installed distributions, not a choice):
    either openai-kit's client fixtures receive the other plugin's object, or
    the other plugin's tests get openai-kit's mock server. Conftest files are
    left alone: overriding a fixture there is deliberate.
    """
    if hasattr(config, "workerinput"):  # pytest-xdist worker: the controller warns once
        return
    ours: str | None = None
    clashes: list[tuple[str, list[str]]] = []
    for name, plugin in config.pluginmanager.list_name_plugin():
        if plugin is None or name.endswith("conftest.py"):
            continue
        module = str(getattr(plugin, "__name__", ""))
        if module == _OUR_PACKAGE or module.startswith(f"{_OUR_PACKAGE}."):
            ours = name
            continue
        shared = [
            fixture for fixture in _PUBLIC_FIXTURES if _is_fixture(getattr(plugin, fixture, None))
        ]
        if shared:
            clashes.append((name, shared))
    if ours is None or not clashes:
        return
    registered = [name for name, _ in config.pluginmanager.list_name_plugin()]
    for other, shared in clashes:
        names = ", ".join(repr(fixture) for fixture in shared)
        noun, them = ("fixture", "it") if len(shared) == 1 else ("fixtures", "them")
        if registered.index(other) > registered.index(ours):
            effect = (
                f"pytest gives {them} to {other} (registered last), so openai-kit's client "
                "fixtures (openai_client, ...) break"
            )
        else:
            effect = (
                f"pytest gives {them} to openai-kit (registered last), so tests written for "
                f"{other} receive openai-kit's objects instead"
            )
        config.issue_config_time_warning(
            pytest.PytestConfigWarning(
                f"openai-kit: the plugins {ours} and {other} both define the {noun} {names}; "
                f"{effect}. Keep one of them active: add `-p no:{other}` to pytest's addopts "
                f"to use openai-kit's fixtures, or `-p no:{ours}` to use {other}'s."
            ),
            stacklevel=2,
        )
