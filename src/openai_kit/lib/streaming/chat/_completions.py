"""``chat.completions.stream``: the context managers and the streams they yield.

The stream is iterated like ``create(stream=True)`` but yields helper
events (``chunk``, ``content.delta``, ``content.done``, ...) and keeps the
accumulated completion: ``get_final_completion()`` reads the rest of the
stream and returns it parsed. All the logic is in
:class:`ChatCompletionStreamState`; the classes here only move chunks.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic

from ...._types import Omit
from ..._parsing._completions import ResponseFormatT
from .._helper_stream import (
    AsyncHelperStream,
    AsyncHelperStreamManager,
    HelperStream,
    HelperStreamManager,
)
from ._events import ChatCompletionStreamEvent
from ._state import ChatCompletionStreamState, is_chat_completion_chunk

if TYPE_CHECKING:
    from ...._streaming import AsyncStream, Stream
    from ....types.chat.chat_completion_chunk import ChatCompletionChunk
    from ....types.chat.parsed_chat_completion import ParsedChatCompletion

__all__ = [
    "AsyncChatCompletionStream",
    "AsyncChatCompletionStreamManager",
    "ChatCompletionStream",
    "ChatCompletionStreamManager",
]

_Format = type[ResponseFormatT] | Mapping[str, Any] | Omit


class ChatCompletionStream(
    HelperStream["ChatCompletionStreamEvent[ResponseFormatT]"], Generic[ResponseFormatT]
):
    """Iterate for the helper events; the accumulated completion is kept as you go."""

    def __init__(
        self,
        *,
        raw_stream: Stream[ChatCompletionChunk],
        response_format: _Format[ResponseFormatT],
        input_tools: Iterable[Any] | Omit,
    ) -> None:
        self._state: ChatCompletionStreamState[ResponseFormatT] = ChatCompletionStreamState(
            response_format=response_format, input_tools=input_tools
        )
        self._start(raw_stream)

    def _events(self) -> Iterator[ChatCompletionStreamEvent[ResponseFormatT]]:
        handle = self._state.handle_chunk
        for chunk in self._raw_stream:
            if is_chat_completion_chunk(chunk):
                yield from handle(chunk)

    @property
    def current_completion_snapshot(self) -> ParsedChatCompletion[object]:
        """The completion accumulated so far."""
        return self._state.current_completion_snapshot

    def get_final_completion(self) -> ParsedChatCompletion[ResponseFormatT]:
        """Read the stream to its end; the whole completion, parsed."""
        self.until_done()
        return self._state.get_final_completion()


class ChatCompletionStreamManager(HelperStreamManager[ChatCompletionStream[ResponseFormatT]]):
    """What ``chat.completions.stream()`` returns: ``with`` it to send the request and stream.

    The response is closed when the block ends, read to its end or not.
    """

    def __init__(
        self,
        api_request: Callable[[], Stream[ChatCompletionChunk]],
        *,
        response_format: _Format[ResponseFormatT],
        input_tools: Iterable[Any] | Omit,
    ) -> None:
        def open_stream() -> ChatCompletionStream[ResponseFormatT]:
            return ChatCompletionStream(
                raw_stream=api_request(), response_format=response_format, input_tools=input_tools
            )

        super().__init__(open_stream)


class AsyncChatCompletionStream(
    AsyncHelperStream["ChatCompletionStreamEvent[ResponseFormatT]"], Generic[ResponseFormatT]
):
    """``async for`` the helper events; the accumulated completion is kept as you go."""

    def __init__(
        self,
        *,
        raw_stream: AsyncStream[ChatCompletionChunk],
        response_format: _Format[ResponseFormatT],
        input_tools: Iterable[Any] | Omit,
    ) -> None:
        self._state: ChatCompletionStreamState[ResponseFormatT] = ChatCompletionStreamState(
            response_format=response_format, input_tools=input_tools
        )
        self._start(raw_stream)

    async def _events(self) -> AsyncIterator[ChatCompletionStreamEvent[ResponseFormatT]]:
        handle = self._state.handle_chunk
        async for chunk in self._raw_stream:
            if is_chat_completion_chunk(chunk):
                for event in handle(chunk):
                    yield event

    @property
    def current_completion_snapshot(self) -> ParsedChatCompletion[object]:
        """The completion accumulated so far."""
        return self._state.current_completion_snapshot

    async def get_final_completion(self) -> ParsedChatCompletion[ResponseFormatT]:
        """Read the stream to its end; the whole completion, parsed."""
        await self.until_done()
        return self._state.get_final_completion()


class AsyncChatCompletionStreamManager(
    AsyncHelperStreamManager[AsyncChatCompletionStream[ResponseFormatT]]
):
    """What async ``chat.completions.stream()`` returns: ``async with`` it to stream.

    ``api_request`` is called (and awaited) on entry, so a manager that is
    never entered sends nothing and leaves no coroutine behind.
    """

    def __init__(
        self,
        api_request: Callable[[], Awaitable[AsyncStream[ChatCompletionChunk]]],
        *,
        response_format: _Format[ResponseFormatT],
        input_tools: Iterable[Any] | Omit,
    ) -> None:
        async def open_stream() -> AsyncChatCompletionStream[ResponseFormatT]:
            return AsyncChatCompletionStream(
                raw_stream=await api_request(),
                response_format=response_format,
                input_tools=input_tools,
            )

        super().__init__(open_stream)
