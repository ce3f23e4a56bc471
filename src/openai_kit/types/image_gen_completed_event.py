"""The final image of a streamed image generation."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

from .images_response import Usage, UsageInputTokensDetails

__all__ = ["ImageGenCompletedEvent", "Usage", "UsageInputTokensDetails"]


class ImageGenCompletedEvent(BaseModel):
    """The finished image, base64-encoded, with the request's token usage."""

    b64_json: str
    background: Literal["transparent", "opaque", "auto"]
    created_at: int
    output_format: Literal["png", "webp", "jpeg"]
    quality: Literal["low", "medium", "high", "auto"]
    size: Literal["1024x1024", "1024x1536", "1536x1024", "auto"]
    type: Literal["image_generation.completed"]
    usage: Usage
