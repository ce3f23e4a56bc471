"""Containers: the code interpreter's sandboxes and their files (served on OpenAI only)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, Operation
from openai_kit.mockserver.api.containers import handlers as h
from openai_kit.mockserver.api.containers.store import ContainersStore

__all__ = ["AREA"]

_ONE = "/containers/{container_id}"
_FILE = _ONE + "/files/{file_id}"

AREA = Area(
    "containers",
    (
        Operation(
            "containers.create",
            "POST",
            "/containers",
            h.containers_create,
            body="json",
            azure=False,
        ),
        Operation("containers.list", "GET", "/containers", h.containers_list, azure=False),
        Operation("containers.retrieve", "GET", _ONE, h.containers_retrieve, azure=False),
        Operation("containers.delete", "DELETE", _ONE, h.containers_delete, azure=False),
        Operation("containers.files.create", "POST", _ONE + "/files", h.files_create, azure=False),
        Operation("containers.files.list", "GET", _ONE + "/files", h.files_list, azure=False),
        Operation("containers.files.retrieve", "GET", _FILE, h.files_retrieve, azure=False),
        Operation("containers.files.delete", "DELETE", _FILE, h.files_delete, azure=False),
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
