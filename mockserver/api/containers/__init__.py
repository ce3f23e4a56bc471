"""Containers: the code interpreter's sandboxes and their files (served on OpenAI only)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation, object_operations
from openai_kit.mockserver.api.containers import handlers as h
from openai_kit.mockserver.api.containers.store import ContainersStore

__all__ = ["AREA"]

_ONE = "/containers/{container_id}"
_FILE = _ONE + "/files/{file_id}"

AREA = Area(
    "containers",
    (
        *object_operations(
            "containers",
            _ONE,
            create=h.containers_create,
            list=h.containers_list,
            retrieve=h.containers_retrieve,
            delete=h.containers_delete,
            azure=False,
        ),
        # a file comes as multipart or as JSON naming a file id: the handler parses it
        *object_operations(
            "containers.files",
            _FILE,
            create=h.files_create,
            list=h.files_list,
            retrieve=h.files_retrieve,
            delete=h.files_delete,
            body="none",
            azure=False,
        ),
        Operation(
            "containers.files.content.retrieve",
            "GET",
            _FILE + "/content",
            h.files_content,
            azure=False,
        ),
    ),
    stores=(ContainersStore,),
)
