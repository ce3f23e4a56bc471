"""``client.beta.threads``: threads, and runs started with a new thread (``create_and_run``)."""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal, overload

from typing_extensions import Unpack

from ...._resource import AsyncAPIResource, SyncAPIResource
from ...._streaming import AsyncStream, Stream
from ...._types import Omit, RequestOptions, omit
from ....lib.streaming.assistants import (
    AssistantEventHandler,
    AssistantStreamManager,
    AsyncAssistantEventHandler,
    AsyncAssistantStreamManager,
)
from ....types.beta.assistant_stream_event import AssistantStreamEvent
from ....types.beta.thread import Thread
from ....types.beta.thread_create_params import ThreadCreateParams
from ....types.beta.thread_deleted import ThreadDeleted
from ....types.beta.thread_update_params import ThreadUpdateParams
from ....types.beta.threads.run import Run
from ..._paths import path_param
from .._common import AssistantEvent, assistants_options
from .messages import AsyncMessages, Messages
from .runs import AsyncRuns, Runs
from .runs._options import ThreadCreateAndRunKwargs, and_run_options

__all__ = ["AsyncThreads", "Threads"]

_EVENTS = Stream[AssistantEvent]
_ASYNC_EVENTS = AsyncStream[AssistantEvent]


class ThreadCreateKwargs(ThreadCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.threads.create``."""


class ThreadUpdateKwargs(ThreadUpdateParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.threads.update``."""


def _path(thread_id: str) -> str:
    return f"/threads/{path_param('thread_id', thread_id)}"


class Threads(SyncAPIResource):
    @cached_property
    def runs(self) -> Runs:
        return Runs(self._client, self._mode)

    @cached_property
    def messages(self) -> Messages:
        return Messages(self._client, self._mode)

    def create(self, **params: Unpack[ThreadCreateKwargs]) -> Thread:
        """A thread, optionally with ``messages``, ``metadata`` and ``tool_resources``."""
        return self._call(Thread, assistants_options("post", "/threads", params))

    def retrieve(self, thread_id: str, **options: Unpack[RequestOptions]) -> Thread:
        return self._call(Thread, assistants_options("get", _path(thread_id), options))

    def update(self, thread_id: str, **params: Unpack[ThreadUpdateKwargs]) -> Thread:
        return self._call(Thread, assistants_options("post", _path(thread_id), params))

    def delete(self, thread_id: str, **options: Unpack[RequestOptions]) -> ThreadDeleted:
        return self._call(ThreadDeleted, assistants_options("delete", _path(thread_id), options))

    @overload
    def create_and_run(
        self, *, stream: Literal[False] | None = None, **params: Unpack[ThreadCreateAndRunKwargs]
    ) -> Run: ...
    @overload
    def create_and_run(
        self, *, stream: Literal[True], **params: Unpack[ThreadCreateAndRunKwargs]
    ) -> Stream[AssistantStreamEvent]: ...
    @overload
    def create_and_run(
        self, *, stream: bool, **params: Unpack[ThreadCreateAndRunKwargs]
    ) -> Run | Stream[AssistantStreamEvent]: ...
    def create_and_run(
        self, *, stream: bool | None = None, **params: Unpack[ThreadCreateAndRunKwargs]
    ) -> Run | Stream[AssistantStreamEvent]:
        """Make a thread (``thread=``) and start a run on it in one call."""
        options = and_run_options(params, stream)
        return self._call(Run, options, stream=bool(stream), stream_cls=_EVENTS)

    def create_and_run_poll(
        self, *, poll_interval_ms: int | Omit = omit, **params: Unpack[ThreadCreateAndRunKwargs]
    ) -> Run:
        """``create_and_run``, then poll the run until it needs the caller or has ended."""
        run = self._in_mode("parsed").create_and_run(**params)
        return self.runs.poll(run.id, run.thread_id, poll_interval_ms)

    def create_and_run_stream(
        self, *, event_handler: Any = None, **params: Unpack[ThreadCreateAndRunKwargs]
    ) -> AssistantStreamManager[Any]:
        """``create_and_run`` streamed; ``with`` the manager to get ``event_handler``."""
        resource = self._in_mode("parsed")
        return AssistantStreamManager(
            lambda: resource.create_and_run(stream=True, **params),
            event_handler=event_handler or AssistantEventHandler(),
        )


class AsyncThreads(AsyncAPIResource):
    @cached_property
    def runs(self) -> AsyncRuns:
        return AsyncRuns(self._client, self._mode)

    @cached_property
    def messages(self) -> AsyncMessages:
        return AsyncMessages(self._client, self._mode)

    async def create(self, **params: Unpack[ThreadCreateKwargs]) -> Thread:
        """A thread, optionally with ``messages``, ``metadata`` and ``tool_resources``."""
        return await self._call(Thread, assistants_options("post", "/threads", params))

    async def retrieve(self, thread_id: str, **options: Unpack[RequestOptions]) -> Thread:
        return await self._call(Thread, assistants_options("get", _path(thread_id), options))

    async def update(self, thread_id: str, **params: Unpack[ThreadUpdateKwargs]) -> Thread:
        return await self._call(Thread, assistants_options("post", _path(thread_id), params))

    async def delete(self, thread_id: str, **options: Unpack[RequestOptions]) -> ThreadDeleted:
        options_ = assistants_options("delete", _path(thread_id), options)
        return await self._call(ThreadDeleted, options_)

    @overload
    async def create_and_run(
        self, *, stream: Literal[False] | None = None, **params: Unpack[ThreadCreateAndRunKwargs]
    ) -> Run: ...
    @overload
    async def create_and_run(
        self, *, stream: Literal[True], **params: Unpack[ThreadCreateAndRunKwargs]
    ) -> AsyncStream[AssistantStreamEvent]: ...
    @overload
    async def create_and_run(
        self, *, stream: bool, **params: Unpack[ThreadCreateAndRunKwargs]
    ) -> Run | AsyncStream[AssistantStreamEvent]: ...
    async def create_and_run(
        self, *, stream: bool | None = None, **params: Unpack[ThreadCreateAndRunKwargs]
    ) -> Run | AsyncStream[AssistantStreamEvent]:
        """Make a thread (``thread=``) and start a run on it in one call."""
        options = and_run_options(params, stream)
        return await self._call(Run, options, stream=bool(stream), stream_cls=_ASYNC_EVENTS)

    async def create_and_run_poll(
        self, *, poll_interval_ms: int | Omit = omit, **params: Unpack[ThreadCreateAndRunKwargs]
    ) -> Run:
        """``create_and_run``, then poll the run until it needs the caller or has ended."""
        run = await self._in_mode("parsed").create_and_run(**params)
        return await self.runs.poll(run.id, run.thread_id, poll_interval_ms)

    def create_and_run_stream(
        self, *, event_handler: Any = None, **params: Unpack[ThreadCreateAndRunKwargs]
    ) -> AsyncAssistantStreamManager[Any]:
        """``create_and_run`` streamed; ``async with`` the manager to get ``event_handler``."""
        resource = self._in_mode("parsed")

        async def api_request() -> AsyncStream[AssistantStreamEvent]:
            return await resource.create_and_run(stream=True, **params)

        handler = event_handler or AsyncAssistantEventHandler()
        return AsyncAssistantStreamManager(api_request, event_handler=handler)
