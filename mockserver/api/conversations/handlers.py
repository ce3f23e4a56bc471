"""Handlers of the Conversations API: conversations and their items.

Conversations live in their own store (``store.py``); a response created with
``conversation`` reads them as context and appends its input and output items
to them, so reads settle finished responses first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver.api.conversations.store import ConversationsStore
from openai_kit.mockserver.api.responses.items import normalize_items
from openai_kit.mockserver.api.responses.store import ResponsesStore
from openai_kit.mockserver.api.responses.validate_items import check_items_array

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "conversations_create",
    "conversations_delete",
    "conversations_items_create",
    "conversations_items_delete",
    "conversations_items_list",
    "conversations_items_retrieve",
    "conversations_retrieve",
    "conversations_update",
]


def _settled(core: ServerCore) -> ConversationsStore:
    """The conversations, once finished responses have added their output to them."""
    core.state.get(ResponsesStore).settle()
    return ConversationsStore.of(core)


def _items(core: ServerCore, value: Any) -> list[dict[str, Any]]:
    check_items_array("items", value)
    store = core.state.get(ResponsesStore)
    return normalize_items(value, store.new_item_id, store.resolve_item)


def conversations_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    P.check_unknown_parameters(body, ("items", "metadata"))
    if body.get("metadata") is not None:
        P.check_metadata(body["metadata"])
    items = _items(core, body["items"]) if body.get("items") is not None else []
    return JSONReply(ConversationsStore.of(core).create(items, body.get("metadata")))


def conversations_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(ConversationsStore.of(core).retrieve(call.path_params["conversation_id"]))


def conversations_update(core: ServerCore, call: Call) -> Reply:
    body = call.json
    P.check_unknown_parameters(body, ("metadata",))
    metadata = P.require(body, "metadata")
    P.check_metadata(metadata)
    updated = ConversationsStore.of(core).update(call.path_params["conversation_id"], metadata)
    return JSONReply(updated)


def conversations_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(ConversationsStore.of(core).delete(call.path_params["conversation_id"]))


def conversations_items_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    P.check_unknown_parameters(body, ("items",))
    conversation_id = call.path_params["conversation_id"]
    store = _settled(core)
    store.retrieve(conversation_id)
    items = _items(core, P.require(body, "items"))
    return JSONReply(store.items_create(conversation_id, items))


def conversations_items_list(core: ServerCore, call: Call) -> Reply:
    params = P.list_params(call.query)
    listed = _settled(core).items_list(
        call.path_params["conversation_id"],
        after=params.after,
        limit=params.limit,
        order=params.order,
    )
    return JSONReply(listed)


def conversations_items_retrieve(core: ServerCore, call: Call) -> Reply:
    params = call.path_params
    item = _settled(core).item_retrieve(params["conversation_id"], params["item_id"])
    return JSONReply(item)


def conversations_items_delete(core: ServerCore, call: Call) -> Reply:
    params = call.path_params
    updated = _settled(core).item_delete(params["conversation_id"], params["item_id"])
    return JSONReply(updated)
