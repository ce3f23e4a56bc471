"""Query parameters of ``containers.files.list``."""

from __future__ import annotations

from typing import Literal

from typing_extensions import TypedDict

__all__ = ["FileListParams"]


class FileListParams(TypedDict, total=False):
    """Cursor and order for listing a container's files."""

    after: str
    limit: int
    order: Literal["asc", "desc"]
