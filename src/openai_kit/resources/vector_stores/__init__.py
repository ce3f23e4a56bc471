"""``client.vector_stores`` and its ``files`` and ``file_batches``."""

from __future__ import annotations

from .file_batches import AsyncFileBatches, FileBatches
from .files import AsyncVectorStoreFiles, VectorStoreFiles
from .vector_stores import AsyncVectorStores, VectorStores

__all__ = [
    "AsyncFileBatches",
    "AsyncVectorStoreFiles",
    "AsyncVectorStores",
    "FileBatches",
    "VectorStoreFiles",
    "VectorStores",
]
