"""Validation of ``tools``, ``tool_choice``, legacy ``functions`` and ``response_format``.

Includes the structured-outputs rules for ``strict`` schemas: every object
must set ``additionalProperties: false`` and list every property as
required, reported with the real API's "In context=(...)" sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from openai_kit.mockserver import _params as P

__all__ = [
    "check_allowed_tools",
    "check_format_schema",
    "check_function",
    "check_function_call",
    "check_functions",
    "check_name",
    "check_response_format",
    "check_strict",
    "check_tool_choice",
    "check_tools",
    "tool_names",
]

_NAME_PATTERN: Final = "^[a-zA-Z0-9_-]+$"
_NAME_RE: Final = re.compile(r"[a-zA-Z0-9_-]+")
_NAME_MAX: Final = 64
_MAX_TOOLS: Final = 128
_TOOL_CHOICE_MODES: Final = ("none", "auto", "required")


def check_name(param: str, name: Any) -> None:
    P.check_string(param, name)
    if not _NAME_RE.fullmatch(name):
        P.invalid_request(
            f"Invalid '{param}': string does not match pattern. Expected a string that matches "
            f"the pattern '{_NAME_PATTERN}'.",
            param,
            "invalid_value",
        )
    if len(name) > _NAME_MAX:
        P.invalid_request(
            f"Invalid '{param}': string too long. Expected a string with maximum length "
            f"{_NAME_MAX}, but got a string with length {len(name)} instead.",
            param,
            "string_above_max_length",
        )


def _strict_problems(
    schema: Any, context: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], str]]:
    """Structured-outputs violations, as (context, sentence) pairs, first one first."""
    if not isinstance(schema, Mapping):
        return
    props = schema.get("properties")
    is_object = schema.get("type") == "object" or (
        isinstance(schema.get("type"), list) and "object" in schema["type"]
    )
    if is_object or isinstance(props, Mapping):
        if schema.get("additionalProperties") is not False:
            yield context, "'additionalProperties' is required to be supplied and to be false."
        names = list(props) if isinstance(props, Mapping) else []
        required = schema.get("required")
        listed = required if isinstance(required, list) else []
        absent = [n for n in names if n not in listed]
        if absent:
            yield (
                context,
                "'required' is required to be supplied and to be an array including every key "
                f"in properties. Missing '{absent[0]}'.",
            )
        if isinstance(props, Mapping):
            for name, sub in props.items():
                yield from _strict_problems(sub, (*context, "properties", name))
    for key in ("$defs", "definitions"):
        defs = schema.get(key)
        if isinstance(defs, Mapping):
            for name, sub in defs.items():
                yield from _strict_problems(sub, (*context, key, name))
    items = schema.get("items")
    if isinstance(items, Mapping):
        yield from _strict_problems(items, (*context, "items"))
    for key in ("anyOf", "allOf"):
        options = schema.get(key)
        if isinstance(options, list):
            for index, sub in enumerate(options):
                yield from _strict_problems(sub, (*context, key, str(index)))


def _context_text(context: tuple[str, ...]) -> str:
    return "()" if not context else repr(context)


def check_strict(schema: Any, what: str, param: str, code: str | None) -> None:
    for context, problem in _strict_problems(schema, ()):
        P.invalid_request(
            f"Invalid schema for {what}: In context={_context_text(context)}, {problem}",
            param,
            code,
        )


def check_function(where: str, function: Any) -> None:
    P.check_object(where, function)
    P.member(f"{where}", function, "name", check_name)
    if function.get("description") is not None:
        P.check_string(f"{where}.description", function["description"])
    params = function.get("parameters")
    if params is not None:
        P.check_object(f"{where}.parameters", params)
    strict = function.get("strict")
    if strict is not None:
        P.check_boolean(f"{where}.strict", strict)
    if strict and params is not None:
        check_strict(
            params,
            f"function '{function['name']}'",
            f"{where}.parameters",
            "invalid_function_parameters",
        )


def check_tools(tools: Any) -> None:
    for where, tool in P.each_object("tools", tools, maximum=_MAX_TOOLS):
        if P.member(where, tool, "type", P.enum_check(("function", "custom"))) == "function":
            check_function(f"{where}.function", P.member(where, tool, "function"))
        else:
            custom = P.check_object(f"{where}.custom", P.member(where, tool, "custom"))
            P.member(f"{where}.custom", custom, "name", check_name)


def tool_names(tools: Any) -> list[str]:
    """Names of the (already validated) tools."""
    names: list[str] = []
    if isinstance(tools, list):
        for tool in tools:
            inner = tool.get(tool.get("type", "function"), {})
            if isinstance(inner, Mapping) and isinstance(inner.get("name"), str):
                names.append(inner["name"])
    return names


def check_allowed_tools(where: str, allowed: Mapping[str, Any]) -> None:
    """The ``mode`` and ``tools`` of an ``allowed_tools`` tool choice at ``where``."""
    P.member(where, allowed, "mode", P.enum_check(("auto", "required")))
    P.member(where, allowed, "tools", P.array_check("an array of objects"))


def check_tool_choice(choice: Any, tools: Any) -> None:
    if isinstance(choice, str):
        if choice not in _TOOL_CHOICE_MODES:
            P.invalid_value("tool_choice", choice, _TOOL_CHOICE_MODES)
    elif isinstance(choice, Mapping):
        kind = choice.get("type")
        if kind == "allowed_tools":
            allowed = choice.get("allowed_tools")
            if allowed is None:
                P.missing("tool_choice.allowed_tools")
            check_allowed_tools(
                "tool_choice.allowed_tools", P.check_object("tool_choice.allowed_tools", allowed)
            )
            return
        key = "custom" if kind == "custom" else "function"
        inner = choice.get(key)
        if inner is None:
            P.missing(f"tool_choice.{key}")
        P.check_object(f"tool_choice.{key}", inner)
        P.member(f"tool_choice.{key}", inner, "name", P.check_string)
        if inner["name"] not in tool_names(tools):
            P.invalid_request(
                f"Invalid value for 'tool_choice': tool choice '{inner['name']}' not found in "
                "'tools' parameter.",
                "tool_choice",
            )
    else:
        P.invalid_type(
            "tool_choice",
            "one of one of 'none', 'auto', or 'required' or object",
            choice,
        )


def check_functions(functions: Any) -> None:
    if not isinstance(functions, list):
        P.invalid_type("functions", "an array of objects", functions)
    if not functions:
        P.invalid_request(
            "Invalid 'functions': empty array. Expected an array with minimum length 1, but got "
            "an empty array instead.",
            "functions",
            "empty_array",
        )
    if len(functions) > _MAX_TOOLS:
        P.too_long_array("functions", _MAX_TOOLS, len(functions))
    for index, function in enumerate(functions):
        check_function(f"functions[{index}]", function)


def check_function_call(call: Any, functions: Any) -> None:
    if isinstance(call, str):
        if call not in ("none", "auto"):
            P.invalid_value("function_call", call, ("none", "auto"))
        return
    if not isinstance(call, Mapping):
        P.invalid_type("function_call", "one of one of 'none' or 'auto' or object", call)
    P.member("function_call", call, "name", P.check_string)
    names = [f.get("name") for f in functions] if isinstance(functions, list) else []
    if call["name"] not in names:
        P.invalid_request(
            f"Invalid value for 'function_call': function '{call['name']}' not found in "
            "'functions' parameter.",
            "function_call",
        )


def check_response_format(value: Any) -> None:
    fmt = P.check_object("response_format", value)
    if "type" not in fmt:
        P.missing("response_format.type")
    P.check_enum("response_format.type", fmt["type"], ("json_object", "json_schema", "text"))
    if fmt["type"] != "json_schema":
        return
    if "json_schema" not in fmt:
        P.missing("response_format.json_schema")
    spec = P.check_object("response_format.json_schema", fmt["json_schema"])
    P.member("response_format.json_schema", spec, "name", check_name)
    if "schema" not in spec:
        P.missing("response_format.json_schema.schema")
    schema = P.check_object("response_format.json_schema.schema", spec["schema"])
    strict = spec.get("strict")
    if strict is not None:
        P.check_boolean("response_format.json_schema.strict", strict)
    check_format_schema(spec["name"], schema, bool(strict), "response_format", None)


def check_format_schema(
    name: str, schema: Mapping[str, Any], strict: bool, param: str, code: str | None
) -> None:
    """A structured-output schema (chat's ``response_format``, Responses' ``text.format``):
    an object schema at its root, and within the strict-mode rules when ``strict``."""
    kind = schema.get("type")
    if kind is not None and kind != "object":
        shown = kind if isinstance(kind, str) else "/".join(str(k) for k in kind)
        P.invalid_request(
            f"Invalid schema for response_format '{name}': schema must be a JSON Schema "
            f"of 'type: \"object\"', got 'type: \"{shown}\"'.",
            param,
            code,
        )
    if strict:
        check_strict(schema, f"response_format '{name}'", param, code)
