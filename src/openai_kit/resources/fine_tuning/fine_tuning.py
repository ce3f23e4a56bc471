"""``client.fine_tuning``: jobs, checkpoints and the alpha graders."""

from __future__ import annotations

from functools import cached_property

from ..._resource import AsyncAPIResource, SyncAPIResource
from .alpha import Alpha, AsyncAlpha
from .checkpoints import AsyncCheckpoints, Checkpoints
from .jobs import AsyncJobs, Jobs

__all__ = ["AsyncFineTuning", "FineTuning"]


class FineTuning(SyncAPIResource):
    @cached_property
    def jobs(self) -> Jobs:
        return Jobs(self._client, self._mode)

    @cached_property
    def checkpoints(self) -> Checkpoints:
        return Checkpoints(self._client, self._mode)

    @cached_property
    def alpha(self) -> Alpha:
        return Alpha(self._client, self._mode)


class AsyncFineTuning(AsyncAPIResource):
    @cached_property
    def jobs(self) -> AsyncJobs:
        return AsyncJobs(self._client, self._mode)

    @cached_property
    def checkpoints(self) -> AsyncCheckpoints:
        return AsyncCheckpoints(self._client, self._mode)

    @cached_property
    def alpha(self) -> AsyncAlpha:
        return AsyncAlpha(self._client, self._mode)
