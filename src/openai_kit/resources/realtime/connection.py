"""Realtime connections: send client events, receive typed server events.

``client.realtime.connect(model=...)`` returns a manager; ``with`` (or ``async
with``) opens the socket and yields a :class:`RealtimeConnection` /
:class:`AsyncRealtimeConnection`:

- ``send(event)`` (a dict or an event model), ``send_raw(data)``;
- ``recv()`` the next server event, typed; ``recv_bytes()`` its raw bytes;
  ``parse_event(data)``; iterating yields events until the server closes
  normally (an abnormal close raises :class:`RealtimeConnectionClosed`);
- ``close(code=1000, reason="")``;
- resource-style helpers that build and send one client event each:
  ``session.update``, ``response.create`` / ``.cancel``,
  ``input_audio_buffer.append`` / ``.commit`` / ``.clear``,
  ``conversation.item.create`` / ``.retrieve`` / ``.delete`` / ``.truncate``,
  ``output_audio_buffer.clear``. On the async connection they are awaited.

Sync and async share the helpers: each builds the event and hands it to the
connection's ``send`` (whose result, None or an awaitable, it returns).
"""

from __future__ import annotations

import json
import typing
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from functools import cache, cached_property
from types import TracebackType
from typing import Any, Generic, TypeVar, cast

from pydantic import BaseModel

from ..._models import BaseModel as _Model
from ..._models import validate_python
from ...types.realtime.realtime_server_event import RealtimeServerEvent
from ._socket import (
    AsyncSocket,
    RealtimeConnectionClosed,
    SyncSocket,
    open_async,
    open_sync,
    realtime_target,
    refresh_async,
    refresh_sync,
)

__all__ = [
    "AsyncRealtimeConnection",
    "AsyncRealtimeConnectionManager",
    "RealtimeConnection",
    "RealtimeConnectionManager",
    "UnknownServerEvent",
    "parse_server_event",
]

R = TypeVar("R")
Event = Mapping[str, Any] | BaseModel


class UnknownServerEvent(_Model):
    """A server event of a type this version does not know: its fields kept as attributes."""

    type: str


@cache
def _known_types() -> frozenset[str]:
    (union, *_) = typing.get_args(RealtimeServerEvent)
    return frozenset(
        literal
        for member in typing.get_args(union)
        for literal in typing.get_args(member.model_fields["type"].annotation)
    )


def parse_server_event(data: Any) -> RealtimeServerEvent:
    """A decoded server message as its typed event (leniently when a field does not fit);
    a type this version does not know becomes an :class:`UnknownServerEvent`."""
    if not isinstance(data, Mapping) or not isinstance(data.get("type"), str):
        raise ValueError(f"not a Realtime server event: {data!r}"[:200])
    if data["type"] in _known_types():
        return validate_python(RealtimeServerEvent, data, strict=False)  # type: ignore[arg-type]
    return cast(RealtimeServerEvent, UnknownServerEvent.model_validate(data))


def encode_event(event: Event) -> str:
    """A client event (dict or model) as the JSON text sent."""
    if isinstance(event, BaseModel):
        return event.model_dump_json(exclude_unset=True, by_alias=True)
    return json.dumps(dict(event))


def _with(event_type: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    return {"type": event_type, **{k: v for k, v in fields.items() if v is not None}}


class _Helper(Generic[R]):
    def __init__(self, send: Callable[[Event], R]) -> None:
        self._send = send


class SessionHelper(_Helper[R]):
    def update(self, *, session: Mapping[str, Any], event_id: str | None = None) -> R:
        """``session.update``: change the session's configuration."""
        return self._send(_with("session.update", {"session": session, "event_id": event_id}))


class ResponseHelper(_Helper[R]):
    def create(
        self, *, response: Mapping[str, Any] | None = None, event_id: str | None = None
    ) -> R:
        """``response.create``: have the model answer."""
        return self._send(_with("response.create", {"response": response, "event_id": event_id}))

    def cancel(self, *, response_id: str | None = None, event_id: str | None = None) -> R:
        """``response.cancel``: stop the response in progress."""
        return self._send(
            _with("response.cancel", {"response_id": response_id, "event_id": event_id})
        )


class InputAudioBufferHelper(_Helper[R]):
    def append(self, *, audio: str, event_id: str | None = None) -> R:
        """``input_audio_buffer.append``: base64 audio in the session's input format."""
        return self._send(
            _with("input_audio_buffer.append", {"audio": audio, "event_id": event_id})
        )

    def commit(self, *, event_id: str | None = None) -> R:
        return self._send(_with("input_audio_buffer.commit", {"event_id": event_id}))

    def clear(self, *, event_id: str | None = None) -> R:
        return self._send(_with("input_audio_buffer.clear", {"event_id": event_id}))


class OutputAudioBufferHelper(_Helper[R]):
    def clear(self, *, event_id: str | None = None) -> R:
        return self._send(_with("output_audio_buffer.clear", {"event_id": event_id}))


class ConversationItemHelper(_Helper[R]):
    def create(
        self,
        *,
        item: Mapping[str, Any],
        previous_item_id: str | None = None,
        event_id: str | None = None,
    ) -> R:
        fields = {"item": item, "previous_item_id": previous_item_id, "event_id": event_id}
        return self._send(_with("conversation.item.create", fields))

    def retrieve(self, *, item_id: str, event_id: str | None = None) -> R:
        return self._send(
            _with("conversation.item.retrieve", {"item_id": item_id, "event_id": event_id})
        )

    def delete(self, *, item_id: str, event_id: str | None = None) -> R:
        return self._send(
            _with("conversation.item.delete", {"item_id": item_id, "event_id": event_id})
        )

    def truncate(
        self, *, item_id: str, content_index: int, audio_end_ms: int, event_id: str | None = None
    ) -> R:
        fields = {"item_id": item_id, "content_index": content_index, "audio_end_ms": audio_end_ms}
        return self._send(_with("conversation.item.truncate", {**fields, "event_id": event_id}))


class ConversationHelper(_Helper[R]):
    @cached_property
    def item(self) -> ConversationItemHelper[R]:
        return ConversationItemHelper(self._send)


class _Helpers(ABC, Generic[R]):
    """The resource-style helpers of a connection whose ``send`` returns ``R``."""

    @abstractmethod
    def send(self, event: Event) -> R:
        """Send one client event (the sync connection returns None, the async one awaits)."""

    @cached_property
    def session(self) -> SessionHelper[R]:
        return SessionHelper(self.send)

    @cached_property
    def response(self) -> ResponseHelper[R]:
        return ResponseHelper(self.send)

    @cached_property
    def input_audio_buffer(self) -> InputAudioBufferHelper[R]:
        return InputAudioBufferHelper(self.send)

    @cached_property
    def output_audio_buffer(self) -> OutputAudioBufferHelper[R]:
        return OutputAudioBufferHelper(self.send)

    @cached_property
    def conversation(self) -> ConversationHelper[R]:
        return ConversationHelper(self.send)

    @staticmethod
    def parse_event(data: str | bytes) -> RealtimeServerEvent:
        """A raw server message as its typed event."""
        return parse_server_event(json.loads(data))


def _as_bytes(data: str | bytes) -> bytes:
    return data.encode() if isinstance(data, str) else data


class RealtimeConnection(_Helpers[None]):
    """An open Realtime connection (threads)."""

    def __init__(self, socket: SyncSocket) -> None:
        self.socket = socket

    def send(self, event: Event) -> None:
        self.socket.send(encode_event(event))

    def send_raw(self, data: str | bytes) -> None:
        self.socket.send(data)

    def recv_bytes(self) -> bytes:
        return _as_bytes(self.socket.recv())

    def recv(self) -> RealtimeServerEvent:
        return self.parse_event(self.recv_bytes())

    def __iter__(self) -> Iterator[RealtimeServerEvent]:
        while True:
            try:
                yield self.recv()
            except RealtimeConnectionClosed as closed:
                if closed.normal:
                    return
                raise

    def close(self, *, code: int = 1000, reason: str = "") -> None:
        self.socket.close(code, reason)


class AsyncRealtimeConnection(_Helpers[Awaitable[None]]):
    """An open Realtime connection (asyncio)."""

    def __init__(self, socket: AsyncSocket) -> None:
        self.socket = socket

    def send(self, event: Event) -> Awaitable[None]:
        return self.socket.send(encode_event(event))

    async def send_raw(self, data: str | bytes) -> None:
        await self.socket.send(data)

    async def recv_bytes(self) -> bytes:
        return _as_bytes(await self.socket.recv())

    async def recv(self) -> RealtimeServerEvent:
        return self.parse_event(await self.recv_bytes())

    async def __aiter__(self) -> AsyncIterator[RealtimeServerEvent]:
        while True:
            try:
                yield await self.recv()
            except RealtimeConnectionClosed as closed:
                if closed.normal:
                    return
                raise

    async def close(self, *, code: int = 1000, reason: str = "") -> None:
        await self.socket.close(code, reason)


class _Manager:
    def __init__(
        self,
        client: Any,
        *,
        model: str | None,
        call_id: str | None,
        extra_query: Mapping[str, object],
        extra_headers: Mapping[str, str],
        websocket_connection_options: Mapping[str, Any],
    ) -> None:
        self._client = client
        self._model = model
        self._call_id = call_id
        self._extra_query = dict(extra_query)
        self._extra_headers = dict(extra_headers)
        self._options = dict(websocket_connection_options)

    def _target(self) -> tuple[str, dict[str, str]]:
        url, headers = realtime_target(self._client, self._model, self._call_id, self._extra_query)
        return url, {**headers, **self._extra_headers}


class RealtimeConnectionManager(_Manager):
    """``with client.realtime.connect(...) as connection:`` (or ``.enter()`` / ``.close()``)."""

    _connection: RealtimeConnection | None = None

    def __enter__(self) -> RealtimeConnection:
        refresh_sync(self._client)
        url, headers = self._target()
        self._connection = RealtimeConnection(open_sync(self._client, url, headers, self._options))
        return self._connection

    enter = __enter__

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._connection is not None:
            self._connection.close()


class AsyncRealtimeConnectionManager(_Manager):
    """``async with client.realtime.connect(...) as connection:`` (or ``await .enter()``)."""

    _connection: AsyncRealtimeConnection | None = None

    async def __aenter__(self) -> AsyncRealtimeConnection:
        await refresh_async(self._client)
        url, headers = self._target()
        socket = await open_async(self._client, url, headers, self._options)
        self._connection = AsyncRealtimeConnection(socket)
        return self._connection

    enter = __aenter__

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._connection is not None:
            await self._connection.close()
