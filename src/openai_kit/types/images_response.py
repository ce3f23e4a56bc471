"""The response of ``images.generate``, ``images.edit`` and ``images.create_variation``."""

from __future__ import annotations

from typing import Literal

from openai_kit._models import BaseModel

from .image import Image

__all__ = ["ImagesResponse", "Usage", "UsageInputTokensDetails", "UsageOutputTokensDetails"]


class UsageInputTokensDetails(BaseModel):
    image_tokens: int
    text_tokens: int


class UsageOutputTokensDetails(BaseModel):
    image_tokens: int
    text_tokens: int


class Usage(BaseModel):
    """Token usage of a GPT image model's request."""

    input_tokens: int
    input_tokens_details: UsageInputTokensDetails
    output_tokens: int
    total_tokens: int
    output_tokens_details: UsageOutputTokensDetails | None = None


class ImagesResponse(BaseModel):
    """The images made, and (GPT image models) how they were made and what it cost."""

    created: int
    background: Literal["transparent", "opaque"] | None = None
    data: list[Image] | None = None
    output_format: Literal["png", "webp", "jpeg"] | None = None
    quality: Literal["low", "medium", "high"] | None = None
    size: Literal["1024x1024", "1024x1536", "1536x1024"] | None = None
    usage: Usage | None = None
