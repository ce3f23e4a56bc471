"""Types that several API areas share; each is imported on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openai_kit._lazy import lazy_exports

if TYPE_CHECKING:
    from .chat_model import ChatModel as ChatModel
    from .error_object import ErrorObject as ErrorObject
    from .function_definition import FunctionDefinition as FunctionDefinition
    from .function_parameters import FunctionParameters as FunctionParameters
    from .metadata import Metadata as Metadata
    from .reasoning_effort import ReasoningEffort as ReasoningEffort
    from .response_format_json_object import ResponseFormatJSONObject as ResponseFormatJSONObject
    from .response_format_json_schema import ResponseFormatJSONSchema as ResponseFormatJSONSchema
    from .response_format_text import ResponseFormatText as ResponseFormatText

_EXPORTS: dict[str, str] = {
    "ChatModel": ".chat_model",
    "ErrorObject": ".error_object",
    "FunctionDefinition": ".function_definition",
    "FunctionParameters": ".function_parameters",
    "Metadata": ".metadata",
    "ReasoningEffort": ".reasoning_effort",
    "ResponseFormatJSONObject": ".response_format_json_object",
    "ResponseFormatJSONSchema": ".response_format_json_schema",
    "ResponseFormatText": ".response_format_text",
}

__all__ = [
    "ChatModel",
    "ErrorObject",
    "FunctionDefinition",
    "FunctionParameters",
    "Metadata",
    "ReasoningEffort",
    "ResponseFormatJSONObject",
    "ResponseFormatJSONSchema",
    "ResponseFormatText",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
