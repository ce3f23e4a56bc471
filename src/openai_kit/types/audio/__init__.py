"""Audio API types: speech, transcription and translation models, events and params."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openai_kit._lazy import lazy_exports

if TYPE_CHECKING:
    from .audio_model import AudioModel
    from .audio_response_format import AudioResponseFormat
    from .speech_create_params import SpeechCreateParams
    from .speech_model import SpeechModel
    from .transcription import Transcription
    from .transcription_create_params import TranscriptionCreateParamsBase
    from .transcription_diarized import TranscriptionDiarized
    from .transcription_diarized_segment import TranscriptionDiarizedSegment
    from .transcription_segment import TranscriptionSegment
    from .transcription_stream_event import TranscriptionStreamEvent
    from .transcription_text_delta_event import TranscriptionTextDeltaEvent
    from .transcription_text_done_event import TranscriptionTextDoneEvent
    from .transcription_text_segment_event import TranscriptionTextSegmentEvent
    from .transcription_verbose import TranscriptionVerbose
    from .transcription_word import TranscriptionWord
    from .translation import Translation
    from .translation_create_params import TranslationCreateParams
    from .translation_verbose import TranslationVerbose

_EXPORTS: dict[str, str] = {
    "AudioModel": ".audio_model",
    "AudioResponseFormat": ".audio_response_format",
    "SpeechCreateParams": ".speech_create_params",
    "SpeechModel": ".speech_model",
    "Transcription": ".transcription",
    "TranscriptionCreateParamsBase": ".transcription_create_params",
    "TranscriptionDiarized": ".transcription_diarized",
    "TranscriptionDiarizedSegment": ".transcription_diarized_segment",
    "TranscriptionSegment": ".transcription_segment",
    "TranscriptionStreamEvent": ".transcription_stream_event",
    "TranscriptionTextDeltaEvent": ".transcription_text_delta_event",
    "TranscriptionTextDoneEvent": ".transcription_text_done_event",
    "TranscriptionTextSegmentEvent": ".transcription_text_segment_event",
    "TranscriptionVerbose": ".transcription_verbose",
    "TranscriptionWord": ".transcription_word",
    "Translation": ".translation",
    "TranslationCreateParams": ".translation_create_params",
    "TranslationVerbose": ".translation_verbose",
}

__all__ = [
    "AudioModel",
    "AudioResponseFormat",
    "SpeechCreateParams",
    "SpeechModel",
    "Transcription",
    "TranscriptionCreateParamsBase",
    "TranscriptionDiarized",
    "TranscriptionDiarizedSegment",
    "TranscriptionSegment",
    "TranscriptionStreamEvent",
    "TranscriptionTextDeltaEvent",
    "TranscriptionTextDoneEvent",
    "TranscriptionTextSegmentEvent",
    "TranscriptionVerbose",
    "TranscriptionWord",
    "Translation",
    "TranslationCreateParams",
    "TranslationVerbose",
]

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
