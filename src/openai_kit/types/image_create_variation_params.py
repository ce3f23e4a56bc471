"""Request parameters of ``images.create_variation`` (a multipart upload, dall-e-2)."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

from openai_kit._types import FileTypes

from .image_model import ImageModel

__all__ = ["ImageCreateVariationParams"]


class ImageCreateVariationParams(TypedDict, total=False):
    """The form of an image variation request."""

    image: Required[FileTypes]
    model: str | ImageModel | None
    n: int | None
    response_format: Literal["url", "b64_json"] | None
    size: Literal["256x256", "512x512", "1024x1024"] | None
    user: str
