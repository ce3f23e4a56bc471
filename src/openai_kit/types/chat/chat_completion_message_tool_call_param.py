"""The older name of the function tool call param."""

from __future__ import annotations

from typing import TypeAlias

from .chat_completion_message_function_tool_call_param import (
    ChatCompletionMessageFunctionToolCallParam,
)
from .chat_completion_message_function_tool_call_param import (
    Function as Function,
)

__all__ = ["ChatCompletionMessageToolCallParam", "Function"]

ChatCompletionMessageToolCallParam: TypeAlias = ChatCompletionMessageFunctionToolCallParam
