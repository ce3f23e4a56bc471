"""Uploaded files: bytes, purpose, expiry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from openai_kit.mockserver import _params as P
from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._paging import list_object, page_of
from openai_kit.mockserver._stores import Store, kept, not_found

__all__ = ["FILE_PURPOSES", "FilesStore", "StoredFile", "check_expiry", "no_such_file"]

# Purposes a client may upload with (the output purposes are the service's own).
FILE_PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")
_BATCH_EXPIRY = 30 * 24 * 3600
_MIN_EXPIRY, _MAX_EXPIRY = 3600, 2_592_000


@dataclass(frozen=True)
class StoredFile:
    id: str
    filename: str
    purpose: str
    data: bytes
    created_at: int
    expires_at: int | None
    sequence: int

    def to_json(self) -> dict[str, Any]:
        return {
            "object": "file",
            "id": self.id,
            "purpose": self.purpose,
            "filename": self.filename,
            "bytes": len(self.data),
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "status": "processed",
            "status_details": None,
        }


def check_expiry(param: str, value: Any) -> int | None:
    """The seconds of an ``expires_after`` object (``{"anchor": "created_at", "seconds": n}``)."""
    if value is None:
        return None
    policy = P.check_object(param, value)
    for key in ("anchor", "seconds"):
        if policy.get(key) is None:
            P.missing(f"{param}.{key}")
    P.check_enum(f"{param}.anchor", policy["anchor"], ("created_at",))
    seconds = policy["seconds"]
    P.check_integer(f"{param}.seconds", seconds, _MIN_EXPIRY, _MAX_EXPIRY)
    return int(seconds)


no_such_file = not_found("No such File object: {}", param="id")


class FilesStore(Store):
    """The files of one server; other areas add theirs (batch output, ...) with :meth:`add`."""

    area: ClassVar[str] = "files"
    _files = kept("files", StoredFile.to_json)

    def add(
        self, *, filename: str, purpose: str, data: bytes, expires_after_seconds: int | None = None
    ) -> StoredFile:
        """Keep ``data`` as a new file (any purpose, the service's own included)."""
        now = int(self.now())
        ident, number = self.mint("file-", "file", 22, digits=alnum_id, counter="")
        with self.lock:
            stored = StoredFile(
                id=ident,
                filename=filename,
                purpose=purpose,
                data=data,
                created_at=now,
                expires_at=None if expires_after_seconds is None else now + expires_after_seconds,
                sequence=number,
            )
            self._files[stored.id] = stored
        return stored

    def files_create(
        self,
        *,
        filename: str,
        purpose: str,
        data: bytes,
        expires_after_seconds: int | None = None,
    ) -> dict[str, Any]:
        if purpose not in FILE_PURPOSES:
            raise MockAPIError(
                400,
                f"Invalid value: '{purpose}'. Supported values are: "
                + ", ".join(f"'{p}'" for p in FILE_PURPOSES)
                + ".",
                param="purpose",
                code="invalid_value",
            )
        if expires_after_seconds is None and purpose == "batch":
            expires_after_seconds = _BATCH_EXPIRY
        stored = self.add(
            filename=filename,
            purpose=purpose,
            data=data,
            expires_after_seconds=expires_after_seconds,
        )
        return stored.to_json()

    def files_list(
        self,
        *,
        after: str | None = None,
        limit: int = 10_000,
        order: str = "desc",
        purpose: str | None = None,
    ) -> dict[str, Any]:
        with self.lock:
            files = [f for f in self._files.values() if purpose is None or f.purpose == purpose]
        files.sort(key=lambda f: (f.created_at, f.sequence))
        chunk, more = page_of(files, key=lambda f: f.id, after=after, limit=limit, order=order)
        return list_object([f.to_json() for f in chunk], more)

    def get(self, file_id: str) -> StoredFile:
        """The stored file, or its 404."""
        return self.find(self._files, file_id, no_such_file)

    def files_retrieve(self, file_id: str) -> dict[str, Any]:
        return self.get(file_id).to_json()

    def files_content(self, file_id: str) -> StoredFile:
        return self.get(file_id)

    def files_delete(self, file_id: str) -> dict[str, Any]:
        self.delete_from(self._files, file_id, no_such_file)
        return {"object": "file", "id": file_id, "deleted": True}
