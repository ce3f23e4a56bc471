"""A partial image of a streamed image generation."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

__all__ = ["ImageGenPartialImageEvent"]


class ImageGenPartialImageEvent(BaseModel):
    """A draft of the image, base64-encoded, before the final one."""

    b64_json: str
    background: Literal["transparent", "opaque", "auto"]
    created_at: int
    output_format: Literal["png", "webp", "jpeg"]
    partial_image_index: int
    quality: Literal["low", "medium", "high", "auto"]
    size: Literal["1024x1024", "1024x1536", "1536x1024", "auto"]
    type: Literal["image_generation.partial_image"]
