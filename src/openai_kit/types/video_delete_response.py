"""The answer to ``videos.delete``."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

__all__ = ["VideoDeleteResponse"]


class VideoDeleteResponse(BaseModel):
    id: str
    deleted: bool
    object: Literal["video.deleted"]
