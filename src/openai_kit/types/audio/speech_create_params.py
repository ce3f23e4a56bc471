"""Request parameters of ``audio.speech.create``."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

from .speech_model import SpeechModel

__all__ = ["SpeechCreateParams", "VoiceID"]


class VoiceID(TypedDict, total=False):
    """A custom voice, by id."""

    id: Required[str]


class SpeechCreateParams(TypedDict, total=False):
    """The body of a speech request."""

    input: Required[str]
    model: Required[str | SpeechModel]
    voice: Required[
        str
        | Literal[
            "alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"
        ]
        | VoiceID
    ]
    instructions: str
    response_format: Literal["mp3", "opus", "aac", "flac", "wav", "pcm"]
    speed: float
    stream_format: Literal["sse", "audio"]
