"""Handlers of the files operations (multipart upload, list, retrieve, content, delete)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from openai_kit.mockserver._call import BytesReply, Call, JSONReply, Reply
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._multipart import FormFile

if TYPE_CHECKING:
    from openai_kit.mockserver._core import ServerCore

__all__ = ["files_content", "files_create", "files_delete", "files_list", "files_retrieve"]

_MIN_EXPIRY, _MAX_EXPIRY = 3600, 2_592_000


def _missing(param: str) -> MockAPIError:
    return MockAPIError(
        400,
        f"Missing required parameter: '{param}'.",
        param=param,
        code="missing_required_parameter",
    )


def _integer(name: str, raw: str, low: int, high: int) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise MockAPIError(
            400,
            f"Invalid '{name}': expected an integer, but got '{raw}' instead.",
            param=name,
            code="invalid_type",
        ) from None
    if value < low:
        raise MockAPIError(
            400,
            f"Invalid '{name}': integer below minimum value. Expected a value >= {low}, "
            f"but got {value} instead.",
            param=name,
            code="integer_below_min_value",
        )
    if value > high:
        raise MockAPIError(
            400,
            f"Invalid '{name}': integer above maximum value. Expected a value <= {high}, "
            f"but got {value} instead.",
            param=name,
            code="integer_above_max_value",
        )
    return value


def _expiry(form: Mapping[str, str | FormFile]) -> int | None:
    anchor = form.get("expires_after[anchor]")
    seconds = form.get("expires_after[seconds]")
    if anchor is None and seconds is None:
        return None
    if anchor != "created_at":
        raise MockAPIError(
            400,
            f"Invalid value: '{anchor}'. Supported values are: 'created_at'.",
            param="expires_after.anchor",
            code="invalid_value",
        )
    if not isinstance(seconds, str):
        raise _missing("expires_after.seconds")
    return _integer("expires_after.seconds", seconds, _MIN_EXPIRY, _MAX_EXPIRY)


def files_create(core: ServerCore, call: Call) -> Reply:
    form = call.form or {}
    upload = form.get("file")
    if not isinstance(upload, FormFile):
        raise _missing("file")
    purpose = form.get("purpose")
    if not isinstance(purpose, str) or not purpose:
        raise _missing("purpose")
    created = core.backend.files_create(
        filename=upload.filename or "file",
        purpose=purpose,
        data=upload.data,
        expires_after_seconds=_expiry(form),
    )
    return JSONReply(created)


def files_list(core: ServerCore, call: Call) -> Reply:
    query = call.query
    limit = _integer("limit", query["limit"], 1, 10_000) if "limit" in query else 10_000
    order = query.get("order", "desc")
    if order not in ("asc", "desc"):
        raise MockAPIError(
            400,
            f"Invalid value: '{order}'. Supported values are: 'asc' and 'desc'.",
            param="order",
            code="invalid_value",
        )
    listed = core.backend.files_list(
        after=query.get("after") or None,
        limit=limit,
        order=order,
        purpose=query.get("purpose") or None,
    )
    return JSONReply(listed)


def files_retrieve(core: ServerCore, call: Call) -> Reply:
    return JSONReply(core.backend.files_retrieve(call.path_params["file_id"]))


def files_content(core: ServerCore, call: Call) -> Reply:
    stored = core.backend.files_content(call.path_params["file_id"])
    return BytesReply(
        stored.data,
        "application/octet-stream",
        headers={"content-disposition": f'attachment; filename="{stored.filename}"'},
    )


def files_delete(core: ServerCore, call: Call) -> Reply:
    return JSONReply(core.backend.files_delete(call.path_params["file_id"]))
