"""``POST /v1/chat/completions`` request validation, in the order the real API reports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver.api.chat.validate_messages import (
    check_messages,
    check_tool_pairing,
    message_text,
)
from openai_kit.mockserver.api.chat.validate_tools import (
    check_function_call,
    check_functions,
    check_response_format,
    check_tool_choice,
    check_tools,
)
from openai_kit.mockserver.generation.catalog import (
    NO_SYSTEM_ROLE,
    WEB_SEARCH,
    CustomModels,
    ModelInfo,
    find_model,
)

__all__ = ["CHAT_PARAMETERS", "validate_chat_request"]

CHAT_PARAMETERS: Final = frozenset(
    {
        "messages", "model", "audio", "frequency_penalty", "function_call", "functions",
        "logit_bias", "logprobs", "max_completion_tokens", "max_tokens", "metadata",
        "modalities", "moderation", "n", "parallel_tool_calls", "prediction",
        "presence_penalty", "prompt_cache_key", "prompt_cache_options", "prompt_cache_retention",
        "reasoning_effort", "response_format", "safety_identifier", "seed", "service_tier",
        "stop", "store", "stream", "stream_options", "temperature", "tool_choice", "tools",
        "top_logprobs", "top_p", "user", "verbosity", "web_search_options",
    }
)  # fmt: skip
_AZURE_PARAMETERS: Final = frozenset({"data_sources", "user_security_context"})
_SERVICE_TIERS: Final = ("auto", "default", "fast", "flex", "priority")
_REASONING_EFFORTS: Final = ("none", "minimal", "low", "medium", "high", "xhigh")
_VERBOSITY: Final = ("low", "medium", "high")
_MAX_N: Final = 128
_MAX_STOP: Final = 4
_MAX_METADATA: Final = 16


def _check_stop(value: Any) -> None:
    if isinstance(value, str):
        return
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        P.invalid_type("stop", "one of a string or array of strings", value)
    if len(value) > _MAX_STOP:
        P.too_long_array("stop", _MAX_STOP, len(value))


def _check_metadata(value: Any) -> None:
    meta = P.check_object("metadata", value)
    if len(meta) > _MAX_METADATA:
        P.invalid_request(
            f"Invalid 'metadata': too many properties. Expected an object with at most "
            f"{_MAX_METADATA} properties, but got an object with {len(meta)} properties instead.",
            "metadata",
            "object_above_max_properties",
        )
    for key, item in meta.items():
        P.check_string(f"metadata.{key}", item, 512)


def _check_logit_bias(value: Any) -> None:
    bias = P.check_object("logit_bias", value)
    for key, item in bias.items():
        if not P.is_number(item):
            P.invalid_type(f"logit_bias.{key}", "an integer", item)


def _check_stream_options(value: Any) -> None:
    options = P.check_object("stream_options", value)
    P.check_nested_keys("stream_options", options, ("include_usage", "include_obfuscation"))
    for key in ("include_usage", "include_obfuscation"):
        if options.get(key) is not None:
            P.check_boolean(f"stream_options.{key}", options[key])


def _check_modalities(value: Any) -> None:
    if not isinstance(value, list):
        P.invalid_type("modalities", "an array of one of 'text' or 'audio'", value)
    for index, item in enumerate(value):
        P.check_enum(f"modalities[{index}]", item, ("text", "audio"))


def _check_audio(value: Any) -> None:
    audio = P.check_object("audio", value)
    for key in ("voice", "format"):
        if key not in audio:
            P.missing(f"audio.{key}")
    P.check_enum("audio.format", audio["format"], ("wav", "aac", "mp3", "flac", "opus", "pcm16"))


def _check_prediction(value: Any) -> None:
    prediction = P.check_object("prediction", value)
    for key in ("type", "content"):
        if key not in prediction:
            P.missing(f"prediction.{key}")
    P.check_enum("prediction.type", prediction["type"], ("content",))


def _check_moderation(value: Any) -> None:
    moderation = P.check_object("moderation", value)
    P.member("moderation", moderation, "model", P.check_string)


def _object(name: str, value: Any) -> None:
    P.check_object(name, value)


# Field checks, in the order the real API reports problems.
_FIELDS: Final[tuple[tuple[str, P.Check], ...]] = (
    ("n", P.integer_check(1, _MAX_N)),
    ("max_tokens", P.integer_check(1)),
    ("max_completion_tokens", P.integer_check(1)),
    ("stop", lambda _name, value: _check_stop(value)),
    ("temperature", P.number_check(0, 2)),
    ("top_p", P.number_check(0, 1)),
    ("frequency_penalty", P.number_check(-2, 2)),
    ("presence_penalty", P.number_check(-2, 2)),
    ("logprobs", P.check_boolean),
    ("top_logprobs", P.integer_check(0, 20)),
    ("logit_bias", lambda _name, value: _check_logit_bias(value)),
    ("seed", P.integer_check(None)),
    ("stream", P.check_boolean),
    ("stream_options", lambda _name, value: _check_stream_options(value)),
    ("user", P.string_check()),
    ("safety_identifier", P.string_check(64)),
    ("store", P.check_boolean),
    ("metadata", lambda _name, value: _check_metadata(value)),
    ("service_tier", P.enum_check(_SERVICE_TIERS)),
    ("reasoning_effort", P.enum_check(_REASONING_EFFORTS)),
    ("verbosity", P.enum_check(_VERBOSITY)),
    ("prompt_cache_key", P.string_check()),
    ("prompt_cache_retention", P.enum_check(("in_memory", "24h"))),
    ("prompt_cache_options", _object),
    ("modalities", lambda _name, value: _check_modalities(value)),
    ("audio", lambda _name, value: _check_audio(value)),
    ("prediction", lambda _name, value: _check_prediction(value)),
    ("response_format", lambda _name, value: check_response_format(value)),
    ("tools", lambda _name, value: check_tools(value)),
    ("parallel_tool_calls", P.check_boolean),
    ("functions", lambda _name, value: check_functions(value)),
    ("moderation", lambda _name, value: _check_moderation(value)),
    ("web_search_options", _object),
)


_FIELD_CHECKS: Final = dict(_FIELDS)
_FIELD_ORDER: Final = {name: order for order, (name, _check) in enumerate(_FIELDS)}


def _check_fields(body: Mapping[str, Any]) -> None:
    """Run the checks of the fields ``body`` has, in ``_FIELDS`` order."""
    present = [name for name in body if name in _FIELD_CHECKS]
    if len(present) > 1:
        present.sort(key=_FIELD_ORDER.__getitem__)
    for name in present:
        value = body[name]
        if value is not None:
            _FIELD_CHECKS[name](name, value)


def _check_cross_fields(body: Mapping[str, Any]) -> None:
    if body.get("top_logprobs") is not None and not body.get("logprobs"):
        P.invalid_request(
            "The 'top_logprobs' parameter is only allowed when 'logprobs' is enabled.",
            "top_logprobs",
        )
    if body.get("stream_options") is not None and not body.get("stream"):
        P.invalid_request(
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
            "stream_options",
        )
    tools = body.get("tools")
    if body.get("tool_choice") is not None:
        if not tools:
            P.invalid_request(
                "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are "
                "specified.",
                "tool_choice",
            )
        check_tool_choice(body["tool_choice"], tools)
    if body.get("parallel_tool_calls") is not None and not tools:
        P.invalid_request(
            "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed "
            "when 'tools' are specified.",
            "parallel_tool_calls",
        )
    if body.get("function_call") is not None:
        check_function_call(body["function_call"], body.get("functions"))
    fmt = body.get("response_format")
    if isinstance(fmt, Mapping) and fmt.get("type") == "json_object":
        texts = (message_text(m) for m in body["messages"])
        if not any("json" in text.lower() for text in texts):
            P.invalid_request(
                "'messages' must contain the word 'json' in some form, to use 'response_format' "
                "of type 'json_object'.",
                "messages",
            )
    check_tool_pairing(body["messages"])


def _unsupported_parameter(name: str, hint: str = "") -> None:
    P.invalid_request(
        f"Unsupported parameter: '{name}' is not supported with this model.{hint}",
        name,
        "unsupported_parameter",
    )


def _check_for_model(body: Mapping[str, Any], info: ModelInfo) -> None:
    if info.has(NO_SYSTEM_ROLE):
        for index, message in enumerate(body["messages"]):
            if message.get("role") == "system":
                P.invalid_request(
                    f"Unsupported value: 'messages[{index}].role' does not support 'system' "
                    "with this model.",
                    f"messages[{index}].role",
                    "unsupported_value",
                )
    if info.reasoning:
        if body.get("max_tokens") is not None:
            _unsupported_parameter("max_tokens", " Use 'max_completion_tokens' instead.")
        for name in ("temperature", "top_p"):
            value = body.get(name)
            if value is not None and value != 1:
                P.invalid_request(
                    f"Unsupported value: '{name}' does not support {value} with this model. "
                    "Only the default (1) value is supported.",
                    name,
                    "unsupported_value",
                )
        for name in ("presence_penalty", "frequency_penalty"):
            if body.get(name) not in (None, 0):
                _unsupported_parameter(name)
        if body.get("logprobs"):
            _unsupported_parameter("logprobs")
    elif body.get("reasoning_effort") is not None:
        _unsupported_parameter("reasoning_effort")
    if body.get("web_search_options") is not None and not info.has(WEB_SEARCH):
        P.invalid_request("Web search options not supported with this model.", "web_search_options")


def validate_chat_request(
    body: Mapping[str, Any],
    *,
    azure: bool = False,
    require_model_field: bool = True,
    custom: CustomModels | None = None,
) -> None:
    """Raise the real API's 400 for the first problem in a chat completion request.

    ``azure`` admits Azure's extension arguments (``data_sources``...);
    ``require_model_field=False`` serves Azure deployment routes, where the
    deployment names the model. An unknown model is not reported here: the
    generators raise its 404 when they resolve it.
    """
    P.require_model(body, required=require_model_field)
    if "messages" not in body or body["messages"] is None:
        P.missing("messages")
    known = CHAT_PARAMETERS | _AZURE_PARAMETERS if azure else CHAT_PARAMETERS
    P.check_unknown_keys(body, known)
    check_messages(body["messages"])
    _check_fields(body)
    _check_cross_fields(body)
    model = body.get("model")
    info = find_model(model, azure=azure, custom=custom) if isinstance(model, str) else None
    if info is not None and info.kind == "chat":
        _check_for_model(body, info)
