"""Types that several API areas share; each is imported on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openai_kit._lazy import lazy_exports

if TYPE_CHECKING:
    from .chat_model import ChatModel as ChatModel
    from .comparison_filter import ComparisonFilter as ComparisonFilter
    from .compound_filter import CompoundFilter as CompoundFilter
    from .custom_tool_input_format import CustomToolInputFormat as CustomToolInputFormat
    from .error_object import ErrorObject as ErrorObject
    from .function_definition import FunctionDefinition as FunctionDefinition
    from .function_parameters import FunctionParameters as FunctionParameters
    from .metadata import Metadata as Metadata
    from .reasoning import Reasoning as Reasoning
    from .reasoning_effort import ReasoningEffort as ReasoningEffort
    from .response_format_json_object import ResponseFormatJSONObject as ResponseFormatJSONObject
    from .response_format_json_schema import ResponseFormatJSONSchema as ResponseFormatJSONSchema
    from .response_format_text import ResponseFormatText as ResponseFormatText
    from .responses_model import ResponsesModel as ResponsesModel

_EXPORTS: dict[str, str] = {
    "ChatModel": ".chat_model",
    "ComparisonFilter": ".comparison_filter",
    "CompoundFilter": ".compound_filter",
    "CustomToolInputFormat": ".custom_tool_input_format",
    "ErrorObject": ".error_object",
    "FunctionDefinition": ".function_definition",
    "FunctionParameters": ".function_parameters",
    "Metadata": ".metadata",
    "Reasoning": ".reasoning",
    "ReasoningEffort": ".reasoning_effort",
    "ResponseFormatJSONObject": ".response_format_json_object",
    "ResponseFormatJSONSchema": ".response_format_json_schema",
    "ResponseFormatText": ".response_format_text",
    "ResponsesModel": ".responses_model",
}

__all__ = [
    "ChatModel",
    "ComparisonFilter",
    "CompoundFilter",
    "CustomToolInputFormat",
    "ErrorObject",
    "FunctionDefinition",
    "FunctionParameters",
    "Metadata",
    "Reasoning",
    "ReasoningEffort",
    "ResponseFormatJSONObject",
    "ResponseFormatJSONSchema",
    "ResponseFormatText",
    "ResponsesModel",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
