"""``chat.completions.parse``: the request it sends and the parsed completion it returns."""

from __future__ import annotations

import json
from typing import Any

import pydantic
import pytest
from pydantic import BaseModel

from openai_kit import (
    AsyncOpenAI,
    ContentFilterFinishReasonError,
    LengthFinishReasonError,
    OpenAI,
    pydantic_function_tool,
)
from openai_kit.resources.chat.completions import ChatCompletionParseKwargs
from openai_kit.types.chat import (
    ParsedChatCompletion,
    ParsedChatCompletionMessage,
    ParsedFunctionToolCall,
)
from openai_kit.types.chat.completion_create_params import CompletionCreateParamsBase
from tests.sdk.conftest import Flavor
from tests.support.sse import MockAPI, chat_completion

MODEL = "gpt-4o-2024-08-06"
MESSAGES = [{"role": "user", "content": "Where do I live?"}]


class Location(BaseModel):
    city: str
    country: str


class Profile(BaseModel):
    name: str
    home: Location
    previous: list[Location]
    nickname: str | None = None


class GetWeather(BaseModel):
    """Look up the weather in a city."""

    city: str
    units: str


PROFILE = {
    "name": "Ada",
    "home": {"city": "London", "country": "UK"},
    "previous": [{"city": "Paris", "country": "FR"}],
    "nickname": None,
}


def tool_call(name: str, arguments: object, call_id: str = "call_1") -> dict[str, Any]:
    return {
        "id": call_id,
        "type": "function",
        "function": {"name": name, "arguments": json.dumps(arguments)},
    }


def client_for(flavor: Flavor, api: MockAPI) -> OpenAI | AsyncOpenAI:
    return api.async_client() if flavor.is_async else api.client()


@pytest.mark.asyncio
async def test_parse_sends_a_strict_json_schema_and_returns_the_model(flavor: Flavor) -> None:
    api = MockAPI.returning(chat_completion(json.dumps(PROFILE)))
    client = client_for(flavor, api)
    completion = await flavor.settle(
        client.chat.completions.parse(model=MODEL, messages=MESSAGES, response_format=Profile)
    )
    body = api.json_bodies()[0]
    assert api.last.url.path == "/v1/chat/completions"
    assert body["model"] == MODEL
    assert body["stream"] is False
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "Profile"
    assert response_format["json_schema"]["strict"] is True
    schema = response_format["json_schema"]["schema"]
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["name", "home", "previous", "nickname"]
    assert "Location" in schema["$defs"]

    assert isinstance(completion, ParsedChatCompletion)
    message = completion.choices[0].message
    assert isinstance(message, ParsedChatCompletionMessage)
    assert message.parsed == Profile.model_validate(PROFILE)
    assert isinstance(message.parsed.home, Location)
    assert message.content == json.dumps(PROFILE)
    # everything else of the completion is kept
    assert completion.id == "chatcmpl-abc123"
    assert completion.usage is not None and completion.usage.total_tokens == 17
    assert completion.system_fingerprint == "fp_0ba0d124f1"


@pytest.mark.asyncio
async def test_parse_with_a_format_dict_sends_it_and_parses_nothing(flavor: Flavor) -> None:
    api = MockAPI.returning(chat_completion('{"a": 1}'))
    client = client_for(flavor, api)
    completion = await flavor.settle(
        client.chat.completions.parse(
            model=MODEL, messages=MESSAGES, response_format={"type": "json_object"}
        )
    )
    assert api.json_bodies()[0]["response_format"] == {"type": "json_object"}
    assert completion.choices[0].message.parsed is None
    assert completion.choices[0].message.content == '{"a": 1}'


@pytest.mark.asyncio
async def test_parse_without_a_format_is_a_plain_completion(flavor: Flavor) -> None:
    api = MockAPI.returning(chat_completion("Hello"))
    completion = await flavor.settle(
        client_for(flavor, api).chat.completions.parse(model=MODEL, messages=MESSAGES)
    )
    assert "response_format" not in api.json_bodies()[0]
    assert completion.choices[0].message.parsed is None
    assert completion.choices[0].message.content == "Hello"


@pytest.mark.asyncio
async def test_parse_decodes_strict_tool_arguments(flavor: Flavor) -> None:
    raw_tool = {
        "type": "function",
        "function": {
            "name": "lookup",
            "strict": True,
            "parameters": {
                "type": "object",
                "properties": {"q": {"type": "string"}},
                "required": ["q"],
                "additionalProperties": False,
            },
        },
    }
    calls = [
        tool_call("GetWeather", {"city": "Oslo", "units": "c"}),
        tool_call("lookup", {"q": "tides"}, "call_2"),
    ]
    api = MockAPI.returning(chat_completion(None, tool_calls=calls, finish_reason="tool_calls"))
    client = client_for(flavor, api)
    completion = await flavor.settle(
        client.chat.completions.parse(
            model=MODEL, messages=MESSAGES, tools=[pydantic_function_tool(GetWeather), raw_tool]
        )
    )
    sent = api.json_bodies()[0]["tools"]
    assert sent[0]["function"]["name"] == "GetWeather"
    assert sent[0]["function"]["strict"] is True
    assert sent[0]["function"]["description"] == "Look up the weather in a city."
    assert sent[1] == raw_tool

    message = completion.choices[0].message
    assert message.parsed is None
    assert message.tool_calls is not None
    first, second = message.tool_calls
    assert isinstance(first, ParsedFunctionToolCall)
    assert first.function.parsed_arguments == GetWeather(city="Oslo", units="c")
    assert second.function.parsed_arguments == {"q": "tides"}
    assert second.id == "call_2"


@pytest.mark.asyncio
async def test_parse_leaves_unknown_tool_calls_unparsed(flavor: Flavor) -> None:
    calls = [tool_call("not_offered", {"x": 1})]
    api = MockAPI.returning(chat_completion(None, tool_calls=calls, finish_reason="tool_calls"))
    completion = await flavor.settle(
        client_for(flavor, api).chat.completions.parse(
            model=MODEL, messages=MESSAGES, tools=[pydantic_function_tool(GetWeather)]
        )
    )
    (call,) = completion.choices[0].message.tool_calls or []
    assert call.function.parsed_arguments is None
    assert call.function.arguments == '{"x": 1}'


@pytest.mark.parametrize(
    "tool",
    [
        pytest.param(
            {"type": "function", "function": {"name": "loose", "parameters": {}}}, id="not-strict"
        ),
        pytest.param({"type": "custom", "custom": {"name": "grammar"}}, id="custom"),
    ],
)
def test_parse_refuses_tools_it_cannot_parse_before_sending(tool: dict[str, Any]) -> None:
    api = MockAPI.returning(chat_completion())
    with pytest.raises(ValueError, match=r"strict|function"):
        api.client().chat.completions.parse(model=MODEL, messages=MESSAGES, tools=[tool])  # type: ignore[list-item]
    assert api.requests == []


@pytest.mark.asyncio
async def test_refusal_is_not_parsed(flavor: Flavor) -> None:
    body = chat_completion(None)
    body["choices"][0]["message"]["refusal"] = "I can't help with that."
    api = MockAPI.returning(body)
    completion = await flavor.settle(
        client_for(flavor, api).chat.completions.parse(
            model=MODEL, messages=MESSAGES, response_format=Profile
        )
    )
    message = completion.choices[0].message
    assert message.parsed is None
    assert message.refusal == "I can't help with that."


@pytest.mark.asyncio
async def test_length_finish_reason_raises(flavor: Flavor) -> None:
    api = MockAPI.returning(chat_completion('{"name": "Ad', finish_reason="length"))
    with pytest.raises(LengthFinishReasonError) as caught:
        await flavor.settle(
            client_for(flavor, api).chat.completions.parse(
                model=MODEL, messages=MESSAGES, response_format=Profile
            )
        )
    assert caught.value.completion.id == "chatcmpl-abc123"
    assert "length limit" in str(caught.value)
    assert "total_tokens=17" in str(caught.value)


@pytest.mark.asyncio
async def test_content_filter_finish_reason_raises(flavor: Flavor) -> None:
    api = MockAPI.returning(chat_completion(None, finish_reason="content_filter"))
    with pytest.raises(ContentFilterFinishReasonError, match="content filter"):
        await flavor.settle(
            client_for(flavor, api).chat.completions.parse(
                model=MODEL, messages=MESSAGES, response_format=Profile
            )
        )


@pytest.mark.asyncio
async def test_content_that_does_not_fit_the_model_raises_a_validation_error(
    flavor: Flavor,
) -> None:
    api = MockAPI.returning(chat_completion('{"name": 3}'))
    with pytest.raises(pydantic.ValidationError):
        await flavor.settle(
            client_for(flavor, api).chat.completions.parse(
                model=MODEL, messages=MESSAGES, response_format=Profile
            )
        )


@pytest.mark.asyncio
async def test_every_choice_is_parsed(flavor: Flavor) -> None:
    body = chat_completion(json.dumps(PROFILE))
    second = json.loads(json.dumps(body["choices"][0]))
    second["index"] = 1
    second["message"]["content"] = json.dumps({**PROFILE, "name": "Grace"})
    body["choices"].append(second)
    api = MockAPI.returning(body)
    completion = await flavor.settle(
        client_for(flavor, api).chat.completions.parse(
            model=MODEL, messages=MESSAGES, response_format=Profile, n=2
        )
    )
    names = [choice.message.parsed.name for choice in completion.choices if choice.message.parsed]
    assert names == ["Ada", "Grace"]
    assert api.json_bodies()[0]["n"] == 2


@pytest.mark.asyncio
async def test_raw_response_parse_gives_the_parsed_completion(flavor: Flavor) -> None:
    api = MockAPI.returning(
        chat_completion(json.dumps(PROFILE)), headers={"x-request-id": "req_parse"}
    )
    client = client_for(flavor, api)
    raw = await flavor.settle(
        client.chat.completions.with_raw_response.parse(
            model=MODEL, messages=MESSAGES, response_format=Profile
        )
    )
    assert raw.request_id == "req_parse"
    completion = raw.parse()
    assert isinstance(completion, ParsedChatCompletion)
    assert completion.choices[0].message.parsed == Profile.model_validate(PROFILE)
    assert raw.parsed is completion


def test_to_dict_keeps_the_parsed_value_and_unknown_fields() -> None:
    body = chat_completion(json.dumps(PROFILE), brand_new_field={"x": 1})
    api = MockAPI.returning(body)
    completion = api.client().chat.completions.parse(
        model=MODEL, messages=MESSAGES, response_format=Profile
    )
    data = completion.to_dict()
    assert data["brand_new_field"] == {"x": 1}
    assert data["choices"][0]["message"]["parsed"] == PROFILE


def test_request_options_reach_the_request() -> None:
    api = MockAPI.returning(chat_completion(json.dumps(PROFILE)))
    api.client().chat.completions.parse(
        model=MODEL,
        messages=MESSAGES,
        response_format=Profile,
        extra_headers={"x-trace": "1"},
        extra_query={"q": "v"},
        extra_body={"custom": True},
    )
    assert api.last.headers["x-trace"] == "1"
    assert api.last.url.params["q"] == "v"
    assert api.json_bodies()[0]["custom"] is True


def test_parse_kwargs_cover_every_create_parameter() -> None:
    create_keys = set(CompletionCreateParamsBase.__annotations__)
    parse_keys = set(ChatCompletionParseKwargs.__annotations__) | {"response_format"}
    request_keys = {"extra_headers", "extra_query", "extra_body", "timeout"}
    assert parse_keys - request_keys == create_keys


def test_streaming_response_parse_gives_the_parsed_completion() -> None:
    api = MockAPI.returning(chat_completion(json.dumps(PROFILE)))
    with api.client().chat.completions.with_streaming_response.parse(
        model=MODEL, messages=MESSAGES, response_format=Profile
    ) as response:
        completion = response.parse()
    assert completion.choices[0].message.parsed == Profile.model_validate(PROFILE)
