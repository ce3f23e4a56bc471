"""Uploads: parts kept as they come, assembled in the order ``complete`` names into a file.

An Upload is ``pending`` until it is completed or cancelled, and ``expired``
once an hour has passed on the server's clock (read off the clock whenever it
is asked for). Completing it checks the declared ``bytes`` (and the ``md5``
when given) and adds the file to the files store, where ``files.*`` see it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final

from openai_kit.mockserver._errors import MockAPIError
from openai_kit.mockserver._ids import alnum_id
from openai_kit.mockserver._stores import Store, kept_at, not_found
from openai_kit.mockserver.api.files.store import FilesStore

__all__ = ["UPLOAD_SECONDS", "StoredUpload", "UploadRequest", "UploadsStore"]


@dataclass(frozen=True)
class UploadRequest:
    """An Upload as asked for: the file it becomes and its declared ``bytes``."""

    filename: str
    purpose: str
    size: int
    mime_type: str
    file_expires_after: int | None


#: An Upload expires an hour after it is created.
UPLOAD_SECONDS: Final = 3600


@dataclass
class StoredUpload:
    id: str
    request: UploadRequest
    created_at: int
    parts: dict[str, bytes] = field(default_factory=dict)
    ended: str | None = None  # "completed" or "cancelled"
    file: dict[str, Any] | None = None

    @property
    def expires_at(self) -> int:
        return self.created_at + UPLOAD_SECONDS

    def status(self, now: float) -> str:
        if self.ended is not None:
            return self.ended
        return "expired" if now >= self.expires_at else "pending"

    def to_json(self, now: float) -> dict[str, Any]:
        request = self.request
        return {
            "id": self.id,
            "object": "upload",
            "bytes": request.size,
            "created_at": self.created_at,
            "filename": request.filename,
            "purpose": request.purpose,
            "status": self.status(now),
            "expires_at": self.expires_at,
            "file": self.file,
        }


def _not_pending(upload: StoredUpload, now: float) -> MockAPIError:
    status = upload.status(now)
    return MockAPIError(
        400, f"Upload {upload.id} is {status}. Only pending Uploads can be modified.", param="id"
    )


_no_such_upload = not_found("No such Upload object: {}", param="id")


class UploadsStore(Store):
    """The Uploads of one server and their parts."""

    area: ClassVar[str] = "uploads"
    _uploads = kept_at("uploads", StoredUpload.to_json)

    def _get(self, upload_id: str) -> StoredUpload:
        return self.find(self._uploads, upload_id, _no_such_upload)

    def _pending(self, upload_id: str) -> StoredUpload:
        upload = self._get(upload_id)
        if upload.status(self.now()) != "pending":
            raise _not_pending(upload, self.now())
        return upload

    def create(self, request: UploadRequest) -> dict[str, Any]:
        with self.lock:
            ident = self.mint("upload_", "upload", 24, digits=alnum_id).id
            upload = StoredUpload(ident, request, created_at=int(self.now()))
            self._uploads[upload.id] = upload
            return upload.to_json(self.now())

    def add_part(self, upload_id: str, data: bytes) -> dict[str, Any]:
        with self.lock:
            upload = self._pending(upload_id)
            part_id = self.mint("part_", "upload-part", 24, digits=alnum_id).id
            upload.parts[part_id] = data
            return {
                "id": part_id,
                "object": "upload.part",
                "created_at": int(self.now()),
                "upload_id": upload_id,
            }

    def complete(self, upload_id: str, part_ids: list[str], md5: str | None) -> dict[str, Any]:
        with self.lock:
            upload = self._pending(upload_id)
            for part_id in part_ids:
                if part_id not in upload.parts:
                    raise MockAPIError(
                        400,
                        f"Part {part_id} does not belong to Upload {upload_id}.",
                        param="part_ids",
                    )
            data = b"".join(upload.parts[p] for p in part_ids)
            if len(data) != upload.request.size:
                raise MockAPIError(
                    400,
                    f"The Upload was created with bytes={upload.request.size}, but the parts given add "
                    f"up to {len(data)} bytes.",
                    param="part_ids",
                )
            if md5 is not None and hashlib.md5(data).hexdigest() != md5.lower():
                raise MockAPIError(
                    400,
                    "The md5 checksum given does not match the md5 of the uploaded bytes.",
                    param="md5",
                )
            upload.ended = "completed"
            upload.parts.clear()
        request = upload.request
        made = self.state.get(FilesStore).files_create(
            filename=request.filename,
            purpose=request.purpose,
            data=data,
            expires_after_seconds=request.file_expires_after,
        )
        with self.lock:
            upload.file = made
            return upload.to_json(self.now())

    def cancel(self, upload_id: str) -> dict[str, Any]:
        with self.lock:
            upload = self._pending(upload_id)
            upload.ended = "cancelled"
            upload.parts.clear()
            return upload.to_json(self.now())
