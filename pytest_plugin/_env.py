"""The hermetic environment: real ``OPENAI_*`` / ``AZURE_OPENAI_*`` settings cannot leak in.

For one test every variable with those prefixes is removed (a private
snapshot keeps the real values for a cassette that records), then dummy
values are set that point any client the environment configures at the
test's mock: ``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``AZURE_OPENAI_API_KEY``,
``AZURE_OPENAI_ENDPOINT`` and ``OPENAI_API_VERSION``. ``monkeypatch``
restores the real environment afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType

import pytest

__all__ = ["ENV_PREFIXES", "HermeticEnv"]

ENV_PREFIXES = ("OPENAI_", "AZURE_OPENAI_")


class HermeticEnv:
    """Clears the OpenAI variables on creation; ``point_at`` sets the dummy ones."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        real = {name: value for name, value in os.environ.items() if name.startswith(ENV_PREFIXES)}
        for name in real:
            monkeypatch.delenv(name)
        self._real = MappingProxyType(real)

    def __repr__(self) -> str:
        # The real values may be secrets: never show them.
        return f"<HermeticEnv hiding {sorted(self._real)}>"

    @property
    def real(self) -> Mapping[str, str]:
        """The variables as they were before the test (for recording only; may hold secrets)."""
        return self._real

    def point_at(
        self, *, base_url: str, azure_endpoint: str, api_key: str, api_version: str
    ) -> None:
        """Set the dummy configuration: OpenAI clients use ``base_url``, Azure ones ``azure_endpoint``."""
        setenv = self._monkeypatch.setenv
        setenv("OPENAI_API_KEY", api_key)
        setenv("OPENAI_BASE_URL", base_url)
        setenv("AZURE_OPENAI_API_KEY", api_key)
        setenv("AZURE_OPENAI_ENDPOINT", azure_endpoint)
        setenv("OPENAI_API_VERSION", api_version)
