"""Handlers of the containers API: containers and their files (multipart or by file id)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import BytesReply, Call, JSONReply, Reply
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._multipart import FormFile, parse_form
from openai_kit.mockserver.api.containers.store import ContainersStore
from openai_kit.mockserver.api.files.store import FilesStore

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = [
    "containers_create",
    "containers_delete",
    "containers_list",
    "containers_retrieve",
    "files_content",
    "files_create",
    "files_delete",
    "files_list",
    "files_retrieve",
]

MEMORY_LIMITS = ("1g", "4g", "16g", "64g")
_KNOWN = ("name", "expires_after", "file_ids", "memory_limit", "network_policy", "skills")


def _paging(call: Call) -> dict[str, Any]:
    params = P.list_params(call.query)
    return {"after": params.after, "limit": params.limit, "order": params.order}


def check_expiry(value: Any) -> None:
    expiry = P.check_object("expires_after", value)
    P.check_nested_keys("expires_after", expiry, ("anchor", "minutes"))
    P.check_enum(
        "expires_after.anchor", P.member("expires_after", expiry, "anchor"), ("last_active_at",)
    )
    P.check_integer("expires_after.minutes", P.member("expires_after", expiry, "minutes"), 1)


def containers_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    P.check_unknown_parameters(body, _KNOWN)
    P.check_string("name", P.require(body, "name"))
    if body.get("expires_after") is not None:
        check_expiry(body["expires_after"])
    if body.get("memory_limit") is not None:
        P.check_enum("memory_limit", body["memory_limit"], MEMORY_LIMITS)
    file_ids = body.get("file_ids") or []
    if not isinstance(file_ids, list):
        P.invalid_type("file_ids", "an array", file_ids)
    for position, file_id in enumerate(file_ids):
        P.check_string(f"file_ids[{position}]", file_id)
    container = ContainersStore.of(core).create(
        name=body["name"],
        expires_after=body.get("expires_after"),
        memory_limit=body.get("memory_limit"),
        file_ids=file_ids,
    )
    return JSONReply(container.to_json(core.state.clock.now()))


def containers_list(core: ServerCore, call: Call) -> Reply:
    name = call.query.get("name") or None
    return JSONReply(ContainersStore.of(core).list_containers(name=name, **_paging(call)))


def containers_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(ContainersStore.of(core).retrieve(call.path_params["container_id"]))


def containers_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(ContainersStore.of(core).delete(call.path_params["container_id"]))


def _upload(core: ServerCore, call: Call) -> tuple[str, bytes]:
    """(name, bytes) of the file to put in the container: a multipart upload or a file id."""
    content_type = call.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = parse_form(content_type, call.body)
        upload = form.get("file")
        if isinstance(upload, FormFile):
            return upload.filename or "file", upload.data
        file_id = form.get("file_id")
    else:
        try:
            body = json.loads(call.body or b"{}")
        except ValueError as exc:
            raise MockAPIError(400, "We could not parse the JSON body of your request.") from exc
        file_id = body.get("file_id") if isinstance(body, dict) else None
    if not isinstance(file_id, str) or not file_id:
        P.missing("file")
    stored = core.state.get(FilesStore).get(file_id)
    return stored.filename, stored.data


def files_create(core: ServerCore, call: Call) -> Reply:
    name, data = _upload(core, call)
    stored = ContainersStore.of(core).add_file(
        call.path_params["container_id"], name, data, source="user"
    )
    return JSONReply(stored.to_json())


def files_list(core: ServerCore, call: Call) -> Reply:
    return JSONReply(
        ContainersStore.of(core).list_files(call.path_params["container_id"], **_paging(call))
    )


def files_retrieve(core: ServerCore, call: Call) -> Reply:
    stored = ContainersStore.of(core).file(
        call.path_params["container_id"], call.path_params["file_id"]
    )
    return JSONReply(stored.to_json())


def files_content(core: ServerCore, call: Call) -> Reply:
    stored = ContainersStore.of(core).file(
        call.path_params["container_id"], call.path_params["file_id"]
    )
    return BytesReply(stored.data, "application/octet-stream")


def files_delete(core: ServerCore, call: Call) -> Reply:
    deleted = ContainersStore.of(core).delete_file(
        call.path_params["container_id"], call.path_params["file_id"]
    )
    return JSONReply(deleted)
