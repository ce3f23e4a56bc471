"""Query parameters of ``videos.list``."""

from __future__ import annotations

from typing import Literal

from typing_extensions import TypedDict

__all__ = ["VideoListParams"]


class VideoListParams(TypedDict, total=False):
    after: str
    limit: int
    order: Literal["asc", "desc"]
