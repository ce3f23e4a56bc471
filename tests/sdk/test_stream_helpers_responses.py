"""``responses.stream``: text snapshots, parsed text and final response, function call
arguments, resuming an existing response, and closing, sync and async."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from openai_kit import pydantic_function_tool
from openai_kit.lib.streaming.responses import (
    ResponseCompletedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseStreamState,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
)
from openai_kit.types.responses.parsed_response import ParsedResponse
from tests.sdk.test_responses import (
    MODEL,
    RESP_ID,
    function_stream_events,
    responses_sse,
    text_stream_events,
)
from tests.support.sse import MockAPI


class City(BaseModel):
    name: str
    population: int


class Multiply(BaseModel):
    a: int
    b: int


CITY_DELTAS = ['{"name": "Os', 'lo", "popu', 'lation": 709000}']
CITY = City(name="Oslo", population=709000)


def text_of(events: list[Any]) -> list[Any]:
    return [e for e in events if e.type.startswith("response.output_text")]


@pytest.mark.parametrize("piece_size", [0, 11])
def test_text_events_carry_snapshots_and_the_final_response_is_parsed(piece_size: int) -> None:
    api = MockAPI.streaming(responses_sse(text_stream_events(CITY_DELTAS)), piece_size)
    with api.client().responses.stream(model=MODEL, input="A city", text_format=City) as stream:
        events = list(stream)
        final = stream.get_final_response()

    body = api.json_bodies()[0]
    assert body["stream"] is True
    assert body["model"] == MODEL
    assert body["text"]["format"]["name"] == "City"
    assert body["text"]["format"]["strict"] is True

    assert len(events) == 11
    deltas = [e for e in events if isinstance(e, ResponseTextDeltaEvent)]
    assert [d.delta for d in deltas] == CITY_DELTAS
    assert [d.snapshot for d in deltas] == [
        '{"name": "Os',
        '{"name": "Oslo", "popu',
        '{"name": "Oslo", "population": 709000}',
    ]
    (done,) = [e for e in events if isinstance(e, ResponseTextDoneEvent)]
    assert done.parsed == CITY
    completed = events[-1]
    assert isinstance(completed, ResponseCompletedEvent)
    assert isinstance(completed.response, ParsedResponse)
    assert completed.response.output_parsed == CITY
    # every other event is the raw one
    assert events[0].type == "response.created"
    assert events[2].type == "response.output_item.added"

    assert isinstance(final, ParsedResponse)
    assert final.output_parsed == CITY
    assert final.output_text == '{"name": "Oslo", "population": 709000}'
    assert api.streams[0].closed


def test_without_text_format_nothing_is_parsed() -> None:
    api = MockAPI.streaming(responses_sse(text_stream_events(["Hi", " there"])))
    with api.client().responses.stream(model=MODEL, input="hi") as stream:
        events = list(stream)
        final = stream.get_final_response()
    assert "text" not in api.json_bodies()[0]
    (done,) = [e for e in events if isinstance(e, ResponseTextDoneEvent)]
    assert done.parsed is None
    assert done.text == "Hi there"
    assert final.output_text == "Hi there"
    assert final.output_parsed is None


def test_function_call_arguments_stream_with_snapshots() -> None:
    events = function_stream_events("Multiply", ['{"a": 12', ', "b": 3', "4}"])
    api = MockAPI.streaming(responses_sse(events))
    with api.client().responses.stream(
        model=MODEL, input="12 * 34?", tools=[pydantic_function_tool(Multiply)]
    ) as stream:
        received = list(stream)
        snapshot = stream.current_snapshot
    sent_tool = api.json_bodies()[0]["tools"][0]
    assert sent_tool["name"] == "Multiply"
    assert sent_tool["strict"] is True
    deltas = [e for e in received if isinstance(e, ResponseFunctionCallArgumentsDeltaEvent)]
    assert [d.snapshot for d in deltas] == ['{"a": 12', '{"a": 12, "b": 3', '{"a": 12, "b": 34}']
    final = stream.get_final_response()
    assert final.output[0].parsed_arguments == Multiply(a=12, b=34)  # type: ignore[union-attr]
    assert snapshot.output[0].arguments == '{"a": 12, "b": 34}'  # type: ignore[union-attr]


@pytest.mark.parametrize("starting_after", [None, 5])
def test_resuming_an_existing_response_replays_and_skips(starting_after: int | None) -> None:
    api = MockAPI.streaming(responses_sse(text_stream_events(CITY_DELTAS)))
    kwargs: dict[str, Any] = {} if starting_after is None else {"starting_after": starting_after}
    with api.client().responses.stream(
        response_id=RESP_ID, text_format=City, include=["message.output_text.logprobs"], **kwargs
    ) as stream:
        events = list(stream)
        final = stream.get_final_response()
    request = api.last
    assert request.method == "GET"
    assert request.url.path == f"/v1/responses/{RESP_ID}"
    assert request.url.params["stream"] == "true"
    assert request.url.params.get_list("include[]") == ["message.output_text.logprobs"]
    assert "starting_after" not in request.url.params
    numbers = [e.sequence_number for e in events]
    first = 0 if starting_after is None else starting_after + 1
    assert numbers == list(range(first, 11))
    # the events before `starting_after` were still accumulated
    assert final.output_parsed == CITY
    if starting_after is not None:
        # the first event yielded is the last delta, its snapshot built from the skipped ones
        assert isinstance(events[0], ResponseTextDeltaEvent)
        assert events[0].delta == CITY_DELTAS[-1]
        assert events[0].snapshot == '{"name": "Oslo", "population": 709000}'


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"response_id": RESP_ID, "model": MODEL, "input": "x"}, "input, model"),
        ({"starting_after": 3, "instructions": "x"}, "instructions"),
        ({"model": MODEL}, "required"),
        ({"input": "x"}, "required"),
        ({}, "response_id"),
    ],
)
def test_stream_arguments_are_checked_before_sending(kwargs: dict[str, Any], message: str) -> None:
    api = MockAPI.streaming(responses_sse(text_stream_events(["x"])))
    with pytest.raises(ValueError, match=message):
        api.client().responses.stream(**kwargs)
    assert api.requests == []


def test_a_stream_without_completed_has_no_final_response() -> None:
    events = text_stream_events(["par", "tial"])[:6]
    events.append(
        {"type": "error", "code": "server_error", "message": "boom", "param": None,
         "sequence_number": 6}
    )  # fmt: skip
    api = MockAPI.streaming(responses_sse(events))
    with api.client().responses.stream(model=MODEL, input="hi") as stream:
        received = list(stream)
        assert received[-1].type == "error"
        assert stream.current_snapshot.output[0].content[0].text == "partial"  # type: ignore[union-attr]
        with pytest.raises(RuntimeError, match=r"response\.completed"):
            stream.get_final_response()


def test_leaving_the_block_early_closes_the_response() -> None:
    api = MockAPI.streaming(responses_sse(text_stream_events(CITY_DELTAS)), 5)
    with api.client().responses.stream(model=MODEL, input="hi") as stream:
        assert next(stream).type == "response.created"
    assert api.streams[0].closed
    assert api.streams[0].pieces_read < len(api.streams[0].pieces)


def test_state_driven_by_hand_over_create_stream() -> None:
    api = MockAPI.streaming(responses_sse(text_stream_events(CITY_DELTAS)))
    state: ResponseStreamState[City] = ResponseStreamState(text_format=City)
    for event in api.client().responses.create(model=MODEL, input="x", stream=True):
        state.handle_event(event)
    assert state.completed_response is not None
    assert state.completed_response.output_parsed == CITY
    with pytest.raises(RuntimeError, match="created"):
        ResponseStreamState().handle_event(_raw_delta())  # an event before the response


def _raw_delta() -> Any:
    from openai_kit.types.responses.response_text_delta_event import ResponseTextDeltaEvent as Raw

    return Raw(type="response.output_text.delta", item_id="m", output_index=0,
               content_index=0, delta="x")  # fmt: skip


@pytest.mark.asyncio
async def test_async_stream_text_and_final_response() -> None:
    api = MockAPI.streaming(responses_sse(text_stream_events(CITY_DELTAS)), 7)
    async with api.async_client().responses.stream(
        model=MODEL, input="A city", text_format=City
    ) as stream:
        events = [event async for event in stream]
        final = await stream.get_final_response()
    assert [e.snapshot for e in events if isinstance(e, ResponseTextDeltaEvent)][-1] == (
        json.dumps({"name": "Oslo", "population": 709000})
    )
    assert final.output_parsed == CITY
    assert api.streams[0].closed


@pytest.mark.asyncio
async def test_async_resume_until_done() -> None:
    api = MockAPI.streaming(responses_sse(text_stream_events(CITY_DELTAS)))
    async with api.async_client().responses.stream(
        response_id=RESP_ID, starting_after=8, text_format=City
    ) as stream:
        first = await stream.__anext__()
        await stream.until_done()
        final = await stream.get_final_response()
    assert first.sequence_number == 9
    assert final.output_parsed == CITY
    assert api.last.method == "GET"


@pytest.mark.asyncio
async def test_async_manager_that_is_never_entered_sends_nothing() -> None:
    api = MockAPI.streaming(responses_sse(text_stream_events(["x"])))
    manager = api.async_client().responses.stream(model=MODEL, input="x")
    del manager
    assert api.requests == []


def test_unknown_event_types_from_a_newer_api_pass_through() -> None:
    events = text_stream_events(["ok"])
    events.insert(5, {"type": "response.brand_new.delta", "sequence_number": 99, "x": 1})
    api = MockAPI.streaming(responses_sse(events))
    with api.client().responses.stream(model=MODEL, input="hi") as stream:
        received = list(stream)
        final = stream.get_final_response()
    assert "response.brand_new.delta" in [e.type for e in received]
    assert final.output_text == "ok"
