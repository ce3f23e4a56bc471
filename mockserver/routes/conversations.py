"""Handlers of the Conversations API: conversations and their items.

Conversations live in the server's
:class:`~openai_kit.mockserver._responses_store.ResponsesStore`; a response
created with ``conversation`` reads them as context and appends its input
and output items to them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import content
from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._pipeline import Operation
from openai_kit.mockserver.routes.responses import list_params

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "OPERATIONS",
    "conversations_create",
    "conversations_delete",
    "conversations_items_create",
    "conversations_items_delete",
    "conversations_items_list",
    "conversations_items_retrieve",
    "conversations_retrieve",
    "conversations_update",
]


def _check_keys(body: Mapping[str, Any], known: tuple[str, ...]) -> None:
    for key in body:
        if key not in known:
            raise MockAPIError(
                400, f"Unknown parameter: '{key}'.", param=key, code="unknown_parameter"
            )


def _require(body: Mapping[str, Any], name: str) -> Any:
    if body.get(name) is None:
        raise MockAPIError(
            400,
            f"Missing required parameter: '{name}'.",
            param=name,
            code="missing_required_parameter",
        )
    return body[name]


def _items(core: ServerCore, value: Any) -> list[dict[str, Any]]:
    content.check_items_array("items", value)
    store = core.responses
    return content.normalize_items(value, store.new_item_id, store.resolve_item)


def conversations_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    _check_keys(body, ("items", "metadata"))
    if body.get("metadata") is not None:
        content.check_metadata(body["metadata"])
    items = _items(core, body["items"]) if body.get("items") is not None else []
    return JSONReply(core.responses.conversation_create(items, body.get("metadata")))


def conversations_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(core.responses.conversation_retrieve(call.path_params["conversation_id"]))


def conversations_update(core: ServerCore, call: Call) -> Reply:
    body = call.json
    _check_keys(body, ("metadata",))
    metadata = _require(body, "metadata")
    content.check_metadata(metadata)
    updated = core.responses.conversation_update(call.path_params["conversation_id"], metadata)
    return JSONReply(updated)


def conversations_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(core.responses.conversation_delete(call.path_params["conversation_id"]))


def conversations_items_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    _check_keys(body, ("items",))
    conversation_id = call.path_params["conversation_id"]
    store = core.responses
    store.conversation_retrieve(conversation_id)
    items = _items(core, _require(body, "items"))
    return JSONReply(store.conversation_items_create(conversation_id, items))


def conversations_items_list(core: ServerCore, call: Call) -> Reply:
    after, limit, order = list_params(call.query)
    listed = core.responses.conversation_items_list(
        call.path_params["conversation_id"], after=after, limit=limit, order=order
    )
    return JSONReply(listed)


def conversations_items_retrieve(core: ServerCore, call: Call) -> Reply:
    params = call.path_params
    item = core.responses.conversation_item_retrieve(params["conversation_id"], params["item_id"])
    return JSONReply(item)


def conversations_items_delete(core: ServerCore, call: Call) -> Reply:
    params = call.path_params
    updated = core.responses.conversation_item_delete(params["conversation_id"], params["item_id"])
    return JSONReply(updated)


OPERATIONS: tuple[Operation, ...] = (
    Operation("conversations.create", "POST", "/conversations", conversations_create, body="json"),
    Operation(
        "conversations.retrieve", "GET", "/conversations/{conversation_id}", conversations_retrieve
    ),
    Operation(
        "conversations.update",
        "POST",
        "/conversations/{conversation_id}",
        conversations_update,
        body="json",
    ),
    Operation(
        "conversations.delete", "DELETE", "/conversations/{conversation_id}", conversations_delete
    ),
    Operation(
        "conversations.items.create",
        "POST",
        "/conversations/{conversation_id}/items",
        conversations_items_create,
        body="json",
    ),
    Operation(
        "conversations.items.list",
        "GET",
        "/conversations/{conversation_id}/items",
        conversations_items_list,
    ),
    Operation(
        "conversations.items.retrieve",
        "GET",
        "/conversations/{conversation_id}/items/{item_id}",
        conversations_items_retrieve,
    ),
    Operation(
        "conversations.items.delete",
        "DELETE",
        "/conversations/{conversation_id}/items/{item_id}",
        conversations_items_delete,
    ),
)
