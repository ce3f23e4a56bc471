"""Handlers of the uploads operations: create, add a part, complete, cancel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import Call, JSONReply, Reply
from openai_kit.mockserver._multipart import FormFile
from openai_kit.mockserver.api.files.store import FILE_PURPOSES, check_expiry
from openai_kit.mockserver.api.uploads.store import UploadRequest, UploadsStore

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["uploads_cancel", "uploads_complete", "uploads_create", "uploads_parts_create"]

#: An Upload takes at most 8 GB; one Part at most 64 MB.
MAX_UPLOAD_BYTES = 8 * 1024**3
MAX_PART_BYTES = 64 * 1024**2
_CREATE_KEYS = ("filename", "purpose", "bytes", "mime_type", "expires_after")


def uploads_create(core: ServerCore, call: Call) -> Reply:
    body = call.json
    P.check_unknown_parameters(body, _CREATE_KEYS)
    filename = P.require(body, "filename")
    P.check_string("filename", filename)
    purpose = P.require(body, "purpose")
    P.check_enum("purpose", purpose, FILE_PURPOSES)
    size = P.require(body, "bytes")
    P.check_integer("bytes", size, 0, MAX_UPLOAD_BYTES)
    mime_type = P.require(body, "mime_type")
    P.check_string("mime_type", mime_type)
    expiry = check_expiry("expires_after", body.get("expires_after"))
    request = UploadRequest(filename, purpose, size, mime_type, expiry)
    return JSONReply(UploadsStore.of(core).create(request))


def uploads_parts_create(core: ServerCore, call: Call) -> Reply:
    data = (call.form or {}).get("data")
    if data is None:
        P.missing("data")
    if not isinstance(data, FormFile):
        P.invalid_type("data", "a file", data)
    if len(data.data) > MAX_PART_BYTES:
        P.invalid_request(
            f"A Part may hold at most {MAX_PART_BYTES} bytes; got {len(data.data)}.", "data"
        )
    return JSONReply(UploadsStore.of(core).add_part(call.path_params["upload_id"], data.data))


def uploads_complete(core: ServerCore, call: Call) -> Reply:
    body = call.json
    P.check_unknown_parameters(body, ("part_ids", "md5"))
    part_ids = P.require(body, "part_ids")
    if not isinstance(part_ids, list):
        P.invalid_type("part_ids", "an array", part_ids)
    for i, part_id in enumerate(part_ids):
        P.check_string(f"part_ids[{i}]", part_id)
    md5 = body.get("md5")
    if md5 is not None:
        P.check_string("md5", md5)
    return JSONReply(UploadsStore.of(core).complete(call.path_params["upload_id"], part_ids, md5))


def uploads_cancel(core: ServerCore, call: Call) -> Reply:
    return JSONReply(UploadsStore.of(core).cancel(call.path_params["upload_id"]))
