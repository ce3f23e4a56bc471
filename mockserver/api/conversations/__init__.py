"""Conversations and their items (the Responses API's long-lived context)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, object_operations
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

_ONE = "/conversations/{conversation_id}"

AREA = Area(
    "conversations",
    (
        *object_operations(
            "conversations",
            _ONE,
            create=conversations_create,
            retrieve=conversations_retrieve,
            update=conversations_update,
            delete=conversations_delete,
        ),
        *object_operations(
            "conversations.items",
            _ONE + "/items/{item_id}",
            create=conversations_items_create,
            list=conversations_items_list,
            retrieve=conversations_items_retrieve,
            delete=conversations_items_delete,
        ),
    ),
    stores=(ConversationsStore,),
)
