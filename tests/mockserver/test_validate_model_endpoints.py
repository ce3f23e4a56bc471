"""Validation of embeddings, moderations and legacy completions requests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.api.completions.validate import validate_completion_request
from openai_kit.mockserver.api.embeddings.validate import validate_embedding_request
from openai_kit.mockserver.api.moderations.validate import validate_moderation_request

Validator = Callable[..., None]
INVALID_INPUT = (
    "'$.input' is invalid. Please check the API reference: "
    "https://platform.openai.com/docs/api-reference."
)


def error_of(validator: Validator, request: dict[str, Any]) -> MockAPIError:
    with pytest.raises(MockAPIError) as caught:
        validator(request)
    return caught.value


EMB = {"model": "text-embedding-3-small", "input": "hello"}
MOD: dict[str, Any] = {"input": "hello"}
CMP = {"model": "gpt-3.5-turbo-instruct", "prompt": "Say hi"}

# (id, validator, body, status, message, param, code)
CASES: list[tuple[str, Validator, dict[str, Any], int, str, str | None, str | None]] = [
    ("emb no model", validate_embedding_request, {"input": "x"}, 400, "you must provide a model parameter", None, None),
    ("emb no input", validate_embedding_request, {"model": "text-embedding-3-small"}, 400, "Missing required parameter: 'input'.", "input", "missing_required_parameter"),
    ("emb unknown argument", validate_embedding_request, {**EMB, "foo": 1}, 400, "Unrecognized request argument supplied: foo", None, None),
    ("emb empty string", validate_embedding_request, {**EMB, "input": ""}, 400, INVALID_INPUT, None, None),
    ("emb empty string in a list", validate_embedding_request, {**EMB, "input": ["a", ""]}, 400, INVALID_INPUT, None, None),
    ("emb empty list", validate_embedding_request, {**EMB, "input": []}, 400, "Invalid 'input': empty array. Expected an array with minimum length 1, but got an empty array instead.", "input", "empty_array"),
    ("emb too many inputs", validate_embedding_request, {**EMB, "input": ["x"] * 2049}, 400, "Invalid 'input': array too long. Expected an array with maximum length 2048, but got an array with length 2049 instead.", "input", "array_above_max_length"),
    ("emb object input", validate_embedding_request, {**EMB, "input": {"a": 1}}, 400, "Invalid type for 'input': expected one of a string, array of strings, array of integers, or array of arrays of integers, but got an object instead.", "input", "invalid_type"),
    ("emb mixed list", validate_embedding_request, {**EMB, "input": ["a", 1]}, 400, "Invalid type for 'input': expected one of a string, array of strings, array of integers, or array of arrays of integers, but got an array instead.", "input", "invalid_type"),
    ("emb input too long", validate_embedding_request, {**EMB, "input": ["ok", "word " * 9000]}, 400, "Invalid 'input[1]': maximum input length is 8192 tokens.", "input[1]", "invalid_value"),
    ("emb lone input too long", validate_embedding_request, {**EMB, "input": "word " * 9000}, 400, "Invalid 'input': maximum context length is 8192 tokens.", None, None),
    ("emb bad encoding", validate_embedding_request, {**EMB, "encoding_format": "hex"}, 400, "Invalid value: 'hex'. Supported values are: 'float' and 'base64'.", "encoding_format", "invalid_value"),
    ("emb dimensions zero", validate_embedding_request, {**EMB, "dimensions": 0}, 400, "Invalid 'dimensions': integer below minimum value. Expected a value >= 1, but got 0 instead.", "dimensions", "integer_below_min_value"),
    ("emb dimensions too large", validate_embedding_request, {**EMB, "dimensions": 2000}, 400, "Invalid 'dimensions': integer above maximum value. Expected a value <= 1536, but got 2000 instead.", "dimensions", "integer_above_max_value"),
    ("emb dimensions on ada", validate_embedding_request, {**EMB, "model": "text-embedding-ada-002", "dimensions": 256}, 400, "This model does not support specifying dimensions.", None, None),
    ("mod no input", validate_moderation_request, {}, 400, "Missing required parameter: 'input'.", "input", "missing_required_parameter"),
    ("mod unknown argument", validate_moderation_request, {**MOD, "foo": 1}, 400, "Unrecognized request argument supplied: foo", None, None),
    ("mod numeric input", validate_moderation_request, {"input": 5}, 400, "Invalid type for 'input': expected one of a string, array of strings, or array of objects, but got an integer instead.", "input", "invalid_type"),
    ("mod bad part", validate_moderation_request, {"input": [{"type": "video"}]}, 400, "Invalid value: 'video'. Supported values are: 'image_url' and 'text'.", "input[0].type", "invalid_value"),
    ("mod image without url", validate_moderation_request, {"input": [{"type": "image_url", "image_url": {}}]}, 400, "Missing required parameter: 'input[0].image_url.url'.", "input[0].image_url.url", "missing_required_parameter"),
    ("mod chat model", validate_moderation_request, {**MOD, "model": "gpt-4o"}, 400, "Invalid value for 'model' = gpt-4o. Please check the OpenAI documentation and try again.", "model", None),
    ("cmp no model", validate_completion_request, {"prompt": "x"}, 400, "you must provide a model parameter", None, None),
    ("cmp no prompt", validate_completion_request, {"model": "davinci-002"}, 400, "Missing required parameter: 'prompt'.", "prompt", "missing_required_parameter"),
    ("cmp messages", validate_completion_request, {**CMP, "messages": []}, 400, "Unrecognized request argument supplied: messages", None, None),
    ("cmp prompt object", validate_completion_request, {**CMP, "prompt": {"a": 1}}, 400, "Invalid type for 'prompt': expected one of a string, array of strings, array of integers, or array of arrays of integers, but got an object instead.", "prompt", "invalid_type"),
    ("cmp logprobs too large", validate_completion_request, {**CMP, "logprobs": 6}, 400, "Invalid 'logprobs': integer above maximum value. Expected a value <= 5, but got 6 instead.", "logprobs", "integer_above_max_value"),
    ("cmp n zero", validate_completion_request, {**CMP, "n": 0}, 400, "Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead.", "n", "integer_below_min_value"),
    ("cmp echo string", validate_completion_request, {**CMP, "echo": "yes"}, 400, "Invalid type for 'echo': expected a boolean, but got a string instead.", "echo", "invalid_type"),
    ("cmp best_of below n", validate_completion_request, {**CMP, "n": 3, "best_of": 2}, 400, "Invalid value for 'best_of': best_of must be greater than or equal to n.", "best_of", None),
    ("cmp streaming best_of", validate_completion_request, {**CMP, "best_of": 2, "stream": True}, 400, "Cannot stream results with best_of > 1.", "best_of", None),
    ("cmp stream_options alone", validate_completion_request, {**CMP, "stream_options": {"include_usage": True}}, 400, "The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("validator", "request_body", "status", "message", "param", "code"),
    [pytest.param(v, b, s, m, p, c, id=name) for name, v, b, s, m, p, c in CASES],
)
def test_rejections(
    validator: Validator,
    request_body: dict[str, Any],
    status: int,
    message: str,
    param: str | None,
    code: str | None,
) -> None:
    error = error_of(validator, request_body)
    assert (error.status, error.message, error.param, error.code) == (status, message, param, code)


def test_request_token_limit() -> None:
    error = error_of(validate_embedding_request, {**EMB, "input": ["word " * 8000] * 40})
    assert error.status == 400
    assert error.type == "max_tokens_per_request"
    assert error.message.startswith("Requested ")
    assert error.message.endswith(" tokens, max 300000 tokens per request")


@pytest.mark.parametrize(
    "request_body",
    [
        EMB,
        {**EMB, "input": ["a", "b"], "encoding_format": "base64", "dimensions": 256},
        {**EMB, "input": [1, 2, 3]},
        {**EMB, "input": [[1, 2], [3]], "user": "u"},
        {**EMB, "model": "text-embedding-3-large", "dimensions": 3072},
    ],
)
def test_valid_embedding_requests(request_body: dict[str, Any]) -> None:
    validate_embedding_request(request_body)


@pytest.mark.parametrize(
    "request_body",
    [
        MOD,
        {"input": ["a", "b"], "model": "text-moderation-latest"},
        {
            "input": [
                {"type": "text", "text": "x"},
                {"type": "image_url", "image_url": {"url": "https://x/y.png"}},
            ],
            "model": "omni-moderation-latest",
        },
    ],
)
def test_valid_moderation_requests(request_body: dict[str, Any]) -> None:
    validate_moderation_request(request_body)


@pytest.mark.parametrize(
    "request_body",
    [
        CMP,
        {**CMP, "prompt": ["a", "b"], "n": 2, "best_of": 3, "echo": True, "logprobs": 2},
        {**CMP, "prompt": [1, 2, 3], "stop": ["\n"], "max_tokens": 0},
        {
            **CMP,
            "prompt": [[1, 2], [3]],
            "suffix": "end",
            "stream": True,
            "stream_options": {"include_usage": True},
        },
    ],
)
def test_valid_completion_requests(request_body: dict[str, Any]) -> None:
    validate_completion_request(request_body)
