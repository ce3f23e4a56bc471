"""Faults and scripted answers reach the Responses and Conversations operations."""

from __future__ import annotations

import json
from typing import Any

import httpx
import openai
import pytest

from openai_kit.mockserver import MockServer, faults
from tests.mockserver.conftest import AUTH
from tests.mockserver.test_official_client import official

TOOL: dict[str, Any] = {
    "type": "function",
    "name": "lookup",
    "parameters": {
        "type": "object",
        "properties": {"query": {"type": "string"}},
        "required": ["query"],
        "additionalProperties": False,
    },
}


def test_a_stream_cut_mid_response(mock: MockServer) -> None:
    mock.faults.add(faults.stream_cut(3), operation="responses.create")
    client = official(mock, "openai")
    stream = iter(client.responses.create(model="gpt-4o", input="Hi", stream=True))
    seen = [next(stream).type for _ in range(3)]
    assert seen == ["response.created", "response.in_progress", "response.output_item.added"]
    with pytest.raises((httpx.RemoteProtocolError, openai.APIConnectionError)):
        next(stream)


def test_a_resumed_stream_can_be_cut_too(mock: MockServer) -> None:
    client = official(mock, "openai")
    created = client.responses.create(model="gpt-4o", input="Hi", background=True)
    mock.faults.add(faults.stream_cut(2), operation="responses.retrieve", times=1)
    with pytest.raises((httpx.RemoteProtocolError, openai.APIConnectionError)):
        list(client.responses.retrieve(created.id, stream=True))
    events = list(client.responses.retrieve(created.id, stream=True, starting_after=1))
    assert events[0].sequence_number == 2
    assert events[-1].type == "response.completed"


@pytest.mark.parametrize(
    ("operation", "call"),
    [
        ("responses.retrieve", lambda c, rid: c.responses.retrieve(rid)),
        ("responses.input_items.list", lambda c, rid: c.responses.input_items.list(rid)),
        ("responses.input_tokens.count", lambda c, rid: c.responses.input_tokens.count(input="x")),
        ("conversations.create", lambda c, rid: c.conversations.create()),
    ],
)
def test_status_faults(mock: MockServer, operation: str, call: Any) -> None:
    client = official(mock, "openai")
    created = client.responses.create(model="gpt-4o", input="Hi")
    mock.faults.add(faults.status(503), operation=operation)
    with pytest.raises(openai.InternalServerError):
        call(client, created.id)


def test_whole_body_error_and_chunk_scripts(mock: MockServer, http: httpx.Client) -> None:
    mock.script("responses.create", error=400)
    assert http.post("/v1/responses", json={}, headers=AUTH).status_code == 400
    chunk = {"type": "response.created", "sequence_number": 0}
    mock.script("responses.create", chunks=[chunk])
    streamed = http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": "x", "stream": True}, headers=AUTH
    )
    assert streamed.headers["content-type"].startswith("text/event-stream")
    assert json.loads(streamed.text.split("data: ")[1]) == chunk
    mock.script("conversations.create", body={"id": "conv_fixed", "object": "conversation"})
    assert http.post("/v1/conversations", json={}, headers=AUTH).json()["id"] == "conv_fixed"


def test_an_agent_loop_from_content_scripts(mock: MockServer) -> None:
    mock.script(
        "responses.create", tool_calls=[{"name": "lookup", "arguments": {"query": "tides"}}]
    )
    mock.script("responses.create", content="High tide is at noon.")
    client = official(mock, "openai")
    first = client.responses.create(model="gpt-4o", input="When is high tide?", tools=[TOOL])
    call = first.output[0]
    assert call.type == "function_call"
    assert (call.name, json.loads(call.arguments)) == ("lookup", {"query": "tides"})
    events = list(
        client.responses.create(
            model="gpt-4o",
            previous_response_id=first.id,
            input=[{"type": "function_call_output", "call_id": call.call_id, "output": "12:00"}],
            tools=[TOOL],
            stream=True,
        )
    )
    final = events[-1]
    assert final.type == "response.completed"
    assert final.response.output_text == "High tide is at noon."
    mock.scripts.assert_all_used()
