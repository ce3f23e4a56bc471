"""Scripted responses: queue, predicates, answer kinds, streaming, agent loops."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockAPIError, MockServer, RecordedRequest
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH

CHAT = "chat.completions.create"
WEATHER_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}


def chat(http: httpx.Client, text: str = "Hi", **extra: Any) -> httpx.Response:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": text}], **extra}
    return http.post("/v1/chat/completions", json=body, headers=AUTH)


def message(response: httpx.Response) -> dict[str, Any]:
    result: dict[str, Any] = response.json()["choices"][0]["message"]
    return result


def test_agent_loop_in_two_lines(mock: MockServer) -> None:
    mock.script(CHAT, tool_calls=[{"name": "get_weather", "arguments": {"city": "Paris"}}])
    mock.script(CHAT, content="It is sunny in Paris.")

    client = mock.client()
    messages: list[Any] = [{"role": "user", "content": "Weather in Paris?"}]
    first = client.chat.completions.create(
        model="gpt-4o-mini", messages=messages, tools=[WEATHER_TOOL]
    )
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.tool_calls is not None
    call = choice.message.tool_calls[0]
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Paris"}
    messages += [
        choice.message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": "sunny"},
    ]
    final = client.chat.completions.create(
        model="gpt-4o-mini", messages=messages, tools=[WEATHER_TOOL]
    )
    assert final.choices[0].message.content == "It is sunny in Paris."
    assert final.choices[0].finish_reason == "stop"
    assert mock.scripts.pending == []
    mock.scripts.assert_all_used()


def test_scripted_reply_streams_as_chunks(mock: MockServer) -> None:
    mock.script(CHAT, tool_calls=[{"name": "get_weather", "arguments": '{"city": "Oslo"}'}])
    mock.script(CHAT, content="Cold in Oslo.")
    client = mock.client()
    kwargs: dict[str, Any] = {
        "model": "gpt-4o-mini",
        "messages": [{"role": "user", "content": "Weather?"}],
        "tools": [WEATHER_TOOL],
        "stream": True,
    }
    arguments = ""
    finish = None
    for chunk in client.chat.completions.create(**kwargs):
        for choice in chunk.choices:
            for call in choice.delta.tool_calls or []:
                arguments += (call.function.arguments or "") if call.function else ""
            finish = choice.finish_reason or finish
    assert json.loads(arguments) == {"city": "Oslo"}
    assert finish == "tool_calls"
    text = "".join(
        c.choices[0].delta.content or ""
        for c in client.chat.completions.create(**kwargs)
        if c.choices
    )
    assert text == "Cold in Oslo."


def test_unscripted_calls_fall_back_to_generated_content(
    mock: MockServer, http: httpx.Client
) -> None:
    generated = message(chat(http))["content"]
    mock.script(CHAT, content="Scripted.")
    assert message(chat(http))["content"] == "Scripted."
    assert message(chat(http))["content"] == generated


def test_predicates_by_model_text_and_callable(mock: MockServer, http: httpx.Client) -> None:
    mock.script(CHAT, content="for gpt-4o", model="gpt-4o")
    mock.script(CHAT, content="about cats", contains="cats")
    mock.script(CHAT, content="streaming", match=lambda r: r.json.get("stream") is True)
    assert message(chat(http, "dogs"))["content"] != "for gpt-4o"
    assert message(chat(http, "I like cats"))["content"] == "about cats"
    response = http.post(
        "/v1/chat/completions",
        json={"model": "gpt-4o", "messages": [{"role": "user", "content": "x"}]},
        headers=AUTH,
    )
    assert message(response)["content"] == "for gpt-4o"
    streamed = chat(http, "x", stream=True)
    assert "streaming" in streamed.text
    assert mock.scripts.pending == []


def test_times_and_sticky_scripts(mock: MockServer, http: httpx.Client) -> None:
    twice = mock.script(CHAT, content="twice", times=2)
    assert [message(chat(http))["content"] for _ in range(2)] == ["twice", "twice"]
    assert twice.calls == 2
    assert twice.remaining == 0
    always = mock.script(CHAT, content="always", times=None)
    for _ in range(3):
        assert message(chat(http))["content"] == "always"
    assert mock.scripts.pending == [always]
    mock.scripts.assert_all_used()  # sticky scripts never count as unused
    mock.script(CHAT, content="unused")
    with pytest.raises(AssertionError, match="1 scripted response"):
        mock.scripts.assert_all_used()
    assert mock.scripts.clear() == 2


def test_body_chunks_and_error_scripts(mock: MockServer, http: httpx.Client) -> None:
    mock.script("models.retrieve", body={"id": "custom", "object": "model"}, status=202)
    response = http.get("/v1/models/whatever", headers=AUTH)
    assert (response.status_code, response.json()) == (202, {"id": "custom", "object": "model"})

    mock.script(CHAT, chunks=[{"a": 1}, {"b": 2}], headers={"x-extra": "1"})
    streamed = chat(http)
    assert streamed.headers["content-type"].startswith("text/event-stream")
    assert streamed.headers["x-extra"] == "1"
    assert streamed.text == 'data: {"a":1}\n\ndata: {"b":2}\n\ndata: [DONE]\n\n'

    mock.script(CHAT, error=MockAPIError(400, "Bad thing", param="messages", code="bad"))
    bad = chat(http)
    assert bad.status_code == 400
    assert bad.json()["error"] == {
        "message": "Bad thing",
        "type": "invalid_request_error",
        "param": "messages",
        "code": "bad",
    }
    mock.script("files.list", error=429, headers={"retry-after": "1"})
    limited = http.get("/v1/files", headers=AUTH)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1"
    assert limited.json()["error"]["code"] == "rate_limit_exceeded"


def test_scripted_content_is_validated_but_whole_bodies_are_not(
    mock: MockServer, http: httpx.Client
) -> None:
    mock.script(CHAT, content="x")
    invalid = http.post("/v1/chat/completions", json={"model": "gpt-4o-mini"}, headers=AUTH)
    assert invalid.status_code == 400
    assert len(mock.scripts.pending) == 0  # the call took the script
    mock.script(CHAT, body={"anything": True})
    raw = http.post("/v1/chat/completions", json={"model": "nope"}, headers=AUTH)
    assert raw.json() == {"anything": True}


def test_one_script_serves_every_route_family(mock: MockServer, http: httpx.Client) -> None:
    mock.script(CHAT, content="same everywhere", times=3)
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "x"}]}
    responses = [
        http.post("/v1/chat/completions", json=body, headers=AUTH),
        http.post(
            "/openai/deployments/gpt-4o-mini/chat/completions",
            json=body,
            params={"api-version": API_VERSION},
            headers=AZURE_AUTH,
        ),
        http.post("/openai/v1/chat/completions", json=body, headers=AZURE_AUTH),
    ]
    assert [message(r)["content"] for r in responses] == ["same everywhere"] * 3


def test_script_predicate_sees_the_recorded_request(mock: MockServer, http: httpx.Client) -> None:
    seen: list[RecordedRequest] = []

    def spy(request: RecordedRequest) -> bool:
        seen.append(request)
        return False

    mock.script(CHAT, content="never", match=spy)
    chat(http, "hello")
    assert seen[0].operation == CHAT
    assert seen[0].headers["authorization"] == "Bearer <redacted>"
    assert seen[0].json["messages"][0]["content"] == "hello"


@pytest.mark.parametrize(
    ("operation", "kwargs", "message"),
    [
        ("nope", {"content": "x"}, "unknown operation"),
        (CHAT, {}, "exactly one"),
        (CHAT, {"content": "x", "body": {}}, "exactly one"),
        ("models.list", {"content": "x"}, "only"),
        (CHAT, {"content": "x", "status": 500}, "status goes with body"),
        (CHAT, {"content": "x", "times": 0}, "times"),
        (CHAT, {"tool_calls": [{"arguments": {}}]}, "function name"),
    ],
)
def test_bad_scripts_are_refused(
    mock: MockServer, operation: str, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        mock.script(operation, **kwargs)


def test_openai_form_of_tool_calls_is_accepted(mock: MockServer) -> None:
    script = mock.script(
        CHAT,
        tool_calls=[
            {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
        ],
    )
    assert script.tool_calls == [{"name": "f", "arguments": "{}"}]
    assert script.to_json()["kind"] == "reply"
