"""``client.beta.threads.messages``: add, list, retrieve, update and delete a thread's messages."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from ...._pagination import AsyncCursorPage, AsyncPaginator, SyncCursorPage
from ...._resource import AsyncAPIResource, SyncAPIResource
from ...._types import RequestOptions
from ....types.beta.threads.message import Message
from ....types.beta.threads.message_create_params import MessageCreateParams
from ....types.beta.threads.message_deleted import MessageDeleted
from ....types.beta.threads.message_list_params import MessageListParams
from ....types.beta.threads.message_update_params import MessageUpdateParams
from ..._paths import path_param
from .._common import assistants_options

__all__ = ["AsyncMessages", "Messages"]


class MessageCreateKwargs(MessageCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.threads.messages.create``."""


class MessageUpdateKwargs(MessageUpdateParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.threads.messages.update`` (besides ``thread_id``)."""


class MessageListKwargs(MessageListParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.threads.messages.list``."""


def _messages(thread_id: str) -> str:
    return f"/threads/{path_param('thread_id', thread_id)}/messages"


def _message(thread_id: str, message_id: str) -> str:
    return f"{_messages(thread_id)}/{path_param('message_id', message_id)}"


class Messages(SyncAPIResource):
    def create(self, thread_id: str, **params: Unpack[MessageCreateKwargs]) -> Message:
        """Add a message (``role``, ``content``) to a thread."""
        return self._call(Message, assistants_options("post", _messages(thread_id), params))

    def retrieve(
        self, message_id: str, *, thread_id: str, **options: Unpack[RequestOptions]
    ) -> Message:
        options_ = assistants_options("get", _message(thread_id, message_id), options)
        return self._call(Message, options_)

    def update(
        self, message_id: str, *, thread_id: str, **params: Unpack[MessageUpdateKwargs]
    ) -> Message:
        options_ = assistants_options("post", _message(thread_id, message_id), params)
        return self._call(Message, options_)

    def list(self, thread_id: str, **params: Unpack[MessageListKwargs]) -> SyncCursorPage[Message]:
        """A thread's messages (``run_id=`` for one run's), newest first by default."""
        page = SyncCursorPage[Message]
        return self._call(page, assistants_options("get", _messages(thread_id), params))

    def delete(
        self, message_id: str, *, thread_id: str, **options: Unpack[RequestOptions]
    ) -> MessageDeleted:
        options_ = assistants_options("delete", _message(thread_id, message_id), options)
        return self._call(MessageDeleted, options_)


class AsyncMessages(AsyncAPIResource):
    async def create(self, thread_id: str, **params: Unpack[MessageCreateKwargs]) -> Message:
        """Add a message (``role``, ``content``) to a thread."""
        options_ = assistants_options("post", _messages(thread_id), params)
        return await self._call(Message, options_)

    async def retrieve(
        self, message_id: str, *, thread_id: str, **options: Unpack[RequestOptions]
    ) -> Message:
        options_ = assistants_options("get", _message(thread_id, message_id), options)
        return await self._call(Message, options_)

    async def update(
        self, message_id: str, *, thread_id: str, **params: Unpack[MessageUpdateKwargs]
    ) -> Message:
        options_ = assistants_options("post", _message(thread_id, message_id), params)
        return await self._call(Message, options_)

    def list(
        self, thread_id: str, **params: Unpack[MessageListKwargs]
    ) -> AsyncPaginator[Message, AsyncCursorPage[Message]]:
        """A thread's messages: ``await`` for the first page, or ``async for`` every one."""
        page = AsyncCursorPage[Message]
        result: Any = self._list(page, assistants_options("get", _messages(thread_id), params))
        return result  # type: ignore[no-any-return]

    async def delete(
        self, message_id: str, *, thread_id: str, **options: Unpack[RequestOptions]
    ) -> MessageDeleted:
        options_ = assistants_options("delete", _message(thread_id, message_id), options)
        return await self._call(MessageDeleted, options_)
