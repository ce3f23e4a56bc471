"""A video job and, once completed, the video it made."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

from .video_create_error import VideoCreateError
from .video_model import VideoModel
from .video_seconds import VideoSeconds
from .video_size import VideoSize

__all__ = ["Video"]


class Video(BaseModel):
    """``queued`` → ``in_progress`` (``progress`` 0-100) → ``completed`` or ``failed``."""

    id: str
    completed_at: int | None = None
    created_at: int
    error: VideoCreateError | None = None
    expires_at: int | None = None
    model: VideoModel
    object: Literal["video"]
    progress: int
    prompt: str | None = None
    remixed_from_video_id: str | None = None
    seconds: str | VideoSeconds
    size: VideoSize
    status: Literal["queued", "in_progress", "completed", "failed"]
