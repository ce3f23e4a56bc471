"""A function tool call whose arguments the parse helpers have decoded."""

from __future__ import annotations

from .chat_completion_message_function_tool_call import (
    ChatCompletionMessageFunctionToolCall,
    Function,
)

__all__ = ["ParsedFunction", "ParsedFunctionToolCall"]


class ParsedFunction(Function):
    """The function called, with ``parsed_arguments``.

    For a tool made with ``openai_kit.pydantic_function_tool`` they are an
    instance of its model; for another strict function tool, the decoded
    JSON; otherwise None.
    """

    parsed_arguments: object | None = None


class ParsedFunctionToolCall(ChatCompletionMessageFunctionToolCall):
    """A function tool call carrying :class:`ParsedFunction`."""

    function: ParsedFunction
