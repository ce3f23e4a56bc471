"""Handlers of the Assistants API's assistants (create, retrieve, update, delete, list)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver.api.assistants.resources import store_tool_resources
from openai_kit.mockserver.api.assistants.store import FIELDS, AssistantsStore
from openai_kit.mockserver.api.assistants.validate import (
    check_assistant_model,
    check_response_format_option,
    check_sampling,
    check_tool_resources,
    check_tools,
)

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "assistants_create",
    "assistants_delete",
    "assistants_list",
    "assistants_retrieve",
    "assistants_update",
]

_LIMITS = {"name": 256, "description": 512, "instructions": 256_000}
_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh")


def _check_fields(core: ServerCore, call: Call, body: Mapping[str, Any], *, create: bool) -> None:
    P.check_unknown_parameters(body, tuple(FIELDS))
    if create or body.get("model") is not None:
        check_assistant_model(core, body.get("model"), azure=call.azure)
    for key, limit in _LIMITS.items():
        if body.get(key) is not None:
            P.check_string(key, body[key], limit)
    if body.get("tools") is not None:
        check_tools(body["tools"])
    if body.get("tool_resources") is not None:
        check_tool_resources(body["tool_resources"])
    if body.get("metadata") is not None:
        P.check_metadata(body["metadata"])
    if body.get("response_format") is not None:
        check_response_format_option(body["response_format"])
    if body.get("reasoning_effort") is not None:
        P.check_enum("reasoning_effort", body["reasoning_effort"], _EFFORTS)
    check_sampling(body)


def _fields(core: ServerCore, body: Mapping[str, Any]) -> dict[str, Any]:
    """The body as stored: helper vector stores made, named stores checked."""
    fields = dict(body)
    if body.get("tool_resources") is not None:
        fields["tool_resources"] = store_tool_resources(core.state, body["tool_resources"])
    return fields


def assistants_create(core: ServerCore, call: Call) -> Reply:
    _check_fields(core, call, call.json, create=True)
    return JSONReply(AssistantsStore.of(core).create(_fields(core, call.json)))


def assistants_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(AssistantsStore.of(core).get(call.path_params["assistant_id"]))


def assistants_update(core: ServerCore, call: Call) -> Reply:
    _check_fields(core, call, call.json, create=False)
    fields = _fields(core, call.json)
    return JSONReply(AssistantsStore.of(core).update(call.path_params["assistant_id"], fields))


def assistants_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(AssistantsStore.of(core).delete(call.path_params["assistant_id"]))


def assistants_list(core: ServerCore, call: Call) -> Reply:
    listed = AssistantsStore.of(core).list(
        **P.list_params(call.query)._asdict(),
    )
    return JSONReply(listed)
