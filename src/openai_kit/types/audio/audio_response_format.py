"""The output formats of transcriptions and translations."""

from __future__ import annotations

from typing import Literal, TypeAlias

__all__ = ["AudioResponseFormat"]

AudioResponseFormat: TypeAlias = Literal[
    "json", "text", "srt", "verbose_json", "vtt", "diarized_json"
]
