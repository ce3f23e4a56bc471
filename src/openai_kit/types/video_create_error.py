"""Why a video failed."""

from __future__ import annotations

from openai_kit._models import BaseModel

__all__ = ["VideoCreateError"]


class VideoCreateError(BaseModel):
    code: str
    message: str
