"""Fixtures of the fault matrix: a fresh mock, recorded waits, a harness that closes its clients."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from openai_kit.mockserver import MockServer
from tests.faults._harness import Harness, WaitRecorder


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=0)


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> WaitRecorder:
    """Both SDKs' retry waits, recorded instead of slept."""
    recorder = WaitRecorder()
    recorder.install(monkeypatch)
    return recorder


@pytest_asyncio.fixture
async def harness(mock: MockServer, waits: WaitRecorder) -> AsyncIterator[Harness]:
    h = Harness(mock, waits)
    try:
        yield h
    finally:
        await h.aclose()
