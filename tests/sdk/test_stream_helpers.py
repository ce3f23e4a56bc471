"""``chat.completions.stream``: helper events, the accumulated completion, parsing, closing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from openai_kit import LengthFinishReasonError, pydantic_function_tool
from openai_kit.lib.streaming.chat import (
    ChatCompletionStreamState,
    ChunkEvent,
    ContentDeltaEvent,
    ContentDoneEvent,
    FunctionToolCallArgumentsDeltaEvent,
    FunctionToolCallArgumentsDoneEvent,
)
from openai_kit.types.chat import ChatCompletionChunk, ParsedChatCompletion
from tests.support.sse import MockAPI, chat_chunk, sse_body

MODEL = "gpt-4o-2024-08-06"
MESSAGES = [{"role": "user", "content": "Weather?"}]


class Forecast(BaseModel):
    city: str
    temperature: int


class GetWeather(BaseModel):
    city: str


FORECAST_CHUNKS = [
    chat_chunk("", role="assistant"),
    chat_chunk('{"city": "Os'),
    chat_chunk('lo", "temper'),
    chat_chunk('ature": 21}'),
    chat_chunk(finish_reason="stop"),
    chat_chunk(
        choices=False, usage={"prompt_tokens": 9, "completion_tokens": 8, "total_tokens": 17}
    ),
]


def tool_delta(
    index: int, *, call_id: str | None = None, name: str | None = None, args: str = ""
) -> dict[str, Any]:
    delta: dict[str, Any] = {"index": index, "function": {"arguments": args}}
    if call_id is not None:
        delta["id"] = call_id
        delta["type"] = "function"
        delta["function"]["name"] = name
    return delta


TOOL_CHUNKS = [
    chat_chunk(role="assistant", tool_calls=[tool_delta(0, call_id="call_a", name="GetWeather")]),
    chat_chunk(tool_calls=[tool_delta(0, args='{"city":')]),
    chat_chunk(tool_calls=[tool_delta(0, args=' "Oslo"}')]),
    chat_chunk(tool_calls=[tool_delta(1, call_id="call_b", name="GetWeather")]),
    chat_chunk(tool_calls=[tool_delta(1, args='{"city": "Rome"}')]),
    chat_chunk(finish_reason="tool_calls"),
]


def types_of(events: list[Any]) -> list[str]:
    return [event.type for event in events]


@pytest.mark.parametrize("piece_size", [0, 5])
def test_content_events_and_parsed_final_completion(piece_size: int) -> None:
    api = MockAPI.streaming(sse_body(*FORECAST_CHUNKS), piece_size)
    client = api.client()
    with client.chat.completions.stream(
        model=MODEL,
        messages=MESSAGES,
        response_format=Forecast,
        stream_options={"include_usage": True},
    ) as stream:
        events = list(stream)
        completion = stream.get_final_completion()

    body = api.json_bodies()[0]
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert body["response_format"]["json_schema"]["name"] == "Forecast"
    assert body["response_format"]["json_schema"]["strict"] is True

    assert types_of(events) == [
        "chunk", "content.delta",
        "chunk", "content.delta",
        "chunk", "content.delta",
        "chunk", "content.delta",
        "chunk", "content.done",
        "chunk",
    ]  # fmt: skip
    deltas = [e for e in events if isinstance(e, ContentDeltaEvent)]
    assert [d.delta for d in deltas] == ["", '{"city": "Os', 'lo", "temper', 'ature": 21}']
    assert deltas[-1].snapshot == '{"city": "Oslo", "temperature": 21}'
    # partial JSON is decoded as it arrives; unfinished strings are left out
    assert deltas[1].parsed == {}
    assert deltas[2].parsed == {"city": "Oslo"}
    assert deltas[3].parsed == {"city": "Oslo", "temperature": 21}
    (done,) = [e for e in events if isinstance(e, ContentDoneEvent)]
    assert done.parsed == Forecast(city="Oslo", temperature=21)
    assert isinstance(events[0], ChunkEvent)
    assert isinstance(events[0].chunk, ChatCompletionChunk)

    assert isinstance(completion, ParsedChatCompletion)
    assert completion.object == "chat.completion"
    assert completion.choices[0].finish_reason == "stop"
    assert completion.choices[0].message.parsed == Forecast(city="Oslo", temperature=21)
    assert completion.choices[0].message.role == "assistant"
    assert completion.usage is not None and completion.usage.total_tokens == 17
    assert api.streams[0].closed


def test_tool_call_events_and_parsed_arguments() -> None:
    api = MockAPI.streaming(sse_body(*TOOL_CHUNKS))
    with api.client().chat.completions.stream(
        model=MODEL, messages=MESSAGES, tools=[pydantic_function_tool(GetWeather)]
    ) as stream:
        events = list(stream)
    argument_events = [e for e in events if e.type != "chunk"]
    # the first call is done once the chunk that starts the second has been handled
    assert [(e.type.rsplit(".", 1)[1], e.index) for e in argument_events] == [  # type: ignore[union-attr]
        ("delta", 0),
        ("delta", 0),
        ("delta", 0),
        ("delta", 1),
        ("done", 0),
        ("delta", 1),
        ("done", 1),
    ]
    deltas = [e for e in argument_events if isinstance(e, FunctionToolCallArgumentsDeltaEvent)]
    assert deltas[1].arguments == '{"city":'
    assert deltas[1].arguments_delta == '{"city":'
    assert deltas[1].parsed_arguments == {}
    assert deltas[2].parsed_arguments == {"city": "Oslo"}
    dones = [e for e in argument_events if isinstance(e, FunctionToolCallArgumentsDoneEvent)]
    assert [(d.index, d.name) for d in dones] == [(0, "GetWeather"), (1, "GetWeather")]
    assert dones[0].parsed_arguments == GetWeather(city="Oslo")
    assert dones[1].parsed_arguments == GetWeather(city="Rome")

    completion = stream.get_final_completion()
    calls = completion.choices[0].message.tool_calls or []
    assert [c.id for c in calls] == ["call_a", "call_b"]
    assert [c.function.parsed_arguments for c in calls] == [
        GetWeather(city="Oslo"),
        GetWeather(city="Rome"),
    ]
    assert completion.choices[0].finish_reason == "tool_calls"


def test_refusal_and_logprobs_events() -> None:
    logprob = {"token": "No", "logprob": -0.1, "bytes": [78, 111], "top_logprobs": []}
    chunks = [
        chat_chunk(role="assistant"),
        {**chat_chunk(), "choices": [{"index": 0, "delta": {"refusal": "No"}, "finish_reason": None,
                                      "logprobs": {"content": None, "refusal": [logprob]}}]},
        {**chat_chunk(), "choices": [{"index": 0, "delta": {"refusal": " way"}, "finish_reason": None,
                                      "logprobs": {"content": None, "refusal": [logprob]}}]},
        chat_chunk(finish_reason="stop"),
    ]  # fmt: skip
    api = MockAPI.streaming(sse_body(*chunks))
    with api.client().chat.completions.stream(
        model=MODEL, messages=MESSAGES, response_format=Forecast
    ) as stream:
        events = [e for e in stream if e.type != "chunk"]
    assert types_of(events) == [
        "refusal.delta",
        "logprobs.refusal.delta",
        "refusal.delta",
        "logprobs.refusal.delta",
        "refusal.done",
        "logprobs.refusal.done",
    ]
    assert events[2].snapshot == "No way"  # type: ignore[union-attr]
    assert len(events[-1].refusal) == 2  # type: ignore[union-attr]
    message = stream.get_final_completion().choices[0].message
    assert message.refusal == "No way"
    assert message.parsed is None


def test_length_finish_reason_raises_while_streaming() -> None:
    chunks = [chat_chunk('{"city": "Os', role="assistant"), chat_chunk(finish_reason="length")]
    api = MockAPI.streaming(sse_body(*chunks))
    with (
        api.client().chat.completions.stream(
            model=MODEL, messages=MESSAGES, response_format=Forecast
        ) as stream,
        pytest.raises(LengthFinishReasonError) as caught,
    ):
        for _ in stream:
            pass
    assert caught.value.completion.choices[0].message.content == '{"city": "Os'
    assert api.streams[0].closed


def test_length_without_anything_to_parse_streams_but_the_final_completion_raises() -> None:
    chunks = [chat_chunk("Once upon", role="assistant"), chat_chunk(finish_reason="length")]
    api = MockAPI.streaming(sse_body(*chunks))
    with api.client().chat.completions.stream(model=MODEL, messages=MESSAGES) as stream:
        assert "content.done" in types_of(list(stream))
        assert stream.current_completion_snapshot.choices[0].finish_reason == "length"
        with pytest.raises(LengthFinishReasonError):
            stream.get_final_completion()


def test_azure_filter_events_are_skipped_and_several_choices_accumulate() -> None:
    azure_filter = {
        "id": "",
        "object": "",
        "created": 0,
        "model": "",
        "choices": [],
        "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {}}],
    }
    chunks = [
        azure_filter,
        chat_chunk("A", role="assistant", index=1),
        chat_chunk("B", role="assistant", index=0),
        chat_chunk("a", index=1, finish_reason="stop"),
        chat_chunk("b", index=0, finish_reason="stop"),
    ]  # fmt: skip
    api = MockAPI.streaming(sse_body(*chunks))
    with api.client().chat.completions.stream(model=MODEL, messages=MESSAGES, n=2) as stream:
        completion = stream.get_final_completion()
    assert [c.index for c in completion.choices] == [0, 1]
    assert [c.message.content for c in completion.choices] == ["Bb", "Aa"]
    assert completion.id == "chatcmpl-abc123"


def test_unknown_delta_fields_accumulate_on_the_message() -> None:
    chunks = [
        chat_chunk(role="assistant", reasoning_content=None),
        {**chat_chunk(), "choices": [{"index": 0, "delta": {"reasoning_content": "think"}, "finish_reason": None}]},
        {**chat_chunk(), "choices": [{"index": 0, "delta": {"reasoning_content": "ing"}, "finish_reason": None}]},
        chat_chunk("done", finish_reason="stop"),
    ]  # fmt: skip
    api = MockAPI.streaming(sse_body(*chunks))
    with api.client().chat.completions.stream(model=MODEL, messages=MESSAGES) as stream:
        message = stream.get_final_completion().choices[0].message
    assert message.model_extra == {"reasoning_content": "thinking"}
    assert message.content == "done"


def test_leaving_the_block_early_closes_the_response() -> None:
    api = MockAPI.streaming(sse_body(*FORECAST_CHUNKS), 3)
    with api.client().chat.completions.stream(model=MODEL, messages=MESSAGES) as stream:
        first = next(iter(stream))
        assert first.type == "chunk"
    assert api.streams[0].closed
    assert api.streams[0].pieces_read < len(api.streams[0].pieces)


def test_state_can_be_driven_by_hand() -> None:
    api = MockAPI.streaming(sse_body(*FORECAST_CHUNKS))
    state: ChatCompletionStreamState[Forecast] = ChatCompletionStreamState(response_format=Forecast)
    for chunk in api.client().chat.completions.create(model=MODEL, messages=MESSAGES, stream=True):
        state.handle_chunk(chunk)
    assert state.current_completion_snapshot.choices[0].message.content == json.dumps(
        {"city": "Oslo", "temperature": 21}
    )
    assert state.get_final_completion().choices[0].message.parsed == Forecast(
        city="Oslo", temperature=21
    )
    with pytest.raises(RuntimeError):
        _ = ChatCompletionStreamState().current_completion_snapshot


@pytest.mark.asyncio
async def test_async_stream_events_and_final_completion() -> None:
    api = MockAPI.streaming(sse_body(*FORECAST_CHUNKS), 4)
    client = api.async_client()
    async with client.chat.completions.stream(
        model=MODEL, messages=MESSAGES, response_format=Forecast
    ) as stream:
        events = [event async for event in stream]
        completion = await stream.get_final_completion()
    assert types_of(events).count("content.delta") == 4
    assert completion.choices[0].message.parsed == Forecast(city="Oslo", temperature=21)
    assert api.streams[0].closed


@pytest.mark.asyncio
async def test_async_tool_calls_until_done_and_snapshot() -> None:
    api = MockAPI.streaming(sse_body(*TOOL_CHUNKS))
    async with api.async_client().chat.completions.stream(
        model=MODEL, messages=MESSAGES, tools=[pydantic_function_tool(GetWeather)]
    ) as stream:
        await stream.until_done()
        snapshot = stream.current_completion_snapshot
    calls = snapshot.choices[0].message.tool_calls or []
    assert [c.function.parsed_arguments for c in calls] == [
        GetWeather(city="Oslo"),
        GetWeather(city="Rome"),
    ]


@pytest.mark.asyncio
async def test_async_manager_that_is_never_entered_sends_nothing() -> None:
    api = MockAPI.streaming(sse_body(*FORECAST_CHUNKS))
    manager = api.async_client().chat.completions.stream(model=MODEL, messages=MESSAGES)
    del manager
    assert api.requests == []
