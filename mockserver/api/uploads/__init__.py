"""Uploads: a file sent in parts, assembled on ``complete`` into the files store."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver.api.uploads.handlers import (
    uploads_cancel,
    uploads_complete,
    uploads_create,
    uploads_parts_create,
)
from openai_kit.mockserver.api.uploads.store import UploadsStore

__all__ = ["AREA"]

AREA = Area(
    "uploads",
    (
        Operation("uploads.create", "POST", "/uploads", uploads_create, body="json"),
        Operation(
            "uploads.parts.create",
            "POST",
            "/uploads/{upload_id}/parts",
            uploads_parts_create,
            body="multipart",
        ),
        Operation(
            "uploads.complete",
            "POST",
            "/uploads/{upload_id}/complete",
            uploads_complete,
            body="json",
        ),
        Operation("uploads.cancel", "POST", "/uploads/{upload_id}/cancel", uploads_cancel),
    ),
    stores=(UploadsStore,),
)
