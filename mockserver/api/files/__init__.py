"""Files: multipart upload, list with pagination, retrieve, content, delete."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
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
        Operation("files.create", "POST", "/files", files_create, body="multipart"),
        Operation("files.list", "GET", "/files", files_list),
        Operation("files.retrieve", "GET", "/files/{file_id}", files_retrieve),
        Operation("files.delete", "DELETE", "/files/{file_id}", files_delete),
        Operation("files.content", "GET", "/files/{file_id}/content", files_content),
    ),
    stores=(FilesStore,),
)
