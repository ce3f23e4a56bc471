"""Handlers of threads and their messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver.api.assistants.resources import store_tool_resources
from openai_kit.mockserver.api.threads.store import NewMessage, ThreadsStore
from openai_kit.mockserver.api.threads.validate import check_message, check_thread, message_content

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "messages_create",
    "messages_delete",
    "messages_list",
    "messages_retrieve",
    "messages_update",
    "new_message",
    "new_metadata",
    "threads_create",
    "threads_delete",
    "threads_retrieve",
    "threads_update",
]


def new_message(body: Mapping[str, Any]) -> NewMessage:
    """A checked message body as the store takes it."""
    content = message_content("content", body["content"])
    return (body["role"], content, list(body.get("attachments") or []), body.get("metadata") or {})


def create_thread(core: ServerCore, body: Mapping[str, Any]) -> dict[str, Any]:
    """A thread from a checked ``threads.create`` body."""
    messages = [new_message(m) for m in body.get("messages") or ()]
    resources = body.get("tool_resources")
    if resources is not None:
        resources = store_tool_resources(core.state, resources)
    return ThreadsStore.of(core).create_thread(messages, body.get("metadata"), resources)


def threads_create(core: ServerCore, call: Call) -> Reply:
    body = call.json if call.json is not None else {}
    check_thread(body)
    return JSONReply(create_thread(core, body))


def threads_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(ThreadsStore.of(core).retrieve_thread(call.path_params["thread_id"]))


def threads_update(core: ServerCore, call: Call) -> Reply:
    body = call.json
    P.check_unknown_parameters(body, ("metadata", "tool_resources"))
    check_thread(body)
    fields = dict(body)
    if body.get("tool_resources") is not None:
        fields["tool_resources"] = store_tool_resources(core.state, body["tool_resources"])
    return JSONReply(ThreadsStore.of(core).update_thread(call.path_params["thread_id"], fields))


def threads_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(ThreadsStore.of(core).delete_thread(call.path_params["thread_id"]))


def messages_create(core: ServerCore, call: Call) -> Reply:
    check_message("", call.json)
    created = ThreadsStore.of(core).create_message(
        call.path_params["thread_id"], new_message(call.json)
    )
    return JSONReply(created)


def messages_list(core: ServerCore, call: Call) -> Reply:
    listed = ThreadsStore.of(core).list_messages(
        call.path_params["thread_id"],
        run_id=call.query.get("run_id") or None,
        **P.list_params(call.query)._asdict(),
    )
    return JSONReply(listed)


def messages_retrieve(core: ServerCore, call: Call) -> Reply:
    params = call.path_params
    return JSONReply(
        ThreadsStore.of(core).retrieve_message(params["thread_id"], params["message_id"])
    )


def new_metadata(body: Mapping[str, Any]) -> Mapping[str, str] | None:
    """The ``metadata`` of an update that takes nothing else (messages, runs)."""
    P.check_unknown_parameters(body, ("metadata",))
    if body.get("metadata") is not None:
        P.check_metadata(body["metadata"])
    metadata: Mapping[str, str] | None = body.get("metadata")
    return metadata


def messages_update(core: ServerCore, call: Call) -> Reply:
    params = call.path_params
    updated = ThreadsStore.of(core).update_message(
        params["thread_id"], params["message_id"], new_metadata(call.json)
    )
    return JSONReply(updated)


def messages_delete(core: ServerCore, call: Call) -> Reply:
    params = call.path_params
    return JSONReply(
        ThreadsStore.of(core).delete_message(params["thread_id"], params["message_id"])
    )
