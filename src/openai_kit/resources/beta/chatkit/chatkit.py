"""``client.beta.chatkit``: ChatKit ``sessions`` and ``threads``."""

from __future__ import annotations

from functools import cached_property

from ...._resource import AsyncAPIResource, SyncAPIResource
from .sessions import AsyncSessions, Sessions
from .threads import AsyncThreads, Threads

__all__ = ["AsyncChatKit", "ChatKit"]


class ChatKit(SyncAPIResource):
    @cached_property
    def sessions(self) -> Sessions:
        return Sessions(self._client, self._mode)

    @cached_property
    def threads(self) -> Threads:
        return Threads(self._client, self._mode)


class AsyncChatKit(AsyncAPIResource):
    @cached_property
    def sessions(self) -> AsyncSessions:
        return AsyncSessions(self._client, self._mode)

    @cached_property
    def threads(self) -> AsyncThreads:
        return AsyncThreads(self._client, self._mode)
