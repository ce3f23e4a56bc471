"""Fixtures of the mock server's own tests: a fresh server and raw clients into it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from openai_kit.mockserver import MockServer

NOW = 1_700_000_000
KEY = "sk-test-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {KEY}"}
AZURE_AUTH = {"api-key": KEY}
API_VERSION = "2024-10-21"
BASE = "http://mock.test"


@pytest.fixture
def mock() -> MockServer:
    return MockServer(seed=0, clock=lambda: NOW)


@pytest.fixture
def http(mock: MockServer) -> Iterator[httpx.Client]:
    """A raw httpx client into ``mock`` (no credentials by default)."""
    with httpx.Client(transport=mock.transport(), base_url=BASE) as client:
        yield client


@pytest.fixture
async def ahttp(mock: MockServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=mock.async_transport(), base_url=BASE) as client:
        yield client
