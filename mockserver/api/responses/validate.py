"""``POST /v1/responses`` (and ``/responses/input_tokens``) request validation.

The order follows the real API: ``model`` and ``input`` presence, unknown
arguments, the input items, then each field. What needs server state
(``previous_response_id``, ``conversation``), the model catalogue, or both
(an empty ``input``, the model's capabilities) is checked by the route after
this, in that order: :func:`check_nonempty_input` and
:func:`check_for_model` are the last two steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver.api.chat.validate_tools import (
    check_allowed_tools,
    check_format_schema,
    check_function,
    check_name,
)
from openai_kit.mockserver.api.responses.validate_items import check_input
from openai_kit.mockserver.generation.catalog import (
    WEB_SEARCH,
    CustomModels,
    ModelInfo,
    find_model,
)

__all__ = [
    "COUNT_PARAMETERS",
    "INCLUDABLE",
    "RESPONSE_PARAMETERS",
    "check_for_model",
    "check_json_mention",
    "check_nonempty_input",
    "resolve_responses_model",
    "validate_input_tokens_request",
    "validate_responses_request",
]

RESPONSE_PARAMETERS: Final = frozenset(
    {
        "background", "context_management", "conversation", "include", "input", "instructions",
        "max_output_tokens", "max_tool_calls", "metadata", "model", "moderation",
        "parallel_tool_calls", "previous_response_id", "prompt", "prompt_cache_key",
        "prompt_cache_options", "prompt_cache_retention", "reasoning", "safety_identifier",
        "service_tier", "store", "stream", "stream_options", "temperature", "text",
        "tool_choice", "tools", "top_logprobs", "top_p", "truncation", "user",
        "frequency_penalty", "presence_penalty",
    }
)  # fmt: skip
COUNT_PARAMETERS: Final = frozenset(
    {
        "conversation", "input", "instructions", "model", "parallel_tool_calls", "personality",
        "previous_response_id", "reasoning", "text", "tool_choice", "tools", "truncation",
    }
)  # fmt: skip
INCLUDABLE: Final = (
    "file_search_call.results", "web_search_call.results", "web_search_call.action.sources",
    "message.input_image.image_url", "computer_call_output.output.image_url",
    "code_interpreter_call.outputs", "reasoning.encrypted_content", "message.output_text.logprobs",
)  # fmt: skip
TOOL_TYPES: Final = (
    "function", "file_search", "computer", "computer_use_preview", "web_search",
    "web_search_2025_08_26", "mcp", "code_interpreter", "image_generation", "local_shell",
    "shell", "custom", "namespace", "tool_search", "web_search_preview",
    "web_search_preview_2025_03_11", "apply_patch",
)  # fmt: skip
_EFFORTS: Final = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
_SUMMARIES: Final = ("concise", "detailed", "auto")
_SERVICE_TIERS: Final = ("auto", "default", "fast", "flex", "priority")
_FORMAT_TYPES: Final = ("json_object", "text", "json_schema")
_VERBOSITY: Final = ("low", "medium", "high")
_HOSTED_CHOICES: Final = (
    "file_search", "web_search_preview", "computer", "computer_use_preview",
    "web_search_preview_2025_03_11", "image_generation", "code_interpreter", "mcp", "shell",
    "apply_patch", "web_search",
)  # fmt: skip
_MOVED_MESSAGES: Final = (
    "Unsupported parameter: 'messages'. In the Responses API, this parameter has moved to "
    "'input'. Try again with the new parameter. See the API documentation for more "
    "information: https://platform.openai.com/docs/api-reference/responses/create."
)
_EMPTY_INPUT: Final = (
    "One of \"input\" or \"previous_response_id\" or 'prompt' or 'conversation' must be provided."
)


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _unknown(key: str, known: frozenset[str]) -> None:
    if key == "messages":
        P.invalid_request(_MOVED_MESSAGES, None, "unsupported_parameter")
    near = sorted((_distance(key, k), k) for k in known if abs(len(k) - len(key)) <= 2)
    hint = ""
    if near and near[0][0] <= 2 and (len(near) == 1 or near[1][0] > near[0][0]):
        hint = f" Did you mean '{near[0][1]}'?"
    P.invalid_request(f"Unknown parameter: '{key}'.{hint}", key, "unknown_parameter")


def _abbreviate(value: str) -> str:
    return value if len(value) <= 9 else f"{value[:3]}...{value[-3:]}"


def _check_include(value: Any) -> None:
    if not isinstance(value, list):
        listed = P.oxford([_abbreviate(v) for v in INCLUDABLE], "or")
        P.invalid_type("include", f"an array of one of {listed}", value)
    for index, item in enumerate(value):
        if not isinstance(item, str) or item not in INCLUDABLE:
            P.invalid_value(f"include[{index}]", item, INCLUDABLE)


def _check_reasoning(value: Any) -> None:
    reasoning = P.check_object("reasoning", value)
    P.check_nested_keys("reasoning", reasoning, ("effort", "summary", "context"))
    effort = reasoning.get("effort")
    if effort is not None:
        if not isinstance(effort, str):
            P.invalid_type(
                "reasoning.effort", f"one of one of {P.oxford(_EFFORTS, 'or')} or integer", effort
            )
        if effort not in _EFFORTS:
            P.invalid_value("reasoning.effort", effort, _EFFORTS)
    summary = reasoning.get("summary")
    if summary is not None:
        P.check_enum("reasoning.summary", summary, _SUMMARIES)


def _check_format(value: Any) -> None:
    fmt = P.check_object("text.format", value)
    if "type" not in fmt:
        P.missing("text.format.type")
    P.check_enum("text.format.type", fmt["type"], _FORMAT_TYPES)
    if fmt["type"] != "json_schema":
        P.check_nested_keys("text.format", fmt, ("type",))
        return
    P.check_nested_keys("text.format", fmt, ("type", "name", "schema", "strict", "description"))
    P.member("text.format", fmt, "name", check_name)
    if "schema" not in fmt:
        P.missing("text.format.schema")
    schema = P.check_object("text.format.schema", fmt["schema"])
    if fmt.get("strict") is not None:
        P.check_boolean("text.format.strict", fmt["strict"])
    if fmt.get("description") is not None:
        P.check_string("text.format.description", fmt["description"])
    check_format_schema(
        fmt["name"], schema, bool(fmt.get("strict")), "text.format.schema", "invalid_json_schema"
    )


def _check_text(value: Any) -> None:
    text = P.check_object("text", value)
    P.check_nested_keys("text", text, ("format", "verbosity"))
    if text.get("format") is not None:
        _check_format(text["format"])
    if text.get("verbosity") is not None:
        P.check_enum("text.verbosity", text["verbosity"], _VERBOSITY)


def _check_tools(value: Any) -> None:
    for where, tool in P.each_object("tools", value, "an array of tools"):
        kind = P.member(where, tool, "type", P.enum_check(TOOL_TYPES))
        if kind == "function":
            check_function(where, tool)
        elif kind == "custom":
            P.member(f"{where}", tool, "name", check_name)
        elif kind == "file_search":
            if "vector_store_ids" not in tool:
                P.missing(f"{where}.vector_store_ids")
            ids = tool["vector_store_ids"]
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                P.invalid_type(f"{where}.vector_store_ids", "an array of strings", ids)


def _tool_names(tools: Any, kind: str) -> list[str]:
    if not isinstance(tools, list):
        return []
    return [t["name"] for t in tools if t.get("type") == kind and isinstance(t.get("name"), str)]


def _check_tool_choice(value: Any, tools: Any) -> None:
    if isinstance(value, str):
        if value not in ("none", "auto", "required"):
            P.invalid_value("tool_choice", value, ("none", "auto", "required"))
        return
    choice = P.check_object("tool_choice", value)
    if "type" not in choice:
        P.missing("tool_choice.type")
    kind = choice["type"]
    if kind in ("function", "custom"):
        P.member("tool_choice", choice, "name", P.check_string)
        if choice["name"] not in _tool_names(tools, kind):
            P.invalid_request(
                f"Invalid value for 'tool_choice': tool choice '{choice['name']}' not found in "
                "'tools' parameter.",
                "tool_choice",
            )
    elif kind == "allowed_tools":
        check_allowed_tools("tool_choice", choice)
    else:
        P.check_enum(
            "tool_choice.type", kind, ("function", "custom", "allowed_tools", *_HOSTED_CHOICES)
        )


def _check_conversation(value: Any) -> None:
    if isinstance(value, str):
        return
    conversation = P.check_object("conversation", value)
    P.member("conversation", conversation, "id", P.check_string)


def _check_stream_options(value: Any) -> None:
    options = P.check_object("stream_options", value)
    P.check_nested_keys("stream_options", options, ("include_obfuscation",))
    if options.get("include_obfuscation") is not None:
        P.check_boolean("stream_options.include_obfuscation", options["include_obfuscation"])


def _object_with(keys: tuple[str, ...]) -> P.Check:
    def check(name: str, value: Any) -> None:
        P.check_nested_keys(name, P.check_object(name, value), keys)

    return check


def _object(name: str, value: Any) -> None:
    P.check_object(name, value)


def _array_of_objects(name: str, value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        P.invalid_type(name, "an array of objects", value)


# Field checks, in the order the real API reports problems.
_FIELDS: Final[tuple[tuple[str, P.Check], ...]] = (
    ("text", lambda _n, v: _check_text(v)),
    ("tools", lambda _n, v: _check_tools(v)),
    ("reasoning", lambda _n, v: _check_reasoning(v)),
    ("temperature", P.number_check(0, 2)),
    ("top_p", P.number_check(0, 1)),
    ("presence_penalty", P.number_check(-2, 2)),
    ("frequency_penalty", P.number_check(-2, 2)),
    ("top_logprobs", P.integer_check(0, 20)),
    ("truncation", P.enum_check(("auto", "disabled"))),
    ("include", lambda _n, v: _check_include(v)),
    ("max_tool_calls", P.integer_check(1)),
    ("max_output_tokens", P.integer_check(16)),
    ("metadata", lambda _n, v: P.check_metadata(v)),
    ("service_tier", P.enum_check(_SERVICE_TIERS)),
    ("prompt_cache_retention", P.enum_check(("in_memory", "24h"))),
    ("prompt_cache_options", _object_with(("mode", "ttl"))),
    ("prompt_cache_key", P.string_check()),
    ("stream_options", lambda _n, v: _check_stream_options(v)),
    ("stream", P.check_boolean),
    ("background", P.check_boolean),
    ("store", P.check_boolean),
    ("parallel_tool_calls", P.check_boolean),
    ("instructions", P.string_check()),
    ("user", P.string_check()),
    ("safety_identifier", P.string_check(64)),
    ("previous_response_id", P.string_check()),
    ("conversation", lambda _n, v: _check_conversation(v)),
    ("prompt", _object),
    ("context_management", _array_of_objects),
    ("moderation", _object),
    ("personality", P.string_check()),
)


def _check_fields(body: Mapping[str, Any]) -> None:
    for name, check in _FIELDS:
        value = body.get(name)
        if value is not None:
            check(name, value)
    if body.get("tool_choice") is not None:
        _check_tool_choice(body["tool_choice"], body.get("tools"))
    if body.get("previous_response_id") is not None and body.get("conversation") is not None:
        P.invalid_request(
            "Mutually exclusive parameters. Ensure you are only providing one of: "
            "'previous_response_id' or 'conversation'.",
            None,
            "mutually_exclusive_parameters",
        )


def _check_model_field(body: Mapping[str, Any], *, required: bool) -> None:
    if "model" not in body:
        if required:
            P.missing("model")
        return
    if not isinstance(body["model"], str):
        P.invalid_type("model", "a string", body["model"])


def validate_responses_request(body: Mapping[str, Any]) -> None:
    """Raise the real API's 400 for the first syntactic problem of a create request."""
    _check_model_field(body, required=True)
    if "input" not in body:
        P.missing("input")
    for key in body:
        if key not in RESPONSE_PARAMETERS:
            _unknown(key, RESPONSE_PARAMETERS)
    check_input(body["input"])
    _check_fields(body)


def validate_input_tokens_request(body: Mapping[str, Any]) -> None:
    """The same checks for ``POST /responses/input_tokens`` (``model`` and ``input`` optional)."""
    _check_model_field(body, required=False)
    for key in body:
        if key not in COUNT_PARAMETERS:
            _unknown(key, COUNT_PARAMETERS)
    if body.get("input") is not None:
        check_input(body["input"])
    _check_fields(body)


def check_nonempty_input(body: Mapping[str, Any]) -> None:
    """An empty ``input`` needs ``previous_response_id``, ``prompt`` or ``conversation``."""
    value = body.get("input")
    if value not in ("", []) and value is not None:
        return
    if any(body.get(k) is not None for k in ("previous_response_id", "prompt", "conversation")):
        return
    P.invalid_request(_EMPTY_INPUT, None, "missing_required_parameter")


def _unsupported(name: str, code: str | None = None) -> MockAPIError:
    return MockAPIError(
        400,
        f"Unsupported parameter: '{name}' is not supported with this model.",
        param=name,
        code=code,
    )


def check_for_model(body: Mapping[str, Any], info: ModelInfo) -> None:
    """What the model itself refuses (sampling knobs on reasoning models, and the reverse)."""
    reasoning = body.get("reasoning") or {}
    if info.reasoning:
        for name in ("temperature", "top_p"):
            if body.get(name) not in (None, 1):
                raise _unsupported(name)
        for name in ("presence_penalty", "frequency_penalty"):
            if body.get(name) not in (None, 0):
                raise _unsupported(name)
        if body.get("top_logprobs"):
            raise MockAPIError(
                400,
                "logprobs are not supported with reasoning models.",
                param="top_logprobs",
                code="unsupported_parameter",
            )
        if "message.output_text.logprobs" in (body.get("include") or ()):
            raise MockAPIError(
                400,
                "logprobs are not supported with reasoning models.",
                param="include",
                code="unsupported_parameter",
            )
    elif isinstance(reasoning, Mapping):
        for name in ("effort", "summary"):
            if reasoning.get(name) is not None:
                raise _unsupported(f"reasoning.{name}", "unsupported_parameter")


def check_json_mention(body: Mapping[str, Any], texts: list[str]) -> None:
    """``text.format`` ``json_object`` needs the word "json" somewhere in the input."""
    text = body.get("text")
    fmt = text.get("format") if isinstance(text, Mapping) else None
    if not isinstance(fmt, Mapping) or fmt.get("type") != "json_object":
        return
    instructions = body.get("instructions")
    pool = [*texts, instructions if isinstance(instructions, str) else ""]
    if not any("json" in t.lower() for t in pool):
        P.invalid_request(
            "Response input messages must contain the word 'json' in some form to use "
            "'text.format' of type 'json_object'.",
            "input",
        )


def resolve_responses_model(
    model: str, *, azure: bool = False, custom: CustomModels | None = None
) -> ModelInfo:
    """The catalogue entry of ``model``, or the 400 the Responses API gives for it."""
    info = find_model(model, azure=azure, custom=custom)
    if info is None:
        raise MockAPIError(
            400,
            f"The requested model '{model}' does not exist.",
            param="model",
            code="model_not_found",
        )
    if info.kind != "chat" or info.has(WEB_SEARCH):
        raise MockAPIError(
            400,
            f"The requested model '{model}' is not supported with the Responses API.",
            param="model",
        )
    return info
