"""Spoken output of a chat completion."""

from __future__ import annotations

from openai_kit._models import BaseModel

__all__ = ["ChatCompletionAudio"]


class ChatCompletionAudio(BaseModel):
    """Audio the model generated: base64 data, transcript and expiry."""

    id: str
    data: str
    expires_at: int
    transcript: str
