"""``with_raw_response`` and ``with_streaming_response``, sync and async.

Raw responses are read in full and expose the parsed result both as
``.parse()`` and (seed) ``.parsed``, plus the HTTP details. Streaming
responses leave the body unread until asked, iterate it in bytes, text or
lines, parse on demand and close on exit; (seed) they also work without
``with`` and, in async code, with ``await`` (client-behaviour A79-A80,
B18, C5-C6).
"""

from __future__ import annotations

import datetime
import inspect
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from openai_kit import AsyncOpenAI, InternalServerError, NotFoundError
from openai_kit.types.chat import ChatCompletion, ChatCompletionChunk
from tests.support.sse import (
    MockAPI,
    chat_chunk,
    chat_completion,
    json_response,
    sse_body,
)

MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "Say hello"}]
COMPLETION = chat_completion("Hello there!")
PRETTY = json.dumps(COMPLETION, indent=2).encode()
HEADERS = {"x-request-id": "req_raw_1", "openai-processing-ms": "42"}
STREAM_BODY = sse_body(chat_chunk("Hel", role="assistant"), chat_chunk("lo"))

CLIENT_RAW: list[Any] = [
    pytest.param(
        lambda c: c.with_raw_response.chat.completions.create, id="client.with_raw_response"
    ),
    pytest.param(
        lambda c: c.chat.completions.with_raw_response.create, id="resource.with_raw_response"
    ),
]
CLIENT_STREAMING: list[Any] = [
    pytest.param(
        lambda c: c.with_streaming_response.chat.completions.create,
        id="client.with_streaming_response",
    ),
    pytest.param(
        lambda c: c.chat.completions.with_streaming_response.create,
        id="resource.with_streaming_response",
    ),
]

Pick = Callable[[Any], Any]


async def resolve(value: Any) -> Any:
    """``value``, awaited when it is awaitable (an async ``parse()`` may be either)."""
    if inspect.isawaitable(value):
        return await value
    return value


def json_api() -> MockAPI:
    return MockAPI.streaming(PRETTY, 64, content_type="application/json", headers=HEADERS)


def flaky_api() -> MockAPI:
    """A 500 (with a 1 ms retry-after) and then the completion."""
    api = MockAPI()

    def handler(_request: httpx.Request) -> httpx.Response:
        if len(api.requests) == 1:
            return json_response(
                {"error": {"message": "boom"}}, status_code=500, headers={"retry-after-ms": "1"}
            )
        return json_response(COMPLETION, headers=HEADERS)

    api.handler = handler
    return api


def not_found_api() -> MockAPI:
    body = {"error": {"message": "The model does not exist", "type": "invalid_request_error"}}
    return MockAPI.returning(body, status_code=404, headers={"x-request-id": "req_404"})


def assert_raw_details(raw: Any) -> None:
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "req_raw_1"
    assert raw.headers["openai-processing-ms"] == "42"
    assert raw.request_id == "req_raw_1"
    assert raw.retries_taken == 0
    assert isinstance(raw.http_response, httpx.Response)
    assert raw.http_response.status_code == 200
    assert isinstance(raw.http_request, httpx.Request)
    assert raw.http_request.method == "POST"
    assert raw.method == "POST"
    assert raw.url.path == "/v1/chat/completions"
    assert raw.content == PRETTY
    assert json.loads(raw.text) == COMPLETION
    assert isinstance(raw.elapsed, datetime.timedelta)


# -- sync raw ------------------------------------------------------------------------------


@pytest.mark.parametrize("pick", CLIENT_RAW)
def test_raw_response_parse_and_details(pick: Pick) -> None:
    api = json_api()
    raw = pick(api.client())(model=MODEL, messages=MESSAGES)
    completion = raw.parse()
    assert isinstance(completion, ChatCompletion)
    assert completion.id == "chatcmpl-abc123"
    assert completion.choices[0].message.content == "Hello there!"
    assert_raw_details(raw)
    assert json.loads(api.last.content) == {"model": MODEL, "messages": MESSAGES}


@pytest.mark.seed_only
@pytest.mark.parametrize("pick", CLIENT_RAW)
def test_raw_response_parsed_attribute(pick: Pick) -> None:
    raw = pick(json_api().client())(model=MODEL, messages=MESSAGES)
    assert isinstance(raw.parsed, ChatCompletion)
    assert raw.parsed.id == "chatcmpl-abc123"
    assert raw.parsed == raw.parse()


def test_raw_response_counts_retries() -> None:
    api = flaky_api()
    raw = api.client(max_retries=2).with_raw_response.chat.completions.create(
        model=MODEL, messages=MESSAGES
    )
    assert raw.retries_taken == 1
    assert raw.parse().id == "chatcmpl-abc123"
    assert len(api.requests) == 2


@pytest.mark.parametrize("pick", CLIENT_RAW)
def test_raw_response_still_raises_status_errors(pick: Pick) -> None:
    with pytest.raises(NotFoundError) as info:
        pick(not_found_api().client())(model=MODEL, messages=MESSAGES)
    assert info.value.status_code == 404
    assert info.value.request_id == "req_404"


def test_raw_response_of_a_stream() -> None:
    api = MockAPI.streaming(STREAM_BODY, 7, headers={"x-request-id": "req_s"})
    raw = api.client().chat.completions.with_raw_response.create(
        model=MODEL, messages=MESSAGES, stream=True
    )
    assert raw.request_id == "req_s"
    assert raw.headers["content-type"] == "text/event-stream"
    chunks = list(raw.parse())
    assert all(isinstance(c, ChatCompletionChunk) for c in chunks)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "Hello"
    assert api.streams[0].closed


# -- sync streaming ------------------------------------------------------------------------


@pytest.mark.parametrize("pick", CLIENT_STREAMING)
def test_streaming_response_iter_bytes_and_close(pick: Pick) -> None:
    api = MockAPI.streaming(PRETTY, 64, content_type="application/json", headers=HEADERS)
    with pick(api.client())(model=MODEL, messages=MESSAGES) as response:
        assert response.status_code == 200
        assert response.headers["x-request-id"] == "req_raw_1"
        assert response.request_id == "req_raw_1"
        assert isinstance(response.http_response, httpx.Response)
        assert api.streams[0].pieces_read == 0
        pieces = list(response.iter_bytes(5))
    assert b"".join(pieces) == PRETTY
    assert all(len(p) == 5 for p in pieces[:-1])
    assert api.streams[0].closed
    assert response.http_response.is_closed


def test_streaming_response_closes_when_left_unread() -> None:
    api = MockAPI.streaming(PRETTY, 64, content_type="application/json")
    with api.client().with_streaming_response.chat.completions.create(
        model=MODEL, messages=MESSAGES
    ):
        pass
    assert api.streams[0].closed
    assert api.streams[0].pieces_read == 0


def test_streaming_response_parse_read_and_json() -> None:
    api = MockAPI.streaming(PRETTY, 64, content_type="application/json")
    client = api.client()
    with client.with_streaming_response.chat.completions.create(
        model=MODEL, messages=MESSAGES
    ) as response:
        completion = response.parse()
        assert isinstance(completion, ChatCompletion)
        assert completion.choices[0].message.content == "Hello there!"
        assert response.read() == PRETTY
        assert response.json() == COMPLETION
    assert api.streams[0].closed


def test_streaming_response_iter_text_and_iter_lines() -> None:
    api = MockAPI.streaming(PRETTY, 7, content_type="application/json")
    client = api.client()
    with client.with_streaming_response.chat.completions.create(
        model=MODEL, messages=MESSAGES
    ) as response:
        assert "".join(response.iter_text()) == PRETTY.decode()
    with client.with_streaming_response.chat.completions.create(
        model=MODEL, messages=MESSAGES
    ) as response:
        assert list(response.iter_lines()) == PRETTY.decode().splitlines()
    assert all(s.closed for s in api.streams)


def test_streaming_response_of_a_stream() -> None:
    api = MockAPI.streaming(STREAM_BODY, 7)
    client = api.client()
    with client.chat.completions.with_streaming_response.create(
        model=MODEL, messages=MESSAGES, stream=True
    ) as response:
        assert api.streams[0].pieces_read == 0
        chunks = list(response.parse())
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "Hello"
    assert api.streams[0].closed


def test_streaming_response_lines_of_an_event_stream() -> None:
    api = MockAPI.streaming(STREAM_BODY, 7)
    create = api.client().with_streaming_response.chat.completions.create
    with create(model=MODEL, messages=MESSAGES, stream=True) as response:
        lines = list(response.iter_lines())
    assert lines == STREAM_BODY.decode().splitlines()


def test_streaming_response_raises_status_errors_on_enter() -> None:
    client = not_found_api().client()
    with (
        pytest.raises(NotFoundError),
        client.with_streaming_response.chat.completions.create(model=MODEL, messages=MESSAGES),
    ):
        pass


@pytest.mark.seed_only
def test_streaming_response_without_with() -> None:
    api = MockAPI.streaming(PRETTY, 64, content_type="application/json", headers=HEADERS)
    response = api.client().with_streaming_response.chat.completions.create(
        model=MODEL, messages=MESSAGES
    )
    assert response.headers["x-request-id"] == "req_raw_1"
    assert api.streams[0].pieces_read == 0
    assert b"".join(response.iter_bytes()) == PRETTY
    response.close()
    assert api.streams[0].closed


@pytest.mark.seed_only
def test_streaming_response_without_with_parse() -> None:
    api = MockAPI.streaming(PRETTY, 64, content_type="application/json")
    response = api.client().chat.completions.with_streaming_response.create(
        model=MODEL, messages=MESSAGES
    )
    assert response.parse().id == "chatcmpl-abc123"
    response.close()
    assert api.streams[0].closed


# -- async raw -----------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("pick", CLIENT_RAW)
async def test_async_raw_response_parse_and_details(pick: Pick) -> None:
    api = json_api()
    raw = await pick(api.async_client())(model=MODEL, messages=MESSAGES)
    completion = await resolve(raw.parse())
    assert isinstance(completion, ChatCompletion)
    assert completion.choices[0].message.content == "Hello there!"
    assert_raw_details(raw)


@pytest.mark.seed_only
@pytest.mark.asyncio
async def test_async_raw_response_parsed_attribute() -> None:
    client: AsyncOpenAI = json_api().async_client()
    raw = await client.with_raw_response.chat.completions.create(model=MODEL, messages=MESSAGES)
    assert isinstance(raw.parsed, ChatCompletion)
    assert raw.parsed.id == "chatcmpl-abc123"


@pytest.mark.asyncio
async def test_async_raw_response_counts_retries_and_raises() -> None:
    api = flaky_api()
    create = api.async_client(max_retries=2).with_raw_response.chat.completions.create
    raw = await create(model=MODEL, messages=MESSAGES)
    assert raw.retries_taken == 1
    failing = flaky_api().async_client(max_retries=0)
    with pytest.raises(InternalServerError):
        await failing.with_raw_response.chat.completions.create(model=MODEL, messages=MESSAGES)


@pytest.mark.asyncio
async def test_async_raw_response_of_a_stream() -> None:
    api = MockAPI.streaming(STREAM_BODY, 7)
    create = api.async_client().chat.completions.with_raw_response.create
    raw = await create(model=MODEL, messages=MESSAGES, stream=True)
    stream = await resolve(raw.parse())
    chunks = [chunk async for chunk in stream]
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "Hello"
    assert api.streams[0].closed


# -- async streaming -----------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("pick", CLIENT_STREAMING)
async def test_async_streaming_response_with_async_with(pick: Pick) -> None:
    api = MockAPI.streaming(PRETTY, 64, content_type="application/json", headers=HEADERS)
    async with pick(api.async_client())(model=MODEL, messages=MESSAGES) as response:
        assert response.request_id == "req_raw_1"
        assert api.streams[0].pieces_read == 0
        pieces = [piece async for piece in response.iter_bytes(5)]
    assert b"".join(pieces) == PRETTY
    assert all(len(p) == 5 for p in pieces[:-1])
    assert api.streams[0].closed


@pytest.mark.asyncio
async def test_async_streaming_response_parse_text_and_lines() -> None:
    api = MockAPI.streaming(PRETTY, 7, content_type="application/json")
    create = api.async_client().with_streaming_response.chat.completions.create
    async with create(model=MODEL, messages=MESSAGES) as response:
        completion = await response.parse()
        assert completion.choices[0].message.content == "Hello there!"
    async with create(model=MODEL, messages=MESSAGES) as response:
        assert "".join([t async for t in response.iter_text()]) == PRETTY.decode()
    async with create(model=MODEL, messages=MESSAGES) as response:
        assert [line async for line in response.iter_lines()] == PRETTY.decode().splitlines()
    assert len(api.streams) == 3
    assert all(s.closed for s in api.streams)


@pytest.mark.asyncio
async def test_async_streaming_response_of_a_stream() -> None:
    api = MockAPI.streaming(STREAM_BODY, 7)
    create = api.async_client().chat.completions.with_streaming_response.create
    async with create(model=MODEL, messages=MESSAGES, stream=True) as response:
        stream = await response.parse()
        chunks = [chunk async for chunk in stream]
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "Hello"
    assert api.streams[0].closed


@pytest.mark.asyncio
async def test_async_streaming_response_raises_status_errors_on_enter() -> None:
    client = not_found_api().async_client()
    with pytest.raises(NotFoundError):
        async with client.with_streaming_response.chat.completions.create(
            model=MODEL, messages=MESSAGES
        ):
            pass


@pytest.mark.seed_only
@pytest.mark.asyncio
async def test_async_streaming_response_awaited() -> None:
    api = MockAPI.streaming(PRETTY, 64, content_type="application/json", headers=HEADERS)
    response = await api.async_client().with_streaming_response.chat.completions.create(
        model=MODEL, messages=MESSAGES
    )
    assert response.headers["x-request-id"] == "req_raw_1"
    assert api.streams[0].pieces_read == 0
    assert b"".join([piece async for piece in response.iter_bytes()]) == PRETTY
    await response.close()
    assert api.streams[0].closed


@pytest.mark.seed_only
@pytest.mark.asyncio
async def test_async_streaming_response_awaited_parse() -> None:
    api = MockAPI.streaming(PRETTY, 64, content_type="application/json")
    client: AsyncOpenAI = api.async_client()
    response = await client.chat.completions.with_streaming_response.create(
        model=MODEL, messages=MESSAGES
    )
    completion = await response.parse()
    assert completion.id == "chatcmpl-abc123"
    await response.close()
    assert api.streams[0].closed
