"""What every helper stream shares: iterate its events, read to the end, close.

``chat.completions.stream()`` and ``responses.stream()`` hand out streams
that turn raw chunks into helper events; only :meth:`_events` differs.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from typing import Self

    import httpx

    from ..._streaming import AsyncStream, Stream

__all__ = [
    "AsyncHelperStream",
    "AsyncHelperStreamManager",
    "HelperStream",
    "HelperStreamManager",
]

_E = TypeVar("_E")


class HelperStream(Generic[_E]):
    """Iterate for the events; ``with`` it (or ``close()``) to release the response."""

    _raw_stream: Stream[Any]
    _iterator: Iterator[_E]

    def _start(self, raw_stream: Stream[Any]) -> None:
        self._raw_stream = raw_stream
        self._iterator = self._events()

    @abstractmethod
    def _events(self) -> Iterator[_E]: ...

    @property
    def response(self) -> httpx.Response:
        """The HTTP response the events are read from."""
        return self._raw_stream.response

    def __iter__(self) -> Iterator[_E]:
        return self._iterator

    def __next__(self) -> _E:
        return next(self._iterator)

    def until_done(self) -> Self:
        """Read the stream to its end."""
        for _ in self._iterator:
            pass
        return self

    def close(self) -> None:
        """Close the response without reading the rest."""
        self._raw_stream.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncHelperStream(Generic[_E]):
    """``async for`` the events; ``async with`` it (or ``await close()``) to release the response."""

    _raw_stream: AsyncStream[Any]
    _iterator: AsyncIterator[_E]

    def _start(self, raw_stream: AsyncStream[Any]) -> None:
        self._raw_stream = raw_stream
        self._iterator = self._events()

    @abstractmethod
    def _events(self) -> AsyncIterator[_E]: ...

    @property
    def response(self) -> httpx.Response:
        """The HTTP response the events are read from."""
        return self._raw_stream.response

    def __aiter__(self) -> AsyncIterator[_E]:
        return self._iterator

    async def __anext__(self) -> _E:
        return await self._iterator.__anext__()

    async def until_done(self) -> Self:
        """Read the stream to its end."""
        async for _ in self._iterator:
            pass
        return self

    async def close(self) -> None:
        """Close the response without reading the rest."""
        await self._raw_stream.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


_S = TypeVar("_S", bound="HelperStream[Any]")
_AS = TypeVar("_AS", bound="AsyncHelperStream[Any]")


class HelperStreamManager(Generic[_S]):
    """``with`` it to send the request and get the stream; the response closes when the block ends."""

    def __init__(self, open_stream: Callable[[], _S]) -> None:
        self._open_stream = open_stream
        self._stream: _S | None = None

    def __enter__(self) -> _S:
        self._stream = self._open_stream()
        return self._stream

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stream is not None:
            self._stream.close()


class AsyncHelperStreamManager(Generic[_AS]):
    """``async with`` it to send the request and get the stream.

    The request is made on entry, so a manager that is never entered sends
    nothing and leaves no coroutine behind.
    """

    def __init__(self, open_stream: Callable[[], Awaitable[_AS]]) -> None:
        self._open_stream = open_stream
        self._stream: _AS | None = None

    async def __aenter__(self) -> _AS:
        self._stream = await self._open_stream()
        return self._stream

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._stream is not None:
            await self._stream.close()
