"""``client.beta``: the Assistants API (``assistants``, ``threads``) and ``chatkit``.

Every call carries the beta header its API asks for (``OpenAI-Beta:
assistants=v2`` or ``chatkit_beta=v1``).
"""

from __future__ import annotations

from functools import cached_property

from ..._resource import AsyncAPIResource, SyncAPIResource
from .assistants import Assistants, AsyncAssistants
from .chatkit import AsyncChatKit, ChatKit
from .threads import AsyncThreads, Threads

__all__ = ["AsyncBeta", "Beta"]


class Beta(SyncAPIResource):
    @cached_property
    def assistants(self) -> Assistants:
        return Assistants(self._client, self._mode)

    @cached_property
    def threads(self) -> Threads:
        return Threads(self._client, self._mode)

    @cached_property
    def chatkit(self) -> ChatKit:
        return ChatKit(self._client, self._mode)


class AsyncBeta(AsyncAPIResource):
    @cached_property
    def assistants(self) -> AsyncAssistants:
        return AsyncAssistants(self._client, self._mode)

    @cached_property
    def threads(self) -> AsyncThreads:
        return AsyncThreads(self._client, self._mode)

    @cached_property
    def chatkit(self) -> AsyncChatKit:
        return AsyncChatKit(self._client, self._mode)
