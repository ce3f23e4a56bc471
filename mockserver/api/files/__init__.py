"""Files: multipart upload, list with pagination, retrieve, content, delete."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, ObjectKind
from openai_kit.mockserver.api.files.handlers import (
    files_content,
    files_create,
    files_delete,
    files_list,
    files_retrieve,
)
from openai_kit.mockserver.api.files.store import FilesStore

__all__ = ["AREA"]

_FILE = ObjectKind("files", "/files/{file_id}")

AREA = Area(
    "files",
    (
        _FILE.create(files_create, body="multipart"),
        _FILE.list(files_list),
        _FILE.retrieve(files_retrieve),
        _FILE.delete(files_delete),
        _FILE.operation("content", "GET", "content", files_content),
    ),
    stores=(FilesStore,),
)
