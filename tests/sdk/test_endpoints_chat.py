"""``chat.completions.create`` (non-streaming), sync and async.

The request body holds exactly the arguments given, no nulls for the rest;
``extra_body`` / ``extra_query`` / ``extra_headers`` reach the wire; the
response parses into ``ChatCompletion`` with tool calls, and unknown fields
or enum values from a newer API are kept, not rejected (client-behaviour
A23-A24, A30, A82, A93).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from openai_kit import NOT_GIVEN, not_given, omit
from openai_kit.types import CompletionUsage
from openai_kit.types.chat import ChatCompletion, ChatCompletionMessage
from tests.support.sse import MockAPI, chat_completion

MODEL = "gpt-4o-mini"
MESSAGES: list[dict[str, Any]] = [
    {"role": "system", "content": "You are terse."},
    {"role": "user", "content": "What is the weather in Paris?"},
]

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather for a city",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}
TOOL_CALL = {
    "id": "call_9xQ",
    "type": "function",
    "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
}
JSON_SCHEMA_FORMAT = {
    "type": "json_schema",
    "json_schema": {
        "name": "weather",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"temp_c": {"type": "number"}, "sky": {"type": "string"}},
            "required": ["temp_c", "sky"],
            "additionalProperties": False,
        },
    },
}
CONVERSATION: list[dict[str, Any]] = [
    {"role": "developer", "content": [{"type": "text", "text": "Use tools."}]},
    {
        "role": "user",
        "content": [
            {"type": "text", "text": "What is in this image?"},
            {
                "type": "image_url",
                "image_url": {"url": "https://example.com/a.png", "detail": "low"},
            },
        ],
    },
    {"role": "assistant", "content": None, "tool_calls": [TOOL_CALL]},
    {"role": "tool", "tool_call_id": "call_9xQ", "content": '{"temp_c": 21}'},
]

ARGUMENT_SETS = [
    pytest.param({}, id="minimal"),
    pytest.param(
        {"tools": [WEATHER_TOOL], "tool_choice": "auto", "parallel_tool_calls": False}, id="tools"
    ),
    pytest.param(
        {
            "tools": [WEATHER_TOOL],
            "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
        },
        id="tool-choice-named",
    ),
    pytest.param({"response_format": JSON_SCHEMA_FORMAT}, id="json-schema"),
    pytest.param({"response_format": {"type": "json_object"}}, id="json-object"),
    pytest.param(
        {
            "temperature": 0.2,
            "top_p": 0.9,
            "n": 2,
            "seed": 7,
            "stop": ["\n\n", "END"],
            "max_completion_tokens": 64,
            "presence_penalty": 0.5,
            "frequency_penalty": -0.5,
            "logit_bias": {"50256": -100},
            "logprobs": True,
            "top_logprobs": 3,
        },
        id="sampling",
    ),
    pytest.param(
        {
            "user": "user-1234",
            "metadata": {"run": "nightly"},
            "store": True,
            "service_tier": "default",
            "reasoning_effort": "low",
        },
        id="bookkeeping",
    ),
    pytest.param({"messages": CONVERSATION}, id="multimodal-and-tool-messages"),
    pytest.param({"stream": False}, id="stream-false"),
    pytest.param({"temperature": 0, "n": 1, "logprobs": False}, id="falsy-values-kept"),
]


def request_body(api: MockAPI) -> Any:
    return json.loads(api.last.content)


def expected_body(arguments: dict[str, Any]) -> dict[str, Any]:
    return {"model": MODEL, "messages": MESSAGES, **arguments}


def completion_api(**extra: Any) -> MockAPI:
    return MockAPI.returning(chat_completion(**extra), headers={"x-request-id": "req_chat"})


def tool_call_api() -> MockAPI:
    return MockAPI.returning(
        chat_completion(None, tool_calls=[TOOL_CALL], finish_reason="tool_calls")
    )


NEWER_API_BODY = chat_completion(
    "Hi",
    finish_reason="brand_new_reason",
    service_tier="ultra",
    brand_new_field={"nested": [1, 2]},
)
NEWER_API_BODY["choices"][0]["message"]["annotations"] = []
NEWER_API_BODY["choices"][0]["message"]["future_message_field"] = "kept"
NEWER_API_BODY["usage"]["prompt_tokens_details"] = {"cached_tokens": 4, "new_token_kind": 1}
NEWER_API_BODY["usage"]["future_usage_field"] = 3


def assert_completion(completion: ChatCompletion) -> None:
    assert isinstance(completion, ChatCompletion)
    assert completion.id == "chatcmpl-abc123"
    assert completion.object == "chat.completion"
    assert completion.created == 1731000000
    assert completion.model == "gpt-4o-mini-2024-07-18"
    assert completion.system_fingerprint == "fp_0ba0d124f1"
    choice = completion.choices[0]
    assert choice.index == 0
    assert choice.finish_reason == "stop"
    assert isinstance(choice.message, ChatCompletionMessage)
    assert choice.message.role == "assistant"
    assert choice.message.content == "Hello there!"
    assert choice.message.refusal is None
    assert isinstance(completion.usage, CompletionUsage)
    assert completion.usage.prompt_tokens == 12
    assert completion.usage.completion_tokens == 5
    assert completion.usage.total_tokens == 17


def assert_tool_call(completion: ChatCompletion) -> None:
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    assert choice.message.tool_calls is not None
    (call,) = choice.message.tool_calls
    assert call.id == "call_9xQ"
    assert call.type == "function"
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments) == {"city": "Paris"}


def assert_newer_api_tolerated(completion: ChatCompletion) -> None:
    assert completion.choices[0].message.content == "Hi"
    assert completion.choices[0].finish_reason == "brand_new_reason"
    assert completion.service_tier == "ultra"
    assert completion.model_extra == {"brand_new_field": {"nested": [1, 2]}}
    message_extra = completion.choices[0].message.model_extra
    assert message_extra is not None
    assert message_extra["future_message_field"] == "kept"
    assert completion.usage is not None
    assert completion.usage.prompt_tokens_details is not None
    assert completion.usage.prompt_tokens_details.cached_tokens == 4
    assert completion.usage.model_extra == {"future_usage_field": 3}


# -- sync --------------------------------------------------------------------------------


def test_create_posts_json_to_chat_completions() -> None:
    api = completion_api()
    completion = api.client().chat.completions.create(model=MODEL, messages=MESSAGES)
    request = api.last
    assert request.method == "POST"
    assert request.url.path == "/v1/chat/completions"
    assert request.url.query == b""
    assert request.headers["content-type"] == "application/json"
    assert "application/json" in request.headers["accept"]
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request_body(api) == {"model": MODEL, "messages": MESSAGES}
    assert_completion(completion)


@pytest.mark.parametrize("arguments", ARGUMENT_SETS)
def test_body_holds_exactly_the_arguments_given(arguments: dict[str, Any]) -> None:
    api = completion_api()
    kwargs = {"model": MODEL, "messages": MESSAGES, **arguments}
    api.client().chat.completions.create(**kwargs)
    assert request_body(api) == expected_body(arguments)


def test_not_given_and_omit_leave_arguments_out() -> None:
    api = completion_api()
    api.client().chat.completions.create(
        model=MODEL,
        messages=MESSAGES,
        temperature=NOT_GIVEN,
        top_p=not_given,
        user=omit,
        tools=NOT_GIVEN,
        response_format=omit,
    )
    assert request_body(api) == {"model": MODEL, "messages": MESSAGES}


def test_extra_body_query_and_headers() -> None:
    api = completion_api()
    api.client().chat.completions.create(
        model=MODEL,
        messages=MESSAGES,
        temperature=0.5,
        extra_body={"custom_flag": True, "temperature": 0.1, "nested": {"a": [1]}},
        extra_query={"trace": "on", "n": 3},
        extra_headers={"X-Custom-Header": "custom", "OpenAI-Beta": "assistants=v2"},
    )
    assert request_body(api) == {
        "model": MODEL,
        "messages": MESSAGES,
        "temperature": 0.1,
        "custom_flag": True,
        "nested": {"a": [1]},
    }
    assert dict(api.last.url.params) == {"trace": "on", "n": "3"}
    assert api.last.headers["x-custom-header"] == "custom"
    assert api.last.headers["openai-beta"] == "assistants=v2"


def test_extra_headers_override_default_headers() -> None:
    api = completion_api()
    client = api.client(default_headers={"X-Team": "default", "X-Keep": "yes"})
    client.chat.completions.create(
        model=MODEL, messages=MESSAGES, extra_headers={"X-Team": "per-call"}
    )
    assert api.last.headers["x-team"] == "per-call"
    assert api.last.headers["x-keep"] == "yes"


def test_parse_tool_calls() -> None:
    api = tool_call_api()
    completion = api.client().chat.completions.create(
        model=MODEL, messages=MESSAGES, tools=[WEATHER_TOOL], tool_choice="required"
    )
    assert_tool_call(completion)
    assert request_body(api)["tools"] == [WEATHER_TOOL]
    assert request_body(api)["tool_choice"] == "required"


def test_json_schema_response_content() -> None:
    content = json.dumps({"temp_c": 21.5, "sky": "clear"})
    api = completion_api(content=content)
    completion = api.client().chat.completions.create(
        model=MODEL, messages=MESSAGES, response_format=JSON_SCHEMA_FORMAT
    )
    assert completion.choices[0].message.content is not None
    assert json.loads(completion.choices[0].message.content) == {"temp_c": 21.5, "sky": "clear"}


def test_unknown_fields_and_enum_values_are_tolerated() -> None:
    api = MockAPI.returning(NEWER_API_BODY)
    assert_newer_api_tolerated(api.client().chat.completions.create(model=MODEL, messages=MESSAGES))


def test_refusal_and_missing_usage() -> None:
    body = chat_completion(None)
    body["choices"][0]["message"]["refusal"] = "I can't help with that."
    del body["usage"]
    completion = (
        MockAPI.returning(body).client().chat.completions.create(model=MODEL, messages=MESSAGES)
    )
    assert completion.choices[0].message.refusal == "I can't help with that."
    assert completion.choices[0].message.content is None
    assert completion.usage is None


def test_several_choices() -> None:
    body = chat_completion("one")
    second = json.loads(json.dumps(body["choices"][0]))
    second["index"], second["message"]["content"] = 1, "two"
    body["choices"].append(second)
    completion = (
        MockAPI.returning(body)
        .client()
        .chat.completions.create(model=MODEL, messages=MESSAGES, n=2)
    )
    assert [c.message.content for c in completion.choices] == ["one", "two"]
    assert [c.index for c in completion.choices] == [0, 1]


# -- async -------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_async_create() -> None:
    api = completion_api()
    completion = await api.async_client().chat.completions.create(model=MODEL, messages=MESSAGES)
    assert api.last.method == "POST"
    assert api.last.url.path == "/v1/chat/completions"
    assert api.last.headers["content-type"] == "application/json"
    assert request_body(api) == {"model": MODEL, "messages": MESSAGES}
    assert_completion(completion)


@pytest.mark.asyncio
@pytest.mark.parametrize("arguments", ARGUMENT_SETS)
async def test_async_body_holds_exactly_the_arguments_given(arguments: dict[str, Any]) -> None:
    api = completion_api()
    kwargs = {"model": MODEL, "messages": MESSAGES, **arguments}
    await api.async_client().chat.completions.create(**kwargs)
    assert request_body(api) == expected_body(arguments)


@pytest.mark.asyncio
async def test_async_extra_body_query_and_headers_and_not_given() -> None:
    api = completion_api()
    await api.async_client().chat.completions.create(
        model=MODEL,
        messages=MESSAGES,
        temperature=NOT_GIVEN,
        user=omit,
        extra_body={"custom_flag": True},
        extra_query={"trace": "on"},
        extra_headers={"X-Custom-Header": "custom"},
    )
    assert request_body(api) == {"model": MODEL, "messages": MESSAGES, "custom_flag": True}
    assert dict(api.last.url.params) == {"trace": "on"}
    assert api.last.headers["x-custom-header"] == "custom"


@pytest.mark.asyncio
async def test_async_parse_tool_calls() -> None:
    api = tool_call_api()
    completion = await api.async_client().chat.completions.create(
        model=MODEL, messages=MESSAGES, tools=[WEATHER_TOOL]
    )
    assert_tool_call(completion)


@pytest.mark.asyncio
async def test_async_unknown_fields_and_enum_values_are_tolerated() -> None:
    client = MockAPI.returning(NEWER_API_BODY).async_client()
    assert_newer_api_tolerated(await client.chat.completions.create(model=MODEL, messages=MESSAGES))
