"""``client.responses``: create (plain, streamed, background), retrieve and resume, delete,
cancel, input items and input token counts, sync and async, over a mock transport.

The payload builders at the top are shaped like the real recordings in
``../shared/realworld-cassettes/llm/.../test_openai_responses``; the other
Responses test modules import them.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from openai_kit import AsyncOpenAI, NotFoundError, OpenAI
from openai_kit.types.responses.input_token_count_response import InputTokenCountResponse
from openai_kit.types.responses.response import Response
from openai_kit.types.responses.response_function_tool_call import ResponseFunctionToolCall
from openai_kit.types.responses.response_output_message import ResponseOutputMessage
from tests.sdk.conftest import Flavor
from tests.support.sse import MockAPI, json_response, sse_event

MODEL = "gpt-5.5"
RESP_ID = "resp_0123456789abcdef"


# --- payload builders (shared with the other Responses test modules) ----------------


def message_item(text: str, *, item_id: str = "msg_1", status: str = "completed") -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "message",
        "status": status,
        "role": "assistant",
        "phase": "final_answer",
        "content": [{"type": "output_text", "annotations": [], "logprobs": [], "text": text}],
    }


def function_call_item(
    name: str, arguments: str, *, call_id: str = "call_1", item_id: str = "fc_1"
) -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "function_call",
        "status": "completed",
        "arguments": arguments,
        "call_id": call_id,
        "name": name,
    }


def response_body(
    output: list[dict[str, Any]] | None = None,
    *,
    response_id: str = RESP_ID,
    status: str = "completed",
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": response_id,
        "object": "response",
        "created_at": 1778037177,
        "status": status,
        "background": False,
        "completed_at": 1778037178 if status == "completed" else None,
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "max_output_tokens": None,
        "max_tool_calls": None,
        "model": "gpt-5.5-2026-04-23",
        "output": output if output is not None else [],
        "parallel_tool_calls": True,
        "previous_response_id": None,
        "reasoning": {"effort": "low", "summary": None},
        "service_tier": "auto",
        "store": True,
        "temperature": 1.0,
        "text": {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": "auto",
        "tools": [],
        "top_p": 0.98,
        "truncation": "disabled",
        "usage": {
            "input_tokens": 12,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": 5,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 17,
        }
        if status == "completed"
        else None,
        "user": None,
        "metadata": {},
    }
    body.update(extra)
    return body


def text_stream_events(
    deltas: list[str], *, response_id: str = RESP_ID, item_id: str = "msg_1"
) -> list[dict[str, Any]]:
    """The real event sequence of a one-message response, with sequence numbers."""
    text = "".join(deltas)
    pending = message_item("", item_id=item_id, status="in_progress")
    pending["content"] = []
    part = {"type": "output_text", "annotations": [], "logprobs": [], "text": ""}
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": response_body(response_id=response_id, status="in_progress")},
        {"type": "response.in_progress", "response": response_body(response_id=response_id, status="in_progress")},
        {"type": "response.output_item.added", "output_index": 0, "item": pending},
        {"type": "response.content_part.added", "item_id": item_id, "output_index": 0, "content_index": 0, "part": part},
    ]  # fmt: skip
    events += [
        {"type": "response.output_text.delta", "item_id": item_id, "output_index": 0,
         "content_index": 0, "delta": delta, "logprobs": [], "obfuscation": "x"}
        for delta in deltas
    ]  # fmt: skip
    done_item = message_item(text, item_id=item_id)
    events += [
        {"type": "response.output_text.done", "item_id": item_id, "output_index": 0, "content_index": 0, "text": text, "logprobs": []},
        {"type": "response.content_part.done", "item_id": item_id, "output_index": 0, "content_index": 0, "part": {**part, "text": text}},
        {"type": "response.output_item.done", "output_index": 0, "item": done_item},
        {"type": "response.completed", "response": response_body([done_item], response_id=response_id)},
    ]  # fmt: skip
    for number, event in enumerate(events):
        event["sequence_number"] = number
    return events


def function_stream_events(name: str, chunks: list[str]) -> list[dict[str, Any]]:
    """The real event sequence of a response that makes one function call."""
    arguments = "".join(chunks)
    pending = function_call_item(name, "")
    pending["status"] = "in_progress"
    done_item = function_call_item(name, arguments)
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": response_body(status="in_progress")},
        {"type": "response.output_item.added", "output_index": 0, "item": pending},
        *[
            {"type": "response.function_call_arguments.delta", "item_id": "fc_1", "output_index": 0, "delta": chunk}
            for chunk in chunks
        ],
        {"type": "response.function_call_arguments.done", "item_id": "fc_1", "output_index": 0, "arguments": arguments},
        {"type": "response.output_item.done", "output_index": 0, "item": done_item},
        {"type": "response.completed", "response": response_body([done_item])},
    ]  # fmt: skip
    for number, event in enumerate(events):
        event["sequence_number"] = number
    return events


def responses_sse(events: list[dict[str, Any]]) -> bytes:
    """Events as the API sends them: ``event:`` names and ``data:``, no ``[DONE]``."""
    return b"".join(sse_event(event, event=event["type"]) for event in events)


def client_for(flavor: Flavor, api: MockAPI) -> OpenAI | AsyncOpenAI:
    return api.async_client() if flavor.is_async else api.client()


async def collect(flavor: Flavor, stream: Any) -> list[Any]:
    if flavor.is_async:
        return [event async for event in stream]
    return list(stream)


# --- create -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_create_sends_the_body_and_parses_the_response(flavor: Flavor) -> None:
    output = [
        {"id": "rs_1", "type": "reasoning", "summary": [], "encrypted_content": "gAAA"},
        message_item("Hello "),
        message_item("world", item_id="msg_2"),
    ]
    api = MockAPI.returning(response_body(output), headers={"x-request-id": "req_1"})
    tools = [
        {
            "type": "function",
            "name": "multiply",
            "description": "Multiply two numbers.",
            "parameters": {"type": "object", "properties": {"a": {"type": "integer"}}},
            "strict": False,
        },
        {"type": "web_search"},
    ]
    response = await flavor.settle(
        client_for(flavor, api).responses.create(
            model=MODEL,
            input=[{"role": "user", "content": "Say hello"}],
            instructions="Be brief.",
            tools=tools,  # type: ignore[arg-type]
            text={"format": {"type": "json_schema", "name": "x", "schema": {}, "strict": True}},
            reasoning={"effort": "low"},
            previous_response_id="resp_prev",
            include=["reasoning.encrypted_content"],
            store=False,
            metadata={"k": "v"},
        )
    )
    request = api.last
    assert request.method == "POST"
    assert request.url.path == "/v1/responses"
    body = json.loads(request.content)
    assert body == {
        "model": MODEL,
        "input": [{"role": "user", "content": "Say hello"}],
        "instructions": "Be brief.",
        "tools": tools,
        "text": {"format": {"type": "json_schema", "name": "x", "schema": {}, "strict": True}},
        "reasoning": {"effort": "low"},
        "previous_response_id": "resp_prev",
        "include": ["reasoning.encrypted_content"],
        "store": False,
        "metadata": {"k": "v"},
    }
    assert isinstance(response, Response)
    assert response.id == RESP_ID
    assert response.status == "completed"
    assert response.output_text == "Hello world"
    assert [item.type for item in response.output] == ["reasoning", "message", "message"]
    assert isinstance(response.output[1], ResponseOutputMessage)
    assert response.usage is not None and response.usage.total_tokens == 17


@pytest.mark.asyncio
async def test_built_in_tool_items_and_unknown_items_are_kept_as_data(flavor: Flavor) -> None:
    output = [
        {"id": "ws_1", "type": "web_search_call", "status": "completed",
         "action": {"type": "search", "query": "weather"}},
        {"id": "fs_1", "type": "file_search_call", "status": "completed", "queries": ["q"],
         "results": None},
        {"id": "new_1", "type": "brand_new_item", "payload": {"x": 1}},
        function_call_item("multiply", '{"a": 2}'),
    ]  # fmt: skip
    api = MockAPI.returning(response_body(output, conversation={"id": "conv_1"}))
    response = await flavor.settle(
        client_for(flavor, api).responses.create(
            model=MODEL, input="hi", conversation="conv_1", background=False
        )
    )
    types = [getattr(item, "type", None) or item["type"] for item in response.output]
    assert types == ["web_search_call", "file_search_call", "brand_new_item", "function_call"]
    call = response.output[3]
    assert isinstance(call, ResponseFunctionToolCall)
    assert call.arguments == '{"a": 2}'
    assert response.conversation is not None and response.conversation.id == "conv_1"
    assert response.output_text == ""
    assert api.json_bodies()[0]["conversation"] == "conv_1"


@pytest.mark.asyncio
async def test_background_create_returns_a_queued_response(flavor: Flavor) -> None:
    api = MockAPI.returning(response_body(status="queued", background=True))
    response = await flavor.settle(
        client_for(flavor, api).responses.create(model=MODEL, input="long job", background=True)
    )
    assert api.json_bodies()[0]["background"] is True
    assert response.status == "queued"
    assert response.background is True
    assert response.usage is None


@pytest.mark.asyncio
async def test_create_stream_yields_typed_events(flavor: Flavor) -> None:
    api = MockAPI.streaming(responses_sse(text_stream_events(["Hel", "lo"])), 9)
    stream = await flavor.settle(
        client_for(flavor, api).responses.create(model=MODEL, input="hi", stream=True)
    )
    events = await collect(flavor, stream)
    assert api.json_bodies()[0]["stream"] is True
    assert [e.type for e in events] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert [e.sequence_number for e in events] == list(range(10))
    assert "".join(e.delta for e in events if e.type == "response.output_text.delta") == "Hello"
    assert events[-1].response.output_text == "Hello"
    assert api.streams[0].closed


@pytest.mark.asyncio
async def test_stream_error_event_is_yielded(flavor: Flavor) -> None:
    events = text_stream_events(["Hel"])[:5]
    events.append(
        {"type": "error", "code": "server_error", "message": "The model failed", "param": None,
         "sequence_number": 5}
    )  # fmt: skip
    api = MockAPI.streaming(responses_sse(events))
    stream = await flavor.settle(
        client_for(flavor, api).responses.create(model=MODEL, input="hi", stream=True)
    )
    received = await collect(flavor, stream)
    assert received[-1].type == "error"
    assert received[-1].message == "The model failed"


# --- retrieve, resume, delete, cancel -------------------------------------------------


@pytest.mark.asyncio
async def test_retrieve_sends_the_query(flavor: Flavor) -> None:
    api = MockAPI.returning(response_body([message_item("stored")]))
    response = await flavor.settle(
        client_for(flavor, api).responses.retrieve(
            RESP_ID, include=["message.output_text.logprobs", "reasoning.encrypted_content"]
        )
    )
    request = api.last
    assert request.method == "GET"
    assert request.url.path == f"/v1/responses/{RESP_ID}"
    assert request.url.params.get_list("include[]") == [
        "message.output_text.logprobs",
        "reasoning.encrypted_content",
    ]
    assert "stream" not in request.url.params
    assert response.output_text == "stored"


@pytest.mark.asyncio
async def test_retrieve_with_stream_resumes_the_events(flavor: Flavor) -> None:
    events = text_stream_events(["a", "b", "c"])
    api = MockAPI.streaming(responses_sse(events[6:]))
    stream = await flavor.settle(
        client_for(flavor, api).responses.retrieve(
            RESP_ID, stream=True, starting_after=5, include_obfuscation=False
        )
    )
    received = await collect(flavor, stream)
    params = api.last.url.params
    assert params["stream"] == "true"
    assert params["starting_after"] == "5"
    assert params["include_obfuscation"] == "false"
    assert [e.sequence_number for e in received] == list(range(6, len(events)))
    assert received[0].type == "response.output_text.delta"
    assert received[-1].response.output_text == "abc"


@pytest.mark.asyncio
async def test_delete_and_cancel(flavor: Flavor) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "DELETE":
            return json_response({"id": RESP_ID, "object": "response.deleted", "deleted": True})
        return json_response(response_body(status="cancelled", background=True))

    api = MockAPI(handler)
    client = client_for(flavor, api)
    assert await flavor.settle(client.responses.delete(RESP_ID)) is None
    deleted = api.last
    assert deleted.method == "DELETE"
    assert deleted.url.path == f"/v1/responses/{RESP_ID}"
    assert deleted.headers["accept"] == "*/*"
    cancelled = await flavor.settle(client.responses.cancel(RESP_ID))
    assert api.last.method == "POST"
    assert api.last.url.path == f"/v1/responses/{RESP_ID}/cancel"
    assert cancelled.status == "cancelled"


@pytest.mark.asyncio
async def test_missing_response_is_not_found(flavor: Flavor) -> None:
    error = {"error": {"message": f"Response with id '{RESP_ID}' not found.",
                       "type": "invalid_request_error", "param": None, "code": None}}  # fmt: skip
    api = MockAPI.returning(error, status_code=404)
    with pytest.raises(NotFoundError) as caught:
        await flavor.settle(client_for(flavor, api).responses.retrieve(RESP_ID))
    assert "not found" in caught.value.message


@pytest.mark.parametrize("method", ["retrieve", "delete", "cancel"])
def test_empty_response_id_is_refused_before_sending(method: str) -> None:
    api = MockAPI.returning(response_body())
    with pytest.raises(ValueError, match="response_id"):
        getattr(api.client().responses, method)("")
    assert api.requests == []


def test_raw_response_of_create() -> None:
    api = MockAPI.returning(response_body([message_item("hi")]), headers={"x-request-id": "req_9"})
    raw = api.client().responses.with_raw_response.create(model=MODEL, input="hi")
    assert raw.request_id == "req_9"
    assert raw.parse().output_text == "hi"


# --- input items and input tokens -------------------------------------------------------


def input_item(item_id: str) -> dict[str, Any]:
    return {"id": item_id, "type": "message", "role": "user", "status": "completed",
            "content": [{"type": "input_text", "text": item_id}]}  # fmt: skip


def paged_items(request: httpx.Request) -> httpx.Response:
    after = request.url.params.get("after")
    if after is None:
        data, has_more = [input_item("msg_a"), input_item("msg_b")], True
    else:
        assert after == "msg_b"
        data, has_more = [input_item("msg_c")], False
    return json_response({"object": "list", "data": data, "first_id": data[0]["id"],
                          "last_id": data[-1]["id"], "has_more": has_more})  # fmt: skip


def test_input_items_pages_follow_the_cursor() -> None:
    api = MockAPI(paged_items)
    page = api.client().responses.input_items.list(
        RESP_ID, limit=2, order="asc", include=["message.input_image.image_url"]
    )
    assert [item.id for item in page.data] == ["msg_a", "msg_b"]
    assert [item.id for item in page] == ["msg_a", "msg_b", "msg_c"]
    first, second = api.requests
    assert first.url.path == f"/v1/responses/{RESP_ID}/input_items"
    assert first.url.params["limit"] == "2"
    assert first.url.params["order"] == "asc"
    assert first.url.params.get_list("include[]") == ["message.input_image.image_url"]
    assert second.url.params["after"] == "msg_b"
    assert second.url.params["order"] == "asc"


@pytest.mark.asyncio
async def test_async_input_items_await_and_iterate() -> None:
    api = MockAPI(paged_items)
    client = api.async_client()
    first_page = await client.responses.input_items.list(RESP_ID)
    assert first_page.has_more is True
    ids = [item.id async for item in client.responses.input_items.list(RESP_ID)]
    assert ids == ["msg_a", "msg_b", "msg_c"]


@pytest.mark.asyncio
async def test_input_tokens_count(flavor: Flavor) -> None:
    api = MockAPI.returning({"object": "response.input_tokens", "input_tokens": 42})
    counted = await flavor.settle(
        client_for(flavor, api).responses.input_tokens.count(
            model=MODEL, input="How many tokens?", instructions="Count."
        )
    )
    assert api.last.url.path == "/v1/responses/input_tokens"
    assert api.json_bodies()[0] == {
        "model": MODEL,
        "input": "How many tokens?",
        "instructions": "Count.",
    }
    assert isinstance(counted, InputTokenCountResponse)
    assert counted.input_tokens == 42


@pytest.mark.asyncio
async def test_sub_resources_follow_the_raw_view(flavor: Flavor) -> None:
    api = MockAPI.returning({"object": "response.input_tokens", "input_tokens": 3})
    raw = await flavor.settle(
        client_for(flavor, api).responses.with_raw_response.input_tokens.count(input="x")
    )
    assert raw.status_code == 200
    assert raw.parse().input_tokens == 3
