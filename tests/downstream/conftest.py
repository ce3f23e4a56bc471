"""Downstream scenarios: a project that installed openai-kit's testing extra, run as its own pytest.

These tests run twice in the project's checks: in the development environment
(official ``openai`` 2.x, httpx) and in a second one with ``openai`` 3.x
(httpx2) and nothing of the development extra (``python3 scripts/dev.py test``
sets both up). Only the standard library, pytest and the testing extra are
imported here.
"""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # pytester, loaded here rather than by ``pytest_plugins`` (refused below the root).
    if not config.pluginmanager.has_plugin("pytester"):
        config.pluginmanager.import_plugin("pytester")
