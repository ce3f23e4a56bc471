"""Chat request validation: each mistake gets the real API's status, message, param and code."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.api.chat.validate import validate_chat_request
from openai_kit.mockserver.generation.catalog import resolve_model
from tests.support.realworld import interactions_or_empty

DELETE = object()
USER = {"role": "user", "content": "hi"}
TOOL = {
    "type": "function",
    "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {}}},
}


def body(**changes: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"model": "gpt-4o", "messages": [dict(USER)]}
    for key, value in changes.items():
        if value is DELETE:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def error_of(request: dict[str, Any], **kwargs: Any) -> MockAPIError:
    with pytest.raises(MockAPIError) as caught:
        validate_chat_request(request, **kwargs)
    return caught.value


# (id, body, message, param, code)
CASES: list[tuple[str, dict[str, Any], str, str | None, str | None]] = [
    ("no model", body(model=DELETE), "you must provide a model parameter", None, None),
    (
        "integer model",
        body(model=7),
        "Invalid type for 'model': expected a string, but got an integer instead.",
        "model",
        "invalid_type",
    ),
    (
        "no messages",
        body(messages=DELETE),
        "Missing required parameter: 'messages'.",
        "messages",
        "missing_required_parameter",
    ),
    ("unknown argument", body(foo=1), "Unrecognized request argument supplied: foo", None, None),
    (
        "messages as a string",
        body(messages="hi"),
        "Invalid type for 'messages': expected an array of objects, but got a string instead.",
        "messages",
        "invalid_type",
    ),
    (
        "empty messages",
        body(messages=[]),
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        "messages",
        "empty_array",
    ),
    (
        "message not an object",
        body(messages=["hi"]),
        "Invalid type for 'messages[0]': expected an object, but got a string instead.",
        "messages[0]",
        "invalid_type",
    ),
    (
        "message without role",
        body(messages=[{"content": "hi"}]),
        "Missing required parameter: 'messages[0].role'.",
        "messages[0].role",
        "missing_required_parameter",
    ),
    (
        "bad role",
        body(messages=[{"role": "bogus", "content": "hi"}]),
        "Invalid value: 'bogus'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.",
        "messages[0].role",
        "invalid_value",
    ),
    (
        "numeric content",
        body(messages=[{"role": "user", "content": 7}]),
        "Invalid type for 'messages[0].content': expected one of a string or array of objects, but got an integer instead.",
        "messages[0].content",
        "invalid_type",
    ),
    (
        "bad part type",
        body(messages=[{"role": "user", "content": [{"type": "input_text", "text": "x"}]}]),
        "Invalid value: 'input_text'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', 'audio', and 'file'.",
        "messages[0].content[0].type",
        "invalid_value",
    ),
    (
        "image in a system message",
        body(
            messages=[
                {"role": "system", "content": [{"type": "image_url", "image_url": {"url": "x"}}]}
            ]
        ),
        "Invalid value: 'image_url'. Supported values are: 'text'.",
        "messages[0].content[0].type",
        "invalid_value",
    ),
    (
        "text part without text",
        body(messages=[{"role": "user", "content": [{"type": "text"}]}]),
        "Missing required parameter: 'messages[0].content[0].text'.",
        "messages[0].content[0].text",
        "missing_required_parameter",
    ),
    (
        "tool message without tool_call_id",
        body(messages=[USER, {"role": "tool", "content": "x"}]),
        "Missing required parameter: 'messages[1].tool_call_id'.",
        "messages[1].tool_call_id",
        "missing_required_parameter",
    ),
    (
        "empty tool_calls",
        body(messages=[USER, {"role": "assistant", "tool_calls": []}]),
        "Invalid 'messages[1].tool_calls': empty array. Expected an array with minimum length 1, but got an empty array instead.",
        "messages[1].tool_calls",
        "empty_array",
    ),
    (
        "n as a string",
        body(n="2"),
        "Invalid type for 'n': expected an integer, but got a string instead.",
        "n",
        "invalid_type",
    ),
    (
        "n as a boolean",
        body(n=True),
        "Invalid type for 'n': expected an integer, but got a boolean instead.",
        "n",
        "invalid_type",
    ),
    (
        "n zero",
        body(n=0),
        "Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead.",
        "n",
        "integer_below_min_value",
    ),
    (
        "n too large",
        body(n=129),
        "Invalid 'n': integer above maximum value. Expected a value <= 128, but got 129 instead.",
        "n",
        "integer_above_max_value",
    ),
    (
        "seed as a decimal",
        body(seed=1.5),
        "Invalid type for 'seed': expected an integer, but got a decimal number instead.",
        "seed",
        "invalid_type",
    ),
    (
        "temperature as a string",
        body(temperature="hot"),
        "Invalid type for 'temperature': expected a decimal, but got a string instead.",
        "temperature",
        "invalid_type",
    ),
    (
        "temperature below 0",
        body(temperature=-1),
        "Invalid 'temperature': decimal below minimum value. Expected a value >= 0, but got -1 instead.",
        "temperature",
        "decimal_below_min_value",
    ),
    (
        "temperature above 2",
        body(temperature=2.5),
        "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 2.5 instead.",
        "temperature",
        "decimal_above_max_value",
    ),
    (
        "top_p above 1",
        body(top_p=1.5),
        "Invalid 'top_p': decimal above maximum value. Expected a value <= 1, but got 1.5 instead.",
        "top_p",
        "decimal_above_max_value",
    ),
    (
        "max_completion_tokens zero",
        body(max_completion_tokens=0),
        "Invalid 'max_completion_tokens': integer below minimum value. Expected a value >= 1, but got 0 instead.",
        "max_completion_tokens",
        "integer_below_min_value",
    ),
    (
        "five stop sequences",
        body(stop=["a", "b", "c", "d", "e"]),
        "Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length 5 instead.",
        "stop",
        "array_above_max_length",
    ),
    (
        "store as a string",
        body(store="yes"),
        "Invalid type for 'store': expected a boolean, but got a string instead.",
        "store",
        "invalid_type",
    ),
    (
        "user as an object",
        body(user={"a": 1}),
        "Invalid type for 'user': expected a string, but got an object instead.",
        "user",
        "invalid_type",
    ),
    (
        "bad service_tier",
        body(service_tier="bogus"),
        "Invalid value: 'bogus'. Supported values are: 'auto', 'default', 'fast', 'flex', and 'priority'.",
        "service_tier",
        "invalid_value",
    ),
    (
        "too many metadata keys",
        body(metadata={f"k{i}": "v" for i in range(17)}),
        "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with 17 properties instead.",
        "metadata",
        "object_above_max_properties",
    ),
    (
        "top_logprobs too large",
        body(logprobs=True, top_logprobs=21),
        "Invalid 'top_logprobs': integer above maximum value. Expected a value <= 20, but got 21 instead.",
        "top_logprobs",
        "integer_above_max_value",
    ),
    (
        "top_logprobs without logprobs",
        body(top_logprobs=2),
        "The 'top_logprobs' parameter is only allowed when 'logprobs' is enabled.",
        "top_logprobs",
        None,
    ),
    (
        "stream_options without stream",
        body(stream_options={"include_usage": True}),
        "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
        "stream_options",
        None,
    ),
    (
        "unknown stream option",
        body(stream=True, stream_options={"bogus": 1}),
        "Unknown parameter: 'stream_options.bogus'.",
        "stream_options.bogus",
        "unknown_parameter",
    ),
    (
        "moderation without model",
        body(moderation={}),
        "Missing required parameter: 'moderation.model'.",
        "moderation.model",
        "missing_required_parameter",
    ),
    (
        "system message on o1-mini",
        body(model="o1-mini", messages=[{"role": "system", "content": "x"}, USER]),
        "Unsupported value: 'messages[0].role' does not support 'system' with this model.",
        "messages[0].role",
        "unsupported_value",
    ),
    (
        "max_tokens on a reasoning model",
        body(model="o3-mini", max_tokens=10),
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        "max_tokens",
        "unsupported_parameter",
    ),
    (
        "temperature on a reasoning model",
        body(model="gpt-5", temperature=0.5),
        "Unsupported value: 'temperature' does not support 0.5 with this model. Only the default (1) value is supported.",
        "temperature",
        "unsupported_value",
    ),
    (
        "web search on gpt-4o",
        body(web_search_options={"search_context_size": "low"}),
        "Web search options not supported with this model.",
        "web_search_options",
        None,
    ),
]


@pytest.mark.parametrize(
    ("request_body", "message", "param", "code"),
    [pytest.param(b, m, p, c, id=name) for name, b, m, p, c in CASES],
)
def test_rejections(
    request_body: dict[str, Any], message: str, param: str | None, code: str | None
) -> None:
    error = error_of(request_body)
    assert error.status == 400
    assert error.type == "invalid_request_error"
    assert error.message == message
    assert error.param == param
    assert error.code == code
    assert error.openai_body()["error"]["message"] == message


def test_missing_model_comes_before_unknown_arguments() -> None:
    assert error_of(body(model=DELETE, zzz=1)).message == "you must provide a model parameter"


def test_unknown_argument_comes_before_bad_types() -> None:
    error = error_of(body(zzz=1, n="abc", messages=[]))
    assert error.message == "Unrecognized request argument supplied: zzz"


def test_n_is_reported_before_temperature() -> None:
    assert error_of(body(n=0, temperature=9)).param == "n"


def test_azure_extension_arguments_need_azure() -> None:
    request = body(data_sources=[])
    assert error_of(request).message == "Unrecognized request argument supplied: data_sources"
    validate_chat_request(request, azure=True)


def test_azure_deployment_routes_need_no_model() -> None:
    validate_chat_request(body(model=DELETE), azure=True, require_model_field=False)


def test_valid_requests_pass() -> None:
    validate_chat_request(
        body(
            messages=[
                {"role": "system", "content": "Answer in json."},
                {
                    "role": "user",
                    "content": [
                        {"type": "text", "text": "What is this?"},
                        {
                            "type": "image_url",
                            "image_url": {"url": "https://x/y.png", "detail": "low"},
                        },
                    ],
                },
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "get_weather", "arguments": "{}"},
                        },
                        {
                            "id": "call_2",
                            "type": "function",
                            "function": {"name": "get_weather", "arguments": "{}"},
                        },
                    ],
                },
                {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
                {"role": "tool", "tool_call_id": "call_2", "content": "rainy"},
            ],
            tools=[TOOL],
            tool_choice={"type": "function", "function": {"name": "get_weather"}},
            parallel_tool_calls=True,
            response_format={"type": "json_object"},
            n=3,
            temperature=0.2,
            top_p=1,
            max_completion_tokens=50,
            stop="END",
            logprobs=True,
            top_logprobs=3,
            seed=42,
            stream=True,
            stream_options={"include_usage": True},
            metadata={"k": "v"},
            service_tier="auto",
            user="u",
            store=False,
        )
    )


def test_nullable_arguments_may_be_null() -> None:
    validate_chat_request(body(n=None, temperature=None, stop=None, tools=None, user=None))


def _chat_requests() -> list[Any]:
    out = []
    for interaction in interactions_or_empty():
        request = interaction.request
        status = interaction.response.status
        is_chat = request.method == "POST" and request.path.endswith("/chat/completions")
        if is_chat and isinstance(request.json, dict) and status in (200, 400, 404):
            expected = interaction.response.json()["error"]["message"] if status != 200 else None
            out.append(
                pytest.param(request.json, interaction.is_azure, expected, id=interaction.id)
            )
    return out


@pytest.mark.parametrize(("request_body", "azure", "expected"), _chat_requests())
def test_real_world_requests(
    request_body: dict[str, Any], azure: bool, expected: str | None
) -> None:
    """Recorded requests pass, or fail with the message the real API gave them."""
    request = copy.deepcopy(request_body)
    if expected is None or expected.startswith("The model `"):
        validate_chat_request(request, azure=azure, require_model_field=not azure)
        if expected is not None:
            with pytest.raises(MockAPIError, match="does not exist") as caught:
                resolve_model(request["model"], "chat")
            assert caught.value.message == expected
        return
    with pytest.raises(MockAPIError) as caught:
        validate_chat_request(request, azure=azure, require_model_field=not azure)
    assert caught.value.message == expected


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("scripted", [False, True])
def test_azure_routes_take_data_sources_and_openai_routes_refuse_them(
    http: httpx.Client, mock: MockServer, stream: bool, scripted: bool
) -> None:
    """Through the server: the planned, memoised, streamed and scripted ways alike."""
    if scripted:
        mock.script("chat.completions.create", content="From the index.", times=2)
    request = {
        "messages": [{"role": "user", "content": "What does the handbook say?"}],
        "data_sources": [{"type": "azure_search", "parameters": {"index_name": "handbook"}}],
        "stream": stream,
    }
    azure = http.post(
        "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
        json=request,
        headers={"api-key": "k"},
    )
    assert azure.status_code == 200, azure.text
    openai = http.post(
        "/v1/chat/completions",
        json={**request, "model": "gpt-4o"},
        headers={"authorization": "Bearer sk-x"},
    )
    assert openai.status_code == 400
    assert openai.json()["error"]["message"] == (
        "Unrecognized request argument supplied: data_sources"
    )
