"""Names for the in-progress (not yet parsed) shapes a chat stream accumulates."""

from __future__ import annotations

from typing import TypeAlias

from ....types.chat.parsed_chat_completion import (
    ParsedChatCompletion,
    ParsedChatCompletionMessage,
    ParsedChoice,
)

__all__ = [
    "ParsedChatCompletionMessageSnapshot",
    "ParsedChatCompletionSnapshot",
    "ParsedChoiceSnapshot",
]

ParsedChatCompletionSnapshot: TypeAlias = ParsedChatCompletion[object]
ParsedChatCompletionMessageSnapshot: TypeAlias = ParsedChatCompletionMessage[object]
ParsedChoiceSnapshot: TypeAlias = ParsedChoice[object]
