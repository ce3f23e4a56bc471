"""The reasoning effort of a chat completion (the shared ReasoningEffort)."""

from __future__ import annotations

from typing import TypeAlias

from openai_kit.types.shared.reasoning_effort import ReasoningEffort

__all__ = ["ChatCompletionReasoningEffort"]

ChatCompletionReasoningEffort: TypeAlias = ReasoningEffort
