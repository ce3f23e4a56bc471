"""Request parameters of ``images.edit`` (a multipart upload)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Required, TypeAlias

from typing_extensions import TypedDict

from openai_kit._types import FileTypes

from .image_model import ImageModel

__all__ = [
    "ImageEditParams",
    "ImageEditParamsBase",
    "ImageEditParamsNonStreaming",
    "ImageEditParamsStreaming",
]


class ImageEditParamsBase(TypedDict, total=False):
    """The form of an image edit (``stream`` is the method's own argument)."""

    image: Required[FileTypes | Sequence[FileTypes]]
    prompt: Required[str]
    background: Literal["transparent", "opaque", "auto"] | None
    input_fidelity: Literal["high", "low"] | None
    mask: FileTypes
    model: str | ImageModel | None
    n: int | None
    output_compression: int | None
    output_format: Literal["png", "jpeg", "webp"] | None
    partial_images: int | None
    quality: Literal["standard", "low", "medium", "high", "auto"] | None
    response_format: Literal["url", "b64_json"] | None
    size: Literal["256x256", "512x512", "1024x1024", "1536x1024", "1024x1536", "auto"] | str | None
    user: str


class ImageEditParamsNonStreaming(ImageEditParamsBase, total=False):
    stream: Literal[False] | None


class ImageEditParamsStreaming(ImageEditParamsBase):
    stream: Required[Literal[True]]


ImageEditParams: TypeAlias = ImageEditParamsNonStreaming | ImageEditParamsStreaming
