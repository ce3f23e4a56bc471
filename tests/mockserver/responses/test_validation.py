"""Bad Responses and Conversations requests get the real API's status, message, param and code."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from openai_kit.mockserver import MockServer
from tests.mockserver.conftest import API_VERSION, AUTH, AZURE_AUTH

OK: dict[str, Any] = {"model": "gpt-4o", "input": "ping"}
ITEM_TYPES_START = "Invalid value: 'bogus_item'. Supported values are: 'additional_tools', "

# (request body, status, param, code, message or message prefix)
# fmt: off
CASES: list[tuple[dict[str, Any], int, str | None, str | None, str]] = [
    ({"input": "x"}, 400, "model", "missing_required_parameter", "Missing required parameter: 'model'."),
    ({**OK, "model": None}, 400, "model", "invalid_type", "Invalid type for 'model': expected a string, but got an object instead."),
    ({"model": "gpt-4o"}, 400, "input", "missing_required_parameter", "Missing required parameter: 'input'."),
    ({"model": "gpt-4o", "zzz": 1}, 400, "input", "missing_required_parameter", "Missing required parameter: 'input'."),
    ({**OK, "zzz_unknown": 1}, 400, "zzz_unknown", "unknown_parameter", "Unknown parameter: 'zzz_unknown'."),
    ({**OK, "stop": ["x"]}, 400, "stop", "unknown_parameter", "Unknown parameter: 'stop'. Did you mean 'store'?"),
    ({**OK, "max_tokens": 5}, 400, "max_tokens", "unknown_parameter", "Unknown parameter: 'max_tokens'."),
    ({**OK, "messages": []}, 400, None, "unsupported_parameter", "Unsupported parameter: 'messages'. In the Responses API"),
    ({**OK, "model": "gpt-9"}, 400, "model", "model_not_found", "The requested model 'gpt-9' does not exist."),
    ({**OK, "model": "gpt-4o-search-preview"}, 400, "model", None, "The requested model 'gpt-4o-search-preview' is not supported with the Responses API."),
    ({**OK, "input": None}, 400, "input", "invalid_type", "Invalid type for 'input': expected a string, but got an object instead."),
    ({**OK, "input": {"a": 1}}, 400, "input", "invalid_type", "Invalid type for 'input': expected one of a string or array of input items"),
    ({**OK, "input": []}, 400, None, "missing_required_parameter", "One of \"input\" or \"previous_response_id\" or 'prompt' or 'conversation' must be provided."),
    ({**OK, "input": ""}, 400, None, "missing_required_parameter", "One of \"input\""),
    ({**OK, "input": [], "zzz": 1}, 400, "zzz", "unknown_parameter", "Unknown parameter: 'zzz'."),
    ({**OK, "input": [], "previous_response_id": "resp_x"}, 400, "previous_response_id", "previous_response_not_found", "Previous response with id 'resp_x' not found."),
    ({**OK, "input": [7]}, 400, "input[0]", "invalid_type", "Invalid type for 'input[0]': expected an input item, but got an integer instead."),
    ({**OK, "input": [None]}, 400, "input[0]", "invalid_type", "Invalid type for 'input[0]': expected an input item, but got null instead."),
    ({**OK, "input": [{}]}, 400, "input[0]", "invalid_value", "Invalid value: ''. Supported values are: 'assistant', 'system', 'developer', and 'user'."),
    ({**OK, "input": [{"role": "user"}]}, 400, "input[0].content", "missing_required_parameter", "Missing required parameter: 'input[0].content'."),
    ({**OK, "input": [{"role": "user", "content": "x", "bogus": 1}]}, 400, "input[0].bogus", "unknown_parameter", "Unknown parameter: 'input[0].bogus'."),
    ({**OK, "input": [{"role": "user", "content": "x", "phase": "final_answer"}]}, 400, "input[0].phase", "unknown_parameter", "Unknown parameter: 'input[0].phase'."),
    ({**OK, "input": [{"type": "bogus_item"}]}, 400, "input[0]", "invalid_value", ITEM_TYPES_START),
    ({**OK, "input": [{"role": "user", "content": [{"type": "bogus"}]}]}, 400, "input[0].content[0].type", "invalid_value", "Invalid value: 'bogus'. Supported values are: 'input_text', 'input_image'"),
    ({**OK, "input": [{"role": "user", "content": [{"type": "output_text", "text": "x"}]}]}, 400, "input[0].content[0]", "invalid_value", "Invalid value: 'output_text'. Supported values are: 'input_text', 'input_image', 'input_file', 'scoped_content', and 'input_audio'."),
    ({**OK, "input": [{"role": "assistant", "content": [{"type": "input_text", "text": "x"}]}]}, 400, "input[0].content[0]", "invalid_value", "Invalid value: 'input_text'. Supported values are: 'output_text' and 'refusal'."),
    ({**OK, "input": [{"role": "user", "content": [{"type": "input_text"}]}]}, 400, "input[0].content[0].text", "missing_required_parameter", "Missing required parameter: 'input[0].content[0].text'."),
    ({**OK, "input": [{"type": "function_call", "name": "f", "arguments": "{}"}]}, 400, "input[0].call_id", "missing_required_parameter", "Missing required parameter: 'input[0].call_id'."),
    ({**OK, "input": [{"type": "function_call_output", "call_id": "call_9", "output": "x"}]}, 400, "input", None, "No tool call found for function call output with call_id call_9."),
    ({**OK, "text": "x"}, 400, "text", "invalid_type", "Invalid type for 'text': expected an object, but got a string instead."),
    ({**OK, "text": {"zzz": 1}}, 400, "text.zzz", "unknown_parameter", "Unknown parameter: 'text.zzz'."),
    ({**OK, "text": {"format": {"type": "bogus"}}}, 400, "text.format.type", "invalid_value", "Invalid value: 'bogus'. Supported values are: 'json_object', 'text', and 'json_schema'."),
    ({**OK, "text": {"format": {"type": "json_schema"}}}, 400, "text.format.name", "missing_required_parameter", "Missing required parameter: 'text.format.name'."),
    ({**OK, "text": {"verbosity": "loud"}}, 400, "text.verbosity", "invalid_value", "Invalid value: 'loud'. Supported values are: 'low', 'medium', and 'high'."),
    ({**OK, "text": {"format": {"type": "json_schema", "name": "x", "strict": True, "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}}, 400, "text.format.schema", "invalid_json_schema", "Invalid schema for response_format 'x': In context=(), 'additionalProperties' is required to be supplied and to be false."),
    ({**OK, "text": {"format": {"type": "json_object"}}}, 400, "input", None, "Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'."),
    ({**OK, "tools": "x"}, 400, "tools", "invalid_type", "Invalid type for 'tools': expected an array of tools, but got a string instead."),
    ({**OK, "tools": [{}]}, 400, "tools[0].type", "missing_required_parameter", "Missing required parameter: 'tools[0].type'."),
    ({**OK, "tools": [{"type": "function", "function": {"name": "f"}}]}, 400, "tools[0].name", "missing_required_parameter", "Missing required parameter: 'tools[0].name'."),
    ({**OK, "tools": [{"type": "function", "name": "f"}], "tool_choice": {"type": "function", "name": "g"}}, 400, "tool_choice", None, "Invalid value for 'tool_choice': tool choice 'g' not found in 'tools' parameter."),
    ({**OK, "reasoning": "low"}, 400, "reasoning", "invalid_type", "Invalid type for 'reasoning': expected an object, but got a string instead."),
    ({**OK, "reasoning": {"effort": "bogus"}}, 400, "reasoning.effort", "invalid_value", "Invalid value: 'bogus'. Supported values are: 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', and 'max'."),
    ({**OK, "reasoning": {"effort": {}}}, 400, "reasoning.effort", "invalid_type", "Invalid type for 'reasoning.effort': expected one of one of 'none', 'minimal', 'low', 'medium', 'high', 'xhigh', or 'max' or integer, but got an object instead."),
    ({**OK, "reasoning": {"summary": "bogus"}}, 400, "reasoning.summary", "invalid_value", "Invalid value: 'bogus'. Supported values are: 'concise', 'detailed', and 'auto'."),
    ({**OK, "reasoning": {"generate_summary": "concise"}}, 400, "reasoning.generate_summary", "unknown_parameter", "Unknown parameter: 'reasoning.generate_summary'."),
    ({**OK, "temperature": "hot"}, 400, "temperature", "invalid_type", "Invalid type for 'temperature': expected a decimal, but got a string instead."),
    ({**OK, "top_logprobs": "x"}, 400, "top_logprobs", "invalid_type", "Invalid type for 'top_logprobs': expected an integer, but got a string instead."),
    ({**OK, "truncation": "bogus"}, 400, "truncation", "invalid_value", "Invalid value: 'bogus'. Supported values are: 'auto' and 'disabled'."),
    ({**OK, "include": "x"}, 400, "include", "invalid_type", "Invalid type for 'include': expected an array of one of 'fil...lts', 'web...lts', 'web...ces', 'mes...url', 'com...url', 'cod...uts', 'rea...ent', or 'mes...obs', but got a string instead."),
    ({**OK, "include": ["bogus.thing"]}, 400, "include[0]", "invalid_value", "Invalid value: 'bogus.thing'. Supported values are: 'file_search_call.results'"),
    ({**OK, "max_tool_calls": 0}, 400, "max_tool_calls", "integer_below_min_value", "Invalid 'max_tool_calls': integer below minimum value. Expected a value >= 1, but got 0 instead."),
    ({**OK, "max_output_tokens": 0}, 400, "max_output_tokens", "integer_below_min_value", "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 0 instead."),
    ({**OK, "metadata": "x"}, 400, "metadata", "invalid_type", "Invalid type for 'metadata': expected a metadata object, but got a string instead."),
    ({**OK, "metadata": {f"k{i}": "v" for i in range(17)}}, 400, "metadata", "object_above_max_properties", "Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with 17 properties instead."),
    ({**OK, "service_tier": "bogus"}, 400, "service_tier", "invalid_value", "Invalid value: 'bogus'. Supported values are: 'auto', 'default', 'fast', 'flex', and 'priority'."),
    ({**OK, "stream_options": {"include_usage": True}}, 400, "stream_options.include_usage", "unknown_parameter", "Unknown parameter: 'stream_options.include_usage'."),
    ({**OK, "stream": "yes"}, 400, "stream", "invalid_type", "Invalid type for 'stream': expected a boolean, but got a string instead."),
    ({**OK, "background": "yes"}, 400, "background", "invalid_type", "Invalid type for 'background': expected a boolean, but got a string instead."),
    ({**OK, "instructions": {"a": 1}}, 400, "instructions", "invalid_type", "Invalid type for 'instructions': expected a string, but got an object instead."),
    ({**OK, "previous_response_id": {"a": 1}}, 400, "previous_response_id", "invalid_type", "Invalid type for 'previous_response_id': expected a string, but got an object instead."),
    ({**OK, "previous_response_id": "resp_nope"}, 400, "previous_response_id", "previous_response_not_found", "Previous response with id 'resp_nope' not found."),
    ({**OK, "conversation": "conv_nope"}, 404, None, None, "Conversation with id 'conv_nope' not found."),
    ({**OK, "previous_response_id": "r", "conversation": "c"}, 400, None, "mutually_exclusive_parameters", "Mutually exclusive parameters. Ensure you are only providing one of: 'previous_response_id' or 'conversation'."),
    ({**OK, "prompt": {"id": "pmpt_nope"}}, 404, None, None, "Prompt with id 'pmpt_nope' not found."),
    ({**OK, "prompt": "x"}, 400, "prompt", "invalid_type", "Invalid type for 'prompt': expected an object, but got a string instead."),
    ({**OK, "model": "o3", "temperature": 0.5}, 400, "temperature", None, "Unsupported parameter: 'temperature' is not supported with this model."),
    ({**OK, "model": "o3", "top_logprobs": 1}, 400, "top_logprobs", "unsupported_parameter", "logprobs are not supported with reasoning models."),
    ({**OK, "model": "o3", "include": ["message.output_text.logprobs"]}, 400, "include", "unsupported_parameter", "logprobs are not supported with reasoning models."),
    ({**OK, "reasoning": {"effort": "low"}}, 400, "reasoning.effort", "unsupported_parameter", "Unsupported parameter: 'reasoning.effort' is not supported with this model."),
]
# fmt: on


def _check(response: httpx.Response, status: int, param: Any, code: Any, message: str) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert (error["param"], error["code"]) == (param, code)
    assert error["message"].startswith(message), error["message"]


@pytest.mark.parametrize(("body", "status", "param", "code", "message"), CASES)
def test_create_errors(
    http: httpx.Client, body: dict[str, Any], status: int, param: Any, code: Any, message: str
) -> None:
    _check(http.post("/v1/responses", json=body, headers=AUTH), status, param, code, message)


def test_azure_routes_report_the_same_errors_and_unknown_deployments(http: httpx.Client) -> None:
    bad = {**OK, "truncation": "bogus"}
    for path in (f"/openai/responses?api-version={API_VERSION}", "/openai/v1/responses"):
        response = http.post(path, json=bad, headers=AZURE_AUTH)
        _check(response, 400, "truncation", "invalid_value", "Invalid value: 'bogus'.")
        missing = http.post(path, json={**OK, "model": "nowhere"}, headers=AZURE_AUTH)
        assert missing.status_code == 404
        assert missing.json() == {
            "error": {
                "code": "DeploymentNotFound",
                "message": missing.json()["error"]["message"],
            }
        }
    unversioned = http.post("/openai/responses", json=OK, headers=AZURE_AUTH)
    assert unversioned.status_code == 404


def test_input_tokens_count_errors(http: httpx.Client) -> None:
    response = http.post("/v1/responses/input_tokens", json={"stream": True}, headers=AUTH)
    _check(response, 400, "stream", "unknown_parameter", "Unknown parameter: 'stream'.")
    response = http.post(
        "/v1/responses/input_tokens", json={"model": "gpt-nope", "input": "x"}, headers=AUTH
    )
    _check(
        response, 400, "model", "model_not_found", "The requested model 'gpt-nope' does not exist."
    )
    counted = http.post("/v1/responses/input_tokens", json={"input": "Hello"}, headers=AUTH)
    assert counted.json() == {"object": "response.input_tokens", "input_tokens": 8}


def test_unknown_ids(http: httpx.Client) -> None:
    for method, path in (
        ("GET", "/v1/responses/resp_nope"),
        ("DELETE", "/v1/responses/resp_nope"),
        ("POST", "/v1/responses/resp_nope/cancel"),
        ("GET", "/v1/responses/resp_nope/input_items"),
    ):
        response = http.request(method, path, headers=AUTH)
        _check(response, 404, None, None, "Response with id 'resp_nope' not found.")
    for method, path in (
        ("GET", "/v1/conversations/conv_nope"),
        ("DELETE", "/v1/conversations/conv_nope"),
        ("GET", "/v1/conversations/conv_nope/items"),
    ):
        response = http.request(method, path, headers=AUTH)
        _check(response, 404, None, None, "Conversation with id 'conv_nope' not found.")
    conversation = http.post("/v1/conversations", json={}, headers=AUTH).json()
    response = http.get(f"/v1/conversations/{conversation['id']}/items/msg_nope", headers=AUTH)
    _check(response, 404, None, None, "Item with id 'msg_nope' not found.")


def test_list_parameters(http: httpx.Client) -> None:
    created = http.post("/v1/responses", json=OK, headers=AUTH).json()
    path = f"/v1/responses/{created['id']}/input_items"
    _check(
        http.get(path, params={"limit": 101}, headers=AUTH),
        400,
        "limit",
        "integer_above_max_value",
        "Invalid 'limit': integer above maximum value. Expected a value <= 100, but got 101 instead.",
    )
    _check(
        http.get(path, params={"limit": 0}, headers=AUTH),
        400,
        "limit",
        "integer_below_min_value",
        "Invalid 'limit': integer below minimum value.",
    )
    _check(
        http.get(path, params={"order": "up"}, headers=AUTH),
        400,
        "order",
        "invalid_value",
        "Invalid value: 'up'. Supported values are: 'asc' and 'desc'.",
    )


def test_conversation_request_errors(http: httpx.Client) -> None:
    _check(
        http.post("/v1/conversations", json={"zzz": 1}, headers=AUTH),
        400,
        "zzz",
        "unknown_parameter",
        "Unknown parameter: 'zzz'.",
    )
    _check(
        http.post("/v1/conversations", json={"items": [{"role": "user"}]}, headers=AUTH),
        400,
        "items[0].content",
        "missing_required_parameter",
        "Missing required parameter: 'items[0].content'.",
    )
    many = [{"role": "user", "content": "x"}] * 21
    _check(
        http.post("/v1/conversations", json={"items": many}, headers=AUTH),
        400,
        "items",
        "array_above_max_length",
        "Invalid 'items': array too long. Expected an array with maximum length 20",
    )
    conversation = http.post("/v1/conversations", json={}, headers=AUTH).json()
    path = f"/v1/conversations/{conversation['id']}"
    _check(
        http.post(path, json={}, headers=AUTH),
        400,
        "metadata",
        "missing_required_parameter",
        "Missing required parameter: 'metadata'.",
    )
    _check(
        http.post(f"{path}/items", json={}, headers=AUTH),
        400,
        "items",
        "missing_required_parameter",
        "Missing required parameter: 'items'.",
    )


def test_cancel_and_stream_refusals(mock: MockServer, http: httpx.Client) -> None:
    plain = http.post("/v1/responses", json=OK, headers=AUTH).json()
    _check(
        http.post(f"/v1/responses/{plain['id']}/cancel", headers=AUTH),
        400,
        None,
        None,
        "Cannot cancel a synchronous response.",
    )
    _check(
        http.get(f"/v1/responses/{plain['id']}", params={"stream": "true"}, headers=AUTH),
        400,
        "stream",
        None,
        "This response cannot be streamed because it was not created with background=true.",
    )
    background = http.post("/v1/responses", json={**OK, "background": True}, headers=AUTH).json()
    mock.advance(301)
    _check(
        http.get(f"/v1/responses/{background['id']}", params={"stream": "true"}, headers=AUTH),
        400,
        "stream",
        None,
        "This response can no longer be streamed because it is more than 5 minutes old",
    )
    _check(
        http.get(
            f"/v1/responses/{background['id']}",
            params={"stream": "true", "starting_after": "x"},
            headers=AUTH,
        ),
        400,
        "starting_after",
        "invalid_type",
        "Invalid type for 'starting_after': expected an integer",
    )
