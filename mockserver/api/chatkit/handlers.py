"""Handlers of ChatKit: sessions (create, cancel) and threads (list, retrieve, delete, items)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver.api.chatkit.store import ChatKitStore

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "sessions_cancel",
    "sessions_create",
    "threads_delete",
    "threads_list",
    "threads_list_items",
    "threads_retrieve",
]

_DEFAULT_EXPIRY = 600
_DEFAULT_RATE = 10


def _section(body: Mapping[str, Any], where: str, keys: tuple[str, ...]) -> Mapping[str, Any]:
    value = body.get(where)
    if value is None:
        return {}
    section = P.check_object(where, value)
    P.check_nested_keys(where, section, keys)
    return section


def _workflow(body: Mapping[str, Any]) -> dict[str, Any]:
    workflow = P.check_object("workflow", P.require(body, "workflow"))
    P.check_nested_keys("workflow", workflow, ("id", "version", "state_variables", "tracing"))
    P.check_string("workflow.id", P.member("workflow", workflow, "id"))
    if workflow.get("version") is not None:
        P.check_string("workflow.version", workflow["version"])
    variables = workflow.get("state_variables")
    if variables is not None and len(P.check_object("workflow.state_variables", variables)) > 64:
        P.invalid_request(
            "Invalid 'workflow.state_variables': too many properties. Expected an object with at "
            f"most 64 properties, but got an object with {len(variables)} properties instead.",
            "workflow.state_variables",
            "object_above_max_properties",
        )
    tracing = _section(workflow, "tracing", ("enabled",))
    enabled = tracing.get("enabled", True)
    P.check_boolean("workflow.tracing.enabled", enabled)
    return {
        "id": workflow["id"],
        "version": workflow.get("version"),
        "state_variables": variables,
        "tracing": {"enabled": enabled},
    }


def _configuration(body: Mapping[str, Any]) -> dict[str, Any]:
    config = _section(
        body, "chatkit_configuration", ("automatic_thread_titling", "file_upload", "history")
    )
    where = "chatkit_configuration"
    titling = _section(config, "automatic_thread_titling", ("enabled",))
    upload = _section(config, "file_upload", ("enabled", "max_file_size", "max_files"))
    history = _section(config, "history", ("enabled", "recent_threads"))
    if upload.get("max_file_size") is not None:
        P.check_integer(f"{where}.file_upload.max_file_size", upload["max_file_size"], 1, 512)
    if upload.get("max_files") is not None:
        P.check_integer(f"{where}.file_upload.max_files", upload["max_files"], 1)
    if history.get("recent_threads") is not None:
        P.check_integer(f"{where}.history.recent_threads", history["recent_threads"], 1)
    return {
        "automatic_thread_titling": {"enabled": titling.get("enabled", True)},
        "file_upload": {
            "enabled": upload.get("enabled", False),
            "max_file_size": upload.get("max_file_size", 512),
            "max_files": upload.get("max_files", 10),
        },
        "history": {
            "enabled": history.get("enabled", True),
            "recent_threads": history.get("recent_threads"),
        },
    }


def sessions_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    P.check_unknown_parameters(
        body, ("workflow", "user", "expires_after", "rate_limits", "chatkit_configuration")
    )
    workflow = _workflow(body)
    user = P.require(body, "user")
    P.check_string("user", user)
    if not user:
        P.invalid_request(
            "Invalid 'user': string too short. Expected a string with minimum length 1, but got "
            "an empty string instead.",
            "user",
            "string_below_min_length",
        )
    expiry = _section(body, "expires_after", ("anchor", "seconds"))
    seconds = expiry.get("seconds", _DEFAULT_EXPIRY)
    if expiry:
        P.check_enum(
            "expires_after.anchor", P.member("expires_after", expiry, "anchor"), ("created_at",)
        )
        P.check_integer(
            "expires_after.seconds", P.member("expires_after", expiry, "seconds"), 1, 600
        )
    rate = _section(body, "rate_limits", ("max_requests_per_1_minute",)).get(
        "max_requests_per_1_minute", _DEFAULT_RATE
    )
    P.check_integer("rate_limits.max_requests_per_1_minute", rate, 1)
    fields = {
        "workflow": workflow,
        "user": user,
        "rate_limits": {"max_requests_per_1_minute": rate},
        "max_requests_per_1_minute": rate,
        "chatkit_configuration": _configuration(body),
        "expires_after": seconds,
    }
    return JSONReply(ChatKitStore.of(core).create_session(fields))


def sessions_cancel(core: ServerCore, call: Call) -> Reply:
    return JSONReply(ChatKitStore.of(core).cancel_session(call.path_params["session_id"]))


def threads_list(core: ServerCore, call: Call) -> Reply:
    user = call.query.get("user") or None
    listed = ChatKitStore.of(core).list_threads(
        user,
        **P.list_params(call.query)._asdict(),
    )
    return JSONReply(listed)


def threads_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(ChatKitStore.of(core).retrieve_thread(call.path_params["thread_id"]))


def threads_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(ChatKitStore.of(core).delete_thread(call.path_params["thread_id"]))


def threads_list_items(core: ServerCore, call: Call) -> Reply:
    listed = ChatKitStore.of(core).list_items(
        call.path_params["thread_id"],
        **P.list_params(call.query)._asdict(),
    )
    return JSONReply(listed)
