"""``responses.stream``: the context managers and the streams they yield.

Iterate the stream for events (text deltas carry a ``snapshot`` of the text
so far); ``get_final_response()`` reads the rest and returns the parsed
response of ``response.completed``. Resuming an existing response
(``responses.stream(response_id=..., starting_after=n)``) replays it from
the start, so the final response is whole, and yields only the events
after sequence number ``n``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic

from ...._types import Omit
from ..._parsing._responses import TextFormatT
from .._helper_stream import (
    AsyncHelperStream,
    AsyncHelperStreamManager,
    HelperStream,
    HelperStreamManager,
)
from ._events import ResponseStreamEvent
from ._state import ResponseStreamState

if TYPE_CHECKING:
    from ...._streaming import AsyncStream, Stream
    from ....types.responses.parsed_response import ParsedResponse
    from ....types.responses.response_stream_event import (
        ResponseStreamEvent as RawResponseStreamEvent,
    )

__all__ = [
    "AsyncResponseStream",
    "AsyncResponseStreamManager",
    "ResponseStream",
    "ResponseStreamManager",
]

_NO_COMPLETED = "The stream ended without a `response.completed` event"


def _after(event: Any, starting_after: int | None) -> bool:
    if starting_after is None:
        return True
    number = getattr(event, "sequence_number", None)
    return number is None or number > starting_after


class _StreamBase(Generic[TextFormatT]):
    def __init__(
        self,
        *,
        text_format: type[TextFormatT] | Omit,
        input_tools: Iterable[Any] | Omit,
        starting_after: int | None,
    ) -> None:
        self._state: ResponseStreamState[TextFormatT] = ResponseStreamState(
            text_format=text_format, input_tools=input_tools
        )
        self._starting_after = starting_after

    @property
    def current_snapshot(self) -> ParsedResponse[object]:
        """The response accumulated so far."""
        return self._state.current_snapshot

    def _final(self) -> ParsedResponse[TextFormatT]:
        response = self._state.completed_response
        if response is None:
            raise RuntimeError(_NO_COMPLETED)
        return response


class ResponseStream(_StreamBase[TextFormatT], HelperStream["ResponseStreamEvent[TextFormatT]"]):
    """Iterate for the events; the response is accumulated as you go."""

    def __init__(
        self,
        *,
        raw_stream: Stream[RawResponseStreamEvent],
        text_format: type[TextFormatT] | Omit,
        input_tools: Iterable[Any] | Omit,
        starting_after: int | None,
    ) -> None:
        super().__init__(
            text_format=text_format, input_tools=input_tools, starting_after=starting_after
        )
        self._start(raw_stream)

    def _events(self) -> Iterator[ResponseStreamEvent[TextFormatT]]:
        handle, after = self._state.handle_event, self._starting_after
        for raw in self._raw_stream:
            for event in handle(raw):
                if _after(event, after):
                    yield event

    def get_final_response(self) -> ParsedResponse[TextFormatT]:
        """Read the stream to its end; the completed response, parsed."""
        self.until_done()
        return self._final()


class ResponseStreamManager(HelperStreamManager[ResponseStream[TextFormatT]]):
    """What ``responses.stream()`` returns: ``with`` it to send the request and stream.

    The response is closed when the block ends, read to its end or not.
    """

    def __init__(
        self,
        api_request: Callable[[], Stream[RawResponseStreamEvent]],
        *,
        text_format: type[TextFormatT] | Omit,
        input_tools: Iterable[Any] | Omit,
        starting_after: int | None,
    ) -> None:
        def open_stream() -> ResponseStream[TextFormatT]:
            return ResponseStream(
                raw_stream=api_request(),
                text_format=text_format,
                input_tools=input_tools,
                starting_after=starting_after,
            )

        super().__init__(open_stream)


class AsyncResponseStream(
    _StreamBase[TextFormatT], AsyncHelperStream["ResponseStreamEvent[TextFormatT]"]
):
    """``async for`` the events; the response is accumulated as you go."""

    def __init__(
        self,
        *,
        raw_stream: AsyncStream[RawResponseStreamEvent],
        text_format: type[TextFormatT] | Omit,
        input_tools: Iterable[Any] | Omit,
        starting_after: int | None,
    ) -> None:
        super().__init__(
            text_format=text_format, input_tools=input_tools, starting_after=starting_after
        )
        self._start(raw_stream)

    async def _events(self) -> AsyncIterator[ResponseStreamEvent[TextFormatT]]:
        handle, after = self._state.handle_event, self._starting_after
        async for raw in self._raw_stream:
            for event in handle(raw):
                if _after(event, after):
                    yield event

    async def get_final_response(self) -> ParsedResponse[TextFormatT]:
        """Read the stream to its end; the completed response, parsed."""
        await self.until_done()
        return self._final()


class AsyncResponseStreamManager(AsyncHelperStreamManager[AsyncResponseStream[TextFormatT]]):
    """What async ``responses.stream()`` returns: ``async with`` it to stream.

    ``api_request`` is called (and awaited) on entry, so a manager that is
    never entered sends nothing.
    """

    def __init__(
        self,
        api_request: Callable[[], Awaitable[AsyncStream[RawResponseStreamEvent]]],
        *,
        text_format: type[TextFormatT] | Omit,
        input_tools: Iterable[Any] | Omit,
        starting_after: int | None,
    ) -> None:
        async def open_stream() -> AsyncResponseStream[TextFormatT]:
            return AsyncResponseStream(
                raw_stream=await api_request(),
                text_format=text_format,
                input_tools=input_tools,
                starting_after=starting_after,
            )

        super().__init__(open_stream)
