"""The author roles a chat message can have."""

from __future__ import annotations

from typing import Literal, TypeAlias

__all__ = ["ChatCompletionRole"]

ChatCompletionRole: TypeAlias = Literal[
    "developer", "system", "user", "assistant", "tool", "function"
]
