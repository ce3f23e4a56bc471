"""``client.audio``: speech, transcriptions and translations."""

from .audio import AsyncAudio, Audio
from .speech import AsyncSpeech, Speech
from .transcriptions import AsyncTranscriptions, Transcriptions
from .translations import AsyncTranslations, Translations

__all__ = [
    "AsyncAudio",
    "AsyncSpeech",
    "AsyncTranscriptions",
    "AsyncTranslations",
    "Audio",
    "Speech",
    "Transcriptions",
    "Translations",
]
