"""One segment of a ``verbose_json`` transcription or translation."""

from __future__ import annotations

from openai_kit._models import BaseModel

__all__ = ["TranscriptionSegment"]


class TranscriptionSegment(BaseModel):
    id: int
    avg_logprob: float
    compression_ratio: float
    end: float
    no_speech_prob: float
    seek: int
    start: float
    temperature: float
    text: str
    tokens: list[int]
