"""``client.beta.chatkit.threads``: list, retrieve and delete ChatKit threads, and list their items."""

from __future__ import annotations

from typing import Any, get_args

from typing_extensions import Unpack

from ...._pagination import (
    AsyncConversationCursorPage,
    AsyncPaginator,
    SyncConversationCursorPage,
)
from ...._resource import AsyncAPIResource, SyncAPIResource
from ...._types import RequestOptions
from ....types.beta.chatkit.chatkit_thread import ChatKitThread
from ....types.beta.chatkit.chatkit_thread_item_list import ChatKitThreadItemList
from ....types.beta.chatkit.thread_delete_response import ThreadDeleteResponse
from ....types.beta.chatkit.thread_list_items_params import ThreadListItemsParams
from ....types.beta.chatkit.thread_list_params import ThreadListParams
from ..._paths import path_param
from .._common import chatkit_options

__all__ = ["AsyncThreads", "ThreadItem", "Threads"]

#: One item of a thread (a user or assistant message, a widget, a tool call, a task...).
ThreadItem: Any = get_args(ChatKitThreadItemList.model_fields["data"].annotation)[0]


class ThreadListKwargs(ThreadListParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.chatkit.threads.list``."""


class ThreadListItemsKwargs(ThreadListItemsParams, RequestOptions, total=False):
    """The keyword arguments of ``beta.chatkit.threads.list_items``."""


def _path(thread_id: str) -> str:
    return f"/chatkit/threads/{path_param('thread_id', thread_id)}"


class Threads(SyncAPIResource):
    def retrieve(self, thread_id: str, **options: Unpack[RequestOptions]) -> ChatKitThread:
        return self._call(ChatKitThread, chatkit_options("get", _path(thread_id), options))

    def list(self, **params: Unpack[ThreadListKwargs]) -> SyncConversationCursorPage[ChatKitThread]:
        """The threads (``user=`` for one user's), newest first by default."""
        page = SyncConversationCursorPage[ChatKitThread]
        return self._call(page, chatkit_options("get", "/chatkit/threads", params))

    def delete(self, thread_id: str, **options: Unpack[RequestOptions]) -> ThreadDeleteResponse:
        options_ = chatkit_options("delete", _path(thread_id), options)
        return self._call(ThreadDeleteResponse, options_)

    def list_items(
        self, thread_id: str, **params: Unpack[ThreadListItemsKwargs]
    ) -> SyncConversationCursorPage[Any]:
        """A thread's items, newest first by default."""
        page = SyncConversationCursorPage[ThreadItem]
        return self._call(page, chatkit_options("get", f"{_path(thread_id)}/items", params))


class AsyncThreads(AsyncAPIResource):
    async def retrieve(self, thread_id: str, **options: Unpack[RequestOptions]) -> ChatKitThread:
        options_ = chatkit_options("get", _path(thread_id), options)
        return await self._call(ChatKitThread, options_)

    def list(
        self, **params: Unpack[ThreadListKwargs]
    ) -> AsyncPaginator[ChatKitThread, AsyncConversationCursorPage[ChatKitThread]]:
        """The threads: ``await`` for the first page, or ``async for`` every one."""
        page = AsyncConversationCursorPage[ChatKitThread]
        result: Any = self._list(page, chatkit_options("get", "/chatkit/threads", params))
        return result  # type: ignore[no-any-return]

    async def delete(
        self, thread_id: str, **options: Unpack[RequestOptions]
    ) -> ThreadDeleteResponse:
        options_ = chatkit_options("delete", _path(thread_id), options)
        return await self._call(ThreadDeleteResponse, options_)

    def list_items(
        self, thread_id: str, **params: Unpack[ThreadListItemsKwargs]
    ) -> AsyncPaginator[Any, AsyncConversationCursorPage[Any]]:
        """A thread's items: ``await`` for the first page, or ``async for`` every one."""
        page = AsyncConversationCursorPage[ThreadItem]
        options = chatkit_options("get", f"{_path(thread_id)}/items", params)
        result: Any = self._list(page, options)
        return result  # type: ignore[no-any-return]
