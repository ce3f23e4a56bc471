"""Request parameters of ``videos.remix``."""

from __future__ import annotations

from typing import Required

from typing_extensions import TypedDict

__all__ = ["VideoRemixParams"]


class VideoRemixParams(TypedDict, total=False):
    prompt: Required[str]
