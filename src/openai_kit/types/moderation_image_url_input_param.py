"""An image part of a multi-modal moderation input."""

from __future__ import annotations

from typing import Literal, Required

from typing_extensions import TypedDict

__all__ = ["ImageURL", "ModerationImageURLInputParam"]


class ImageURL(TypedDict, total=False):
    """Where the image is: an https URL or a base64 ``data:`` URL."""

    url: Required[str]


class ModerationImageURLInputParam(TypedDict, total=False):
    """An image to classify, given by URL."""

    image_url: Required[ImageURL]
    type: Required[Literal["image_url"]]
