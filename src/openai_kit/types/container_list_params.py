"""Query parameters of ``containers.list``."""

from __future__ import annotations

from typing import Literal

from typing_extensions import TypedDict

__all__ = ["ContainerListParams"]


class ContainerListParams(TypedDict, total=False):
    """Cursor, order and name filter for listing containers."""

    after: str
    limit: int
    name: str
    order: Literal["asc", "desc"]
