"""Query parameters of ``vector_stores.list``."""

from __future__ import annotations

from typing import Literal

from typing_extensions import TypedDict

__all__ = ["VectorStoreListParams"]


class VectorStoreListParams(TypedDict, total=False):
    """Cursor and order for listing vector stores."""

    after: str
    before: str
    limit: int
    order: Literal["asc", "desc"]
