"""A piece of streamed transcription text."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

from .transcription import Logprob

__all__ = ["TranscriptionTextDeltaEvent"]


class TranscriptionTextDeltaEvent(BaseModel):
    delta: str
    type: Literal["transcript.text.delta"]
    logprobs: list[Logprob] | None = None
    segment_id: str | None = None
