"""``client.conversations.items``: add, list, retrieve and delete the items of a conversation."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._pagination import (
    AsyncConversationCursorPage,
    AsyncPaginator,
    SyncConversationCursorPage,
)
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._types import RequestOptions, split_request_options
from ...types.conversations.conversation import Conversation
from ...types.conversations.conversation_item import ConversationItem
from ...types.conversations.conversation_item_list import ConversationItemList
from ...types.conversations.item_create_params import ItemCreateParams
from ...types.conversations.item_list_params import ItemListParams
from ...types.conversations.item_retrieve_params import ItemRetrieveParams
from .._paths import path_param
from ..responses._query import bracket_arrays

__all__ = ["AsyncItems", "Items"]


class ItemCreateKwargs(ItemCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``conversations.items.create``."""


class ItemListKwargs(ItemListParams, RequestOptions, total=False):
    """The keyword arguments of ``conversations.items.list``."""


class ItemRetrieveKwargs(ItemRetrieveParams, RequestOptions, total=False):
    """The keyword arguments of ``conversations.items.retrieve``."""


def _items_path(conversation_id: str) -> str:
    return f"/conversations/{path_param('conversation_id', conversation_id)}/items"


def _item_path(conversation_id: str, item_id: str) -> str:
    return f"{_items_path(conversation_id)}/{path_param('item_id', item_id)}"


def _create_options(conversation_id: str, params: ItemCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    # `include` shapes the answer, so it travels in the query; the items are the body
    query = {"include": body.pop("include")} if "include" in body else {}
    path = _items_path(conversation_id)
    return make_options("post", path, body=body, query=bracket_arrays(query), **request_options)


def _list_options(conversation_id: str, params: ItemListKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    path = _items_path(conversation_id)
    return make_options("get", path, query=bracket_arrays(query), **request_options)


def _retrieve_options(item_id: str, params: ItemRetrieveKwargs) -> FinalRequestOptions:
    query, request_options = split_request_options(params)
    path = _item_path(query.pop("conversation_id"), item_id)
    return make_options("get", path, query=bracket_arrays(query), **request_options)


def _delete_options(
    item_id: str, conversation_id: str, options: RequestOptions
) -> FinalRequestOptions:
    return make_options("delete", _item_path(conversation_id, item_id), **options)


class Items(SyncAPIResource):
    def create(
        self, conversation_id: str, **params: Unpack[ItemCreateKwargs]
    ) -> ConversationItemList:
        """Add items (at most 20 at a time) to a conversation."""
        return self._call(ConversationItemList, _create_options(conversation_id, params))

    def list(
        self, conversation_id: str, **params: Unpack[ItemListKwargs]
    ) -> SyncConversationCursorPage[ConversationItem]:
        """The items of a conversation; iterating the page fetches the following pages."""
        page = SyncConversationCursorPage[ConversationItem]
        return self._call(page, _list_options(conversation_id, params))

    def retrieve(self, item_id: str, **params: Unpack[ItemRetrieveKwargs]) -> ConversationItem:
        """One item of a conversation (``conversation_id=`` names the conversation)."""
        result: Any = self._call(ConversationItem, _retrieve_options(item_id, params))  # type: ignore[arg-type]
        return result  # type: ignore[no-any-return]

    def delete(
        self, item_id: str, *, conversation_id: str, **options: Unpack[RequestOptions]
    ) -> Conversation:
        """Delete an item; the answer is the conversation it belonged to."""
        return self._call(Conversation, _delete_options(item_id, conversation_id, options))


class AsyncItems(AsyncAPIResource):
    async def create(
        self, conversation_id: str, **params: Unpack[ItemCreateKwargs]
    ) -> ConversationItemList:
        """Add items (at most 20 at a time) to a conversation."""
        return await self._call(ConversationItemList, _create_options(conversation_id, params))

    def list(
        self, conversation_id: str, **params: Unpack[ItemListKwargs]
    ) -> AsyncPaginator[ConversationItem, AsyncConversationCursorPage[ConversationItem]]:
        """The items of a conversation: ``await`` for the first page, or ``async for`` every item."""
        page = AsyncConversationCursorPage[ConversationItem]
        result: Any = self._list(page, _list_options(conversation_id, params))
        return result  # type: ignore[no-any-return]

    async def retrieve(
        self, item_id: str, **params: Unpack[ItemRetrieveKwargs]
    ) -> ConversationItem:
        """One item of a conversation (``conversation_id=`` names the conversation)."""
        result: Any = await self._call(ConversationItem, _retrieve_options(item_id, params))  # type: ignore[arg-type]
        return result  # type: ignore[no-any-return]

    async def delete(
        self, item_id: str, *, conversation_id: str, **options: Unpack[RequestOptions]
    ) -> Conversation:
        """Delete an item; the answer is the conversation it belonged to."""
        return await self._call(Conversation, _delete_options(item_id, conversation_id, options))
