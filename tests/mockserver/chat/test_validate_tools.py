"""Chat request validation of tools, tool_choice, response_format and tool-call pairing."""

from __future__ import annotations

from typing import Any

import pytest

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.api.chat.validate import validate_chat_request

USER = {"role": "user", "content": "hi"}
TOOL = {
    "type": "function",
    "function": {"name": "get_weather", "parameters": {"type": "object", "properties": {}}},
}


def body(**changes: Any) -> dict[str, Any]:
    return {"model": "gpt-4o", "messages": [dict(USER)], **changes}


# (id, body, message, param, code)
CASES: list[tuple[str, dict[str, Any], str, str | None, str | None]] = [
    (
        "response_format as a string",
        body(response_format="json"),
        "Invalid type for 'response_format': expected an object, but got a string instead.",
        "response_format",
        "invalid_type",
    ),
    (
        "response_format without type",
        body(response_format={}),
        "Missing required parameter: 'response_format.type'.",
        "response_format.type",
        "missing_required_parameter",
    ),
    (
        "bad response_format type",
        body(response_format={"type": "bogus"}),
        "Invalid value: 'bogus'. Supported values are: 'json_object', 'json_schema', and 'text'.",
        "response_format.type",
        "invalid_value",
    ),
    (
        "json_schema without name",
        body(response_format={"type": "json_schema", "json_schema": {"schema": {}}}),
        "Missing required parameter: 'response_format.json_schema.name'.",
        "response_format.json_schema.name",
        "missing_required_parameter",
    ),
    (
        "json_schema without schema",
        body(response_format={"type": "json_schema", "json_schema": {"name": "r"}}),
        "Missing required parameter: 'response_format.json_schema.schema'.",
        "response_format.json_schema.schema",
        "missing_required_parameter",
    ),
    (
        "strict schema without additionalProperties",
        body(
            response_format={
                "type": "json_schema",
                "json_schema": {
                    "name": "r",
                    "strict": True,
                    "schema": {
                        "type": "object",
                        "properties": {"a": {"type": "string"}},
                        "required": ["a"],
                    },
                },
            }
        ),
        "Invalid schema for response_format 'r': In context=(), 'additionalProperties' is required to be supplied and to be false.",
        "response_format",
        None,
    ),
    (
        "strict schema missing a required key deep down",
        body(
            response_format={
                "type": "json_schema",
                "json_schema": {
                    "name": "r",
                    "strict": True,
                    "schema": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["a"],
                        "properties": {
                            "a": {
                                "type": "object",
                                "additionalProperties": False,
                                "properties": {"x": {"type": "string"}, "y": {"type": "string"}},
                                "required": ["x"],
                            }
                        },
                    },
                },
            }
        ),
        "Invalid schema for response_format 'r': In context=('properties', 'a'), 'required' is required to be supplied and to be an array including every key in properties. Missing 'y'.",
        "response_format",
        None,
    ),
    (
        "json_object without the word json",
        body(response_format={"type": "json_object"}),
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        "messages",
        None,
    ),
    (
        "tools as a string",
        body(tools="none"),
        "Invalid type for 'tools': expected an array of objects, but got a string instead.",
        "tools",
        "invalid_type",
    ),
    (
        "tool without function",
        body(tools=[{"type": "function"}]),
        "Missing required parameter: 'tools[0].function'.",
        "tools[0].function",
        "missing_required_parameter",
    ),
    (
        "tool function without name",
        body(tools=[{"type": "function", "function": {"parameters": {}}}]),
        "Missing required parameter: 'tools[0].function.name'.",
        "tools[0].function.name",
        "missing_required_parameter",
    ),
    (
        "tool name with spaces",
        body(tools=[{"type": "function", "function": {"name": "get weather"}}]),
        "Invalid 'tools[0].function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
        "tools[0].function.name",
        "invalid_value",
    ),
    (
        "bad tool type",
        body(tools=[{"type": "retrieval"}]),
        "Invalid value: 'retrieval'. Supported values are: 'function' and 'custom'.",
        "tools[0].type",
        "invalid_value",
    ),
    (
        "strict function without required",
        body(
            tools=[
                {
                    "type": "function",
                    "function": {
                        "name": "f",
                        "strict": True,
                        "parameters": {
                            "type": "object",
                            "properties": {"q": {"type": "string"}},
                            "additionalProperties": False,
                        },
                    },
                }
            ]
        ),
        "Invalid schema for function 'f': In context=(), 'required' is required to be supplied and to be an array including every key in properties. Missing 'q'.",
        "tools[0].function.parameters",
        "invalid_function_parameters",
    ),
    (
        "tool_choice as an integer",
        body(tools=[TOOL], tool_choice=7),
        "Invalid type for 'tool_choice': expected one of one of 'none', 'auto', or 'required' or object, but got an integer instead.",
        "tool_choice",
        "invalid_type",
    ),
    (
        "bad tool_choice",
        body(tools=[TOOL], tool_choice="bogus"),
        "Invalid value: 'bogus'. Supported values are: 'none', 'auto', and 'required'.",
        "tool_choice",
        "invalid_value",
    ),
    (
        "tool_choice object without function",
        body(tools=[TOOL], tool_choice={"type": "bogus"}),
        "Missing required parameter: 'tool_choice.function'.",
        "tool_choice.function",
        "missing_required_parameter",
    ),
    (
        "tool_choice without tools",
        body(tool_choice="auto"),
        "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
        "tool_choice",
        None,
    ),
    (
        "parallel_tool_calls without tools",
        body(parallel_tool_calls=False),
        "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.",
        "parallel_tool_calls",
        None,
    ),
    (
        "tool message without a preceding tool call",
        body(messages=[USER, {"role": "tool", "tool_call_id": "call_1", "content": "x"}]),
        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
        "messages.[1].role",
        None,
    ),
    (
        "unanswered tool call",
        body(
            messages=[
                USER,
                {
                    "role": "assistant",
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "f", "arguments": "{}"},
                        }
                    ],
                },
                USER,
            ]
        ),
        "An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: call_1",
        "messages.[1].role",
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
    with pytest.raises(MockAPIError) as caught:
        validate_chat_request(request_body)
    error = caught.value
    assert error.status == 400
    assert (error.message, error.param, error.code) == (message, param, code)


def test_named_tool_choice_must_name_a_tool() -> None:
    request = body(tools=[TOOL], tool_choice={"type": "function", "function": {"name": "nope"}})
    with pytest.raises(MockAPIError) as caught:
        validate_chat_request(request)
    assert caught.value.message == (
        "Invalid value for 'tool_choice': tool choice 'nope' not found in 'tools' parameter."
    )


def test_response_format_schema_must_be_an_object() -> None:
    fmt = {"type": "json_schema", "json_schema": {"name": "r", "schema": {"type": "array"}}}
    with pytest.raises(MockAPIError) as caught:
        validate_chat_request(body(response_format=fmt))
    assert caught.value.message == (
        "Invalid schema for response_format 'r': schema must be a JSON Schema of "
        "'type: \"object\"', got 'type: \"array\"'."
    )


def test_strict_schemas_that_follow_the_rules_pass() -> None:
    schema = {
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "items": {"$ref": "#/$defs/item"},
            },
            "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        },
        "required": ["items", "note"],
        "additionalProperties": False,
        "$defs": {
            "item": {
                "type": "object",
                "properties": {"name": {"type": "string"}},
                "required": ["name"],
                "additionalProperties": False,
            }
        },
    }
    fmt = {"type": "json_schema", "json_schema": {"name": "r", "schema": schema, "strict": True}}
    tool = {"type": "function", "function": {"name": "f", "parameters": schema, "strict": True}}
    validate_chat_request(body(response_format=fmt, tools=[tool]))
