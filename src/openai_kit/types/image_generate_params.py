"""Request parameters of ``images.generate``."""

from __future__ import annotations

from typing import Literal, Required, TypeAlias

from typing_extensions import TypedDict

from .image_model import ImageModel

__all__ = [
    "ImageGenerateParams",
    "ImageGenerateParamsBase",
    "ImageGenerateParamsNonStreaming",
    "ImageGenerateParamsStreaming",
]


class ImageGenerateParamsBase(TypedDict, total=False):
    """The body of an image generation request (``stream`` is the method's own argument)."""

    prompt: Required[str]
    background: Literal["transparent", "opaque", "auto"] | None
    model: str | ImageModel | None
    moderation: Literal["low", "auto"] | None
    n: int | None
    output_compression: int | None
    output_format: Literal["png", "jpeg", "webp"] | None
    partial_images: int | None
    quality: Literal["standard", "hd", "low", "medium", "high", "auto"] | None
    response_format: Literal["url", "b64_json"] | None
    size: (
        Literal[
            "auto",
            "1024x1024",
            "1536x1024",
            "1024x1536",
            "256x256",
            "512x512",
            "1792x1024",
            "1024x1792",
        ]
        | str
        | None
    )
    style: Literal["vivid", "natural"] | None
    user: str


class ImageGenerateParamsNonStreaming(ImageGenerateParamsBase, total=False):
    stream: Literal[False] | None


class ImageGenerateParamsStreaming(ImageGenerateParamsBase):
    stream: Required[Literal[True]]


ImageGenerateParams: TypeAlias = ImageGenerateParamsNonStreaming | ImageGenerateParamsStreaming
