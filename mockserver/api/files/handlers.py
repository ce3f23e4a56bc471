"""Handlers of the files operations (multipart upload, list, retrieve, content, delete)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._call import BytesReply, Call, JSONReply, Reply
from openai_kit.mockserver._multipart import FormFile, attachment
from openai_kit.mockserver.api.files.store import FilesStore

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["files_content", "files_create", "files_delete", "files_list", "files_retrieve"]

_MIN_EXPIRY, _MAX_EXPIRY = 3600, 2_592_000


def _expiry(form: Mapping[str, str | FormFile]) -> int | None:
    anchor = form.get("expires_after[anchor]")
    seconds = form.get("expires_after[seconds]")
    if anchor is None and seconds is None:
        return None
    if anchor != "created_at":
        P.invalid_value("expires_after.anchor", anchor, ("created_at",))
    if not isinstance(seconds, str):
        P.missing("expires_after.seconds")
    return P.integer_query("expires_after.seconds", seconds, _MIN_EXPIRY, _MAX_EXPIRY)


def files_create(core: ServerCore, call: Call) -> Reply:
    form = call.form or {}
    upload = form.get("file")
    if not isinstance(upload, FormFile):
        P.missing("file")
    purpose = form.get("purpose")
    if not isinstance(purpose, str) or not purpose:
        P.missing("purpose")
    created = FilesStore.of(core).files_create(
        filename=upload.filename or "file",
        purpose=purpose,
        data=upload.data,
        expires_after_seconds=_expiry(form),
    )
    return JSONReply(created)


def files_list(core: ServerCore, call: Call) -> Reply:
    params = P.list_params(call.query, default_limit=10_000, max_limit=10_000)
    listed = FilesStore.of(core).files_list(
        after=params.after,
        limit=params.limit,
        order=params.order,
        purpose=call.query.get("purpose") or None,
    )
    return JSONReply(listed)


def files_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(FilesStore.of(core).files_retrieve(call.path_params["file_id"]))


def files_content(core: ServerCore, call: Call) -> Reply:
    stored = FilesStore.of(core).files_content(call.path_params["file_id"])
    return BytesReply(
        stored.data,
        "application/octet-stream",
        headers={"content-disposition": attachment(stored.filename)},
    )


def files_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(FilesStore.of(core).files_delete(call.path_params["file_id"]))
