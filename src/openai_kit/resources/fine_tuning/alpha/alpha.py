"""``client.fine_tuning.alpha``: features in alpha (graders)."""

from __future__ import annotations

from functools import cached_property

from ...._resource import AsyncAPIResource, SyncAPIResource
from .graders import AsyncGraders, Graders

__all__ = ["Alpha", "AsyncAlpha"]


class Alpha(SyncAPIResource):
    @cached_property
    def graders(self) -> Graders:
        return Graders(self._client, self._mode)


class AsyncAlpha(AsyncAPIResource):
    @cached_property
    def graders(self) -> AsyncGraders:
        return AsyncGraders(self._client, self._mode)
