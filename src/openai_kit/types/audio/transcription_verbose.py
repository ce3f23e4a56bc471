"""A transcription in the ``verbose_json`` format."""

from __future__ import annotations

from openai_kit._models import BaseModel

from .transcription import UsageDuration
from .transcription_segment import TranscriptionSegment
from .transcription_word import TranscriptionWord

__all__ = ["TranscriptionVerbose", "Usage"]

Usage = UsageDuration


class TranscriptionVerbose(BaseModel):
    """The text with its language, duration and (as asked) segments and words."""

    duration: float
    language: str
    text: str
    segments: list[TranscriptionSegment] | None = None
    usage: UsageDuration | None = None
    words: list[TranscriptionWord] | None = None
