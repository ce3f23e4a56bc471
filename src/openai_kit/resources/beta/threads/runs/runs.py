"""``client.beta.threads.runs``: start, follow, stream and answer the runs of a thread.

Beside the API's calls there are the helpers: ``create_and_poll`` and
``poll`` (retrieve until the run waits for nothing but the caller),
``submit_tool_outputs_and_poll``, and ``stream`` /
``submit_tool_outputs_stream`` (a stream manager whose ``with`` block gets
the event handler).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, Literal, overload

from typing_extensions import Unpack

from ....._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ....._resource import AsyncAPIResource, SyncAPIResource
from ....._streaming import AsyncStream, Stream
from ....._types import Omit, RequestOptions, omit
from .....lib.streaming.assistants import (
    AssistantEventHandler,
    AssistantStreamManager,
    AsyncAssistantEventHandler,
    AsyncAssistantStreamManager,
)
from .....types.beta.assistant_stream_event import AssistantStreamEvent
from .....types.beta.threads.run import Run
from ...._polling import poll_resource, poll_resource_async
from ..._common import AssistantEvent, assistants_options
from ._options import (
    TERMINAL_STATES,
    RunCreateKwargs,
    RunListKwargs,
    RunSubmitToolOutputsKwargs,
    RunUpdateKwargs,
    create_options,
    run_path,
    runs_path,
    submit_options,
)
from .steps import AsyncSteps, Steps

__all__ = ["AsyncRuns", "Runs"]

_EVENTS = Stream[AssistantEvent]
_ASYNC_EVENTS = AsyncStream[AssistantEvent]


class Runs(SyncAPIResource):
    @cached_property
    def steps(self) -> Steps:
        return Steps(self._client, self._mode)

    @overload
    def create(
        self,
        thread_id: str,
        *,
        stream: Literal[False] | None = None,
        **params: Unpack[RunCreateKwargs],
    ) -> Run: ...
    @overload
    def create(
        self, thread_id: str, *, stream: Literal[True], **params: Unpack[RunCreateKwargs]
    ) -> Stream[AssistantStreamEvent]: ...
    @overload
    def create(
        self, thread_id: str, *, stream: bool, **params: Unpack[RunCreateKwargs]
    ) -> Run | Stream[AssistantStreamEvent]: ...
    def create(
        self, thread_id: str, *, stream: bool | None = None, **params: Unpack[RunCreateKwargs]
    ) -> Run | Stream[AssistantStreamEvent]:
        """Start a run of ``assistant_id`` on the thread; ``stream=True`` for its events."""
        options = create_options(thread_id, params, stream)
        return self._call(Run, options, stream=bool(stream), stream_cls=_EVENTS)

    def retrieve(self, run_id: str, *, thread_id: str, **options: Unpack[RequestOptions]) -> Run:
        return self._call(Run, assistants_options("get", run_path(thread_id, run_id), options))

    def update(self, run_id: str, *, thread_id: str, **params: Unpack[RunUpdateKwargs]) -> Run:
        """Replace a run's ``metadata``."""
        return self._call(Run, assistants_options("post", run_path(thread_id, run_id), params))

    def list(self, thread_id: str, **params: Unpack[RunListKwargs]) -> SyncCursorPage[Run]:
        """A thread's runs, newest first by default."""
        page = SyncCursorPage[Run]
        return self._call(page, assistants_options("get", runs_path(thread_id), params))

    def cancel(self, run_id: str, *, thread_id: str, **options: Unpack[RequestOptions]) -> Run:
        """Cancel a run that has not ended (it is ``cancelling``, then ``cancelled``)."""
        path = f"{run_path(thread_id, run_id)}/cancel"
        return self._call(Run, assistants_options("post", path, options))

    @overload
    def submit_tool_outputs(
        self,
        run_id: str,
        *,
        thread_id: str,
        stream: Literal[False] | None = None,
        **params: Unpack[RunSubmitToolOutputsKwargs],
    ) -> Run: ...
    @overload
    def submit_tool_outputs(
        self,
        run_id: str,
        *,
        thread_id: str,
        stream: Literal[True],
        **params: Unpack[RunSubmitToolOutputsKwargs],
    ) -> Stream[AssistantStreamEvent]: ...
    @overload
    def submit_tool_outputs(
        self,
        run_id: str,
        *,
        thread_id: str,
        stream: bool,
        **params: Unpack[RunSubmitToolOutputsKwargs],
    ) -> Run | Stream[AssistantStreamEvent]: ...
    def submit_tool_outputs(
        self,
        run_id: str,
        *,
        thread_id: str,
        stream: bool | None = None,
        **params: Unpack[RunSubmitToolOutputsKwargs],
    ) -> Run | Stream[AssistantStreamEvent]:
        """Answer a run's ``requires_action`` tool calls; the run resumes."""
        options = submit_options(thread_id, run_id, params, stream)
        return self._call(Run, options, stream=bool(stream), stream_cls=_EVENTS)

    # -- helpers -------------------------------------------------------------------------------

    def poll(
        self,
        run_id: str,
        thread_id: str,
        poll_interval_ms: int | Omit = omit,
        **options: Unpack[RequestOptions],
    ) -> Run:
        """Retrieve the run until it is ``requires_action`` or has ended."""
        run: Run = poll_resource(
            self,
            lambda raw: raw.retrieve(run_id, thread_id=thread_id, **options),
            stop=TERMINAL_STATES,
            poll_interval_ms=poll_interval_ms,
        )
        return run

    def create_and_poll(
        self,
        *,
        thread_id: str,
        poll_interval_ms: int | Omit = omit,
        **params: Unpack[RunCreateKwargs],
    ) -> Run:
        """Start a run and poll it until it needs the caller or has ended."""
        run = self._in_mode("parsed").create(thread_id, **params)
        return self.poll(run.id, thread_id, poll_interval_ms)

    def submit_tool_outputs_and_poll(
        self,
        *,
        run_id: str,
        thread_id: str,
        poll_interval_ms: int | Omit = omit,
        **params: Unpack[RunSubmitToolOutputsKwargs],
    ) -> Run:
        """Submit the tool outputs, then poll the run until it needs the caller or has ended."""
        run = self._in_mode("parsed").submit_tool_outputs(run_id, thread_id=thread_id, **params)
        return self.poll(run.id, thread_id, poll_interval_ms)

    def stream(
        self, *, thread_id: str, event_handler: Any = None, **params: Unpack[RunCreateKwargs]
    ) -> AssistantStreamManager[Any]:
        """Start a streamed run; ``with`` the manager to get ``event_handler`` fed by it."""
        resource = self._in_mode("parsed")
        return AssistantStreamManager(
            lambda: resource.create(thread_id, stream=True, **params),
            event_handler=event_handler or AssistantEventHandler(),
        )

    create_and_stream = stream

    def submit_tool_outputs_stream(
        self,
        *,
        run_id: str,
        thread_id: str,
        event_handler: Any = None,
        **params: Unpack[RunSubmitToolOutputsKwargs],
    ) -> AssistantStreamManager[Any]:
        """Submit the tool outputs and stream the resumed run into ``event_handler``."""
        resource = self._in_mode("parsed")
        return AssistantStreamManager(
            lambda: resource.submit_tool_outputs(
                run_id, thread_id=thread_id, stream=True, **params
            ),
            event_handler=event_handler or AssistantEventHandler(),
        )


class AsyncRuns(AsyncAPIResource):
    @cached_property
    def steps(self) -> AsyncSteps:
        return AsyncSteps(self._client, self._mode)

    @overload
    async def create(
        self,
        thread_id: str,
        *,
        stream: Literal[False] | None = None,
        **params: Unpack[RunCreateKwargs],
    ) -> Run: ...
    @overload
    async def create(
        self, thread_id: str, *, stream: Literal[True], **params: Unpack[RunCreateKwargs]
    ) -> AsyncStream[AssistantStreamEvent]: ...
    @overload
    async def create(
        self, thread_id: str, *, stream: bool, **params: Unpack[RunCreateKwargs]
    ) -> Run | AsyncStream[AssistantStreamEvent]: ...
    async def create(
        self, thread_id: str, *, stream: bool | None = None, **params: Unpack[RunCreateKwargs]
    ) -> Run | AsyncStream[AssistantStreamEvent]:
        """Start a run of ``assistant_id`` on the thread; ``stream=True`` for its events."""
        options = create_options(thread_id, params, stream)
        return await self._call(Run, options, stream=bool(stream), stream_cls=_ASYNC_EVENTS)

    async def retrieve(
        self, run_id: str, *, thread_id: str, **options: Unpack[RequestOptions]
    ) -> Run:
        options_ = assistants_options("get", run_path(thread_id, run_id), options)
        return await self._call(Run, options_)

    async def update(
        self, run_id: str, *, thread_id: str, **params: Unpack[RunUpdateKwargs]
    ) -> Run:
        """Replace a run's ``metadata``."""
        options_ = assistants_options("post", run_path(thread_id, run_id), params)
        return await self._call(Run, options_)

    def list(
        self, thread_id: str, **params: Unpack[RunListKwargs]
    ) -> AsyncPaginator[Run, AsyncCursorPage[Run]]:
        """A thread's runs: ``await`` for the first page, or ``async for`` every one."""
        page = AsyncCursorPage[Run]
        result: Any = self._list(page, assistants_options("get", runs_path(thread_id), params))
        return result  # type: ignore[no-any-return]

    async def cancel(
        self, run_id: str, *, thread_id: str, **options: Unpack[RequestOptions]
    ) -> Run:
        """Cancel a run that has not ended (it is ``cancelling``, then ``cancelled``)."""
        path = f"{run_path(thread_id, run_id)}/cancel"
        return await self._call(Run, assistants_options("post", path, options))

    @overload
    async def submit_tool_outputs(
        self,
        run_id: str,
        *,
        thread_id: str,
        stream: Literal[False] | None = None,
        **params: Unpack[RunSubmitToolOutputsKwargs],
    ) -> Run: ...
    @overload
    async def submit_tool_outputs(
        self,
        run_id: str,
        *,
        thread_id: str,
        stream: Literal[True],
        **params: Unpack[RunSubmitToolOutputsKwargs],
    ) -> AsyncStream[AssistantStreamEvent]: ...
    @overload
    async def submit_tool_outputs(
        self,
        run_id: str,
        *,
        thread_id: str,
        stream: bool,
        **params: Unpack[RunSubmitToolOutputsKwargs],
    ) -> Run | AsyncStream[AssistantStreamEvent]: ...
    async def submit_tool_outputs(
        self,
        run_id: str,
        *,
        thread_id: str,
        stream: bool | None = None,
        **params: Unpack[RunSubmitToolOutputsKwargs],
    ) -> Run | AsyncStream[AssistantStreamEvent]:
        """Answer a run's ``requires_action`` tool calls; the run resumes."""
        options = submit_options(thread_id, run_id, params, stream)
        return await self._call(Run, options, stream=bool(stream), stream_cls=_ASYNC_EVENTS)

    async def poll(
        self,
        run_id: str,
        thread_id: str,
        poll_interval_ms: int | Omit = omit,
        **options: Unpack[RequestOptions],
    ) -> Run:
        """Retrieve the run until it is ``requires_action`` or has ended."""
        return await poll_resource_async(
            self,
            lambda raw: raw.retrieve(run_id, thread_id=thread_id, **options),
            stop=TERMINAL_STATES,
            poll_interval_ms=poll_interval_ms,
        )

    async def create_and_poll(
        self,
        *,
        thread_id: str,
        poll_interval_ms: int | Omit = omit,
        **params: Unpack[RunCreateKwargs],
    ) -> Run:
        """Start a run and poll it until it needs the caller or has ended."""
        run = await self._in_mode("parsed").create(thread_id, **params)
        return await self.poll(run.id, thread_id, poll_interval_ms)

    async def submit_tool_outputs_and_poll(
        self,
        *,
        run_id: str,
        thread_id: str,
        poll_interval_ms: int | Omit = omit,
        **params: Unpack[RunSubmitToolOutputsKwargs],
    ) -> Run:
        """Submit the tool outputs, then poll the run until it needs the caller or has ended."""
        resource = self._in_mode("parsed")
        run = await resource.submit_tool_outputs(run_id, thread_id=thread_id, **params)
        return await self.poll(run.id, thread_id, poll_interval_ms)

    def stream(
        self, *, thread_id: str, event_handler: Any = None, **params: Unpack[RunCreateKwargs]
    ) -> AsyncAssistantStreamManager[Any]:
        """Start a streamed run; ``async with`` the manager to get ``event_handler`` fed by it."""
        resource = self._in_mode("parsed")

        async def api_request() -> AsyncStream[AssistantStreamEvent]:
            return await resource.create(thread_id, stream=True, **params)

        handler = event_handler or AsyncAssistantEventHandler()
        return AsyncAssistantStreamManager(api_request, event_handler=handler)

    create_and_stream = stream

    def submit_tool_outputs_stream(
        self,
        *,
        run_id: str,
        thread_id: str,
        event_handler: Any = None,
        **params: Unpack[RunSubmitToolOutputsKwargs],
    ) -> AsyncAssistantStreamManager[Any]:
        """Submit the tool outputs and stream the resumed run into ``event_handler``."""
        resource = self._in_mode("parsed")

        async def api_request() -> AsyncStream[AssistantStreamEvent]:
            return await resource.submit_tool_outputs(
                run_id, thread_id=thread_id, stream=True, **params
            )

        handler = event_handler or AsyncAssistantEventHandler()
        return AsyncAssistantStreamManager(api_request, event_handler=handler)
