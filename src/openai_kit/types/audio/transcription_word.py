"""One word of a ``verbose_json`` transcription, with its timing."""

from __future__ import annotations

from openai_kit._models import BaseModel

__all__ = ["TranscriptionWord"]


class TranscriptionWord(BaseModel):
    end: float
    start: float
    word: str
