"""A translation in the ``verbose_json`` format."""

from __future__ import annotations

from openai_kit._models import BaseModel

from .transcription_segment import TranscriptionSegment

__all__ = ["TranslationVerbose"]


class TranslationVerbose(BaseModel):
    duration: float
    language: str
    text: str
    segments: list[TranscriptionSegment] | None = None
