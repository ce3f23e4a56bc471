"""``client.audio``: speech, transcriptions and translations."""

from .audio import AsyncAudio, Audio
from .speech import AsyncSpeech, Speech

__all__ = ["AsyncAudio", "AsyncSpeech", "Audio", "Speech"]
