"""A transcription in the ``diarized_json`` format."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

from .transcription import Usage
from .transcription_diarized_segment import TranscriptionDiarizedSegment

__all__ = ["TranscriptionDiarized"]


class TranscriptionDiarized(BaseModel):
    """The text split into speaker turns."""

    duration: float
    segments: list[TranscriptionDiarizedSegment]
    task: Literal["transcribe"]
    text: str
    usage: Usage | None = None
