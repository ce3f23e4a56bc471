"""Spoken output settings, as sent in a request."""

from __future__ import annotations

from typing import Literal, Required, TypeAlias

from typing_extensions import TypedDict

__all__ = ["ChatCompletionAudioParam", "Voice", "VoiceID"]


class VoiceID(TypedDict, total=False):
    """A custom voice, by id."""

    id: Required[str]


Voice: TypeAlias = (
    str
    | Literal[
        "alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"
    ]
    | VoiceID
)


class ChatCompletionAudioParam(TypedDict, total=False):
    """The voice and audio format of spoken output."""

    format: Required[Literal["wav", "aac", "mp3", "flac", "opus", "pcm16"]]
    voice: Required[Voice]
