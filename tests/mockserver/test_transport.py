"""The in-process transports stream chunk by chunk, sync and async."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import MutableMapping
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import AsyncMockTransport, MockTransport
from openai_kit.mockserver._transport import Receive, Send

Scope = MutableMapping[str, Any]


class GatedApp:
    """Sends chunk 1, waits until the test has read it, then sends chunk 2.

    The gate is a threading.Event polled from the app's loop, so it works
    whether the app runs on the transport's thread or on the test's loop.
    """

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.second_sent = False
        self.scope: Scope | None = None
        self.body = b""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.scope = scope
        message = await receive()
        self.body = message["body"]
        await send({"type": "http.response.start", "status": 201, "headers": [(b"x-a", b"1")]})
        await send({"type": "http.response.body", "body": b"data: 1\n\n", "more_body": True})
        while not self.gate.is_set():
            await asyncio.sleep(0.001)
        self.second_sent = True
        await send({"type": "http.response.body", "body": b"data: 2\n\n", "more_body": False})


def test_sync_transport_streams_first_chunk_before_the_app_sends_the_next() -> None:
    app = GatedApp()
    with (
        httpx.Client(transport=MockTransport(app), base_url="http://h") as client,
        client.stream("POST", "/v1/x?a=b", content=b"payload") as response,
    ):
        chunks = response.iter_bytes()
        assert next(chunks) == b"data: 1\n\n"
        assert not app.second_sent
        app.gate.set()
        assert list(chunks) == [b"data: 2\n\n"]
    assert response.status_code == 201
    assert response.headers["x-a"] == "1"
    assert app.body == b"payload"
    assert app.scope is not None
    assert app.scope["path"] == "/v1/x"
    assert app.scope["query_string"] == b"a=b"
    assert app.scope["method"] == "POST"


@pytest.mark.asyncio
async def test_async_transport_streams_first_chunk_before_the_app_sends_the_next() -> None:
    app = GatedApp()
    async with (
        httpx.AsyncClient(transport=AsyncMockTransport(app), base_url="http://h") as client,
        client.stream("GET", "/stream") as response,
    ):
        chunks = response.aiter_bytes()
        assert await chunks.__anext__() == b"data: 1\n\n"
        assert not app.second_sent
        app.gate.set()
        assert [c async for c in chunks] == [b"data: 2\n\n"]
    assert response.status_code == 201


class Hanging:
    """Never answers (or stops after ``chunks`` body chunks)."""

    def __init__(self, chunks: int | None = None) -> None:
        self.chunks = chunks
        self.cancelled = threading.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            if self.chunks is not None:
                await send({"type": "http.response.start", "status": 200, "headers": []})
                for _ in range(self.chunks):
                    await send({"type": "http.response.body", "body": b"x", "more_body": True})
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            self.cancelled.set()
            raise


@pytest.mark.parametrize("chunks", [None, 1], ids=["before-headers", "mid-body"])
def test_sync_read_timeout(chunks: int | None) -> None:
    app = Hanging(chunks)
    with httpx.Client(transport=MockTransport(app), timeout=0.05) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.get("http://h/")
        assert app.cancelled.wait(2)


@pytest.mark.asyncio
@pytest.mark.parametrize("chunks", [None, 1], ids=["before-headers", "mid-body"])
async def test_async_read_timeout(chunks: int | None) -> None:
    app = Hanging(chunks)
    async with httpx.AsyncClient(transport=AsyncMockTransport(app), timeout=0.05) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get("http://h/")
    assert app.cancelled.is_set()


async def silent(scope: Scope, receive: Receive, send: Send) -> None:
    """Ends without answering: a dropped connection."""


async def cut(scope: Scope, receive: Receive, send: Send) -> None:
    """Ends in the middle of the body."""
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"partial", "more_body": True})


async def broken(scope: Scope, receive: Receive, send: Send) -> None:
    raise RuntimeError("app bug")


@pytest.mark.parametrize("app", [silent, cut], ids=["no-response", "cut-body"])
def test_sync_dropped_connection(app: Any) -> None:
    with (
        httpx.Client(transport=MockTransport(app)) as client,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        client.get("http://h/")


@pytest.mark.asyncio
@pytest.mark.parametrize("app", [silent, cut], ids=["no-response", "cut-body"])
async def test_async_dropped_connection(app: Any) -> None:
    async with httpx.AsyncClient(transport=AsyncMockTransport(app)) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get("http://h/")


def test_app_exception_before_the_response_propagates() -> None:
    with (
        httpx.Client(transport=MockTransport(broken)) as client,
        pytest.raises(RuntimeError, match="app bug"),
    ):
        client.get("http://h/")


@pytest.mark.asyncio
async def test_async_app_exception_before_the_response_propagates() -> None:
    async with httpx.AsyncClient(transport=AsyncMockTransport(broken)) as client:
        with pytest.raises(RuntimeError, match="app bug"):
            await client.get("http://h/")


class Endless:
    """Streams until its send fails; records that the client went away."""

    def __init__(self) -> None:
        self.disconnected = threading.Event()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        try:
            while True:
                await send({"type": "http.response.body", "body": b"tick", "more_body": True})
                await asyncio.sleep(0.001)
        except OSError:
            self.disconnected.set()
        except asyncio.CancelledError:
            self.disconnected.set()
            raise


def test_closing_a_sync_stream_early_disconnects_the_app() -> None:
    app = Endless()
    with httpx.Client(transport=MockTransport(app)) as client:
        with client.stream("GET", "http://h/") as response:
            assert next(response.iter_bytes()) == b"tick"
        assert app.disconnected.wait(2)


@pytest.mark.asyncio
async def test_closing_an_async_stream_early_disconnects_the_app() -> None:
    app = Endless()
    async with (
        httpx.AsyncClient(transport=AsyncMockTransport(app)) as client,
        client.stream("GET", "http://h/") as response,
    ):
        assert await response.aiter_bytes().__anext__() == b"tick"
    assert app.disconnected.is_set()


def test_sync_transport_serves_concurrent_threads() -> None:
    app = GatedApp()
    app.gate.set()
    results: list[int] = []
    with httpx.Client(transport=MockTransport(app)) as client:

        def call() -> None:
            results.append(len(client.get("http://h/").content))

        threads = [threading.Thread(target=call) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert results == [18] * 8
