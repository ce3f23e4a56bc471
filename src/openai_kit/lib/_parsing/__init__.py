"""Structured-output helpers: strict JSON schemas, pydantic tools, parsing of answers.

Kept light: importing ``pydantic_function_tool`` from here loads neither
pydantic nor any response type until it is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._lazy import lazy_exports

if TYPE_CHECKING:
    from ._completions import ResponseFormatT as ResponseFormatT
    from ._completions import has_parseable_input as has_parseable_input
    from ._completions import maybe_parse_content as maybe_parse_content
    from ._completions import parse_chat_completion as parse_chat_completion
    from ._completions import type_to_response_format_param as type_to_response_format_param
    from ._completions import validate_input_tools as validate_input_tools
    from ._schema import to_strict_json_schema as to_strict_json_schema
    from ._tools import PydanticFunctionTool as PydanticFunctionTool
    from ._tools import ResponsesPydanticFunctionTool as ResponsesPydanticFunctionTool
    from ._tools import pydantic_function_tool as pydantic_function_tool

_EXPORTS: dict[str, str] = {
    "PydanticFunctionTool": "._tools",
    "ResponseFormatT": "._completions",
    "ResponsesPydanticFunctionTool": "._tools",
    "has_parseable_input": "._completions",
    "maybe_parse_content": "._completions",
    "parse_chat_completion": "._completions",
    "pydantic_function_tool": "._tools",
    "to_strict_json_schema": "._schema",
    "type_to_response_format_param": "._completions",
    "validate_input_tools": "._completions",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
