"""``AssistantEventHandler`` / ``AsyncAssistantEventHandler`` and their stream managers.

Subclass a handler and override the ``on_*`` callbacks you need; pass it as
``event_handler=`` to ``runs.stream``, ``threads.create_and_run_stream`` or
``runs.submit_tool_outputs_stream``. Inside the ``with`` block the handler is
the stream: iterate it for the events, or call ``until_done()``; afterwards
``get_final_run()``, ``get_final_messages()`` and ``get_final_run_steps()``
give the results. A handler serves one stream.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ....types.beta.assistant_stream_event import AssistantStreamEvent
from ....types.beta.threads.message import Message
from ....types.beta.threads.run import Run
from ....types.beta.threads.runs.run_step import RunStep
from ._state import EventState

if TYPE_CHECKING:
    from typing import Self

    import httpx

    from ...._streaming import AsyncStream, Stream

__all__ = [
    "AssistantEventHandler",
    "AssistantEventHandlerT",
    "AssistantStreamManager",
    "AsyncAssistantEventHandler",
    "AsyncAssistantEventHandlerT",
    "AsyncAssistantStreamManager",
]


class _HandlerBase:
    """The snapshots and the final results both handlers expose."""

    _state: EventState
    _started: bool = False

    def _begin(self) -> None:
        if self._started:
            raise RuntimeError("An event handler serves one stream; make a new one for each stream")
        self._started = True
        self._state = EventState()

    @property
    def current_event(self) -> AssistantStreamEvent | None:
        return self._state.current_event

    @property
    def current_run(self) -> Run | None:
        return self._state.current_run

    @property
    def current_run_step_snapshot(self) -> RunStep | None:
        return self._state.current_run_step_snapshot

    @property
    def current_message_snapshot(self) -> Message | None:
        return self._state.current_message_snapshot

    def _final_run(self) -> Run:
        if self._state.current_run is None:
            raise RuntimeError("No run was seen in the stream")
        return self._state.current_run


class AssistantEventHandler(_HandlerBase):
    """Callbacks for the events of one streamed run (override the ones you need)."""

    _stream: Stream[AssistantStreamEvent]
    _iterator: Iterator[AssistantStreamEvent]

    def _init(self, stream: Stream[AssistantStreamEvent]) -> None:
        self._begin()
        self._stream = stream
        self._iterator = self._events()

    def _events(self) -> Iterator[AssistantStreamEvent]:
        try:
            for event in self._stream:
                for name, args in self._state.feed(event):
                    getattr(self, name)(*args)
                yield event
        except BaseException as exc:
            if isinstance(exc, Exception):
                self.on_exception(exc)
            raise
        finally:
            self._stream.close()
        self.on_end()

    @property
    def response(self) -> httpx.Response:
        return self._stream.response

    def __iter__(self) -> Iterator[AssistantStreamEvent]:
        return self._iterator

    def __next__(self) -> AssistantStreamEvent:
        return next(self._iterator)

    def until_done(self) -> None:
        """Read the stream to its end, making every callback."""
        for _ in self._iterator:
            pass

    @property
    def text_deltas(self) -> Iterator[str]:
        """The text of the messages as it arrives."""
        for event in self._iterator:
            if event.event == "thread.message.delta":
                for block in event.data.delta.content or ():
                    if block.type == "text" and block.text is not None and block.text.value:
                        yield block.text.value

    def get_final_run(self) -> Run:
        """The run as the stream left it (reads the stream to its end first)."""
        self.until_done()
        return self._final_run()

    def get_final_run_steps(self) -> list[RunStep]:
        self.until_done()
        return list(self._state.steps.values())

    def get_final_messages(self) -> list[Message]:
        self.until_done()
        return list(self._state.messages.values())

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- the callbacks ---------------------------------------------------------------------

    def on_event(self, event: AssistantStreamEvent) -> None:
        """Every event, before the more specific callbacks."""

    def on_run_step_created(self, run_step: RunStep) -> None: ...
    def on_run_step_delta(self, delta: Any, snapshot: RunStep) -> None: ...
    def on_run_step_done(self, run_step: RunStep) -> None: ...
    def on_tool_call_created(self, tool_call: Any) -> None: ...
    def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None: ...
    def on_tool_call_done(self, tool_call: Any) -> None: ...
    def on_message_created(self, message: Message) -> None: ...
    def on_message_delta(self, delta: Any, snapshot: Message) -> None: ...
    def on_message_done(self, message: Message) -> None: ...
    def on_text_created(self, text: Any) -> None: ...
    def on_text_delta(self, delta: Any, snapshot: Any) -> None: ...
    def on_text_done(self, text: Any) -> None: ...
    def on_image_file_done(self, image_file: Any) -> None: ...
    def on_end(self) -> None:
        """The stream ended."""

    def on_exception(self, exception: Exception) -> None:
        """Reading or handling the stream raised ``exception`` (it is raised afterwards)."""

    def on_timeout(self) -> None:
        """The request timed out."""


class AsyncAssistantEventHandler(_HandlerBase):
    """Async callbacks for the events of one streamed run (override the ones you need)."""

    _stream: AsyncStream[AssistantStreamEvent]
    _iterator: AsyncIterator[AssistantStreamEvent]

    def _init(self, stream: AsyncStream[AssistantStreamEvent]) -> None:
        self._begin()
        self._stream = stream
        self._iterator = self._events()

    async def _events(self) -> AsyncIterator[AssistantStreamEvent]:
        try:
            async for event in self._stream:
                for name, args in self._state.feed(event):
                    await getattr(self, name)(*args)
                yield event
        except BaseException as exc:
            if isinstance(exc, Exception):
                await self.on_exception(exc)
            raise
        finally:
            await self._stream.close()
        await self.on_end()

    @property
    def response(self) -> httpx.Response:
        return self._stream.response

    def __aiter__(self) -> AsyncIterator[AssistantStreamEvent]:
        return self._iterator

    async def __anext__(self) -> AssistantStreamEvent:
        return await self._iterator.__anext__()

    async def until_done(self) -> None:
        """Read the stream to its end, awaiting every callback."""
        async for _ in self._iterator:
            pass

    @property
    def text_deltas(self) -> AsyncIterator[str]:
        """The text of the messages as it arrives."""
        return self._text_deltas()

    async def _text_deltas(self) -> AsyncIterator[str]:
        async for event in self._iterator:
            if event.event == "thread.message.delta":
                for block in event.data.delta.content or ():
                    if block.type == "text" and block.text is not None and block.text.value:
                        yield block.text.value

    async def get_final_run(self) -> Run:
        await self.until_done()
        return self._final_run()

    async def get_final_run_steps(self) -> list[RunStep]:
        await self.until_done()
        return list(self._state.steps.values())

    async def get_final_messages(self) -> list[Message]:
        await self.until_done()
        return list(self._state.messages.values())

    async def close(self) -> None:
        await self._stream.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def on_event(self, event: AssistantStreamEvent) -> None:
        """Every event, before the more specific callbacks."""

    async def on_run_step_created(self, run_step: RunStep) -> None: ...
    async def on_run_step_delta(self, delta: Any, snapshot: RunStep) -> None: ...
    async def on_run_step_done(self, run_step: RunStep) -> None: ...
    async def on_tool_call_created(self, tool_call: Any) -> None: ...
    async def on_tool_call_delta(self, delta: Any, snapshot: Any) -> None: ...
    async def on_tool_call_done(self, tool_call: Any) -> None: ...
    async def on_message_created(self, message: Message) -> None: ...
    async def on_message_delta(self, delta: Any, snapshot: Message) -> None: ...
    async def on_message_done(self, message: Message) -> None: ...
    async def on_text_created(self, text: Any) -> None: ...
    async def on_text_delta(self, delta: Any, snapshot: Any) -> None: ...
    async def on_text_done(self, text: Any) -> None: ...
    async def on_image_file_done(self, image_file: Any) -> None: ...
    async def on_end(self) -> None:
        """The stream ended."""

    async def on_exception(self, exception: Exception) -> None:
        """Reading or handling the stream raised ``exception`` (it is raised afterwards)."""

    async def on_timeout(self) -> None:
        """The request timed out."""


AssistantEventHandlerT = TypeVar("AssistantEventHandlerT", bound=AssistantEventHandler)
AsyncAssistantEventHandlerT = TypeVar(
    "AsyncAssistantEventHandlerT", bound=AsyncAssistantEventHandler
)


class AssistantStreamManager(Generic[AssistantEventHandlerT]):
    """``with`` it to send the request; the block gets the event handler, fed by the stream."""

    def __init__(
        self,
        api_request: Callable[[], Stream[AssistantStreamEvent]],
        *,
        event_handler: AssistantEventHandlerT,
    ) -> None:
        self._api_request = api_request
        self._handler = event_handler

    def __enter__(self) -> AssistantEventHandlerT:
        self._handler._init(self._api_request())
        return self._handler

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._handler.close()


class AsyncAssistantStreamManager(Generic[AsyncAssistantEventHandlerT]):
    """``async with`` it to send the request; the block gets the event handler."""

    def __init__(
        self,
        api_request: Callable[[], Awaitable[AsyncStream[AssistantStreamEvent]]],
        *,
        event_handler: AsyncAssistantEventHandlerT,
    ) -> None:
        self._api_request = api_request
        self._handler = event_handler

    async def __aenter__(self) -> AsyncAssistantEventHandlerT:
        self._handler._init(await self._api_request())
        return self._handler

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._handler.close()
