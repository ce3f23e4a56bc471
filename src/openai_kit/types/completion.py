"""The response of the legacy ``/completions`` endpoint."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

from .completion_choice import CompletionChoice
from .completion_usage import CompletionUsage

__all__ = ["Completion"]


class Completion(BaseModel):
    """A text completion: the same shape whether streamed or returned at once."""

    id: str
    choices: list[CompletionChoice]
    created: int
    model: str
    object: Literal["text_completion"]
    system_fingerprint: str | None = None
    usage: CompletionUsage | None = None
