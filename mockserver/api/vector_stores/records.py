"""The objects a vector store keeps: the store, its files, its file batches."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from openai_kit.mockserver.api.vector_stores.index import Chunk, Index

__all__ = ["AUTO_CHUNKING", "DAY", "StoreFile", "StoredBatch", "VectorStore", "counts"]

DAY: Final = 86_400
#: What ``auto`` chunking means: 800-token chunks overlapping by 400.
AUTO_CHUNKING: Final = (800, 400)
_STATES: Final = ("in_progress", "completed", "failed", "cancelled")


def counts(files: Iterable[StoreFile]) -> dict[str, int]:
    """``file_counts`` of ``files``."""
    out = dict.fromkeys(_STATES, 0)
    total = 0
    for item in files:
        out[item.status] += 1
        total += 1
    return {**out, "total": total}


@dataclass
class StoreFile:
    """A file attached to a store; ``chunks`` and ``error`` are known when it is added and
    shown once it is processed (``ready_at``)."""

    id: str
    vector_store_id: str
    filename: str
    created_at: int
    ready_at: float
    chunking: tuple[int, int] | None
    attributes: dict[str, Any]
    text: str
    chunks: list[Chunk]
    error: tuple[str, str] | None
    batch_id: str | None = None
    status: str = "in_progress"

    @property
    def usage_bytes(self) -> int:
        return len(self.text.encode()) if self.status == "completed" else 0

    def to_json(self) -> dict[str, Any]:
        size, overlap = self.chunking or AUTO_CHUNKING
        strategy = {
            "type": "static",
            "static": {"max_chunk_size_tokens": size, "chunk_overlap_tokens": overlap},
        }
        last_error = None
        if self.status == "failed" and self.error is not None:
            last_error = {"code": self.error[0], "message": self.error[1]}
        return {
            "id": self.id,
            "object": "vector_store.file",
            "usage_bytes": self.usage_bytes,
            "created_at": self.created_at,
            "vector_store_id": self.vector_store_id,
            "status": self.status,
            "last_error": last_error,
            "chunking_strategy": strategy,
            "attributes": dict(self.attributes),
        }


@dataclass
class VectorStore:
    id: str
    name: str
    created_at: int
    last_active_at: int
    metadata: dict[str, str]
    expires_after: dict[str, Any] | None
    description: str | None = None
    files: dict[str, StoreFile] = field(default_factory=dict)
    index: Index = field(default_factory=Index)

    @property
    def expires_at(self) -> int | None:
        if self.expires_after is None:
            return None
        return self.last_active_at + int(self.expires_after["days"]) * DAY

    def expired(self, now: float) -> bool:
        expires_at = self.expires_at
        return expires_at is not None and now >= expires_at

    def to_json(self, now: float) -> dict[str, Any]:
        file_counts = counts(self.files.values())
        status = "in_progress" if file_counts["in_progress"] else "completed"
        if self.expired(now):
            status = "expired"
        return {
            "id": self.id,
            "object": "vector_store",
            "created_at": self.created_at,
            "name": self.name,
            "description": self.description,
            "usage_bytes": sum(f.usage_bytes for f in self.files.values()),
            "file_counts": file_counts,
            "status": status,
            "expires_after": None if self.expires_after is None else dict(self.expires_after),
            "expires_at": self.expires_at,
            "last_active_at": self.last_active_at,
            "metadata": dict(self.metadata),
        }


@dataclass
class StoredBatch:
    id: str
    vector_store_id: str
    created_at: int
    file_ids: list[str]
    cancelled: bool = False

    def status(self, files: list[StoreFile]) -> str:
        if any(f.status == "in_progress" for f in files):
            return "in_progress"
        if self.cancelled:
            return "cancelled"
        if files and all(f.status == "failed" for f in files):
            return "failed"
        return "completed"

    def to_json(self, files: list[StoreFile]) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "vector_store.files_batch",
            "created_at": self.created_at,
            "vector_store_id": self.vector_store_id,
            "status": self.status(files),
            "file_counts": counts(files),
        }
