"""The official ``openai`` package, strict validation on, through every Responses operation.

OpenAI routes (``/v1/responses``), Azure's api-version routes
(``AzureOpenAI`` -> ``/openai/responses?api-version=...``) and Azure v1
(``/openai/v1/responses``), sync and async.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import openai
import pytest
from pydantic import BaseModel

from openai_kit.mockserver import MockServer
from tests.mockserver.test_official_client import STYLES, Style, async_official, official

TOOLS: list[Any] = [
    {
        "type": "function",
        "name": "get_weather",
        "description": "The weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "days": {"type": "integer", "minimum": 1, "maximum": 7},
            },
            "required": ["city", "days"],
            "additionalProperties": False,
        },
        "strict": True,
    }
]
PATHS = {
    "openai": "/v1/responses",
    "azure": "/openai/responses",
    "azure_v1": "/openai/v1/responses",
}


class Weather(BaseModel):
    city: str
    celsius: int


@pytest.mark.parametrize("style", STYLES)
def test_create_plain(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    response = client.responses.create(
        model="gpt-4o-mini", input="Tell me about the sea.", instructions="Be brief."
    )
    assert response.status == "completed"
    assert response.output_text
    assert response.instructions == "Be brief."
    assert response.usage is not None
    assert response.usage.total_tokens == response.usage.input_tokens + response.usage.output_tokens
    assert response.model == ("gpt-4o-mini-2024-07-18" if style == "openai" else "gpt-4o-mini")
    entry = mock.requests.last
    assert (entry.operation, entry.path, entry.style) == ("responses.create", PATHS[style], style)


@pytest.mark.parametrize("style", STYLES)
def test_stream_events_match_the_body(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    body: dict[str, Any] = {"model": "gpt-4o", "input": "Say something."}
    plain = client.responses.create(**body)
    events = list(client.responses.create(**body, stream=True))
    types = [e.type for e in events]
    assert types[:4] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
    ]
    assert types[-4:] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert [e.sequence_number for e in events] == list(range(len(events)))
    deltas = "".join(e.delta for e in events if e.type == "response.output_text.delta")
    assert deltas == plain.output_text
    final = events[-1]
    assert final.type == "response.completed"
    assert final.response.output_text == plain.output_text
    assert final.response.usage == plain.usage


@pytest.mark.parametrize("style", STYLES)
def test_function_calls_and_the_stream_helper(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    response = client.responses.create(
        model="gpt-4.1", input="What is the weather in Paris?", tools=TOOLS
    )
    call = response.output[0]
    assert call.type == "function_call"
    assert call.name == "get_weather"
    jsonschema.validate(json.loads(call.arguments), TOOLS[0]["parameters"])
    with client.responses.stream(model="gpt-4.1", input="Weather in Rome?", tools=TOOLS) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_response()
    assert "response.function_call_arguments.done" in kinds
    streamed = final.output[0]
    assert streamed.type == "function_call"
    jsonschema.validate(json.loads(streamed.arguments), TOOLS[0]["parameters"])
    answer = client.responses.create(
        model="gpt-4.1",
        previous_response_id=response.id,
        input=[{"type": "function_call_output", "call_id": call.call_id, "output": "sunny"}],
        tools=TOOLS,
    )
    assert answer.output[0].type == "message"
    assert answer.previous_response_id == response.id


@pytest.mark.parametrize("style", STYLES)
def test_parse_json_schema_and_reasoning(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    parsed = client.responses.parse(model="gpt-4o", input="The weather?", text_format=Weather)
    assert isinstance(parsed.output_parsed, Weather)
    thinking = client.responses.create(
        model="o4-mini",
        input="Think about it.",
        reasoning={"effort": "high", "summary": "auto"},
        include=["reasoning.encrypted_content"],
    )
    reasoning = thinking.output[0]
    assert reasoning.type == "reasoning"
    assert reasoning.summary
    assert reasoning.encrypted_content
    assert thinking.usage is not None
    assert thinking.usage.output_tokens_details.reasoning_tokens > 0
    assert thinking.reasoning is not None
    assert thinking.reasoning.effort == "high"


@pytest.mark.parametrize("style", STYLES)
def test_background_lifecycle_and_cancel(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    created = client.responses.create(model="gpt-4o-mini", input="Count to ten.", background=True)
    assert (created.status, created.output, created.usage) == ("queued", [], None)
    seen = [created.status]
    while seen[-1] != "completed":
        mock.advance(0.5)
        seen.append(client.responses.retrieve(created.id).status or "")
        assert len(seen) < 100
    assert list(dict.fromkeys(seen)) == ["queued", "in_progress", "completed"]
    done = client.responses.retrieve(created.id)
    assert done.output_text
    assert done.completed_at is not None
    with pytest.raises(openai.BadRequestError) as info:
        client.responses.cancel(created.id)
    assert "Cannot cancel a completed response." in str(info.value)
    other = client.responses.create(model="gpt-4o-mini", input="Count again.", background=True)
    mock.advance(1.5)
    assert client.responses.retrieve(other.id).status == "in_progress"
    cancelled = client.responses.cancel(other.id)
    assert (cancelled.status, cancelled.output) == ("cancelled", [])
    mock.advance(60)
    assert client.responses.retrieve(other.id).status == "cancelled"
    assert client.responses.cancel(other.id).status == "cancelled"


@pytest.mark.parametrize("style", STYLES)
def test_background_stream_resumes(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    events = list(
        client.responses.create(model="gpt-4o", input="A story.", background=True, stream=True)
    )
    assert [e.type for e in events[:3]] == [
        "response.created",
        "response.queued",
        "response.in_progress",
    ]
    first = events[0]
    assert first.type == "response.created"
    assert first.response.status == "queued"
    response_id = first.response.id
    assert client.responses.retrieve(response_id).status == "completed"
    resumed = list(client.responses.retrieve(response_id, stream=True, starting_after=4))
    assert [e.sequence_number for e in resumed] == list(range(5, len(events)))
    assert [e.type for e in resumed] == [e.type for e in events[5:]]


@pytest.mark.parametrize("style", STYLES)
def test_retrieve_delete_input_items_and_counts(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    first = client.responses.create(
        model="gpt-4o",
        input=[
            {"role": "developer", "content": "Answer in French."},
            {"role": "user", "content": "Hello!"},
        ],
    )
    second = client.responses.create(
        model="gpt-4o", input="And goodbye?", previous_response_id=first.id
    )
    listed = client.responses.input_items.list(second.id, order="asc")
    assert [item.type for item in listed.data] == ["message"] * 4
    assert [getattr(item, "role", None) for item in listed.data] == [
        "developer",
        "user",
        "assistant",
        "user",
    ]
    paged = [item.id for item in client.responses.input_items.list(second.id, limit=1)]
    assert paged == [item.id for item in reversed(listed.data)]
    counted = client.responses.input_tokens.count(
        model="gpt-4o", input="And goodbye?", previous_response_id=first.id
    )
    assert counted.object == "response.input_tokens"
    assert second.usage is not None
    assert counted.input_tokens == second.usage.input_tokens
    assert client.responses.retrieve(second.id).output_text == second.output_text
    assert client.responses.delete(second.id) is None
    with pytest.raises(openai.NotFoundError, match="Response with id"):
        client.responses.retrieve(second.id)


@pytest.mark.parametrize("style", STYLES)
def test_conversations_and_items(mock: MockServer, style: Style) -> None:
    client = official(mock, style)
    conversation = client.conversations.create(
        items=[{"type": "message", "role": "user", "content": "Remember 42."}],
        metadata={"topic": "numbers"},
    )
    assert conversation.metadata == {"topic": "numbers"}
    response = client.responses.create(
        model="gpt-4o", input="Which number?", conversation=conversation.id
    )
    assert response.conversation is not None
    assert response.conversation.id == conversation.id
    items = client.conversations.items.list(conversation.id, order="asc")
    assert [getattr(i, "role", None) for i in items.data] == ["user", "user", "assistant"]
    added = client.conversations.items.create(
        conversation.id,
        items=[
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]}
        ],
    )
    assert added.first_id == added.last_id
    item = client.conversations.items.retrieve(added.first_id, conversation_id=conversation.id)
    assert item.type == "message"
    paged = [i.id for i in client.conversations.items.list(conversation.id, limit=2)]
    assert len(paged) == 4
    after_delete = client.conversations.items.delete(
        added.first_id, conversation_id=conversation.id
    )
    assert after_delete.id == conversation.id
    updated = client.conversations.update(conversation.id, metadata={"topic": "other"})
    assert updated.metadata == {"topic": "other"}
    assert client.conversations.retrieve(conversation.id).id == conversation.id
    deleted = client.conversations.delete(conversation.id)
    assert (deleted.id, deleted.deleted) == (conversation.id, True)
    with pytest.raises(openai.NotFoundError, match="Conversation with id"):
        client.conversations.retrieve(conversation.id)


@pytest.mark.asyncio
@pytest.mark.parametrize("style", STYLES)
async def test_async_responses(mock: MockServer, style: Style) -> None:
    client = async_official(mock, style)
    response = await client.responses.create(model="gpt-4o", input="Hi!", tools=TOOLS)
    assert response.output[0].type == "function_call"
    stream = await client.responses.create(model="gpt-4o", input="Hi!", stream=True)
    kinds = [event.type async for event in stream]
    assert kinds[0] == "response.created"
    assert kinds[-1] == "response.completed"
    background = await client.responses.create(model="gpt-4o", input="Hi!", background=True)
    mock.advance(60)
    done = await client.responses.retrieve(background.id)
    assert done.status == "completed"
    items = [item.id async for item in client.responses.input_items.list(background.id)]
    assert len(items) == 1
    counted = await client.responses.input_tokens.count(model="gpt-4o", input="Hi!")
    assert done.usage is not None
    assert counted.input_tokens == done.usage.input_tokens
    resumed = await client.responses.retrieve(background.id, stream=True, starting_after=0)
    numbers = [event.sequence_number async for event in resumed]
    assert numbers[:2] == [1, 2]
    other = await client.responses.create(model="gpt-4o", input="Hi!", background=True)
    assert (await client.responses.cancel(other.id)).status == "cancelled"
    await client.responses.delete(other.id)
    with pytest.raises(openai.NotFoundError):
        await client.responses.retrieve(other.id)


@pytest.mark.asyncio
@pytest.mark.parametrize("style", STYLES)
async def test_async_conversations(mock: MockServer, style: Style) -> None:
    client = async_official(mock, style)
    conversation = await client.conversations.create()
    assert conversation.metadata == {}
    await client.responses.create(model="gpt-4o", input="One.", conversation=conversation.id)
    await client.conversations.items.create(
        conversation.id, items=[{"type": "message", "role": "user", "content": "Two."}]
    )
    ids = [i.id async for i in client.conversations.items.list(conversation.id, limit=1)]
    assert len(ids) == 3
    first = await client.conversations.items.retrieve(ids[-1], conversation_id=conversation.id)
    assert first.type == "message"
    await client.conversations.items.delete(ids[0], conversation_id=conversation.id)
    await client.conversations.update(conversation.id, metadata={"k": "v"})
    assert (await client.conversations.retrieve(conversation.id)).metadata == {"k": "v"}
    assert (await client.conversations.delete(conversation.id)).deleted is True
