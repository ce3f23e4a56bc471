"""``client.audio``: speech, transcriptions and translations."""

from __future__ import annotations

from functools import cached_property

from ..._resource import AsyncAPIResource, SyncAPIResource
from .speech import AsyncSpeech, Speech

__all__ = ["AsyncAudio", "Audio"]


class Audio(SyncAPIResource):
    @cached_property
    def speech(self) -> Speech:
        return Speech(self._client, self._mode)


class AsyncAudio(AsyncAPIResource):
    @cached_property
    def speech(self) -> AsyncSpeech:
        return AsyncSpeech(self._client, self._mode)
