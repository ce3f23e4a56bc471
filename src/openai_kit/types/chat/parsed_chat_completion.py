"""A chat completion whose message content and tool calls have been parsed.

``chat.completions.parse`` and ``chat.completions.stream`` return these:
``completion.choices[0].message.parsed`` is the content as an instance of
the requested ``response_format`` type.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from .chat_completion import ChatCompletion, Choice
from .chat_completion_message import ChatCompletionMessage
from .parsed_function_tool_call import ParsedFunctionToolCall

__all__ = ["ParsedChatCompletion", "ParsedChatCompletionMessage", "ParsedChoice"]

ContentType = TypeVar("ContentType")


class ParsedChatCompletionMessage(ChatCompletionMessage, Generic[ContentType]):
    """The assistant message, with ``parsed`` content and parsed tool call arguments."""

    parsed: ContentType | None = None
    tool_calls: list[ParsedFunctionToolCall] | None = None  # type: ignore[assignment]


class ParsedChoice(Choice, Generic[ContentType]):
    """A choice whose message is a :class:`ParsedChatCompletionMessage`."""

    message: ParsedChatCompletionMessage[ContentType]


class ParsedChatCompletion(ChatCompletion, Generic[ContentType]):
    """A chat completion whose choices carry parsed messages."""

    choices: list[ParsedChoice[ContentType]]  # type: ignore[assignment]
