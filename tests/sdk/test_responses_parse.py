"""``responses.parse``: ``text_format`` and pydantic tools in, a ``ParsedResponse`` out."""

from __future__ import annotations

import json
from typing import Any

import pydantic
import pytest
from pydantic import BaseModel

from openai_kit import pydantic_function_tool
from openai_kit.types.responses.parsed_response import (
    ParsedResponse,
    ParsedResponseFunctionToolCall,
    ParsedResponseOutputMessage,
    ParsedResponseOutputText,
)
from tests.sdk.conftest import Flavor
from tests.sdk.test_responses import (
    MODEL,
    client_for,
    function_call_item,
    message_item,
    response_body,
)
from tests.support.sse import MockAPI


class Ingredient(BaseModel):
    name: str
    grams: int


class Recipe(BaseModel):
    title: str
    ingredients: list[Ingredient]
    vegetarian: bool | None = None


class Multiply(BaseModel):
    """Multiply two numbers."""

    a: int
    b: int


RECIPE = {
    "title": "Pancakes",
    "ingredients": [{"name": "flour", "grams": 200}, {"name": "milk", "grams": 300}],
    "vegetarian": True,
}


@pytest.mark.asyncio
async def test_text_format_is_sent_strict_and_comes_back_parsed(flavor: Flavor) -> None:
    refusal = {"type": "refusal", "refusal": "no"}
    message = message_item(json.dumps(RECIPE))
    message["content"].append(refusal)
    api = MockAPI.returning(response_body([message]))
    response = await flavor.settle(
        client_for(flavor, api).responses.parse(
            model=MODEL,
            input="A recipe, please",
            text_format=Recipe,
            text={"verbosity": "low"},
        )
    )
    text = api.json_bodies()[0]["text"]
    assert text["verbosity"] == "low"
    text_format = text["format"]
    assert text_format["type"] == "json_schema"
    assert text_format["name"] == "Recipe"
    assert text_format["strict"] is True
    assert text_format["schema"]["additionalProperties"] is False
    assert text_format["schema"]["required"] == ["title", "ingredients", "vegetarian"]
    assert text_format["schema"]["$defs"]["Ingredient"]["additionalProperties"] is False

    assert isinstance(response, ParsedResponse)
    assert response.output_parsed == Recipe.model_validate(RECIPE)
    assert isinstance(response.output_parsed.ingredients[0], Ingredient)
    (item,) = response.output
    assert isinstance(item, ParsedResponseOutputMessage)
    assert isinstance(item.content[0], ParsedResponseOutputText)
    assert item.content[1].type == "refusal"
    # the rest of the response is kept, output_text included
    assert response.output_text == json.dumps(RECIPE)
    assert response.usage is not None and response.usage.total_tokens == 17


@pytest.mark.asyncio
async def test_pydantic_tools_are_flattened_and_their_calls_parsed(flavor: Flavor) -> None:
    strict_tool = {
        "type": "function",
        "name": "lookup",
        "parameters": {"type": "object", "properties": {"q": {"type": "string"}},
                       "required": ["q"], "additionalProperties": False},
        "strict": True,
    }  # fmt: skip
    loose_tool = {"type": "function", "name": "loose", "parameters": {}, "strict": False}
    output = [
        function_call_item("Multiply", '{"a": 1231, "b": 2331}'),
        function_call_item("lookup", '{"q": "x"}', call_id="call_2", item_id="fc_2"),
        function_call_item("loose", '{"anything": 1}', call_id="call_3", item_id="fc_3"),
        function_call_item("unknown", "{}", call_id="call_4", item_id="fc_4"),
    ]
    api = MockAPI.returning(response_body(output))
    response = await flavor.settle(
        client_for(flavor, api).responses.parse(
            model=MODEL,
            input="What is 1231 * 2331?",
            tools=[pydantic_function_tool(Multiply), strict_tool, loose_tool],  # type: ignore[list-item]
        )
    )
    sent = api.json_bodies()[0]["tools"]
    assert sent[0] == {
        "type": "function",
        "name": "Multiply",
        "description": "Multiply two numbers.",
        "parameters": sent[0]["parameters"],
        "strict": True,
    }
    assert sent[0]["parameters"]["required"] == ["a", "b"]
    assert sent[1:] == [strict_tool, loose_tool]

    calls = response.output
    assert all(isinstance(call, ParsedResponseFunctionToolCall) for call in calls)
    assert [call.parsed_arguments for call in calls] == [  # type: ignore[union-attr]
        Multiply(a=1231, b=2331),
        {"q": "x"},
        None,
        None,
    ]
    assert response.output_parsed is None


@pytest.mark.asyncio
async def test_parse_without_format_or_tools_is_a_parsed_plain_response(flavor: Flavor) -> None:
    api = MockAPI.returning(response_body([message_item("just text")]))
    response = await flavor.settle(client_for(flavor, api).responses.parse(model=MODEL, input="hi"))
    body = api.json_bodies()[0]
    assert "text" not in body
    assert "tools" not in body
    assert response.output_parsed is None
    assert response.output_text == "just text"


def test_text_format_and_text_format_dict_cannot_be_combined() -> None:
    api = MockAPI.returning(response_body())
    with pytest.raises(TypeError, match="text_format"):
        api.client().responses.parse(
            model=MODEL,
            input="x",
            text_format=Recipe,
            text={"format": {"type": "text"}},
        )
    assert api.requests == []


def test_chat_shaped_function_tool_must_come_from_pydantic_function_tool() -> None:
    api = MockAPI.returning(response_body())
    chat_tool: Any = {"type": "function", "function": {"name": "f", "parameters": {}}}
    with pytest.raises(TypeError, match="pydantic_function_tool"):
        api.client().responses.parse(model=MODEL, input="x", tools=[chat_tool])
    assert api.requests == []


def test_text_that_does_not_fit_raises_a_validation_error() -> None:
    api = MockAPI.returning(response_body([message_item('{"title": 1}')]))
    with pytest.raises(pydantic.ValidationError):
        api.client().responses.parse(model=MODEL, input="x", text_format=Recipe)


def test_pydantic_dataclass_as_text_format() -> None:
    @pydantic.dataclasses.dataclass
    class Point:
        x: int
        y: int

    api = MockAPI.returning(response_body([message_item('{"x": 1, "y": 2}')]))
    response = api.client().responses.parse(model=MODEL, input="x", text_format=Point)
    assert response.output_parsed == Point(x=1, y=2)
    assert api.json_bodies()[0]["text"]["format"]["name"] == "Point"


@pytest.mark.asyncio
async def test_raw_response_parse_gives_the_parsed_response(flavor: Flavor) -> None:
    api = MockAPI.returning(
        response_body([message_item(json.dumps(RECIPE))]), headers={"x-request-id": "req_p"}
    )
    raw = await flavor.settle(
        client_for(flavor, api).responses.with_raw_response.parse(
            model=MODEL, input="x", text_format=Recipe
        )
    )
    assert raw.request_id == "req_p"
    parsed = raw.parse()
    assert isinstance(parsed, ParsedResponse)
    assert parsed.output_parsed == Recipe.model_validate(RECIPE)


def test_parsed_response_dumps_like_the_api_plus_parsed() -> None:
    api = MockAPI.returning(response_body([message_item(json.dumps(RECIPE))], brand_new=1))
    response = api.client().responses.parse(model=MODEL, input="x", text_format=Recipe)
    data = response.to_dict()
    assert data["brand_new"] == 1
    assert data["output"][0]["content"][0]["parsed"] == RECIPE
    assert data["output"][0]["content"][0]["text"] == json.dumps(RECIPE)


def test_parsed_function_call_leaves_parsed_arguments_out_of_the_api_shape() -> None:
    assert ParsedResponseFunctionToolCall.__api_exclude__ == frozenset({"parsed_arguments"})


def test_parse_and_stream_take_every_create_param() -> None:
    from openai_kit.resources.responses._kwargs import ResponseCreateKwargs, ResponseParseKwargs

    assert set(ResponseParseKwargs.__annotations__) == set(ResponseCreateKwargs.__annotations__)
    assert (
        ResponseParseKwargs.__annotations__["tools"]
        != ResponseCreateKwargs.__annotations__["tools"]
    )
