"""One speaker turn of a ``diarized_json`` transcription."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

__all__ = ["TranscriptionDiarizedSegment"]


class TranscriptionDiarizedSegment(BaseModel):
    id: str
    end: float
    speaker: str
    start: float
    text: str
    type: Literal["transcript.text.segment"]
