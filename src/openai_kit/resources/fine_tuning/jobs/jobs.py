"""``client.fine_tuning.jobs``: create, list, retrieve, cancel, pause and resume fine-tuning
jobs, list their events and checkpoints; wait for one to settle."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from typing_extensions import Unpack

from ...._options import FinalRequestOptions
from ...._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ...._resource import AsyncAPIResource, SyncAPIResource, make_options
from ...._types import Omit, RequestOptions, omit, split_request_options
from ....types.fine_tuning.fine_tuning_job import FineTuningJob
from ....types.fine_tuning.fine_tuning_job_event import FineTuningJobEvent
from ....types.fine_tuning.job_create_params import JobCreateParams
from ....types.fine_tuning.job_list_events_params import JobListEventsParams
from ....types.fine_tuning.job_list_params import JobListParams
from ..._paths import path_param
from ..._polling import poll_resource, poll_resource_async
from ...responses._query import bracket_objects
from .checkpoints import AsyncCheckpoints, Checkpoints

__all__ = ["STOP_STATES", "AsyncJobs", "Jobs"]

#: ``FineTuningJob.status`` values after which a job does not move on by itself
#: (``paused`` waits for ``resume``).
STOP_STATES = frozenset({"succeeded", "failed", "cancelled", "paused"})

_Jobs = SyncCursorPage[FineTuningJob]
_AsyncJobs = AsyncCursorPage[FineTuningJob]
_Events = SyncCursorPage[FineTuningJobEvent]
_AsyncEvents = AsyncCursorPage[FineTuningJobEvent]


class JobCreateKwargs(JobCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``fine_tuning.jobs.create``."""


class JobListKwargs(JobListParams, RequestOptions, total=False):
    """The keyword arguments of ``fine_tuning.jobs.list``."""


class JobListEventsKwargs(JobListEventsParams, RequestOptions, total=False):
    """The keyword arguments of ``fine_tuning.jobs.list_events``."""


def _path(fine_tuning_job_id: str, suffix: str = "") -> str:
    return f"/fine_tuning/jobs/{path_param('fine_tuning_job_id', fine_tuning_job_id)}{suffix}"


def _create_options(params: JobCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options("post", "/fine_tuning/jobs", body=body, **request_options)


def _list_options(params: JobListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    query = bracket_objects(query)  # metadata[key]=value
    return make_options("get", "/fine_tuning/jobs", query=query, **request_options)


def _events_options(job_id: str, params: JobListEventsKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    return make_options("get", _path(job_id, "/events"), query=query, **request_options)


def _action(job_id: str, action: str, options: RequestOptions) -> FinalRequestOptions:
    return make_options("post", _path(job_id, f"/{action}"), **options)


class Jobs(SyncAPIResource):
    @cached_property
    def checkpoints(self) -> Checkpoints:
        return Checkpoints(self._client, self._mode)

    def create(self, **params: Unpack[JobCreateKwargs]) -> FineTuningJob:
        """Start fine-tuning ``model`` on ``training_file``; the job starts ``validating_files``."""
        return self._call(FineTuningJob, _create_options(params))

    def retrieve(self, fine_tuning_job_id: str, **options: Unpack[RequestOptions]) -> FineTuningJob:
        """One fine-tuning job."""
        options_ = make_options("get", _path(fine_tuning_job_id), **options)
        return self._call(FineTuningJob, options_)

    def list(self, **params: Unpack[JobListKwargs]) -> _Jobs:
        """Your fine-tuning jobs; iterating the page fetches the following pages."""
        return self._call(_Jobs, _list_options(params))

    def cancel(self, fine_tuning_job_id: str, **options: Unpack[RequestOptions]) -> FineTuningJob:
        """Cancel a job that has not finished."""
        return self._call(FineTuningJob, _action(fine_tuning_job_id, "cancel", options))

    def pause(self, fine_tuning_job_id: str, **options: Unpack[RequestOptions]) -> FineTuningJob:
        """Pause a running job."""
        return self._call(FineTuningJob, _action(fine_tuning_job_id, "pause", options))

    def resume(self, fine_tuning_job_id: str, **options: Unpack[RequestOptions]) -> FineTuningJob:
        """Resume a paused job."""
        return self._call(FineTuningJob, _action(fine_tuning_job_id, "resume", options))

    def list_events(
        self, fine_tuning_job_id: str, **params: Unpack[JobListEventsKwargs]
    ) -> _Events:
        """A job's status and metric events; iterating the page fetches the following pages."""
        return self._call(_Events, _events_options(fine_tuning_job_id, params))

    def poll(
        self, fine_tuning_job_id: str, *, poll_interval_ms: int | Omit = omit
    ) -> FineTuningJob:
        """Retrieve the job until it succeeded, failed, was cancelled or is paused.

        Waits as long as the server's ``openai-poll-after-ms`` header asks (or
        ``poll_interval_ms``), through the client's sleep hook.
        """
        settled: FineTuningJob = poll_resource(
            self,
            lambda raw: raw.retrieve(fine_tuning_job_id),
            stop=STOP_STATES,
            poll_interval_ms=poll_interval_ms,
        )
        return settled

    def create_and_poll(
        self, *, poll_interval_ms: int | Omit = omit, **params: Unpack[JobCreateKwargs]
    ) -> FineTuningJob:
        """Create a job, then :meth:`poll` it until it settles."""
        job = self._in_mode("parsed").create(**params)
        return self.poll(job.id, poll_interval_ms=poll_interval_ms)


class AsyncJobs(AsyncAPIResource):
    @cached_property
    def checkpoints(self) -> AsyncCheckpoints:
        return AsyncCheckpoints(self._client, self._mode)

    async def create(self, **params: Unpack[JobCreateKwargs]) -> FineTuningJob:
        """Start fine-tuning ``model`` on ``training_file``; the job starts ``validating_files``."""
        return await self._call(FineTuningJob, _create_options(params))

    async def retrieve(
        self, fine_tuning_job_id: str, **options: Unpack[RequestOptions]
    ) -> FineTuningJob:
        """One fine-tuning job."""
        options_ = make_options("get", _path(fine_tuning_job_id), **options)
        return await self._call(FineTuningJob, options_)

    def list(self, **params: Unpack[JobListKwargs]) -> AsyncPaginator[FineTuningJob, _AsyncJobs]:
        """Your fine-tuning jobs: ``await`` for the first page, or ``async for`` every job."""
        result: Any = self._list(_AsyncJobs, _list_options(params))
        return result  # type: ignore[no-any-return]

    async def cancel(
        self, fine_tuning_job_id: str, **options: Unpack[RequestOptions]
    ) -> FineTuningJob:
        """Cancel a job that has not finished."""
        return await self._call(FineTuningJob, _action(fine_tuning_job_id, "cancel", options))

    async def pause(
        self, fine_tuning_job_id: str, **options: Unpack[RequestOptions]
    ) -> FineTuningJob:
        """Pause a running job."""
        return await self._call(FineTuningJob, _action(fine_tuning_job_id, "pause", options))

    async def resume(
        self, fine_tuning_job_id: str, **options: Unpack[RequestOptions]
    ) -> FineTuningJob:
        """Resume a paused job."""
        return await self._call(FineTuningJob, _action(fine_tuning_job_id, "resume", options))

    def list_events(
        self, fine_tuning_job_id: str, **params: Unpack[JobListEventsKwargs]
    ) -> AsyncPaginator[FineTuningJobEvent, _AsyncEvents]:
        """A job's events: ``await`` for the first page, or ``async for`` every event."""
        result: Any = self._list(_AsyncEvents, _events_options(fine_tuning_job_id, params))
        return result  # type: ignore[no-any-return]

    async def poll(
        self, fine_tuning_job_id: str, *, poll_interval_ms: int | Omit = omit
    ) -> FineTuningJob:
        """As :meth:`Jobs.poll`, waiting through ``AsyncAPIClient._sleep``."""
        settled: FineTuningJob = await poll_resource_async(
            self,
            lambda raw: raw.retrieve(fine_tuning_job_id),
            stop=STOP_STATES,
            poll_interval_ms=poll_interval_ms,
        )
        return settled

    async def create_and_poll(
        self, *, poll_interval_ms: int | Omit = omit, **params: Unpack[JobCreateKwargs]
    ) -> FineTuningJob:
        """Create a job, then :meth:`poll` it until it settles."""
        job = await self._in_mode("parsed").create(**params)
        return await self.poll(job.id, poll_interval_ms=poll_interval_ms)
