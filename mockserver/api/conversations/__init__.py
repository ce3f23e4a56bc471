"""Conversations and their items (the Responses API's long-lived context)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, ObjectKind
from openai_kit.mockserver.api.conversations.handlers import (
    conversations_create,
    conversations_delete,
    conversations_items_create,
    conversations_items_delete,
    conversations_items_list,
    conversations_items_retrieve,
    conversations_retrieve,
    conversations_update,
)
from openai_kit.mockserver.api.conversations.store import ConversationsStore

__all__ = ["AREA"]

_ONE = ObjectKind("conversations", "/conversations/{conversation_id}")
_ITEM = ObjectKind("conversations.items", _ONE.path + "/items/{item_id}")

AREA = Area(
    "conversations",
    (
        _ONE.create(conversations_create),
        _ONE.retrieve(conversations_retrieve),
        _ONE.update(conversations_update),
        _ONE.delete(conversations_delete),
        _ITEM.create(conversations_items_create),
        _ITEM.list(conversations_items_list),
        _ITEM.retrieve(conversations_items_retrieve),
        _ITEM.delete(conversations_items_delete),
    ),
    stores=(ConversationsStore,),
)
