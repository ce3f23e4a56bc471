"""Containers: the code interpreter's sandboxes and their files (served on OpenAI only)."""

from __future__ import annotations

from openai_kit.mockserver._operation import Area, ObjectKind
from openai_kit.mockserver.api.containers import handlers as h
from openai_kit.mockserver.api.containers.store import ContainersStore

__all__ = ["AREA"]

_ONE = ObjectKind("containers", "/containers/{container_id}", azure=False)
_FILE = ObjectKind("containers.files", _ONE.path + "/files/{file_id}", azure=False)

AREA = Area(
    "containers",
    (
        _ONE.create(h.containers_create),
        _ONE.list(h.containers_list),
        _ONE.retrieve(h.containers_retrieve),
        _ONE.delete(h.containers_delete),
        # a file comes as multipart or as JSON naming a file id: the handler parses it
        _FILE.create(h.files_create, body="none"),
        _FILE.list(h.files_list),
        _FILE.retrieve(h.files_retrieve),
        _FILE.delete(h.files_delete),
        _FILE.operation("content.retrieve", "GET", "content", h.files_content),
    ),
    stores=(ContainersStore,),
)
