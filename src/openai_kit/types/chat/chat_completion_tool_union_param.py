"""Any tool offered to the model, as sent in a request."""

from __future__ import annotations

from typing import TypeAlias

from .chat_completion_custom_tool_param import ChatCompletionCustomToolParam
from .chat_completion_function_tool_param import ChatCompletionFunctionToolParam

__all__ = ["ChatCompletionToolUnionParam"]

ChatCompletionToolUnionParam: TypeAlias = (
    ChatCompletionFunctionToolParam | ChatCompletionCustomToolParam
)
