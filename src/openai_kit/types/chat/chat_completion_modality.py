"""The kinds of output a chat completion can produce."""

from __future__ import annotations

from typing import Literal, TypeAlias

__all__ = ["ChatCompletionModality"]

ChatCompletionModality: TypeAlias = Literal["text", "audio"]
