"""The older name of the function tool param."""

from __future__ import annotations

from typing import TypeAlias

from openai_kit.types.shared_params.function_definition import (
    FunctionDefinition as FunctionDefinition,
)

from .chat_completion_function_tool_param import ChatCompletionFunctionToolParam

__all__ = ["ChatCompletionToolParam", "FunctionDefinition"]

ChatCompletionToolParam: TypeAlias = ChatCompletionFunctionToolParam
