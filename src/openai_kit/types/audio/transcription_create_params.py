"""Request parameters of ``audio.transcriptions.create`` (a multipart upload)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Required

from typing_extensions import TypedDict

from openai_kit._types import FileTypes

from .audio_model import AudioModel
from .audio_response_format import AudioResponseFormat

__all__ = ["ChunkingStrategyVadConfig", "TranscriptionCreateParamsBase"]


class ChunkingStrategyVadConfig(TypedDict, total=False):
    type: Required[Literal["server_vad"]]
    prefix_padding_ms: int
    silence_duration_ms: int
    threshold: float


class TranscriptionCreateParamsBase(TypedDict, total=False):
    """The form of a transcription (``stream`` is the method's own argument)."""

    file: Required[FileTypes]
    model: Required[str | AudioModel]
    chunking_strategy: Literal["auto"] | ChunkingStrategyVadConfig | None
    include: Sequence[Literal["logprobs"]]
    known_speaker_names: Sequence[str]
    known_speaker_references: Sequence[str]
    language: str
    prompt: str
    response_format: AudioResponseFormat
    temperature: float
    timestamp_granularities: Sequence[Literal["word", "segment"]]
