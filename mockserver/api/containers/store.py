"""Containers (the code interpreter's sandboxes) and their files under ``/mnt/data``.

A container is ``running`` until it has been idle for its ``expires_after``
minutes (simulated time), then ``expired``. Files come from uploads, from
uploaded files copied by id, or from code the interpreter runs (source
``assistant``); their bytes are kept exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._paging import page
from openai_kit.mockserver._stores import Store, kept_at, not_found
from openai_kit.mockserver.api.files.store import FilesStore

__all__ = ["DEFAULT_EXPIRY", "ContainerFile", "ContainersStore", "StoredContainer"]

DEFAULT_EXPIRY: Final = {"anchor": "last_active_at", "minutes": 20}


@dataclass
class ContainerFile:
    id: str
    container_id: str
    name: str
    data: bytes
    created_at: int
    source: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "container.file",
            "container_id": self.container_id,
            "created_at": self.created_at,
            "bytes": len(self.data),
            "path": f"/mnt/data/{self.name}",
            "source": self.source,
        }


@dataclass
class StoredContainer:
    id: str
    name: str
    created_at: int
    last_active_at: int
    expires_after: dict[str, Any]
    memory_limit: str
    files: dict[str, ContainerFile] = field(default_factory=dict)

    def status(self, now: float) -> str:
        idle = int(self.expires_after["minutes"]) * 60
        return "expired" if now >= self.last_active_at + idle else "running"

    def to_json(self, now: float) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "container",
            "name": self.name,
            "created_at": self.created_at,
            "status": self.status(now),
            "last_active_at": self.last_active_at,
            "expires_after": dict(self.expires_after),
            "memory_limit": self.memory_limit,
        }


_not_found = not_found("Container with id '{}' not found.")
_file_not_found = not_found("File with id '{}' not found in container '{}'.")


class ContainersStore(Store):
    """Every container of one server (thread-safe)."""

    area: ClassVar[str] = "containers"
    _containers = kept_at("containers", StoredContainer.to_json)

    def snapshot(self) -> dict[str, list[dict[str, Any]]]:
        with self.lock:
            files = [f.to_json() for c in self._containers.values() for f in c.files.values()]
            return {**super().snapshot(), "container_files": files}

    def create(
        self,
        *,
        name: str,
        expires_after: Mapping[str, Any] | None = None,
        memory_limit: str | None = None,
        file_ids: Sequence[str] = (),
    ) -> StoredContainer:
        uploads = [self.state.get(FilesStore).get(file_id) for file_id in file_ids]
        now = int(self.now())
        container = StoredContainer(
            id=self.mint("cntr_", "container", 48, counter="cntr").id,
            name=name,
            created_at=now,
            last_active_at=now,
            expires_after=dict(expires_after or DEFAULT_EXPIRY),
            memory_limit=memory_limit or "1g",
        )
        with self.lock:
            self._containers[container.id] = container
        for upload in uploads:
            self.add_file(container.id, upload.filename, upload.data, source="user")
        return container

    def get(self, container_id: str) -> StoredContainer:
        """The container, or its 404; an expired one answers 400 to new work."""
        return self.find(self._containers, container_id, _not_found)

    def touch(self, container_id: str) -> StoredContainer:
        """A running container, marked active now (the 400 when it has expired)."""
        container = self.get(container_id)
        if container.status(self.now()) == "expired":
            raise MockAPIError(400, f"Container is expired: {container_id}.", param="container_id")
        with self.lock:
            container.last_active_at = int(self.now())
        return container

    def retrieve(self, container_id: str) -> dict[str, Any]:
        return self.get(container_id).to_json(self.now())

    def list_containers(
        self, *, name: str | None, after: str | None, limit: int, order: str
    ) -> dict[str, Any]:
        now = self.now()
        with self.lock:
            objects = [
                c.to_json(now) for c in self._containers.values() if name is None or c.name == name
            ]
        return page(objects, after=after, limit=limit, order=order)

    def delete(self, container_id: str) -> dict[str, Any]:
        self.delete_from(self._containers, container_id, _not_found)
        return {"id": container_id, "object": "container.deleted", "deleted": True}

    def add_file(self, container_id: str, name: str, data: bytes, *, source: str) -> ContainerFile:
        """Write ``/mnt/data/<name>`` (a file of that path is replaced)."""
        container = self.touch(container_id)
        stored = ContainerFile(
            id=self.mint("cfile_", "container_file", 32, counter="cfile").id,
            container_id=container_id,
            name=name.rsplit("/", 1)[-1] or "file",
            data=data,
            created_at=int(self.now()),
            source=source,
        )
        with self.lock:
            for old in [f.id for f in container.files.values() if f.name == stored.name]:
                del container.files[old]
            container.files[stored.id] = stored
        return stored

    def file(self, container_id: str, file_id: str) -> ContainerFile:
        container = self.get(container_id)
        return self.find(container.files, file_id, _file_not_found, container_id)

    def list_files(
        self, container_id: str, *, after: str | None, limit: int, order: str
    ) -> dict[str, Any]:
        container = self.get(container_id)
        with self.lock:
            objects = [f.to_json() for f in container.files.values()]
        return page(objects, after=after, limit=limit, order=order)

    def delete_file(self, container_id: str, file_id: str) -> dict[str, Any]:
        self.file(container_id, file_id)
        with self.lock:
            self.get(container_id).files.pop(file_id, None)
        return {"id": file_id, "object": "container.file.deleted", "deleted": True}
