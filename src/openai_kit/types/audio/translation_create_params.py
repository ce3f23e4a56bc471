"""Request parameters of ``audio.translations.create`` (a multipart upload)."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

from openai_kit._types import FileTypes

from .audio_model import AudioModel

__all__ = ["TranslationCreateParams"]


class TranslationCreateParams(TypedDict, total=False):
    file: Required[FileTypes]
    model: Required[str | AudioModel]
    prompt: str
    response_format: Literal["json", "text", "srt", "verbose_json", "vtt"]
    temperature: float
