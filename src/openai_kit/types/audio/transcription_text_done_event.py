"""The end of a streamed transcription: the whole text and the usage."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

from .transcription import Logprob
from .transcription import UsageTokens as Usage

__all__ = ["TranscriptionTextDoneEvent", "Usage"]


class TranscriptionTextDoneEvent(BaseModel):
    text: str
    type: Literal["transcript.text.done"]
    logprobs: list[Logprob] | None = None
    usage: Usage | None = None
