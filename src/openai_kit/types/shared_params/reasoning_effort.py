"""How hard a reasoning model thinks before answering, for request parameters."""

from __future__ import annotations

from openai_kit.types.shared.reasoning_effort import ReasoningEffort as ReasoningEffort

__all__ = ["ReasoningEffort"]
