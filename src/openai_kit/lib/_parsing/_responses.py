"""Structured outputs for the Responses API: request shapes and response parsing.

``text_format`` (a pydantic model or pydantic dataclass) becomes a strict
``text.format`` JSON schema and comes back decoded in each ``output_text``
part's ``parsed``. Tools made with :func:`pydantic_function_tool` (chat
shape) are converted to the flat Responses shape and their calls get
``parsed_arguments`` as model instances.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from typing_extensions import TypeVar

from ..._types import Omit
from ._completions import rebuild, type_to_response_format_param, validate_structured
from ._tools import PydanticFunctionTool, ResponsesPydanticFunctionTool

if TYPE_CHECKING:
    from ...types.responses.parsed_response import ParsedResponse
    from ...types.responses.response import Response
    from ...types.responses.response_format_text_json_schema_config_param import (
        ResponseFormatTextJSONSchemaConfigParam,
    )
    from ...types.responses.response_function_tool_call import ResponseFunctionToolCall
    from ...types.responses.response_text_config_param import ResponseTextConfigParam
    from ...types.responses.tool_param import ToolParam

__all__ = [
    "TextFormatT",
    "make_tools",
    "parse_function_tool_arguments",
    "parse_response",
    "parse_text",
    "text_with_format",
    "type_to_text_format_param",
]

TextFormatT = TypeVar("TextFormatT", default=None)


def type_to_text_format_param(type_: type[Any]) -> ResponseFormatTextJSONSchemaConfigParam:
    """The strict ``json_schema`` text format for a pydantic type."""
    response_format = cast("dict[str, Any]", type_to_response_format_param(type_))
    json_schema = response_format["json_schema"]
    return {
        "type": "json_schema",
        "strict": True,
        "name": json_schema["name"],
        "schema": json_schema["schema"],
    }


def text_with_format(
    text: ResponseTextConfigParam | Omit | None, text_format: object
) -> ResponseTextConfigParam | Omit | None:
    """The ``text`` parameter to send: ``text`` plus ``text_format``'s schema as its format."""
    if isinstance(text_format, Omit):
        return text
    current: dict[str, Any] = dict(text) if isinstance(text, Mapping) else {}
    if "format" in current:
        raise TypeError("Cannot pass both `text_format` and `text.format`; use one of them")
    current["format"] = type_to_text_format_param(cast("type[Any]", text_format))
    return cast("ResponseTextConfigParam", current)


def make_tools(tools: Iterable[Any] | Omit) -> list[ToolParam] | Omit:
    """Tools in the Responses shape; chat-shaped pydantic tools are flattened, keeping their model."""
    if isinstance(tools, Omit):
        return tools
    converted: list[Any] = []
    for tool in tools:
        if tool.get("type") != "function" or "function" not in tool:
            converted.append(tool)
            continue
        function = tool["function"]
        if not isinstance(function, PydanticFunctionTool):
            raise TypeError(
                "A chat-shaped function tool ({'type': 'function', 'function': {...}}) must be "
                "made with `openai_kit.pydantic_function_tool()`; otherwise use the Responses "
                "shape ({'type': 'function', 'name': ..., 'parameters': ...})"
            )
        converted.append(
            ResponsesPydanticFunctionTool(
                {
                    "type": "function",
                    "name": function["name"],
                    "description": function.get("description"),
                    "parameters": function["parameters"],
                    "strict": function.get("strict") or False,
                },
                function.model,
            )
        )
    return converted


def parse_text(text: str, text_format: object) -> Any | None:
    """``text`` decoded into ``text_format``; None when no format type was given."""
    if isinstance(text_format, Omit) or text_format is None:
        return None
    return validate_structured(cast("type[Any]", text_format), text)


def _function_tool_named(tools: Iterable[Mapping[str, Any]], name: str) -> Mapping[str, Any] | None:
    for tool in tools:
        if tool.get("type") == "function" and tool.get("name") == name:
            return tool
    return None


def parse_function_tool_arguments(
    *,
    input_tools: Iterable[Mapping[str, Any]] | Omit | None,
    function_call: ResponseFunctionToolCall,
) -> object:
    """A model instance (pydantic tool), decoded JSON (strict tool) or None."""
    if input_tools is None or isinstance(input_tools, Omit):
        return None
    tool = _function_tool_named(input_tools, function_call.name)
    if tool is None:
        return None
    if isinstance(tool, ResponsesPydanticFunctionTool):
        return tool.model.model_validate_json(function_call.arguments)
    if not tool.get("strict"):
        return None
    decoded: object = json.loads(function_call.arguments)
    return decoded


def parse_response(
    *,
    text_format: object,
    input_tools: Iterable[Mapping[str, Any]] | Omit | None,
    response: Response,
) -> ParsedResponse[Any]:
    """``response`` as a :class:`ParsedResponse`: text parts and function calls parsed."""
    from ...types.responses.parsed_response import (
        ParsedResponse,
        ParsedResponseFunctionToolCall,
        ParsedResponseOutputMessage,
        ParsedResponseOutputText,
    )
    from ...types.responses.response_function_tool_call import ResponseFunctionToolCall
    from ...types.responses.response_output_message import ResponseOutputMessage
    from ...types.responses.response_output_text import ResponseOutputText

    tools = None if input_tools is None or isinstance(input_tools, Omit) else list(input_tools)
    output: list[Any] = []
    for item in response.output:
        if isinstance(item, ResponseOutputMessage):
            content: list[Any] = [
                rebuild(ParsedResponseOutputText, part, parsed=parse_text(part.text, text_format))
                if isinstance(part, ResponseOutputText)
                else part
                for part in item.content
            ]
            output.append(rebuild(ParsedResponseOutputMessage, item, content=content))
        elif isinstance(item, ResponseFunctionToolCall):
            arguments = parse_function_tool_arguments(input_tools=tools, function_call=item)
            output.append(rebuild(ParsedResponseFunctionToolCall, item, parsed_arguments=arguments))
        else:
            output.append(item)
    return rebuild(ParsedResponse, response, output=output)
