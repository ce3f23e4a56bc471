"""Responses and Conversations types against real traffic, and how they parse.

Every 2xx Responses / Conversations response in ``../shared/realworld-cassettes`` (plain JSON
and each ``data:`` of an SSE stream) must validate strictly into its documented type and dump
back to the JSON it came from, extra fields included. Recorded request bodies must fit the
request TypedDicts without losing a key. The rest pins the discriminated unions, the lenient
road for types a newer API adds, and ``Response.output_text``.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pydantic
import pytest

from openai_kit._models import validate_json, validate_python
from openai_kit.types.conversations import (
    Conversation,
    ConversationDeletedResource,
    ConversationItem,
    ConversationItemList,
    Message,
)
from openai_kit.types.conversations import conversation_create_params as conversation_params
from openai_kit.types.responses import (
    CompactedResponse,
    InputTokenCountResponse,
    Response,
    ResponseCompletedEvent,
    ResponseFunctionToolCall,
    ResponseFunctionToolCallItem,
    ResponseInputMessageItem,
    ResponseItemList,
    ResponseOutputMessage,
    ResponseOutputRefusal,
    ResponseOutputText,
    ResponseReasoningItem,
    ResponseStreamEvent,
    ResponseTextDeltaEvent,
)
from openai_kit.types.responses import response_create_params as create_params
from openai_kit.types.responses.response_output_item import McpCall
from tests.support.realworld import RecordedInteraction, interactions_or_empty

# The type each operation's 2xx body parses into; streams parse event by event.
BODY_TYPES: dict[str, Any] = {
    "responses.create": Response,
    "responses.retrieve": Response,
    "responses.cancel": Response,
    "responses.compact": CompactedResponse,
    "responses.input_items.list": ResponseItemList,
    "responses.input_tokens.count": InputTokenCountResponse,
    "conversations.create": Conversation,
    "conversations.retrieve": Conversation,
    "conversations.update": Conversation,
    "conversations.delete": ConversationDeletedResource,
    "conversations.items.create": ConversationItemList,
    "conversations.items.list": ConversationItemList,
    "conversations.items.retrieve": ConversationItem,
    "conversations.items.delete": Conversation,
}


def _ours(interaction: RecordedInteraction) -> bool:
    return (interaction.operation or "").split(".")[0] in ("responses", "conversations")


@cache
def _recorded() -> tuple[RecordedInteraction, ...]:
    return tuple(i for i in interactions_or_empty() if _ours(i))


REQUEST_PARAMS: dict[str, Any] = {
    "responses.create": (
        create_params.ResponseCreateParamsNonStreaming,
        create_params.ResponseCreateParamsStreaming,
    ),
    "conversations.create": (conversation_params.ConversationCreateParams,) * 2,
}


def _cases(*, responses: bool) -> list[Any]:
    found = [
        pytest.param(i, id=i.id)
        for i in _recorded()
        if (200 <= i.response.status < 300 if responses else i.operation in REQUEST_PARAMS)
    ]
    return found or [pytest.param(None, marks=pytest.mark.skip(reason="no cassettes"), id="none")]


def _events(interaction: RecordedInteraction) -> list[str]:
    return [d for d in interaction.response.sse_data() if d != "[DONE]"]


def _find(name: str, index: int) -> RecordedInteraction:
    for interaction in _recorded():
        if interaction.id == f"{name}#{index}":
            return interaction
    pytest.skip(f"cassette {name} not present")


# -- real responses ----------------------------------------------------------------------


@pytest.mark.parametrize("interaction", _cases(responses=True))
def test_recorded_response_parses_strictly_and_round_trips(
    interaction: RecordedInteraction,
) -> None:
    operation = interaction.operation
    assert operation in BODY_TYPES or operation == "responses.delete", operation
    if interaction.response.is_sse:
        payloads = _events(interaction)
        assert payloads
        for payload in payloads:
            event = validate_json(ResponseStreamEvent, payload, strict=True)
            assert isinstance(event, pydantic.BaseModel)
            assert event.type == json.loads(payload)["type"]
            assert event.to_dict(mode="json") == json.loads(payload)
        return
    if operation == "responses.delete":  # no type: the SDK returns None
        body = interaction.response.body.strip()
        assert not body or json.loads(body).get("deleted") is True
        return
    parsed = validate_json(BODY_TYPES[operation], interaction.response.body, strict=True)
    assert parsed.to_dict(mode="json") == interaction.response.json()


@pytest.mark.parametrize("interaction", _cases(responses=False))
def test_recorded_request_fits_the_params(interaction: RecordedInteraction) -> None:
    body = interaction.request.json
    assert isinstance(body, dict)
    plain, streaming = REQUEST_PARAMS[str(interaction.operation)]
    params = streaming if body.get("stream") else plain
    validated = _adapter(params).validate_python(body)
    # TypedDict validation drops unknown keys, so equality means every key is known.
    assert _drain(validated) == body


@cache
def _adapter(params: Any) -> pydantic.TypeAdapter[Any]:
    # Kept alive on purpose: validated Iterable fields are lazy and need their validator.
    return pydantic.TypeAdapter(params)


def _drain(value: Any) -> Any:
    """Materialise the lazy iterators that validating an ``Iterable[...]`` field leaves."""
    if isinstance(value, dict):
        return {k: _drain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | bytes | int | float | bool):
        return value
    return [_drain(v) for v in value]


def test_stream_deltas_add_up_to_the_completed_response() -> None:
    interaction = _find("llm/test_responses_basic_streaming", 0)
    events = [validate_json(ResponseStreamEvent, p, strict=True) for p in _events(interaction)]
    text = "".join(e.delta for e in events if isinstance(e, ResponseTextDeltaEvent))
    completed = [e for e in events if isinstance(e, ResponseCompletedEvent)]
    assert len(completed) == 1
    assert text
    assert completed[0].response.output_text == text
    numbers = [e.sequence_number for e in events]
    assert numbers == sorted(numbers)
    assert events[0].type == "response.created"


def test_recorded_tool_call_is_a_function_tool_call() -> None:
    interaction = _find("pydantic-ai/test_openai_responses_model_simple_response_with_tool_call", 0)
    response = validate_json(Response, interaction.response.body, strict=True)
    calls = [item for item in response.output if isinstance(item, ResponseFunctionToolCall)]
    assert [c.name for c in calls] == ["get_capital"]
    assert json.loads(calls[0].arguments) == {"country": "PotatoLand"}
    assert response.output_text == ""


def test_recorded_message_gives_output_text() -> None:
    interaction = _find("pydantic-ai/test_openai_responses_model_simple_response", 0)
    response = validate_json(Response, interaction.response.body, strict=True)
    message = response.output[0]
    assert isinstance(message, ResponseOutputMessage)
    assert isinstance(message.content[0], ResponseOutputText)
    assert response.output_text == message.content[0].text
    assert response.usage is not None
    assert response.usage.total_tokens == response.usage.input_tokens + response.usage.output_tokens


# -- unions and the lenient road ---------------------------------------------------------

_RESPONSE: dict[str, Any] = {
    "id": "resp_1",
    "object": "response",
    "created_at": 1741476542,
    "status": "completed",
    "model": "gpt-4o-2024-08-06",
    "output": [],
    "parallel_tool_calls": True,
    "tool_choice": "auto",
    "tools": [],
    "error": None,
    "incomplete_details": None,
    "instructions": None,
    "metadata": {},
    "temperature": 1.0,
    "top_p": 1.0,
}


def _message(*parts: dict[str, Any], item_id: str = "msg_1") -> dict[str, Any]:
    return {
        "type": "message",
        "id": item_id,
        "status": "completed",
        "role": "assistant",
        "content": list(parts),
    }


def _text(text: str) -> dict[str, Any]:
    return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}


def _response(*output: dict[str, Any]) -> bytes:
    return json.dumps({**_RESPONSE, "output": list(output)}).encode()


def test_output_items_are_picked_by_type() -> None:
    body = _response(
        {"type": "reasoning", "id": "rs_1", "summary": []},
        {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
        _message(_text("hi"), {"type": "refusal", "refusal": "no"}),
        {"type": "mcp_call", "id": "mcp_1", "server_label": "s", "name": "n", "arguments": "{}"},
    )
    response = validate_json(Response, body, strict=True)
    reasoning, call, message, mcp = response.output
    assert isinstance(reasoning, ResponseReasoningItem)
    assert isinstance(call, ResponseFunctionToolCall)
    assert isinstance(message, ResponseOutputMessage)
    assert isinstance(message.content[1], ResponseOutputRefusal)
    assert isinstance(mcp, McpCall)
    assert response.to_dict(mode="json") == json.loads(body)


def test_output_text_joins_message_text_only() -> None:
    body = _response(
        {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "x"}]},
        _message(_text("Hello, "), {"type": "refusal", "refusal": "nope"}, _text("world")),
        {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
        _message(_text("!"), item_id="msg_2"),
    )
    response = validate_json(Response, body, strict=True)
    assert response.output_text == "Hello, world!"
    assert validate_json(Response, _response(), strict=True).output_text == ""
    assert "output_text" not in Response.model_fields


def test_unknown_output_item_type_is_strict_error_and_kept_leniently() -> None:
    unknown = {"type": "hologram_call", "id": "hg_1", "projection": {"depth": 3}}
    body = _response(_message(_text("hi")), unknown)
    with pytest.raises(pydantic.ValidationError):
        validate_json(Response, body, strict=True)
    response = validate_json(Response, body, strict=False)
    assert isinstance(response, Response)
    assert isinstance(response.output[0], ResponseOutputMessage)
    assert response.output_text == "hi"
    assert response.output[1].to_dict() == unknown
    assert response.to_dict(mode="json") == json.loads(body)


def test_unknown_stream_event_type_is_strict_error_and_kept_leniently() -> None:
    payload = json.dumps(
        {"type": "response.telepathy.delta", "sequence_number": 7, "item_id": "x", "delta": "?"}
    )
    with pytest.raises(pydantic.ValidationError):
        validate_json(ResponseStreamEvent, payload, strict=True)
    event: Any = validate_json(ResponseStreamEvent, payload, strict=False)
    assert isinstance(event, pydantic.BaseModel)
    assert event.to_dict() == json.loads(payload)


def test_known_event_with_unknown_enum_value_is_lenient() -> None:
    payload = {
        "type": "response.completed",
        "sequence_number": 3,
        "response": {**_RESPONSE, "status": "hibernating"},
    }
    with pytest.raises(pydantic.ValidationError):
        validate_python(ResponseStreamEvent, payload, strict=True)
    event = validate_python(ResponseStreamEvent, payload, strict=False)
    assert isinstance(event, ResponseCompletedEvent)
    assert event.response.status == "hibernating"
    assert event.response.id == "resp_1"


def test_events_without_sequence_numbers_still_validate() -> None:
    # Recordings from before the API numbered its events omit sequence_number.
    event = validate_python(
        ResponseStreamEvent,
        {"type": "response.output_text.delta", "item_id": "m", "output_index": 0,
         "content_index": 0, "delta": "Hi"},
        strict=True,
    )  # fmt: skip
    assert isinstance(event, ResponseTextDeltaEvent)
    assert event.sequence_number is None
    assert event.logprobs is None


def test_input_items_list_items_are_resources() -> None:
    page = {
        "object": "list",
        "data": [
            {
                "type": "message",
                "id": "msg_in",
                "role": "user",
                "status": "completed",
                "content": [{"type": "input_text", "text": "hi"}],
            },
            {
                "type": "function_call",
                "id": "fc_1",
                "call_id": "c1",
                "name": "f",
                "arguments": "{}",
                "status": "completed",
            },
        ],
        "first_id": "msg_in",
        "last_id": "fc_1",
        "has_more": False,
    }
    items = validate_python(ResponseItemList, page, strict=True)
    message, call = items.data
    assert isinstance(message, ResponseInputMessageItem)
    assert isinstance(call, ResponseFunctionToolCallItem)
    assert isinstance(call, ResponseFunctionToolCall)  # the item extends the call
    assert items.to_dict() == page


def test_conversation_items_and_deleted_resource() -> None:
    item = validate_python(
        ConversationItem,
        _message({"type": "output_text", "text": "ok", "annotations": []}),
        strict=True,
    )
    assert isinstance(item, Message)
    assert item.content[0].type == "output_text"
    deleted = validate_python(
        ConversationDeletedResource,
        {"id": "conv_1", "object": "conversation.deleted", "deleted": True},
        strict=True,
    )
    assert deleted.deleted is True


def test_json_schema_text_format_keeps_the_schema_key() -> None:
    config = {
        "format": {
            "type": "json_schema",
            "name": "answer",
            "schema": {"type": "object", "properties": {"n": {"type": "integer"}}},
            "strict": True,
        }
    }
    response = validate_json(Response, json.dumps({**_RESPONSE, "text": config}), strict=True)
    assert response.text is not None
    fmt = response.text.format
    assert fmt is not None
    assert fmt.type == "json_schema"
    assert fmt.schema_ == config["format"]["schema"]
    assert response.to_dict()["text"] == config


def test_create_params_split_by_stream() -> None:
    body = {"model": "gpt-4o", "input": "hi"}
    assert _drain(_adapter(create_params.ResponseCreateParamsNonStreaming).validate_python(body))
    with pytest.raises(pydantic.ValidationError):  # "stream" is a required True here
        _adapter(create_params.ResponseCreateParamsStreaming).validate_python(body)
    streaming = _adapter(create_params.ResponseCreateParamsStreaming).validate_python(
        {**body, "stream": True}
    )
    assert streaming["stream"] is True
