"""The mock's httpx2 transports: streaming, errors as httpx2's classes, clients of both SDKs."""

from __future__ import annotations

import asyncio

import httpx
import httpx2
import openai
import pytest

from openai_kit.mockserver import AsyncMockTransport, MockServer, MockTransport, faults
from openai_kit.mockserver._transport_httpx2 import (
    AsyncHttpx2Transport,
    Httpx2Transport,
    httpx2_error,
)
from tests.mockserver.test_transport import GatedApp

CHAT = {
    "model": "gpt-4o-mini",
    "messages": [{"role": "user", "content": "Hello"}],
    "stream": True,
}


def test_sync_streams_chunk_by_chunk_with_the_request_intact() -> None:
    app = GatedApp()
    transport = Httpx2Transport(MockTransport(app))
    with (
        httpx2.Client(transport=transport, base_url="http://h") as client,
        client.stream("POST", "/v1/x?a=b", content=b"payload", headers={"X-Y": "z"}) as response,
    ):
        chunks = response.iter_bytes()
        assert next(chunks) == b"data: 1\n\n"
        assert not app.second_sent
        app.gate.set()
        assert list(chunks) == [b"data: 2\n\n"]
    assert isinstance(response, httpx2.Response)
    assert (response.status_code, response.headers["x-a"]) == (201, "1")
    assert app.body == b"payload"
    assert app.scope is not None
    assert (app.scope["path"], app.scope["query_string"]) == ("/v1/x", b"a=b")
    assert (b"x-y", b"z") in app.scope["headers"]


def test_async_streams_chunk_by_chunk() -> None:
    app = GatedApp()

    async def main() -> None:
        transport = AsyncHttpx2Transport(AsyncMockTransport(app))
        async with (
            httpx2.AsyncClient(transport=transport, base_url="http://h") as client,
            client.stream("POST", "/v1/x", content=b"p") as response,
        ):
            chunks = response.aiter_bytes()
            assert await anext(chunks) == b"data: 1\n\n"
            assert not app.second_sent
            app.gate.set()
            assert [chunk async for chunk in chunks] == [b"data: 2\n\n"]

    asyncio.run(main())


def test_faults_come_out_as_httpx2_errors() -> None:
    mock = MockServer()
    auth = {"Authorization": f"Bearer {mock.api_key}"}
    with httpx2.Client(transport=mock.httpx2_transport(), base_url="http://m/v1") as client:
        mock.faults.add(faults.hang(), times=1)
        with pytest.raises(httpx2.ReadTimeout):
            client.get("/models", headers=auth, timeout=0.05)
        mock.faults.add(faults.disconnect(), times=1)
        with pytest.raises(httpx2.RemoteProtocolError):
            client.get("/models", headers=auth)
        mock.faults.add(faults.stream_cut(2), times=1)
        with (
            pytest.raises(httpx2.RemoteProtocolError),
            client.stream("POST", "/chat/completions", json=CHAT, headers=auth) as response,
        ):
            response.read()
        mock.faults.add(faults.status(503), times=1)
        assert client.get("/models", headers=auth).status_code == 503
        assert client.get("/models", headers=auth).json()["data"]


def test_an_error_without_a_twin_becomes_the_nearest_base() -> None:
    request = httpx2.Request("GET", "http://h/")

    class Odd(httpx.ConnectError):
        pass

    error = httpx2_error(Odd("x"), request)
    assert type(error) is httpx2.ConnectError
    assert error.request is request


def test_the_official_client_over_an_httpx2_client_streams_from_the_mock() -> None:
    mock = MockServer()
    client = openai.OpenAI(
        api_key=mock.api_key,
        base_url="http://mock.invalid/v1",
        http_client=httpx2.Client(transport=mock.httpx2_transport()),
    )
    with client:
        chunks = list(client.chat.completions.create(**CHAT))
    assert chunks[0].object == "chat.completion.chunk"
    assert mock.requests.last.operation == "chat.completions.create"


def test_async_official_client_over_httpx2() -> None:
    mock = MockServer()

    async def main() -> str:
        client = openai.AsyncOpenAI(
            api_key=mock.api_key,
            base_url="http://mock.invalid/v1",
            http_client=httpx2.AsyncClient(transport=mock.async_httpx2_transport()),
        )
        async with client:
            models = await client.models.list()
        return models.data[0].id

    assert asyncio.run(main())
