"""Chat completion types: real responses, lenient parsing, the spec, and lazy exports.

Every chat completion the real-world cassettes hold (plain JSON, gzip, pydantic-ai's
``parsed_body`` and dd-trace's legacy ``content`` forms, streamed or not) must parse
strictly and dump back to the JSON it came from; every recorded request body must fit the
request TypedDicts without losing a key. Field names are checked against the OpenAPI spec.
"""

from __future__ import annotations

import ast
import gzip
import importlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Required, get_origin, get_type_hints

import pydantic
import pytest
import yaml
from typing_extensions import is_typeddict

from openai_kit._models import validate_json
from openai_kit.types.chat import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionMessageCustomToolCall,
    ChatCompletionMessageFunctionToolCall,
)
from openai_kit.types.chat import completion_create_params as create_params
from openai_kit.types.chat.chat_completion import ModerationInputModerationResults
from openai_kit.types.chat.chat_completion_chunk import Moderation
from openai_kit.types.completion_usage import CompletionUsage

_SHARED = Path(
    os.environ.get("OPENAI_KIT_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared")
)
CASSETTES = _SHARED / "realworld-cassettes"
SPEC = _SHARED / "spec" / "openai" / "openapi.yaml"
_needs_cassettes = pytest.mark.skipif(not CASSETTES.is_dir(), reason="no real-world cassettes")
_needs_spec = pytest.mark.skipif(not SPEC.is_file(), reason="no OpenAPI spec")
_YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# -- loading the cassettes -------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """One chat completion interaction: the request JSON and the decoded response body."""

    file: str
    index: int
    request: dict[str, Any]
    status: int
    body: bytes


def _response_body(response: dict[str, Any]) -> bytes:
    if "parsed_body" in response:
        return json.dumps(response["parsed_body"]).encode()
    raw = response["body"]["string"] if "body" in response else response["content"]
    data = raw.encode() if isinstance(raw, str) else bytes(raw)
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _request_json(request: dict[str, Any]) -> dict[str, Any]:
    if "parsed_body" in request:
        return dict(request["parsed_body"])
    body = request["body"]
    return dict(json.loads(body["string"] if isinstance(body, dict) else body))


@cache
def _chat_interactions() -> tuple[Recorded, ...]:
    manifest = json.loads((CASSETTES / "manifest.json").read_text())
    found: list[Recorded] = []
    for entry in manifest:
        if not any(i["path"].endswith("/chat/completions") for i in entry["interactions"]):
            continue
        cassette = yaml.load((CASSETTES / entry["local_path"]).read_text(), Loader=_YamlLoader)
        for index, interaction in enumerate(cassette["interactions"]):
            request, response = interaction["request"], interaction["response"]
            if not request["uri"].split("?")[0].endswith("/chat/completions"):
                continue
            status = response["status"]["code"] if "status" in response else response["status_code"]
            body = _response_body(response)
            found.append(Recorded(entry["local_path"], index, _request_json(request), status, body))
    return tuple(found)


def _sse_data(body: bytes) -> Iterator[str]:
    """The ``data`` payload of each event of an SSE body, ``[DONE]`` left out."""
    for event in body.decode().replace("\r\n", "\n").split("\n\n"):
        lines = [
            line[5:].removeprefix(" ") for line in event.split("\n") if line.startswith("data:")
        ]
        if lines and lines != ["[DONE]"]:
            yield "\n".join(lines)


def _cases(*, ok_only: bool) -> list[Any]:
    if not CASSETTES.is_dir():
        return [pytest.param(None, marks=_needs_cassettes, id="no-cassettes")]
    return [
        pytest.param(rec, id=f"{rec.file}#{rec.index}")
        for rec in _chat_interactions()
        if rec.status == 200 or not ok_only
    ]


def _find(file_suffix: str, index: int = 0) -> Recorded:
    matches = [r for r in _chat_interactions() if r.file.endswith(file_suffix)]
    return matches[index]


# -- real responses --------------------------------------------------------------------------


@pytest.mark.parametrize("rec", _cases(ok_only=True))
def test_recorded_response_parses_strictly_and_round_trips(rec: Recorded) -> None:
    if rec.body.lstrip().startswith(b"data:"):
        payloads = list(_sse_data(rec.body))
        assert payloads
        for payload in payloads:
            chunk = validate_json(ChatCompletionChunk, payload, strict=True)
            assert chunk.to_dict(mode="json") == json.loads(payload)
    else:
        completion = validate_json(ChatCompletion, rec.body, strict=True)
        assert completion.choices
        assert completion.to_dict(mode="json") == json.loads(rec.body)


@cache
def _adapter(params: Any) -> pydantic.TypeAdapter[Any]:
    # Kept alive on purpose: validated Iterable fields are lazy and need their validator.
    return pydantic.TypeAdapter(params)


@pytest.mark.parametrize("rec", _cases(ok_only=False))
def test_recorded_request_fits_the_params(rec: Recorded) -> None:
    params: Any = (
        create_params.CompletionCreateParamsStreaming
        if rec.request.get("stream")
        else create_params.CompletionCreateParamsNonStreaming
    )
    validated = _adapter(params).validate_python(rec.request)
    # Unknown keys are dropped by TypedDict validation, so equality means none was unknown.
    assert _drain(validated) == rec.request


def _drain(value: Any) -> Any:
    """Materialise the lazy iterators that validating an ``Iterable[...]`` field leaves."""
    if isinstance(value, dict):
        return {k: _drain(v) for k, v in value.items()}
    if value is None or isinstance(value, str | bytes | int | float | bool):
        return value
    return [_drain(v) for v in value]


def test_params_validation_drops_unknown_keys_and_checks_stream() -> None:
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}], "bogus": 1}
    validated = _adapter(create_params.CompletionCreateParamsNonStreaming).validate_python(body)
    assert _drain(validated) == {k: v for k, v in body.items() if k != "bogus"}
    with pytest.raises(pydantic.ValidationError):  # "stream" is a required True here
        _adapter(create_params.CompletionCreateParamsStreaming).validate_python(body)


@_needs_cassettes
def test_tool_calls_are_function_tool_calls() -> None:
    rec = _find("test_tool_use_chain_of_two_calls.yaml")
    completion = validate_json(ChatCompletion, rec.body, strict=True)
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls
    assert calls
    assert isinstance(calls[0], ChatCompletionMessageFunctionToolCall)
    assert calls[0].type == "function"
    assert isinstance(json.loads(calls[0].function.arguments), dict)


@_needs_cassettes
def test_moderation_results_parse_into_models() -> None:
    rec = _find("test_openai_moderation_flagged.yaml")
    completion = validate_json(ChatCompletion, rec.body, strict=True)
    assert completion.moderation is not None
    verdict = completion.moderation.input
    assert isinstance(verdict, ModerationInputModerationResults)
    assert verdict.results[0].flagged is True
    assert verdict.results[0].categories["violence"] is True
    assert verdict.results[0].category_applied_input_types["violence"] == ["text"]


@_needs_cassettes
def test_azure_filter_fields_are_kept_as_extras() -> None:
    rec = _find("azure_chat_completion.yaml")
    completion = validate_json(ChatCompletion, rec.body, strict=True)
    assert "prompt_filter_results" not in ChatCompletion.model_fields
    assert completion.model_extra is not None
    assert completion.model_extra["prompt_filter_results"][0]["prompt_index"] == 0
    assert "content_filter_results" in completion.choices[0].to_dict()


@_needs_cassettes
def test_stream_reassembles_tool_call_and_usage() -> None:
    rec = _find("test_tools_streaming_variant_a.yaml")
    chunks = [validate_json(ChatCompletionChunk, p, strict=True) for p in _sse_data(rec.body)]
    names: dict[int, str] = {}
    arguments: dict[int, str] = {}
    for chunk in chunks:
        for choice in chunk.choices:
            for call in choice.delta.tool_calls or []:
                if call.function and call.function.name:
                    names[call.index] = call.function.name
                if call.function and call.function.arguments:
                    arguments[call.index] = arguments.get(call.index, "") + call.function.arguments
    assert names == {0: "llm_version"}
    assert json.loads(arguments[0]) == {}
    assert isinstance(chunks[-1].usage, CompletionUsage)
    assert chunks[-1].usage.total_tokens > 0


@_needs_cassettes
def test_stream_moderation_chunk() -> None:
    rec = _find("test_openai_moderation_stream.yaml")
    chunks = [validate_json(ChatCompletionChunk, p, strict=True) for p in _sse_data(rec.body)]
    assert isinstance(chunks[-1].moderation, Moderation)
    assert chunks[-1].choices == []
    text = "".join(c.delta.content or "" for chunk in chunks for c in chunk.choices)
    assert text


# -- newer-API surprises ----------------------------------------------------------------------

_COMPLETION: dict[str, Any] = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1,
    "model": "gpt-4o",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "logprobs": None,
            "message": {"role": "assistant", "content": "hi", "refusal": None},
        }
    ],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}


def _with(path: tuple[str | int, ...], value: Any) -> bytes:
    body = json.loads(json.dumps(_COMPLETION))
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("choices", 0, "finish_reason"), "thought_too_long"),
        (("service_tier",), "turbo"),
        (("object",), "chat.completion.v2"),
        (("choices", 0, "message", "role"), "narrator"),
    ],
    ids=["finish_reason", "service_tier", "object", "role"],
)
def test_unknown_enum_value_is_strict_error_and_lenient_value(
    path: tuple[str | int, ...], value: str
) -> None:
    body = _with(path, value)
    with pytest.raises(pydantic.ValidationError):
        validate_json(ChatCompletion, body, strict=True)
    completion = validate_json(ChatCompletion, body, strict=False)
    assert isinstance(completion, ChatCompletion)
    assert completion.to_dict(mode="json") == json.loads(body)
    assert completion.choices[0].message.content == "hi"


def test_unknown_fields_are_kept_everywhere() -> None:
    body = json.loads(json.dumps(_COMPLETION))
    body["brand_new"] = {"nested": [1, 2]}
    body["choices"][0]["message"]["reasoning_content"] = "thinking"
    body["usage"]["prompt_tokens_details"] = {"cached_tokens": 0, "video_tokens": 7}
    completion = validate_json(ChatCompletion, json.dumps(body), strict=True)
    assert completion.model_extra == {"brand_new": {"nested": [1, 2]}}
    assert getattr(completion.choices[0].message, "reasoning_content") == "thinking"  # noqa: B009
    assert completion.usage is not None
    assert completion.usage.prompt_tokens_details is not None
    assert completion.usage.prompt_tokens_details.to_dict()["video_tokens"] == 7
    assert completion.to_dict() == body


def test_tool_call_union_picks_by_type_and_tolerates_unknown_type() -> None:
    calls = [
        {"id": "a", "type": "function", "function": {"name": "f", "arguments": "{}"}},
        {"id": "b", "type": "custom", "custom": {"name": "sh", "input": "ls -la"}},
    ]
    body = _with(("choices", 0, "message", "tool_calls"), calls)
    message = validate_json(ChatCompletion, body, strict=True).choices[0].message
    assert message.tool_calls is not None
    first, second = message.tool_calls
    assert isinstance(first, ChatCompletionMessageFunctionToolCall)
    assert isinstance(second, ChatCompletionMessageCustomToolCall)
    assert second.custom.input == "ls -la"

    unknown = [*calls, {"id": "c", "type": "mcp", "mcp": {"server": "x"}}]
    body = _with(("choices", 0, "message", "tool_calls"), unknown)
    with pytest.raises(pydantic.ValidationError):
        validate_json(ChatCompletion, body, strict=True)
    message = validate_json(ChatCompletion, body, strict=False).choices[0].message
    assert message.tool_calls is not None
    assert isinstance(message.tool_calls[1], ChatCompletionMessageCustomToolCall)
    assert message.tool_calls[2].to_dict() == unknown[2]


def test_chunk_with_unknown_delta_role_and_finish_reason() -> None:
    payload: dict[str, Any] = {
        "id": "c",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "delta": {"role": "critic"}, "finish_reason": "paused"}],
    }
    with pytest.raises(pydantic.ValidationError):
        validate_json(ChatCompletionChunk, json.dumps(payload), strict=True)
    chunk = validate_json(ChatCompletionChunk, json.dumps(payload), strict=False)
    # the unknown values are kept as sent, outside what the Literal annotations allow
    assert chunk.choices[0].to_dict() == payload["choices"][0]


def test_json_schema_field_is_aliased() -> None:
    from openai_kit.types.shared import ResponseFormatJSONSchema

    fmt = ResponseFormatJSONSchema.model_validate(
        {"type": "json_schema", "json_schema": {"name": "n", "schema": {"type": "object"}}}
    )
    assert fmt.json_schema.schema_ == {"type": "object"}
    assert fmt.to_dict() == {
        "type": "json_schema",
        "json_schema": {"name": "n", "schema": {"type": "object"}},
    }


# -- the OpenAPI spec ------------------------------------------------------------------------


@cache
def _schemas() -> dict[str, Any]:
    spec = yaml.load(SPEC.read_text(), Loader=_YamlLoader)
    return dict(spec["components"]["schemas"])


def _options(node: dict[str, Any]) -> list[dict[str, Any]]:
    return list(node.get("anyOf", node.get("oneOf", [])))


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref``s, unwrap ``X | null`` and merge ``allOf`` into one object schema."""
    while True:
        if "$ref" in node:
            node = _schemas()[node["$ref"].rsplit("/", 1)[1]]
            continue
        real = [o for o in _options(node) if o.get("type") != "null"]
        if real and len(real) == 1:
            node = real[0]
            continue
        if "allOf" in node:
            merged: dict[str, Any] = {"properties": {}, "required": []}
            for part in map(_resolve, node["allOf"]):
                merged["properties"].update(part.get("properties", {}))
                merged["required"] += part.get("required", [])
            return merged
        return node


def _nullable(node: dict[str, Any]) -> bool:
    if node.get("nullable") or any(o.get("type") == "null" for o in _options(node)):
        return True
    if "$ref" in node:
        return _nullable(_schemas()[node["$ref"].rsplit("/", 1)[1]])
    real = _options(node)
    return len(real) == 1 and _nullable(real[0])


def _at(path: str) -> dict[str, Any]:
    """``"Schema/prop/items/prop"``: a schema, walked through properties and array items."""
    name, *steps = path.split("/")
    node = _resolve(_schemas()[name])
    for step in steps:
        node = _resolve(node["items"] if step == "items" else node["properties"][step])
    return node


def _words(text: str) -> list[str]:
    return text.split()


def _table(text: str) -> dict[str, str]:
    """``module:Name  SpecSchema/path`` per line (modules relative to types.chat)."""
    return dict(line.split() for line in text.strip().splitlines())


# Response models and request TypedDicts, and the spec schema each one follows.
_SPEC_TABLE = _table(
    """
chat_completion:ChatCompletion                                                    CreateChatCompletionResponse
chat_completion:Choice                                                            CreateChatCompletionResponse/choices/items
chat_completion:ChoiceLogprobs                                                    CreateChatCompletionResponse/choices/items/logprobs
chat_completion_message:ChatCompletionMessage                                     ChatCompletionResponseMessage
chat_completion_message:Annotation                                                ChatCompletionResponseMessage/annotations/items
chat_completion_message:AnnotationURLCitation                                     ChatCompletionResponseMessage/annotations/items/url_citation
chat_completion_message:FunctionCall                                              ChatCompletionResponseMessage/function_call
chat_completion_audio:ChatCompletionAudio                                         ChatCompletionResponseMessage/audio
chat_completion_message_function_tool_call:ChatCompletionMessageFunctionToolCall  ChatCompletionMessageToolCall
chat_completion_message_function_tool_call:Function                               ChatCompletionMessageToolCall/function
chat_completion_message_custom_tool_call:ChatCompletionMessageCustomToolCall      ChatCompletionMessageCustomToolCall
chat_completion_message_custom_tool_call:Custom                                   ChatCompletionMessageCustomToolCall/custom
chat_completion_token_logprob:ChatCompletionTokenLogprob                          ChatCompletionTokenLogprob
chat_completion_token_logprob:TopLogprob                                          ChatCompletionTokenLogprob/top_logprobs/items
chat_completion_chunk:ChatCompletionChunk                                         CreateChatCompletionStreamResponse
chat_completion_chunk:Choice                                                      CreateChatCompletionStreamResponse/choices/items
chat_completion_chunk:ChoiceLogprobs                                              CreateChatCompletionStreamResponse/choices/items/logprobs
chat_completion_chunk:ChoiceDelta                                                 ChatCompletionStreamResponseDelta
chat_completion_chunk:ChoiceDeltaFunctionCall                                     ChatCompletionStreamResponseDelta/function_call
chat_completion_chunk:ChoiceDeltaToolCall                                         ChatCompletionMessageToolCallChunk
chat_completion_chunk:ChoiceDeltaToolCallFunction                                 ChatCompletionMessageToolCallChunk/function
chat_completion:Moderation                                                        ChatCompletionModeration
chat_completion:ModerationInputModerationResults                                  ChatCompletionModerationResults
chat_completion:ModerationInputModerationResultsResult                            ModerationResultBody
chat_completion:ModerationInputError                                              ChatCompletionModerationError
..completion_usage:CompletionUsage                                                CompletionUsage
..completion_usage:CompletionTokensDetails                                        CompletionUsage/completion_tokens_details
..completion_usage:PromptTokensDetails                                            CompletionUsage/prompt_tokens_details
..shared.function_definition:FunctionDefinition                                   FunctionObject
..shared.error_object:ErrorObject                                                 Error
..shared.response_format_text:ResponseFormatText                                  ResponseFormatText
..shared.response_format_json_object:ResponseFormatJSONObject                     ResponseFormatJsonObject
..shared.response_format_json_schema:ResponseFormatJSONSchema                     ResponseFormatJsonSchema
..shared.response_format_json_schema:JSONSchema                                   ResponseFormatJsonSchema/json_schema
completion_create_params:CompletionCreateParamsNonStreaming                                  CreateChatCompletionRequest
completion_create_params:WebSearchOptions                                                    CreateChatCompletionRequest/web_search_options
completion_create_params:Moderation                                                          ModerationParam
completion_create_params:Function                                                            ChatCompletionFunctions
chat_completion_system_message_param:ChatCompletionSystemMessageParam                        ChatCompletionRequestSystemMessage
chat_completion_developer_message_param:ChatCompletionDeveloperMessageParam                  ChatCompletionRequestDeveloperMessage
chat_completion_user_message_param:ChatCompletionUserMessageParam                            ChatCompletionRequestUserMessage
chat_completion_assistant_message_param:ChatCompletionAssistantMessageParam                  ChatCompletionRequestAssistantMessage
chat_completion_tool_message_param:ChatCompletionToolMessageParam                            ChatCompletionRequestToolMessage
chat_completion_function_message_param:ChatCompletionFunctionMessageParam                    ChatCompletionRequestFunctionMessage
chat_completion_content_part_text_param:ChatCompletionContentPartTextParam                   ChatCompletionRequestMessageContentPartText
chat_completion_content_part_image_param:ChatCompletionContentPartImageParam                 ChatCompletionRequestMessageContentPartImage
chat_completion_content_part_image_param:ImageURL                                            ChatCompletionRequestMessageContentPartImage/image_url
chat_completion_content_part_input_audio_param:ChatCompletionContentPartInputAudioParam      ChatCompletionRequestMessageContentPartAudio
chat_completion_content_part_param:File                                                      ChatCompletionRequestMessageContentPartFile
chat_completion_content_part_param:FileFile                                                  ChatCompletionRequestMessageContentPartFile/file
chat_completion_content_part_refusal_param:ChatCompletionContentPartRefusalParam             ChatCompletionRequestMessageContentPartRefusal
chat_completion_function_tool_param:ChatCompletionFunctionToolParam                          ChatCompletionTool
chat_completion_custom_tool_param:ChatCompletionCustomToolParam                              CustomToolChatCompletions
chat_completion_custom_tool_param:Custom                                                     CustomToolChatCompletions/custom
chat_completion_named_tool_choice_param:ChatCompletionNamedToolChoiceParam                   ChatCompletionNamedToolChoice
chat_completion_named_tool_choice_custom_param:ChatCompletionNamedToolChoiceCustomParam      ChatCompletionNamedToolChoiceCustom
chat_completion_allowed_tool_choice_param:ChatCompletionAllowedToolChoiceParam               ChatCompletionAllowedToolsChoice
chat_completion_allowed_tools_param:ChatCompletionAllowedToolsParam                          ChatCompletionAllowedTools
chat_completion_stream_options_param:ChatCompletionStreamOptionsParam                        ChatCompletionStreamOptions
chat_completion_prediction_content_param:ChatCompletionPredictionContentParam                PredictionContent
chat_completion_audio_param:ChatCompletionAudioParam                                         CreateChatCompletionRequest/audio
chat_completion_message_function_tool_call_param:ChatCompletionMessageFunctionToolCallParam  ChatCompletionMessageToolCall
chat_completion_message_custom_tool_call_param:ChatCompletionMessageCustomToolCallParam      ChatCompletionMessageCustomToolCall
..shared_params.function_definition:FunctionDefinition                                       FunctionObject
..shared_params.response_format_json_schema:JSONSchema                                       ResponseFormatJsonSchema/json_schema
"""
)


def _load(target: str) -> Any:
    module, name = target.split(":")
    relative = module if module.startswith(".") else "." + module
    return getattr(importlib.import_module(relative, "openai_kit.types.chat"), name)


@_needs_spec
@pytest.mark.parametrize(("target", "path"), sorted(_SPEC_TABLE.items()))
def test_fields_follow_the_spec(target: str, path: str) -> None:
    kind = _load(target)
    schema = _at(path)
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    if is_typeddict(kind):
        hints = get_type_hints(kind, include_extras=True)
        assert set(hints) == set(properties)
        # With postponed annotations ``__required_keys__`` misses ``Required[...]``: read hints.
        assert {key for key, hint in hints.items() if get_origin(hint) is Required} == required
        return
    fields = {(f.alias or n): f for n, f in kind.model_fields.items()}
    assert set(fields) == set(properties) | required
    for key, field in fields.items():
        nullable = key not in properties or _nullable(properties[key])
        assert field.is_required() is (key in required and not nullable), key


@_needs_spec
def test_model_names_follow_the_spec() -> None:
    from typing import get_args

    from openai_kit.types.shared import ChatModel

    enum = _options(_schemas()["ModelIdsShared"])[1]["enum"]
    assert list(get_args(ChatModel)) == enum


# -- lazy exports ----------------------------------------------------------------------------

_PACKAGES = ["openai_kit.types.chat", "openai_kit.types.shared", "openai_kit.types.shared_params"]


def _loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return {m for m in result.stdout.split() if m.startswith("openai_kit.types.")}


def test_chat_completion_imports_only_what_it_needs() -> None:
    loaded = _loaded_after("import openai_kit.types.chat.chat_completion")
    allowed = {
        f"openai_kit.types.{name}"
        for name in _words(
            """chat shared shared.metadata completion_usage chat._moderation chat.chat_completion
        chat.chat_completion_audio chat.chat_completion_message chat.chat_completion_token_logprob
        chat.chat_completion_message_custom_tool_call chat.chat_completion_message_function_tool_call
        chat.chat_completion_message_tool_call"""
        )
    }
    assert loaded <= allowed, sorted(loaded - allowed)
    assert "openai_kit.types.chat.chat_completion" in loaded


@pytest.mark.parametrize("package", _PACKAGES)
def test_package_import_loads_no_submodule(package: str) -> None:
    loaded = _loaded_after(f"import {package}")
    assert not {m for m in loaded if m.startswith(package + ".")}


def test_attribute_access_imports_on_demand() -> None:
    loaded = _loaded_after("import openai_kit.types.chat as c\nc.ChatCompletionChunk")
    assert "openai_kit.types.chat.chat_completion_chunk" in loaded
    assert "openai_kit.types.chat.chat_completion" not in loaded
    assert "openai_kit.types.chat.completion_create_params" not in loaded


@pytest.mark.parametrize("package", _PACKAGES)
def test_exports_are_complete_and_consistent(package: str) -> None:
    module = importlib.import_module(package)
    exports: dict[str, str] = module._EXPORTS
    assert module.__all__ == sorted(exports)
    for name, where in exports.items():
        source = importlib.import_module(where, package)
        assert name in source.__all__, (name, where)
        assert getattr(module, name) is getattr(source, name)
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = module.Nope
    # the TYPE_CHECKING block names exactly the same things, from the same modules
    tree = ast.parse(Path(module.__file__ or "").read_text())
    checked = {
        alias.name: "." + (node.module or "")
        for block in tree.body
        if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING"
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname == alias.name
    }
    assert checked == exports


def test_chat_exports_cover_the_official_create_surface() -> None:
    official = importlib.import_module("openai.types.chat")
    names = {n for n in dir(official) if n[0].isupper()}
    # .parse() helpers, and the stored-completions endpoints (list/update/delete/messages)
    out_of_scope = set(
        _words(
            """ParsedChatCompletion ParsedChatCompletionMessage ParsedChoice ParsedFunction
        ParsedFunctionToolCall ChatCompletionDeleted ChatCompletionStoreMessage CompletionListParams
        ChatCompletionContentPartText ChatCompletionContentPartImage ChatCompletionFunctionTool
        CompletionUpdateParams"""
        )
    )
    import openai_kit.types.chat as ours

    assert names - out_of_scope <= set(ours.__all__), sorted(
        names - out_of_scope - set(ours.__all__)
    )


def _public_modules() -> list[str]:
    root = Path(importlib.import_module("openai_kit.types").__path__[0])
    found = [
        f"{p.parent.name}.{p.stem}"
        for d in ("chat", "shared", "shared_params")
        for p in (root / d).glob("[!_]*.py")
    ]
    return [*sorted(found), "completion_usage"]


@pytest.mark.parametrize("module", _public_modules())
def test_module_matches_the_official_names(module: str) -> None:
    ours = importlib.import_module(f"openai_kit.types.{module}")
    official = importlib.import_module(f"openai.types.{module}")
    assert set(getattr(official, "__all__", ())) <= set(ours.__all__)
    for name in ours.__all__:
        pydantic.TypeAdapter(getattr(ours, name)).json_schema()  # every annotation resolves
    for name in set(ours.__all__) & set(getattr(official, "__all__", ())):
        mine, theirs = getattr(ours, name), getattr(official, name)
        if isinstance(mine, type) and issubclass(mine, pydantic.BaseModel):
            assert set(theirs.model_fields) <= set(mine.model_fields), name
        elif is_typeddict(mine):
            assert set(get_type_hints(theirs)) == set(get_type_hints(mine)), name
