"""``client.audio``: speech, transcriptions and translations."""

from __future__ import annotations

from functools import cached_property

from ..._resource import AsyncAPIResource, SyncAPIResource
from .speech import AsyncSpeech, Speech
from .transcriptions import AsyncTranscriptions, Transcriptions
from .translations import AsyncTranslations, Translations

__all__ = ["AsyncAudio", "Audio"]


class Audio(SyncAPIResource):
    @cached_property
    def speech(self) -> Speech:
        return Speech(self._client, self._mode)

    @cached_property
    def transcriptions(self) -> Transcriptions:
        return Transcriptions(self._client, self._mode)

    @cached_property
    def translations(self) -> Translations:
        return Translations(self._client, self._mode)


class AsyncAudio(AsyncAPIResource):
    @cached_property
    def speech(self) -> AsyncSpeech:
        return AsyncSpeech(self._client, self._mode)

    @cached_property
    def transcriptions(self) -> AsyncTranscriptions:
        return AsyncTranscriptions(self._client, self._mode)

    @cached_property
    def translations(self) -> AsyncTranslations:
        return AsyncTranslations(self._client, self._mode)
