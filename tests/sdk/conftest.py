"""Shared fixtures for the SDK tests: a clean environment, a recorder, and
the sync/async pair every behaviour test runs on."""

from __future__ import annotations

import inspect
import os
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import pytest

from openai_kit import AsyncAzureOpenAI, AsyncOpenAI, AzureOpenAI, OpenAI
from tests.support.recorder import Recorder

ENV_PREFIXES = ("OPENAI_", "AZURE_OPENAI_")


@pytest.fixture(autouse=True)
def _clean_openai_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's OPENAI_* / AZURE_OPENAI_* configuration."""
    for name in list(os.environ):
        if name.startswith(ENV_PREFIXES):
            monkeypatch.delenv(name)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@dataclass(frozen=True)
class Flavor:
    """One side of the sync/async pair: which clients to build and how to call them."""

    name: Literal["sync", "async"]

    @property
    def is_async(self) -> bool:
        return self.name == "async"

    def http_client(self, recorder: Recorder, **kwargs: Any) -> httpx.Client | httpx.AsyncClient:
        if self.is_async:
            return recorder.async_client(**kwargs)
        return recorder.sync_client(**kwargs)

    def openai(self, recorder: Recorder, **kwargs: Any) -> OpenAI | AsyncOpenAI:
        """An OpenAI client wired to the recorder; ``api_key`` defaults to ``sk-test``.

        Pass ``api_key=None`` to leave the key to the environment.
        """
        kwargs.setdefault("api_key", "sk-test")
        kwargs.setdefault("http_client", self.http_client(recorder))
        if self.is_async:
            return AsyncOpenAI(**kwargs)
        return OpenAI(**kwargs)

    def azure(self, recorder: Recorder, **kwargs: Any) -> AzureOpenAI | AsyncAzureOpenAI:
        """An Azure client wired to the recorder; every other argument is the test's."""
        kwargs.setdefault("http_client", self.http_client(recorder))
        if self.is_async:
            return AsyncAzureOpenAI(**kwargs)
        return AzureOpenAI(**kwargs)

    async def settle(self, value: object) -> Any:
        """The result of a client call: awaited on the async side, as is on the sync side."""
        if self.is_async:
            assert inspect.isawaitable(value), f"an async client returned {value!r}"
            return await value
        assert not inspect.isawaitable(value), "a sync client returned an awaitable"
        return value


@pytest.fixture(params=["sync", "async"])
def flavor(request: pytest.FixtureRequest) -> Flavor:
    """Runs a test once per side; narrow it with ``parametrize("flavor", [...], indirect=True)``."""
    name: Literal["sync", "async"] = request.param
    return Flavor(name)
