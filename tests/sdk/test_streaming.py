"""Chat completion streams (``stream=True``), sync and async, over a mock transport.

The body reaches the SDK in chosen pieces (whole, 7 bytes, 1 byte) with
chosen line endings, so these tests pin that SSE parsing does not depend on
how the network splits the bytes (client-behaviour A83-A87, A93, B17).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from openai_kit import (
    APIError,
    APIStatusError,
    BadRequestError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)
from openai_kit.types.chat import ChatCompletionChunk
from tests.support.sse import MockAPI, chat_chunk, json_response, sse_body, sse_event

MODEL = "gpt-4o-mini"
MESSAGES = [{"role": "user", "content": "Say hello"}]

HELLO_CHUNKS = [
    chat_chunk("", role="assistant"),
    chat_chunk("Hel"),
    chat_chunk("lo 👋"),
    chat_chunk(" wörld"),
    chat_chunk(finish_reason="stop"),
]
HELLO_TEXT = "Hello 👋 wörld"

PIECES = [
    pytest.param(0, id="whole"),
    pytest.param(7, id="7-byte-pieces"),
    pytest.param(1, id="1-byte-pieces"),
]
EOLS = [
    pytest.param("\n", id="LF"),
    pytest.param("\r\n", id="CRLF"),
    pytest.param("\r", id="CR"),
]

ERROR = {"message": "The server had an error while processing", "type": "server_error"}
ERROR_BODIES = [
    pytest.param(sse_event({"error": ERROR}), ERROR["message"], id="data-error"),
    pytest.param(sse_event({"error": ERROR}, event="error"), ERROR["message"], id="error-event"),
    pytest.param(
        sse_event({"error": {"type": "server_error"}}),
        "An error occurred during streaming",
        id="error-without-message",
    ),
]

STATUS_ERRORS = [
    pytest.param(400, BadRequestError, id="400"),
    pytest.param(404, NotFoundError, id="404"),
    pytest.param(429, RateLimitError, id="429"),
    pytest.param(500, InternalServerError, id="500"),
]


def content_of(chunks: list[ChatCompletionChunk]) -> str:
    return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


def error_response(status: int) -> Any:
    body = {"error": {"message": f"failed with {status}", "type": "x", "param": None, "code": None}}
    return json_response(body, status_code=status, headers={"x-request-id": "req_stream_err"})


def assert_stream_request(api: MockAPI, **extra: Any) -> None:
    request = api.last
    assert request.method == "POST"
    assert request.url.path == "/v1/chat/completions"
    assert json.loads(request.content) == {
        "model": MODEL,
        "messages": MESSAGES,
        "stream": True,
        **extra,
    }


# -- sync --------------------------------------------------------------------------------


@pytest.mark.parametrize("eol", EOLS)
@pytest.mark.parametrize("piece_size", PIECES)
def test_stream_yields_chunks(piece_size: int, eol: str) -> None:
    api = MockAPI.streaming(sse_body(*HELLO_CHUNKS, eol=eol), piece_size)
    chunks = list(api.client().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True))
    assert len(chunks) == len(HELLO_CHUNKS)
    assert all(isinstance(c, ChatCompletionChunk) for c in chunks)
    assert {c.object for c in chunks} == {"chat.completion.chunk"}
    assert chunks[0].id == "chatcmpl-abc123"
    assert chunks[0].choices[0].delta.role == "assistant"
    assert content_of(chunks) == HELLO_TEXT
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert_stream_request(api)
    assert api.streams[0].closed


def test_stream_stops_at_done() -> None:
    body = sse_body(*HELLO_CHUNKS) + sse_body(chat_chunk("never"), {"error": ERROR}, done=False)
    api = MockAPI.streaming(body, 7)
    chunks = list(api.client().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True))
    assert content_of(chunks) == HELLO_TEXT
    assert api.streams[0].closed


def test_comments_event_and_id_fields_are_tolerated() -> None:
    body = b"".join(
        [
            b": connected\n\n",
            sse_event(HELLO_CHUNKS[0], comment="keep-alive"),
            sse_event(HELLO_CHUNKS[1], event="message", id="1"),
            sse_event(HELLO_CHUNKS[2], id="2", retry=1000),
            sse_body(*HELLO_CHUNKS[3:]),
        ]
    )
    api = MockAPI.streaming(body, 3)
    chunks = list(api.client().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True))
    assert content_of(chunks) == HELLO_TEXT


def test_keep_alive_comment_after_an_event_with_id() -> None:
    # the last event id persists, but a comment-only block is still no event
    body = sse_event(HELLO_CHUNKS[1], id="1") + b": ping\n\n" + sse_body(HELLO_CHUNKS[2])
    api = MockAPI.streaming(body, 3)
    chunks = list(api.client().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True))
    assert content_of(chunks) == "Hello 👋"


@pytest.mark.parametrize("eol", EOLS)
def test_multi_line_data_is_joined(eol: str) -> None:
    pretty = [sse_event(json.dumps(chunk, indent=2), eol=eol) for chunk in HELLO_CHUNKS]
    assert pretty[1].count(b"data: ") > 5
    api = MockAPI.streaming(sse_body(*pretty, eol=eol), 7)
    chunks = list(api.client().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True))
    assert content_of(chunks) == HELLO_TEXT


@pytest.mark.parametrize(("error_event", "message"), ERROR_BODIES)
def test_error_event_raises_after_earlier_chunks(error_event: bytes, message: str) -> None:
    body = sse_body(HELLO_CHUNKS[0], HELLO_CHUNKS[1], error_event, chat_chunk("late"))
    api = MockAPI.streaming(body, 7)
    stream = api.client().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
    chunks = iter(stream)
    received = [next(chunks), next(chunks)]
    with pytest.raises(APIError) as info:
        next(chunks)
    assert content_of(received) == "Hel"
    assert not isinstance(info.value, APIStatusError)
    assert message in str(info.value)
    assert info.value.message == message
    assert isinstance(info.value.body, dict)
    assert info.value.body["type"] == "server_error"
    assert api.streams[0].closed


@pytest.mark.parametrize(("status", "error_class"), STATUS_ERRORS)
def test_http_error_raises_before_iteration(status: int, error_class: type[APIStatusError]) -> None:
    api = MockAPI(lambda _request: error_response(status))
    client = api.client()
    with pytest.raises(error_class) as info:
        client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
    assert info.value.status_code == status
    assert info.value.request_id == "req_stream_err"
    assert f"failed with {status}" in str(info.value)
    assert len(api.requests) == 1


def test_http_error_with_event_stream_content_type_raises_before_iteration() -> None:
    body = json.dumps({"error": {"message": "bad stream", "type": "invalid_request_error"}})
    api = MockAPI.streaming(body.encode(), 5, status_code=400)
    with pytest.raises(BadRequestError, match="bad stream"):
        api.client().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)


def test_stream_is_read_lazily_and_context_manager_closes_it() -> None:
    api = MockAPI.streaming(sse_body(*HELLO_CHUNKS), 7)
    client = api.client()
    with client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True) as stream:
        first = next(iter(stream))
        assert first.choices[0].delta.role == "assistant"
        assert api.streams[0].pieces_read < len(api.streams[0].pieces)
        assert not api.streams[0].closed
    assert api.streams[0].closed
    assert stream.response.is_closed


def test_close_stops_the_stream() -> None:
    api = MockAPI.streaming(sse_body(*HELLO_CHUNKS), 7)
    stream = api.client().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
    next(iter(stream))
    stream.close()
    assert api.streams[0].closed
    assert stream.response.is_closed


def test_context_manager_closes_even_when_the_body_raises() -> None:
    api = MockAPI.streaming(sse_body(*HELLO_CHUNKS), 7)
    stream = api.client().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)

    def fail_inside() -> None:
        with stream:
            next(iter(stream))
            raise KeyError("user code failed")

    with pytest.raises(KeyError):
        fail_inside()
    assert api.streams[0].closed


def test_usage_chunk_with_include_usage() -> None:
    usage = {"prompt_tokens": 9, "completion_tokens": 4, "total_tokens": 13}
    chunks_in = [{**c, "usage": None} for c in HELLO_CHUNKS]
    body = sse_body(*chunks_in, chat_chunk(choices=False, usage=usage))
    api = MockAPI.streaming(body, 7)
    stream = api.client().chat.completions.create(
        model=MODEL, messages=MESSAGES, stream=True, stream_options={"include_usage": True}
    )
    chunks = list(stream)
    assert_stream_request(api, stream_options={"include_usage": True})
    assert all(c.usage is None for c in chunks[:-1])
    last = chunks[-1]
    assert last.choices == []
    assert last.usage is not None
    assert (last.usage.prompt_tokens, last.usage.completion_tokens) == (9, 4)
    assert last.usage.total_tokens == 13


def test_tool_call_deltas() -> None:
    first = {"index": 0, "id": "call_1", "type": "function"}
    first["function"] = {"name": "get_weather", "arguments": ""}
    parts = ['{"ci', 'ty": "Par', 'is"}']
    body = sse_body(
        chat_chunk(role="assistant", tool_calls=[first]),
        *(chat_chunk(tool_calls=[{"index": 0, "function": {"arguments": p}}]) for p in parts),
        chat_chunk(finish_reason="tool_calls"),
    )
    api = MockAPI.streaming(body, 7)
    chunks = list(api.client().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True))
    calls = [call for c in chunks for call in (c.choices[0].delta.tool_calls or [])]
    assert calls[0].id == "call_1"
    assert calls[0].function is not None
    assert calls[0].function.name == "get_weather"
    arguments = "".join(call.function.arguments or "" for call in calls if call.function)
    assert json.loads(arguments) == {"city": "Paris"}
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


def test_unknown_fields_and_azure_filter_chunk_are_tolerated() -> None:
    azure_first = {
        "id": "",
        "object": "",
        "created": 0,
        "model": "",
        "choices": [],
        "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}],
    }
    odd = chat_chunk("Hi", brand_new_field={"nested": True})
    odd["choices"][0]["content_filter_results"] = {"hate": {"filtered": False}}
    api = MockAPI.streaming(sse_body(azure_first, odd), 7)
    chunks = list(api.client().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True))
    assert chunks[0].choices == []
    assert chunks[0].model_extra is not None
    assert "prompt_filter_results" in chunks[0].model_extra
    assert chunks[1].model_extra == {"brand_new_field": {"nested": True}}
    assert content_of(chunks) == "Hi"


# -- async -------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("eol", EOLS)
@pytest.mark.parametrize("piece_size", PIECES)
async def test_async_stream_yields_chunks(piece_size: int, eol: str) -> None:
    api = MockAPI.streaming(sse_body(*HELLO_CHUNKS, eol=eol), piece_size)
    client = api.async_client()
    stream = await client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
    chunks = [chunk async for chunk in stream]
    assert all(isinstance(c, ChatCompletionChunk) for c in chunks)
    assert len(chunks) == len(HELLO_CHUNKS)
    assert content_of(chunks) == HELLO_TEXT
    assert_stream_request(api)
    assert api.streams[0].closed


@pytest.mark.asyncio
async def test_async_stream_stops_at_done_and_skips_comments() -> None:
    body = b": hi\n\n" + sse_body(*HELLO_CHUNKS) + sse_body(chat_chunk("never"), done=False)
    api = MockAPI.streaming(body, 1)
    client = api.async_client()
    stream = await client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
    chunks = [chunk async for chunk in stream]
    assert content_of(chunks) == HELLO_TEXT


@pytest.mark.asyncio
@pytest.mark.parametrize(("error_event", "message"), ERROR_BODIES)
async def test_async_error_event_raises_after_earlier_chunks(
    error_event: bytes, message: str
) -> None:
    body = sse_body(HELLO_CHUNKS[0], HELLO_CHUNKS[1], error_event)
    api = MockAPI.streaming(body, 7)
    client = api.async_client()
    stream = await client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
    received = [await stream.__anext__(), await stream.__anext__()]
    with pytest.raises(APIError) as info:
        await stream.__anext__()
    assert content_of(received) == "Hel"
    assert not isinstance(info.value, APIStatusError)
    assert info.value.message == message
    assert api.streams[0].closed


@pytest.mark.asyncio
@pytest.mark.parametrize(("status", "error_class"), STATUS_ERRORS)
async def test_async_http_error_raises_before_iteration(
    status: int, error_class: type[APIStatusError]
) -> None:
    api = MockAPI(lambda _request: error_response(status))
    client = api.async_client()
    with pytest.raises(error_class) as info:
        await client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
    assert info.value.status_code == status
    assert info.value.request_id == "req_stream_err"


@pytest.mark.asyncio
async def test_async_stream_context_manager_closes_it() -> None:
    api = MockAPI.streaming(sse_body(*HELLO_CHUNKS), 7)
    client = api.async_client()
    stream = await client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
    async with stream:
        first = await stream.__anext__()
        assert first.choices[0].delta.role == "assistant"
        assert api.streams[0].pieces_read < len(api.streams[0].pieces)
    assert api.streams[0].closed
    assert stream.response.is_closed


@pytest.mark.asyncio
async def test_async_close_stops_the_stream() -> None:
    api = MockAPI.streaming(sse_body(*HELLO_CHUNKS), 7)
    client = api.async_client()
    stream = await client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)
    async for _chunk in stream:
        break
    await stream.close()
    assert api.streams[0].closed


@pytest.mark.asyncio
async def test_async_usage_chunk_with_include_usage() -> None:
    usage = {"prompt_tokens": 9, "completion_tokens": 4, "total_tokens": 13}
    body = sse_body(*HELLO_CHUNKS, chat_chunk(choices=False, usage=usage))
    api = MockAPI.streaming(body, 7)
    client = api.async_client()
    stream = await client.chat.completions.create(
        model=MODEL, messages=MESSAGES, stream=True, stream_options={"include_usage": True}
    )
    chunks = [chunk async for chunk in stream]
    assert_stream_request(api, stream_options={"include_usage": True})
    assert chunks[-1].usage is not None
    assert chunks[-1].usage.total_tokens == 13
    assert content_of(chunks) == HELLO_TEXT
