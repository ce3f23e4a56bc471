"""Audio API types: speech, transcription and translation models, events and params."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openai_kit._lazy import lazy_exports

if TYPE_CHECKING:
    from .speech_create_params import SpeechCreateParams
    from .speech_model import SpeechModel

_EXPORTS: dict[str, str] = {
    "SpeechCreateParams": ".speech_create_params",
    "SpeechModel": ".speech_model",
}

__all__ = ["SpeechCreateParams", "SpeechModel"]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
