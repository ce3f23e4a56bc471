"""One generated alternative of a legacy text completion."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

__all__ = ["CompletionChoice", "Logprobs"]


class Logprobs(BaseModel):
    """Per-token log probabilities of a choice, present when ``logprobs`` was requested."""

    text_offset: list[int] | None = None
    token_logprobs: list[float] | None = None
    tokens: list[str] | None = None
    top_logprobs: list[dict[str, float]] | None = None


class CompletionChoice(BaseModel):
    """A single completion candidate with its text and why generation stopped."""

    finish_reason: Literal["stop", "length", "content_filter"]
    index: int
    logprobs: Logprobs | None = None
    text: str
