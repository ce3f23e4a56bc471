"""Query parameters of ``files.list``."""

from __future__ import annotations

from typing import Literal

from typing_extensions import TypedDict

__all__ = ["FileListParams"]


class FileListParams(TypedDict, total=False):
    """Filters and cursor for listing files."""

    after: str
    limit: int
    order: Literal["asc", "desc"]
    purpose: str
