"""Moderation verdicts that a chat completion (or chunk) may carry.

Shared by chat_completion and chat_completion_chunk, which expose them
under their own names.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

from pydantic import Field

from openai_kit._models import BaseModel

__all__ = [
    "Moderation",
    "ModerationError",
    "ModerationOutcome",
    "ModerationResult",
    "ModerationResults",
]


class ModerationResult(BaseModel):
    """One moderation verdict: flagged or not, per-category flags and scores."""

    categories: dict[str, bool]
    category_applied_input_types: dict[str, list[Literal["text", "image"]]]
    category_scores: dict[str, float]
    flagged: bool
    model: str
    type: Literal["moderation_result"]


class ModerationResults(BaseModel):
    """Moderation that ran: the model used and its verdicts."""

    model: str
    results: list[ModerationResult]
    type: Literal["moderation_results"]


class ModerationError(BaseModel):
    """Moderation that could not run, and why."""

    code: str
    message: str
    type: Literal["error"]


ModerationOutcome: TypeAlias = Annotated[
    ModerationResults | ModerationError, Field(discriminator="type")
]


class Moderation(BaseModel):
    """Moderation of the request input and of the generated output."""

    input: ModerationOutcome
    output: ModerationOutcome
