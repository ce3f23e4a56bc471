"""A transcription in the ``json`` format."""

from __future__ import annotations

from typing import Annotated, Literal, TypeAlias

from pydantic import Field

from openai_kit._models import BaseModel

__all__ = [
    "Logprob",
    "Transcription",
    "Usage",
    "UsageDuration",
    "UsageTokens",
    "UsageTokensInputTokenDetails",
]


class Logprob(BaseModel):
    token: str | None = None
    bytes: list[float] | None = None
    logprob: float | None = None


class UsageTokensInputTokenDetails(BaseModel):
    audio_tokens: int | None = None
    text_tokens: int | None = None


class UsageTokens(BaseModel):
    """Usage of the GPT transcribe models, in tokens."""

    input_tokens: int
    output_tokens: int
    total_tokens: int
    type: Literal["tokens"]
    input_token_details: UsageTokensInputTokenDetails | None = None


class UsageDuration(BaseModel):
    """Usage of whisper-1, in seconds of audio."""

    seconds: float
    type: Literal["duration"]


Usage: TypeAlias = Annotated[UsageTokens | UsageDuration, Field(discriminator="type")]


class Transcription(BaseModel):
    """The text heard (and, on request, its log probabilities)."""

    text: str
    logprobs: list[Logprob] | None = None
    usage: Usage | None = None
