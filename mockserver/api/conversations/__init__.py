"""Conversations and their items (the Responses API's long-lived context)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
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
        Operation(
            "conversations.create", "POST", "/conversations", conversations_create, body="json"
        ),
        Operation("conversations.retrieve", "GET", _ONE, conversations_retrieve),
        Operation("conversations.update", "POST", _ONE, conversations_update, body="json"),
        Operation("conversations.delete", "DELETE", _ONE, conversations_delete),
        Operation(
            "conversations.items.create",
            "POST",
            _ONE + "/items",
            conversations_items_create,
            body="json",
        ),
        Operation("conversations.items.list", "GET", _ONE + "/items", conversations_items_list),
        Operation(
            "conversations.items.retrieve",
            "GET",
            _ONE + "/items/{item_id}",
            conversations_items_retrieve,
        ),
        Operation(
            "conversations.items.delete",
            "DELETE",
            _ONE + "/items/{item_id}",
            conversations_items_delete,
        ),
    ),
    stores=(ConversationsStore,),
)
