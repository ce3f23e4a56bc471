"""``client.conversations``: create, retrieve, update and delete conversations, and their items."""

from __future__ import annotations

from functools import cached_property

from typing_extensions import Unpack

from ..._options import FinalRequestOptions
from ..._resource import AsyncAPIResource, SyncAPIResource, make_options
from ..._types import RequestOptions, split_request_options
from ...types.conversations.conversation import Conversation
from ...types.conversations.conversation_create_params import ConversationCreateParams
from ...types.conversations.conversation_deleted_resource import ConversationDeletedResource
from ...types.conversations.conversation_update_params import ConversationUpdateParams
from .._paths import path_param
from .items import AsyncItems, Items

__all__ = ["AsyncConversations", "Conversations"]


class ConversationCreateKwargs(ConversationCreateParams, RequestOptions, total=False):
    """The keyword arguments of ``conversations.create``."""


class ConversationUpdateKwargs(ConversationUpdateParams, RequestOptions, total=False):
    """The keyword arguments of ``conversations.update``."""


def _path(conversation_id: str) -> str:
    return f"/conversations/{path_param('conversation_id', conversation_id)}"


def _create_options(params: ConversationCreateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options("post", "/conversations", body=body, **request_options)


def _update_options(conversation_id: str, params: ConversationUpdateKwargs) -> FinalRequestOptions:
    body, request_options = split_request_options(params)
    return make_options("post", _path(conversation_id), body=body, **request_options)


class Conversations(SyncAPIResource):
    @cached_property
    def items(self) -> Items:
        return Items(self._client, self._mode)

    def create(self, **params: Unpack[ConversationCreateKwargs]) -> Conversation:
        """Start a conversation, optionally with initial ``items`` and ``metadata``."""
        return self._call(Conversation, _create_options(params))

    def retrieve(self, conversation_id: str, **options: Unpack[RequestOptions]) -> Conversation:
        """One conversation."""
        return self._call(Conversation, make_options("get", _path(conversation_id), **options))

    def update(
        self, conversation_id: str, **params: Unpack[ConversationUpdateKwargs]
    ) -> Conversation:
        """Replace a conversation's ``metadata``."""
        return self._call(Conversation, _update_options(conversation_id, params))

    def delete(
        self, conversation_id: str, **options: Unpack[RequestOptions]
    ) -> ConversationDeletedResource:
        """Delete a conversation (its items are not deleted)."""
        options_ = make_options("delete", _path(conversation_id), **options)
        return self._call(ConversationDeletedResource, options_)


class AsyncConversations(AsyncAPIResource):
    @cached_property
    def items(self) -> AsyncItems:
        return AsyncItems(self._client, self._mode)

    async def create(self, **params: Unpack[ConversationCreateKwargs]) -> Conversation:
        """Start a conversation, optionally with initial ``items`` and ``metadata``."""
        return await self._call(Conversation, _create_options(params))

    async def retrieve(
        self, conversation_id: str, **options: Unpack[RequestOptions]
    ) -> Conversation:
        """One conversation."""
        options_ = make_options("get", _path(conversation_id), **options)
        return await self._call(Conversation, options_)

    async def update(
        self, conversation_id: str, **params: Unpack[ConversationUpdateKwargs]
    ) -> Conversation:
        """Replace a conversation's ``metadata``."""
        return await self._call(Conversation, _update_options(conversation_id, params))

    async def delete(
        self, conversation_id: str, **options: Unpack[RequestOptions]
    ) -> ConversationDeletedResource:
        """Delete a conversation (its items are not deleted)."""
        options_ = make_options("delete", _path(conversation_id), **options)
        return await self._call(ConversationDeletedResource, options_)
