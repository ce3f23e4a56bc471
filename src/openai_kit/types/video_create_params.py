"""Request parameters of ``videos.create`` (sent as multipart, an image reference optional)."""

from __future__ import annotations

from typing import Required

from typing_extensions import TypedDict

from openai_kit._types import FileTypes

from .video_model import VideoModel
from .video_seconds import VideoSeconds
from .video_size import VideoSize

__all__ = ["VideoCreateParams"]


class VideoCreateParams(TypedDict, total=False):
    prompt: Required[str]
    input_reference: FileTypes
    model: VideoModel
    seconds: VideoSeconds
    size: VideoSize
