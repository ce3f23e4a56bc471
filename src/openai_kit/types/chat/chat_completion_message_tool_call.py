"""The tool calls a chat message can carry."""

from __future__ import annotations

from typing import Annotated, TypeAlias

from pydantic import Field

from .chat_completion_message_custom_tool_call import ChatCompletionMessageCustomToolCall
from .chat_completion_message_function_tool_call import (
    ChatCompletionMessageFunctionToolCall,
)
from .chat_completion_message_function_tool_call import (
    Function as Function,
)

__all__ = ["ChatCompletionMessageToolCall", "ChatCompletionMessageToolCallUnion", "Function"]

ChatCompletionMessageToolCallUnion: TypeAlias = Annotated[
    ChatCompletionMessageFunctionToolCall | ChatCompletionMessageCustomToolCall,
    Field(discriminator="type"),
]

# The older name, kept for code written before custom tools existed.
ChatCompletionMessageToolCall: TypeAlias = ChatCompletionMessageFunctionToolCall
