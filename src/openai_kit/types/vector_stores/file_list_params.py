"""Query parameters of ``vector_stores.files.list`` and ``file_batches.list_files``."""

from __future__ import annotations

from typing import Literal

from typing_extensions import TypedDict

__all__ = ["FileListParams"]


class FileListParams(TypedDict, total=False):
    """Cursor, order and status filter for listing a store's (or a batch's) files."""

    after: str
    before: str
    filter: Literal["in_progress", "completed", "failed", "cancelled"]
    limit: int
    order: Literal["asc", "desc"]
