"""Files: multipart upload, list with pagination, retrieve, content, delete."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation, object_operations
from openai_kit.mockserver.api.files.handlers import (
    files_content,
    files_create,
    files_delete,
    files_list,
    files_retrieve,
)
from openai_kit.mockserver.api.files.store import FilesStore

__all__ = ["AREA"]

AREA = Area(
    "files",
    (
        *object_operations(
            "files",
            "/files/{file_id}",
            create=files_create,
            list=files_list,
            retrieve=files_retrieve,
            delete=files_delete,
            body="multipart",
        ),
        Operation("files.content", "GET", "/files/{file_id}/content", files_content),
    ),
    stores=(FilesStore,),
)
