"""``client.fine_tuning.checkpoints``: fine-tuned checkpoints (their permissions)."""

from __future__ import annotations

from functools import cached_property

from ...._resource import AsyncAPIResource, SyncAPIResource
from .permissions import AsyncPermissions, Permissions

__all__ = ["AsyncCheckpoints", "Checkpoints"]


class Checkpoints(SyncAPIResource):
    @cached_property
    def permissions(self) -> Permissions:
        return Permissions(self._client, self._mode)


class AsyncCheckpoints(AsyncAPIResource):
    @cached_property
    def permissions(self) -> AsyncPermissions:
        return AsyncPermissions(self._client, self._mode)
