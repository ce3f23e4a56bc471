"""``client.chat``, the home of ``chat.completions``."""

from __future__ import annotations

from functools import cached_property

from ..._resource import AsyncAPIResource, SyncAPIResource
from .completions import AsyncCompletions, Completions

__all__ = ["AsyncChat", "Chat"]


class Chat(SyncAPIResource):
    @cached_property
    def completions(self) -> Completions:
        return Completions(self._client, self._mode)


class AsyncChat(AsyncAPIResource):
    @cached_property
    def completions(self) -> AsyncCompletions:
        return AsyncCompletions(self._client, self._mode)
